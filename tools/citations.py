"""Citations in the notebooks, and the sources slides that ``make nav`` writes from them.

A markdown cell cites with a link to the key:
``[Krizhevsky et al. 2012, Table 2](#krizhevsky2012)``.
The text after the year names the place. A code cell cites with ``cite("key", "place")``.
Every key and place must be in ``utils.bibliography``; ``problems`` lists those that are not.
"""

import re

import nbformat

from utils.bibliography import BIBLIOGRAPHY, reference

SOURCES_TAG = "sources"
PER_SLIDE = 5  # references on one 1280x720 slide
LINK = re.compile(r"\[([^\]]+)\]\(#([a-z][a-z0-9_]*)\)")
CITE_CALL = re.compile(r"\bcite\(\s*\"([a-z0-9_]+)\"(?:\s*,\s*\"([^\"]+)\")?")
PLACE = re.compile(r"\b(?:1[89]|20)\d\d[a-z]?,\s*(.+)$")


def citations(nb):
    """(key, place or None) for every citation in the notebook, in order (not the sources)."""
    found = []
    for c in nb.cells:
        if SOURCES_TAG in c.metadata.get("tags", []):
            continue
        if c.cell_type == "markdown":
            for text, key in LINK.findall(c.source):
                place = PLACE.search(text)
                found.append((key, place.group(1).strip() if place else None))
        elif c.cell_type == "code":
            found += [(key, place or None) for key, place in CITE_CALL.findall(c.source)]
    return found


def problems(nb):
    """Citations whose key or place is not in the bibliography, as sentences."""
    out = []
    for key, place in citations(nb):
        if key not in BIBLIOGRAPHY:
            out.append(f"cites {key!r}, which is not in utils.bibliography")
        elif place and place not in BIBLIOGRAPHY[key].places:
            out.append(f"cites {key} at {place!r}, a place utils.bibliography does not list")
    return out


def sources_cells(nb):
    """The closing sources slides: every work cited, with the places used, in order of citation."""
    places = {}
    for key, place in citations(nb):
        if key in BIBLIOGRAPHY:
            cited = places.setdefault(key, [])
            if place and place not in cited and place in BIBLIOGRAPHY[key].places:
                cited.append(place)
    lines = [f'- <a id="{key}"></a>{reference(key, cited)}' for key, cited in places.items()]
    if not lines:
        lines = ["Nothing on these slides is quoted from a paper: every number was computed here."]
    chunks = [lines[i : i + PER_SLIDE] for i in range(0, len(lines), PER_SLIDE)]
    cells = []
    for k, chunk in enumerate(chunks, 1):
        heading = "## Sources" if k == 1 else "## Sources, continued"
        new = nbformat.v4.new_markdown_cell(
            f"{heading}\n\n" + "\n".join(chunk),
            metadata={"slideshow": {"slide_type": "slide"}, "tags": [SOURCES_TAG]},
        )
        new.id = f"{SOURCES_TAG}-{k}"
        notes = nbformat.v4.new_markdown_cell(
            "Every figure taken from a paper names its table or section on its slide; this list is "
            "generated from those citations by `make nav` (utils/bibliography.py holds the "
            "entries). Point learners here when they want to read further.",
            metadata={"slideshow": {"slide_type": "notes"}, "tags": [SOURCES_TAG]},
        )
        notes.id = f"{SOURCES_TAG}-notes" if k == 1 else f"{SOURCES_TAG}-{k}-notes"
        cells += [new, notes]
    return cells


def with_sources(nb):
    """``nb`` with its sources slides replaced by fresh ones, just before the end."""
    body = [c for c in nb.cells if SOURCES_TAG not in c.metadata.get("tags", [])]
    nb.cells = body + sources_cells(nb)
    return nb
