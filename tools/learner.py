"""The learner's edition: ``make learner`` writes build/learner/, ready to zip and hand out.

The notebooks in notebooks/ are the teacher's edition. Here each cell tagged ``solution`` is
replaced by its stub (the cell's ``stub`` metadata, or else the ``def`` line with ``...``, or
``answer = ...``), every stored output is cleared (outputs would show the answers), the speaker
notes of exercise slides are left out (they name the answers), and a last
cell prints the learner's progress through the notebook's exercises (``utils.check``). The
folder also gets what the notebooks need (utils/, img/ and the pins) and a README.md that says
how to install, where the data comes from, how the checks work and how long each notebook takes.

    python -m tools.learner [--out build/learner]
"""

import argparse
import re
import shutil
from pathlib import Path

import nbformat

from utils.settings import repo_root

from .navigation import notebook_paths, self_study_markdown
from .notebooks import write

OUT = repo_root() / "build" / "learner"
SOLUTION_TAG = "solution"
EXERCISE_HEADINGS = ("### Exercise", "### Challenge")
COPIED = ("utils", "img", "requirements.txt", "pyproject.toml", "environment.yml")


README = """\
# Image classification with convolutional networks: the learner's edition

Eleven notebooks, from one neuron to ResNet, to work through in order. Each poses exercises
at the point where it teaches the idea: predict a number, write a few lines, or change an
experiment and explain what happens. You write the answer; a check tells you whether it is
right, and if not, gives a hint.

## Install (once)

You need Linux or macOS with Python 3.11 and about 3 GB of disk. In this folder:

```bash
python3.11 -m venv .venv
.venv/bin/pip install -r requirements.txt -e .
.venv/bin/jupyter lab notebooks/00_index.ipynb
```

With conda: `conda env create -f environment.yml`, `conda activate cnn-workshop`, `jupyter lab`.

## Data

The first notebook that needs MNIST, Fashion-MNIST or CIFAR downloads the official files, checks
them and keeps them in `~/.keras/datasets`. Without internet, ask your instructor for the data
folder and start JupyterLab with `WORKSHOP_DATA` pointing at it:

```bash
WORKSHOP_DATA=~/workshop-data .venv/bin/jupyter lab notebooks/00_index.ipynb
```

`.venv/bin/python -m utils.datasets info` says which datasets it finds, and where.

## The exercises

Run every cell from the top (Shift+Enter). An answer cell reads `answer = ...` or a `def` line
with `...`: write your answer there, run it, then run the cell below it,
`utils.check.<name>(answer)`. It prints "correct" with one line on why, or "not yet" with a hint
aimed at the usual mistake; a check never shows the answer. A number may be rounded to three
significant figures or more. For code, the check runs your function on random cases against
ours and reports the first case that differs. When you are
stuck, `utils.check.reveal("<name>")` prints our answer, on purpose. The last cell of each
notebook lists which of its exercises pass.

## The order, and the time each notebook takes

{table}
"""


def readme(paths=None):
    """The learner's README.md: install, data, the checks, and the table of notebooks."""
    return README.format(table=self_study_markdown(paths or notebook_paths()))


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


def exercise_notes(cells):
    """The speaker-notes cells of exercise slides: they talk to the room and name the answer."""
    found, inside = [], False
    for c in cells:
        kind = c.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("slide", "subslide"):
            inside = c.cell_type == "markdown" and c.source.startswith(EXERCISE_HEADINGS)
        elif inside and kind == "notes":
            found.append(c)
    return found


def learner_notebook(nb, stem):
    """The learner's copy of one notebook (a new object; ``nb`` is not changed).

    Solutions become stubs, outputs go, and so do the speaker notes of the exercise slides.
    """
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)  # a deep copy
    dropped = {id(c) for c in exercise_notes(nb.cells)}
    nb.cells = [c for c in nb.cells if id(c) not in dropped]
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
    (out / "README.md").write_text(readme(paths))
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    written = build(args.out)
    print(f"wrote {len(written)} learner notebooks and what they need to {args.out}")


if __name__ == "__main__":
    main()
