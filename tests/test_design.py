"""The slide design system of slides/DESIGN.md holds for every notebook (tools.design)."""

import nbformat
import pytest

from tools import design
from tools.navigation import notebook_paths
from tools.notebooks import cell, new_notebook

NOTEBOOKS = notebook_paths()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_follows_the_design_system(path):
    assert design.problems(nbformat.read(path, as_version=4)) == []


def test_design_checks_catch_each_problem():
    long_code = "\n".join(f"x{i} = {i}" for i in range(9))
    nb = new_notebook(
        [
            cell("slide", "# Title\n\nA promise."),
            cell("notes", "Say hello."),
            cell("subslide", "## Wrong level"),
            cell("-", long_code, kind="code"),
            cell("slide", "print(1)", kind="code"),
            cell("slide", "## Fine\n\n![](../img/x.png)"),
            cell("notes", "Point at the picture."),
            cell("-", "# NBVAL_IGNORE_OUTPUT\nprint('x' * 120)", kind="code"),
        ]
    )
    nb.cells[7].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 120)]
    tagged = cell("skip", "1", kind="code")
    tagged.metadata["tags"] = ["nbval-ignore-output"]
    nb.cells.append(tagged)
    found = " | ".join(design.problems(nb))
    for expected in [
        "cell 2: a slide without a '###' headline",
        "cell 2: a slide without speaker notes",
        "cell 3: 9 lines of projected code",
        "cell 4: a slide without a '##' headline",
        "cell 5: image ../img/x.png needs alt text",
        "cell 7: an nbval comment in projected code",
        "cell 7: an output line of 120 characters wraps",
        "cell 8: an nbval tag without its reason",
    ]:
        assert expected in found, f"{expected!r} not in {found}"
    assert "cell 0" not in found  # the title slide has its headline and notes


def test_nbval_comments_become_tags_with_their_reason():
    nb = new_notebook(
        [
            cell(
                "-",
                "# NBVAL_IGNORE_OUTPUT\n# (timings vary;\n# the assert checks)\nx = 1",
                kind="code",
            )
        ]
    )
    assert design.tag_nbval(nb) == 1
    assert nb.cells[0].source == "x = 1"
    assert nb.cells[0].metadata["tags"] == ["nbval-ignore-output"]
    assert nb.cells[0].metadata["nbval-reason"] == "timings vary; the assert checks"
    assert not any("nbval" in problem for problem in design.problems(nb))
