"""The learner's edition (tools.learner): solutions out, stubs in, outputs cleared, progress
at the end; a learner's notebook runs top to bottom and every check says "not yet"."""

import ast
import os
import re

import nbformat
import pytest

from tools import learner
from tools.navigation import title_and_summary
from tools.notebooks import cell, execute, new_notebook, write
from utils import check

from .test_check import answer_forms


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


def test_learner_edition_has_a_readme_naming_what_is_in_the_folder(tmp_path):
    out = tmp_path / "learner"
    learner.build(out)
    text = (out / "README.md").read_text()
    for path in learner.notebook_paths()[1:]:  # the table: every notebook after the index
        assert f"| {title_and_summary(path)[0]} |" in text
    named = set(re.findall(r"(?:-r |-f |lab )([\w./]+\.(?:txt|yml|ipynb))", text))
    assert len(named) == 3  # the pins, the conda file and the first notebook
    for name in named:
        assert (out / name).is_file(), name  # every file the install commands name is there
    assert "utils.check.reveal" in text and "WORKSHOP_DATA" in text


def solution_cells(nb):
    return [c for c in nb.cells if learner.SOLUTION_TAG in c.metadata.get("tags", [])]


def check_calls(nb):
    """Exercise name -> the code cell that calls utils.check.<name>(...)."""
    calls = {}
    for c in nb.cells:
        for name in re.findall(r"^utils\.check\.(\w+)\(", c.source, re.MULTILINE):
            if name not in ("reveal", "progress"):
                calls[name] = c
    return calls


TEACHER = {p.stem: nbformat.read(p, 4) for p in learner.notebook_paths()}
WITH_EXERCISES = sorted({e.notebook for e in check.EXERCISES.values()})


def test_every_notebook_after_the_index_poses_exercises():
    """00_index only shows what a check says to a wrong answer."""
    assert WITH_EXERCISES == sorted(stem for stem in TEACHER if stem != "00_index")


def test_each_notebook_with_exercises_poses_three_to_six_ending_in_a_challenge():
    for stem in WITH_EXERCISES:
        mine = [e for e in check.EXERCISES.values() if e.notebook == stem]
        assert 3 <= len(mine) <= 6, (stem, len(mine))
        # posed in the order they are registered, which is the order progress() lists them in
        assert list(check_calls(TEACHER[stem])) == [e.name for e in mine], stem
        assert [e.question.startswith("Challenge") for e in mine][-1], f"{stem}: no challenge last"
        assert solution_cells(TEACHER[stem]), stem


def test_every_answer_appears_on_a_key_press_after_its_question():
    """slides/DESIGN.md: the answer cell is a fragment, so the room tries before it sees."""
    for stem in WITH_EXERCISES:
        for c in solution_cells(TEACHER[stem]):
            assert c.metadata["slideshow"]["slide_type"] == "fragment", (stem, c.id)


def test_every_registered_exercise_is_posed_in_its_notebook():
    for exercise in check.EXERCISES.values():
        assert exercise.name in check_calls(TEACHER[exercise.notebook]), exercise.name


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_teacher_edition_stores_correct_for_every_check(stem):
    for name, c in check_calls(TEACHER[stem]).items():
        text = "".join(o.get("text", "") for o in c.get("outputs", []))
        assert text.startswith(f"correct: {name}."), (stem, name, text[:80])


@pytest.fixture(scope="module")
def learner_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("learner")
    learner.build(out)
    return out


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_learner_exercise_slides_keep_no_notes_and_show_no_answer(stem, learner_edition):
    teacher = TEACHER[stem]
    assert len(learner.exercise_notes(teacher.cells)) == len(check_calls(teacher))  # one each
    copy = nbformat.read(learner_edition / "notebooks" / f"{stem}.ipynb", 4)
    assert not learner.exercise_notes(copy.cells)
    for name, c in check_calls(copy).items():
        i = next(k for k, d in enumerate(copy.cells) if d is c)
        start = max(
            k for k in range(i) if copy.cells[k].source.startswith(learner.EXERCISE_HEADINGS)
        )
        text = "\n".join(d.source for d in copy.cells[start : i + 1])
        for shown in answer_forms(name):
            assert shown not in text, (stem, name, shown)


# Answers that do appear before their exercise, and why that is fine.
SHOWN_EARLIER = {
    ("dense_layer_parameters", "392,200"): "the question says: work it out, then compare with "
    "the parameter table",
    ("lenet_c1_parameters", "156"): "the question says: work it out, then compare with the table",
    ("hostile_allocation", "784"): "MNIST's 784 pixels per image, in notes on CIFAR's size",
    ("always_cat_accuracy", "0.1"): "a margin in an assert about pixel statistics",
    ("optimal_discriminator", "0.5"): "a zoom factor in the attention demo",
}


def text_of(c):
    """A cell's source and what its outputs show as text."""
    shown = [c.source]
    for o in c.get("outputs", []):
        shown.append(o.get("text", ""))
        shown.append(o.get("data", {}).get("text/plain", ""))
    return "\n".join(x if isinstance(x, str) else "".join(x) for x in shown)


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_no_answer_is_shown_before_its_exercise(stem):
    """The slides, notes, outputs and asserts before an exercise do not print its answer."""
    cells = TEACHER[stem].cells
    for name, c in check_calls(TEACHER[stem]).items():
        i = next(k for k, d in enumerate(cells) if d is c)
        start = max(k for k in range(i) if cells[k].source.startswith(learner.EXERCISE_HEADINGS))
        before = "\n".join(text_of(d) for d in cells[:start])
        for shown in answer_forms(name):
            if (name, shown) not in SHOWN_EARLIER:
                assert not re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d,]|\.\d)", before), (
                    stem, name, shown)  # fmt: skip


@pytest.mark.parametrize("stem", sorted(TEACHER))
def test_learner_copy_holds_no_solution_source(stem, learner_edition):
    text = (learner_edition / "notebooks" / f"{stem}.ipynb").read_text()
    copy = nbformat.reads(text, 4)
    sources = "\n".join(c.source for c in copy.cells)
    for c in solution_cells(TEACHER[stem]):
        for line in c.source.splitlines():
            if "=" in line or "return" in line:  # the lines that carry the answer
                assert line.strip() not in sources, (stem, line)


def defined_names(source):
    """Names that a cell assigns or defines at its top level."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        for target in getattr(node, "targets", []):
            names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def read_names(source):
    """Names a cell reads without assigning them itself."""
    names = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)]
    stored = {n.id for n in names if isinstance(n.ctx, ast.Store)}
    return {n.id for n in names if isinstance(n.ctx, ast.Load)} - stored


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_no_later_cell_uses_what_an_answer_cell_defines(stem):
    """In the learner's edition an answer is `...` or an empty function: nothing may build on it."""
    cells = [c for c in TEACHER[stem].cells if c.cell_type == "code"]
    for i, c in enumerate(cells):
        if learner.SOLUTION_TAG not in c.metadata.get("tags", []):
            continue
        for later in cells[i + 1 :]:
            if later.source.startswith("utils.check."):
                continue
            shared = defined_names(c.source) & read_names(later.source)
            assert not shared, (stem, c.id, later.id, shared)


# Notebooks whose learner copies run in full here. The others train networks for minutes; their
# learner copies differ from the teacher's edition (run in full by nbval) only in the answer
# cells, which no later cell uses (test above), so here they run reduced to their setup, answer
# and check cells. `make learner-test` runs every learner copy in full.
RUN_IN_FULL = {"01_what_is_deep_learning", "02_convolution", "03_output_size_arithmetic",
               "04_pooling", "05_building_a_cnn", "07_how_a_classifier_learns"}  # fmt: skip


def reduced(nb):
    """The setup cell, the answer cells, the checks and the progress cell of a learner copy."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    keep = [code[0]] + [c for c in code[1:] if c.source.startswith("utils.check.")
                        or learner.SOLUTION_TAG in c.metadata.get("tags", [])]  # fmt: skip
    nb.cells = keep
    return nb


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_learner_notebook_runs_and_every_check_says_not_yet(stem, learner_edition):
    path = learner_edition / "notebooks" / f"{stem}.ipynb"
    if stem not in RUN_IN_FULL and not os.environ.get("LEARNER_FULL"):
        nbformat.write(reduced(nbformat.read(path, 4)), path)
    execute(path)  # raises on any error in any cell
    nb = nbformat.read(path, 4)
    for name, c in check_calls(nb).items():
        text = " ".join("".join(o.get("text", "") for o in c.get("outputs", [])).split())
        assert text.startswith(f"not yet: {name}."), (stem, name, text[:80])
    progress = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))
    assert f"0 of {len(check_calls(nb))} exercises pass." in progress
