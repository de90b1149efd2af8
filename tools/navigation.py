"""Generated navigation: the contents page, the links in every notebook, the README list,
and each notebook's closing sources slides (``tools.citations``).

``python -m tools.navigation`` rewrites them from the notebook files; ``--check`` only
reports what is stale (a test runs it). Nobody edits these links by hand.
"""

import argparse
import re
import sys
from pathlib import Path

import nbformat

from utils.settings import notebooks_dir, repo_root

from .citations import with_sources
from .notebooks import cell, write

INDEX = "00_index.ipynb"
NAV_TAG = "navigation"
CONTENTS_TAG = "contents"
AGENDA_TAG = "agenda"
WORDS_PER_MINUTE = 130  # a normal speaking pace
SLOT_MINUTES = 90
DEMO_MINUTES = 15  # of the slot, kept for live demos and questions
# Dropped first when a slot is short: the notebooks the rest of the series does not build on.
SKIP_ORDER = ("11_future_directions", "10_historical_nets", "06_datasets", "04_pooling")
README_START, README_END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"
STUDY_START, STUDY_END = "<!-- self-study:start -->", "<!-- self-study:end -->"
READING_WORDS_PER_MINUTE = 200  # reading slides and notes silently, with the code
MINUTES_PER_EXERCISE = 5


def notebook_paths(folder=None):
    """The numbered notebooks, in order: ``NN_short_title.ipynb``."""
    folder = Path(folder or notebooks_dir())
    return sorted(
        p for p in folder.glob("*.ipynb") if re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", p.name)
    )


def title_and_summary(path):
    """The ``# Title`` and the first paragraph of prose from a notebook's first cell."""
    nb = nbformat.read(path, as_version=4)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", nb.cells[0].source) if b.strip()]
    if not blocks or not blocks[0].startswith("# "):
        raise ValueError(f"{path.name}: the first cell must start with a '# Title' line")
    title, _, rest = blocks[0].partition("\n")
    prose = [
        b
        for b in ([rest.strip()] if rest.strip() else []) + blocks[1:]
        if not b.startswith(("#", "<", "!"))
    ]
    return title[2:].strip(), " ".join(prose[0].split()) if prose else ""


def nav_links(paths, i):
    """Markdown for "< previous | contents | next >" around notebook ``i``."""
    parts = []
    if i > 0:
        parts.append(f"[< {title_and_summary(paths[i - 1])[0]}]({paths[i - 1].name})")
    parts.append(f"[Contents]({INDEX})")
    if i + 1 < len(paths):
        parts.append(f"[{title_and_summary(paths[i + 1])[0]} >]({paths[i + 1].name})")
    return " | ".join(parts)


def contents_markdown(paths, link_prefix=""):
    rows = []
    for path in paths:
        if path.name == INDEX:
            continue
        title, summary = title_and_summary(path)
        rows.append(f"{int(path.name[:2])}. [{title}]({link_prefix}{path.name}): {summary}")
    return "\n".join(rows)


def speaking_minutes(path):
    """Minutes to read a notebook's speaker notes aloud at ``WORDS_PER_MINUTE``."""
    nb = nbformat.read(path, as_version=4)
    notes = [
        c.source for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") == "notes"
    ]
    return sum(len(text.split()) for text in notes) / WORDS_PER_MINUTE


def agenda_markdown(paths):
    """The agenda: minutes per notebook from its notes, and what to skip in a 90-minute slot."""
    numbered = [p for p in paths if p.name != INDEX]
    minutes = {p.stem: speaking_minutes(p) for p in numbered}
    rows = [f"| {int(p.name[:2])} | {title_and_summary(p)[0]} | {round(minutes[p.stem])} |"
            for p in numbered]  # fmt: skip
    total, skipped = sum(minutes.values()), []
    for stem in SKIP_ORDER:
        if total <= SLOT_MINUTES - DEMO_MINUTES or stem not in minutes:
            continue
        skipped.append(stem)
        total -= minutes[stem]
    names = ", ".join(str(int(stem[:2])) for stem in skipped) or "none"
    return (
        "### Agenda\n\nMinutes per notebook: its speaker notes read aloud at "
        f"{WORDS_PER_MINUTE} words a minute (demos add time).\n\n"
        "| # | notebook | min |\n|---:|---|---:|\n" + "\n".join(rows) + "\n\n"
        f"All: {round(sum(minutes.values()))} minutes. In a {SLOT_MINUTES}-minute slot, keeping "
        f"{DEMO_MINUTES} for demos and questions, skip notebooks {names} ({round(total)} minutes "
        "of talk remain)."
    )


def self_study_minutes(path):
    """Minutes for a learner alone: every markdown cell read at ``READING_WORDS_PER_MINUTE``,
    plus ``MINUTES_PER_EXERCISE`` for each of its exercises."""
    from utils import check

    nb = nbformat.read(path, as_version=4)
    words = sum(len(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    exercises = sum(e.notebook == path.stem for e in check.EXERCISES.values())
    return words / READING_WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * exercises


def self_study_markdown(paths):
    """The README's table for learners alone: exercises and minutes per notebook."""
    from utils import check

    rows = []
    for p in paths:
        if p.name == INDEX:
            continue
        mine = [e for e in check.EXERCISES.values() if e.notebook == p.stem]
        listed = f"{len(mine)}, the last a challenge" if mine else "none yet"
        rows.append(f"| {int(p.name[:2])} | {title_and_summary(p)[0]} | {listed} | "
                    f"{round(self_study_minutes(p))} |")  # fmt: skip
    return (
        "| # | notebook | exercises | minutes |\n|---:|---|---|---:|\n" + "\n".join(rows) + "\n\n"
        f"Minutes: the slides and notes read at {READING_WORDS_PER_MINUTE} words a minute, plus "
        f"{MINUTES_PER_EXERCISE} per exercise; training cells add their printed time."
    )


def _nav_cell(links, where):
    new = cell("skip", links, cell_id=f"{NAV_TAG}-{where}")
    new.metadata["tags"] = [NAV_TAG]
    return new


def updated_notebook(paths, i):
    """Notebook ``i`` with fresh navigation cells (and contents, for the index)."""
    nb = nbformat.read(paths[i], as_version=4)
    if paths[i].name == INDEX:
        # The list may be spread over several tagged cells (slides), in order.
        parts = [c for c in nb.cells if CONTENTS_TAG in c.metadata.get("tags", [])]
        numbered = [p for p in paths if p.name != INDEX]
        size = -(-len(numbered) // max(len(parts), 1))
        for k, c in enumerate(parts):
            level = (
                "###" if c.metadata.get("slideshow", {}).get("slide_type") == "subslide" else "##"
            )
            heading = f"{level} Contents" + (", continued" if k else "")
            c.source = f"{heading}\n\n" + contents_markdown(numbered[k * size : (k + 1) * size])
        for c in nb.cells:
            if AGENDA_TAG in c.metadata.get("tags", []):
                c.source = agenda_markdown(paths)
    links = nav_links(paths, i)
    nb.cells = [c for c in nb.cells if NAV_TAG not in c.metadata.get("tags", [])]
    body = with_sources(nb).cells  # the closing sources slides, from the citations
    nb.cells = body[:1] + [_nav_cell(links, "top")] + body[1:] + [_nav_cell(links, "end")]
    return nb


def _between(text, start_mark, end_mark, body):
    start, end = text.index(start_mark) + len(start_mark), text.index(end_mark)
    return text[:start] + "\n" + body + "\n" + text[end:]


def updated_readme(text, paths):
    text = _between(text, README_START, README_END,
                    contents_markdown(paths, link_prefix="notebooks/"))  # fmt: skip
    if STUDY_START in text:
        text = _between(text, STUDY_START, STUDY_END, self_study_markdown(paths))
    return text


def update(check=False, folder=None, readme=None):
    """Regenerate navigation; return the files that were (or, with ``check``, would be) changed."""
    paths = notebook_paths(folder)
    readme = Path(readme or repo_root() / "README.md")
    stale = []
    for i, path in enumerate(paths):
        nb = updated_notebook(paths, i)
        if nbformat.writes(nb) + "\n" != path.read_text():
            stale.append(path)
            if not check:
                write(nb, path)
    if readme.exists():
        new = updated_readme(readme.read_text(), paths)
        if new != readme.read_text():
            stale.append(readme)
            if not check:
                readme.write_text(new)
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files, change nothing")
    args = parser.parse_args(argv)
    stale = update(check=args.check)
    root = repo_root()
    for path in stale:
        verb = "stale:" if args.check else "updated"
        print(verb, path.resolve().relative_to(root))
    if args.check and stale:
        sys.exit("Navigation is out of date: run `make nav`.")


if __name__ == "__main__":
    main()
