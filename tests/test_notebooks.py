"""Lint every notebook: kernel, execution, slide metadata, images, paths, size, navigation.

nbval (``pytest --nbval``) re-runs the notebooks; these checks cover what it does not.
"""

import re
from pathlib import Path

import nbformat
import pytest

from tools import citations, navigation
from tools.notebooks import SLIDE_TYPES, cell, new_notebook, write

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = navigation.notebook_paths(ROOT / "notebooks")
MAX_BYTES = 2 * 1024 * 1024
IMAGE_REF = re.compile(r"!\[[^\]]*\]\(([^)\s]+)|<img[^>]*\ssrc=[\"']([^\"']+)")
# The one way notebooks reach utils: ``import utils``, then ``utils.name`` or ``utils.module.name``.
OTHER_UTILS_IMPORT = re.compile(
    r"^\s*(from\s+utils\b|import\s+utils\s*\.|import\s+utils\s+as\b)", re.M
)
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(home|root|tmp|work|Users|opt|var|mnt)/|\b[A-Z]:\\\\")


def lint(path, img_dir=ROOT / "img"):
    """Problems with one notebook, as readable sentences; empty when it is fine."""
    text = path.read_text()
    nb = nbformat.reads(text, as_version=4)
    problems = []
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        problems.append("kernel is not python3")
    missing = {
        k for k in ("theme", "scroll", "slideNumber") if k not in nb.metadata.get("rise", {})
    }
    if missing:
        problems.append(f"RISE settings lack {sorted(missing)}")
    if len(text.encode()) > MAX_BYTES:
        problems.append(f"file is {len(text.encode()) / 1e6:.1f} MB, over the 2 MB limit")
    if ABSOLUTE_PATH.search(text) or str(ROOT) in text:
        problems.append(f"holds an absolute path: {ABSOLUTE_PATH.search(text) or str(ROOT)!s}")
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.execution_count for c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(f"not executed top to bottom in one run: execution counts {counts}")
    for i, c in enumerate(nb.cells):
        slide_type = c.metadata.get("slideshow", {}).get("slide_type")
        if slide_type not in SLIDE_TYPES:
            problems.append(f"cell {i} has slide_type {slide_type!r}")
        for out in c.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i} stored an error: {out.ename}: {out.evalue}")
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i} wrote to stderr: {out.text[:80]!r}")
        if c.cell_type == "markdown":
            for ref in (a or b for a, b in IMAGE_REF.findall(c.source)):
                target = (path.parent / ref).resolve()
                if target.parent != img_dir.resolve() or not target.exists():
                    problems.append(f"cell {i} shows {ref}, which is not a file in img/")
    if not nb.cells or nb.cells[0].metadata.get("slideshow", {}).get("slide_type") != "slide":
        problems.append("the first cell is not the title slide")
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and (found := OTHER_UTILS_IMPORT.search(c.source)):
            problems.append(
                f"cell {i} has {found.group(0).strip()!r}: write `import utils`, then "
                "`utils.name` or `utils.module.name`"
            )
    if code and "utils.setup(" not in code[0].source:
        problems.append("the first code cell does not call utils.setup()")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_passes_lint(path):
    assert lint(path) == []


def test_series_is_complete_and_named():
    names = [p.name for p in NOTEBOOKS]
    assert names[:2] == ["00_index.ipynb", "01_what_is_deep_learning.ipynb"]
    stray = [p.name for p in (ROOT / "notebooks").glob("*.ipynb") if p not in NOTEBOOKS]
    assert stray == [], f"notebooks not named NN_short_title.ipynb: {stray}"


def test_navigation_index_and_readme_are_current():
    stale = navigation.update(check=True)
    assert stale == [], f"run `make nav`: stale {[str(p) for p in stale]}"


def test_lint_catches_each_problem(tmp_path):
    img = tmp_path / "img"
    img.mkdir()
    nb = new_notebook(
        [
            cell("subslide", "# Bad\n\n![x](../img/missing.png) saved in /home/someone/"),
            cell("slide", "from utils import datasets\nprint(1)", kind="code"),
        ]
    )
    nb.metadata.kernelspec.name = "python2"
    del nb.metadata.rise["scroll"]
    nb.cells[1].execution_count = 3
    nb.cells[1].outputs = [
        nbformat.v4.new_output("error", ename="ValueError", evalue="boom"),
        nbformat.v4.new_output("stream", name="stderr", text="I0000 absl noise"),
    ]
    del nb.cells[1].metadata["slideshow"]
    (tmp_path / "nb").mkdir()
    path = tmp_path / "nb" / "01_bad.ipynb"
    write(nb, path)
    problems = " | ".join(lint(path, img_dir=img))
    for expected in [
        "kernel is not python3",
        "lack ['scroll']",
        "absolute path",
        "execution counts [3]",
        "slide_type None",
        "stored an error",
        "not a file in img/",
        "title slide",
        "utils.setup()",
        "wrote to stderr",
        "'from utils': write `import utils`",
    ]:
        assert expected in problems, f"{expected!r} not reported in: {problems}"
    path.write_text(path.read_text() + " " * MAX_BYTES)
    assert any("over the 2 MB limit" in p for p in lint(path, img_dir=img))


def test_navigation_check_catches_a_stale_link(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for path in NOTEBOOKS:
        (folder / path.name).write_text(path.read_text())
    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text())
    assert navigation.update(check=True, folder=folder, readme=readme) == []
    target = folder / NOTEBOOKS[1].name
    target.write_text(target.read_text().replace("# What is deep learning?", "# Renamed", 1))
    stale = {p.name for p in navigation.update(check=True, folder=folder, readme=readme)}
    # the contents page, the README list, and the "previous" link of the next notebook
    assert stale == {"00_index.ipynb", "README.md", *(p.name for p in NOTEBOOKS[2:3])}


def test_summary_is_the_whole_first_paragraph(tmp_path):
    path = tmp_path / "01_x.ipynb"
    write(
        new_notebook([cell("slide", "# Title\n\nFirst line\nwraps here.\n\n*Second paragraph.*")]),
        path,
    )
    assert navigation.title_and_summary(path) == ("Title", "First line wraps here.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_citation_is_in_the_bibliography(path):
    assert citations.problems(nbformat.read(path, as_version=4)) == []


def test_each_notebook_ends_with_its_sources_slide():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        tags = [c.metadata.get("tags", []) for c in nb.cells]
        last_sources = max(i for i, t in enumerate(tags) if citations.SOURCES_TAG in t)
        assert all(navigation.NAV_TAG in t for t in tags[last_sources + 1 :]), path.name


def test_citation_check_catches_unknown_keys_and_places():
    nb = new_notebook(
        [
            cell("slide", "See [Nobody 2020, §1](#nobody2020) and "
                 "[Krizhevsky et al. 2012, Table 99](#krizhevsky2012)."),
            cell("-", 'utils.bibliography.cite("simonyan2015", "Table 7")', kind="code"),
        ]
    )  # fmt: skip
    found = citations.problems(nb)
    assert found == [
        "cites 'nobody2020', which is not in utils.bibliography",
        "cites krizhevsky2012 at 'Table 99', a place utils.bibliography does not list",
    ]
    slide = citations.sources_cells(nb)[0].source
    assert "Simonyan, K. & Zisserman, A. (2015)" in slide and "Cited: Table 7." in slide


def test_agenda_skips_in_order_until_the_slot_fits(monkeypatch):
    minutes = {p.stem: 20.0 for p in NOTEBOOKS if p.name != navigation.INDEX}
    monkeypatch.setattr(navigation, "speaking_minutes", lambda path: minutes[path.stem])
    text = navigation.agenda_markdown(NOTEBOOKS)
    over = len(minutes) * 20 - (navigation.SLOT_MINUTES - navigation.DEMO_MINUTES)
    needed = -(-over // 20)  # each skipped notebook saves 20 minutes
    skipped = ", ".join(str(int(s[:2])) for s in navigation.SKIP_ORDER[:needed])
    assert f"skip notebooks {skipped} (" in text
    assert f"All: {len(minutes) * 20} minutes" in text
