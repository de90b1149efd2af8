"""The learner's edition: ``make learner`` writes build/learner/, ready to zip and hand out.

The notebooks in notebooks/ are the teacher's edition. Here each cell tagged ``solution`` is
replaced by its stub (the cell's ``stub`` metadata, or else the ``def`` line with ``...``, or
``answer = ...``), every stored output is cleared (outputs would show the answers), and a last
cell prints the learner's progress through the notebook's exercises (``utils.check``). The
folder also gets what the notebooks need: utils/, img/ and the pins.

    python -m tools.learner [--out build/learner]
"""

import argparse
import re
import shutil
from pathlib import Path

import nbformat

from utils.settings import repo_root

from .navigation import notebook_paths
from .notebooks import write

OUT = repo_root() / "build" / "learner"
SOLUTION_TAG = "solution"
COPIED = ("utils", "img", "requirements.txt", "pyproject.toml", "environment.yml")


def stub(source):
    """What a learner starts from, instead of a solution cell's source.

    >>> stub("def softmax(z):\\n    e = np.exp(z)\\n    return e / e.sum()")
    'def softmax(z):\\n    ...  # your code here'
    >>> stub("answer = 28  # 32 - 5 + 1")
    'answer = ...  # your answer here'
    """
    lines = []
    for line in source.splitlines():
        if match := re.match(r"^(\s*)def \w+\(.*\):\s*$", line):
            lines += [line, f"{match.group(1)}    ...  # your code here"]
        elif match := re.match(r"^(\w+) = ", line):
            lines.append(f"{match.group(1)} = ...  # your answer here")
    return "\n".join(lines) or "...  # your code here"


def learner_notebook(nb, stem):
    """The learner's copy of one notebook (a new object; ``nb`` is not changed)."""
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)  # a deep copy
    for c in nb.cells:
        if SOLUTION_TAG in c.metadata.get("tags", []):
            c.source = c.metadata.get("stub") or stub(c.source)
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    last = nbformat.v4.new_code_cell(
        f'utils.check.progress("{stem}")', metadata={"slideshow": {"slide_type": "skip"}}
    )
    last.id = "learner-progress"
    nb.cells.append(last)
    return nb


def build(out=OUT, paths=None):
    """Write the learner's edition into ``out``; returns the notebook paths written."""
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    (out / "notebooks").mkdir(parents=True)
    root = repo_root()
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, out / name)
    written = []
    for path in paths or notebook_paths():
        nb = learner_notebook(nbformat.read(path, as_version=4), path.stem)
        target = out / "notebooks" / path.name
        write(nb, target)
        written.append(target)
    shutil.copy2(root / "notebooks" / "rise.css", out / "notebooks" / "rise.css")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    written = build(args.out)
    print(f"wrote {len(written)} learner notebooks and what they need to {args.out}")


if __name__ == "__main__":
    main()
