"""The slide design system of slides/DESIGN.md, as checks over a notebook's cells.

``problems(nb)`` lists every breach as a sentence; the tests require none. ``python -m
tools.design`` prints them for every notebook, with before/after counts for a review:

    python -m tools.design [notebooks/*.ipynb]
"""

import re
import sys
from pathlib import Path

import nbformat

MAX_CODE_LINES = 8
MAX_OUTPUT_CHARS = 96  # a printed line longer than this wraps on a 1280-px slide
NBVAL_TAGS = {"nbval-ignore-output", "nbval-skip", "nbval-check-output", "nbval-raises-exception"}
NBVAL_COMMENT = re.compile(r"#\s*NBVAL_", re.I)
HEADLINE = {"slide": "## ", "subslide": "### "}
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
HIDDEN = {"skip", "notes"}


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def slides(nb):
    """The cells of each slide or sub-slide, in order: [(first cell index, [cells])]."""
    groups = []
    for i, c in enumerate(nb.cells):
        if slide_type(c) in HEADLINE or not groups:
            groups.append((i, []))
        groups[-1][1].append(c)
    return groups


def projected(nb):
    """Cells a projector shows: all but skip and notes cells."""
    return [c for c in nb.cells if slide_type(c) not in HIDDEN]


def _output_lines(cell):
    for out in cell.get("outputs", []):
        text = out.get("text") if out.output_type == "stream" else out.get("data", {}).get(
            "text/plain") if "text/html" not in out.get("data", {}) and "image/png" not in out.get(
            "data", {}) else None  # fmt: skip
        if text:
            yield from (text if isinstance(text, str) else "".join(text)).splitlines()


def problems(nb):
    """Every breach of the design system in ``nb``, as sentences naming the cell."""
    found = []
    for first, cells in slides(nb):
        head = cells[0]
        is_title = first == 0
        wanted = "# " if is_title else HEADLINE.get(slide_type(head), "## ")
        if head.cell_type != "markdown" or not head.source.startswith(wanted):
            found.append(f"cell {first}: a slide without a '{wanted.strip()}' headline")
        if not any(slide_type(c) == "notes" and c.source.strip() for c in cells):
            if not any("navigation" in c.metadata.get("tags", []) for c in cells[:1]):
                found.append(f"cell {first}: a slide without speaker notes")
    for i, c in enumerate(nb.cells):
        tags = set(c.metadata.get("tags", []))
        if tags & NBVAL_TAGS and not c.metadata.get("nbval-reason"):
            found.append(f"cell {i}: an nbval tag without its reason in metadata 'nbval-reason'")
        if slide_type(c) in HIDDEN:
            continue
        if c.cell_type == "code":
            lines = c.source.strip().splitlines()
            if len(lines) > MAX_CODE_LINES:
                found.append(f"cell {i}: {len(lines)} lines of projected code (at most 8)")
            if NBVAL_COMMENT.search(c.source):
                found.append(f"cell {i}: an nbval comment in projected code (use a cell tag)")
            long = [line for line in _output_lines(c) if len(line) > MAX_OUTPUT_CHARS]
            if long:
                found.append(f"cell {i}: an output line of {len(long[0])} characters wraps")
        if c.cell_type == "markdown":
            for alt, src in IMAGE.findall(c.source):
                if len(alt.split()) < 3:
                    found.append(f"cell {i}: image {src} needs alt text saying what it shows")
    return found


def tag_nbval(nb):
    """Move ``# NBVAL_...`` comments, and the comment lines of reason after them, into cell tags.

    ``# NBVAL_IGNORE_OUTPUT`` becomes the tag ``nbval-ignore-output``, which nbval reads from the
    metadata; the reason goes to the cell's ``nbval-reason``. Returns the cells changed.
    """
    changed = 0
    for c in nb.cells:
        lines = c.source.splitlines()
        if c.cell_type != "code" or not lines or not NBVAL_COMMENT.match(lines[0].strip()):
            continue
        tag = lines[0].strip().lstrip("#").strip().lower().replace("_", "-")
        reason = []
        while len(lines) > 1 and lines[1].lstrip().startswith("#"):
            reason.append(lines.pop(1).strip().lstrip("#").strip())
        text = " ".join(reason).strip().removeprefix("(").removesuffix(")")
        c.metadata["tags"] = sorted({*c.metadata.get("tags", []), tag})
        c.metadata["nbval-reason"] = text or "the output differs between runs"
        c.source = "\n".join(lines[1:])
        changed += 1
    return changed


def counts(nb):
    """Numbers for a before/after review of one deck."""
    groups = slides(nb)
    code = [c for c in projected(nb) if c.cell_type == "code"]
    return {
        "slides": len(groups),
        "code over 8 lines": sum(len(c.source.strip().splitlines()) > 8 for c in code),
        "without headline": sum(
            g[1][0].cell_type != "markdown" or not g[1][0].source.startswith("#") for g in groups
        ),
        "with notes": sum(any(slide_type(c) == "notes" for c in g[1]) for g in groups),
    }


def main(argv=None):
    paths = [Path(p) for p in (argv or sys.argv[1:])] or sorted(
        Path("notebooks").glob("[0-9]*.ipynb")
    )
    total = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        found = problems(nb)
        total += len(found)
        print(f"{path.name}: {counts(nb)}")
        for problem in found:
            print(f"  {problem}")
    print(f"{total} problems")
    return total


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
