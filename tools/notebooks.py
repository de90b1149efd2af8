"""Write and execute the workshop notebooks with the project's settings.

``python -m tools.notebooks execute notebooks/*.ipynb`` (``make notebooks``) runs each
notebook top to bottom in place, so the stored outputs are the ones CI reproduces.
"""

import argparse
import re
import time
from pathlib import Path

import nbformat

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

# jupyterlab-rise reads these from the notebook metadata: a 1280x720 deck with slide numbers.
RISE_SETTINGS = {
    "theme": "simple",
    "transition": "none",
    "width": 1280,
    "height": 720,
    "scroll": True,
    "slideNumber": "c/t",
    "controls": True,
    "progress": True,
    "center": False,
    "enable_chalkboard": False,
}

SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def cell(slide_type, source, kind="markdown", cell_id=None):
    """A markdown or code cell carrying its slide type (``kind`` is "markdown" or "code")."""
    if slide_type not in SLIDE_TYPES:
        raise ValueError(f"slide_type {slide_type!r} is not one of {sorted(SLIDE_TYPES)}")
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    new = make(source.strip("\n"), metadata={"slideshow": {"slide_type": slide_type}})
    if cell_id:
        new.id = cell_id
    return new


def new_notebook(cells):
    """A notebook with the python3 kernel and the series' RISE settings."""
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.metadata.kernelspec = dict(KERNEL)
    nb.metadata.language_info = {"name": "python"}
    nb.metadata.rise = dict(RISE_SETTINGS)
    for i, c in enumerate(nb.cells):  # stable ids instead of random ones keep diffs small
        if re.fullmatch(r"[0-9a-f]{8}", c.get("id", "")):
            c.id = f"c{i:02d}"
    return nb


def write(nb, path):
    """Write ``nb`` only if its text changed. Returns True when the file was (re)written."""
    path = Path(path)
    text = nbformat.writes(nb) + "\n"
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True


def execute(path, timeout=900):
    """Run a notebook top to bottom in its own folder and store the outputs. Returns seconds."""
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL["name"],
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,  # no timestamps in the stored file
        store_widget_state=True,  # static renderings (GitHub, nbconvert slides) show widgets
    )
    start = time.perf_counter()
    client.execute()
    write(nb, path)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="execute notebooks in place")
    run.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.paths:
        print(f"{path.name:<40} executing...", end=" ", flush=True)
        print(f"{execute(path):6.1f} s")


if __name__ == "__main__":
    main()
