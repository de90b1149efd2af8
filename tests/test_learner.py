"""The learner's edition (tools.learner): solutions out, stubs in, outputs cleared, progress
at the end; a learner's notebook runs top to bottom and every check says "not yet"."""

import nbformat

from tools import learner
from tools.notebooks import cell, execute, new_notebook, write


def exercise_notebook():
    solution = cell(
        "-",
        "def max_pool(x):\n    n, h, w, c = x.shape\n"
        "    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))",
        kind="code",
    )
    solution.metadata["tags"] = ["solution"]
    answer = cell("-", "answer = 28  # (32 - 5)/1 + 1", kind="code")
    answer.metadata["tags"] = ["solution"]
    return new_notebook([
        cell("slide", "# Exercises"),
        cell("-", "import utils\n\nutils.setup()", kind="code"),
        solution,
        cell("-", "utils.check.max_pool_function(max_pool)", kind="code"),
        answer,
        cell("-", "utils.check.output_size(answer)", kind="code"),
    ])  # fmt: skip


def test_teacher_edition_passes_and_learner_edition_runs_and_says_not_yet(tmp_path):
    teacher = tmp_path / "teacher" / "03_exercises.ipynb"
    teacher.parent.mkdir()
    write(exercise_notebook(), teacher)
    execute(teacher)
    outputs = "".join(o.get("text", "") for c in nbformat.read(teacher, 4).cells
                      for o in c.get("outputs", []))  # fmt: skip
    assert outputs.count("correct:") == 2 and "not yet" not in outputs

    [path] = learner.build(tmp_path / "learner", [teacher])
    text = path.read_text()
    assert "reshape(n, h // 2" not in text and "= 28" not in text  # no solution source
    assert (tmp_path / "learner" / "utils" / "check.py").is_file()
    execute(path)  # a learner's notebook runs without an error
    cells = nbformat.read(path, 4).cells
    out = "".join(o.get("text", "") for c in cells for o in c.get("outputs", []))
    assert out.count("not yet:") >= 2 and "correct" not in out
    assert cells[-1].source == 'utils.check.progress("03_exercises")'


def test_every_real_notebook_gets_a_learner_copy_without_outputs(tmp_path):
    written = learner.build(tmp_path / "learner")
    assert [p.name for p in written] == [p.name for p in learner.notebook_paths()]
    for path in written:
        nb = nbformat.read(path, 4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        assert nb.cells[-1].id == "learner-progress"
