"""Static reveal.js decks of every notebook, with no network request: ``make slides``.

Each deck is rendered by nbconvert from the stored outputs, through our template in
``slides/template`` (the reveal template, minus anything fetched from a CDN). reveal.js,
require.js, jQuery, MathJax 2 and the ipywidgets HTML manager come from npm at the versions
pinned in ``slides/package.json`` and its lockfile; only the files the decks load are copied
into ``build/slides/vendor/``.

    python -m tools.slides build [--out build/slides]
    python -m tools.slides serve [--port 8000]
"""

import argparse
import html
import re
import shutil
import time
from pathlib import Path

from utils.settings import repo_root
from utils.style import PALETTE

from .navigation import notebook_paths, title_and_summary

SLIDES = repo_root() / "slides"
NODE_MODULES = SLIDES / "node_modules"
DEFAULT_OUT = repo_root() / "build" / "slides"
RISE_CSS = repo_root() / "notebooks" / "rise.css"  # the live slides' look, shared by the decks
HTML_MANAGER_CDN = "https://unpkg.com/@jupyter-widgets/html-manager@0.20.9/dist/"

# (package folder in node_modules, files or folders to copy, destination under vendor/)
VENDOR = [
    ("reveal.js", ["dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
                   "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js"], "reveal.js"),
    ("requirejs", ["require.js"], "requirejs"),
    ("jquery", ["dist/jquery.min.js"], "jquery"),
    ("mathjax", ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions",
                 "jax/input/TeX", "jax/output/CommonHTML", "jax/element", "localization/en",
                 "fonts/HTML-CSS/TeX/woff"], "mathjax"),
    ("@jupyter-widgets/html-manager", ["dist"], "html-manager"),
]  # fmt: skip

EXPORTER_CONFIG = {
    "reveal_url_prefix": "vendor/reveal.js",
    "require_js_url": "vendor/requirejs/require.js",
    "jquery_url": "vendor/jquery/dist/jquery.min.js",
    "mathjax_url": "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    "widget_renderer_url": "vendor/html-manager/dist/embed-amd.js",
    "reveal_theme": "white",
    "reveal_transition": "none",
    "reveal_number": "c/t",
    "reveal_width": "1280",
    "reveal_height": "720",
}

NEEDS_NODE = (
    "The slide decks need reveal.js, MathJax and the widget renderer from npm, and {what}.\n"
    "Install Node.js with npm (Debian/Ubuntu: sudo apt install nodejs npm; macOS: brew install"
    " node; others: https://nodejs.org), then run `make slides` again. Nothing was built."
)


class SlidesError(RuntimeError):
    """The decks cannot be built without reaching the internet."""


def vendor(out):
    """Copy the pinned front-end files the decks load into ``out/vendor``."""
    if not NODE_MODULES.is_dir():
        raise SlidesError(NEEDS_NODE.format(what=f"{NODE_MODULES} is missing"))
    target = out / "vendor"
    shutil.rmtree(target, ignore_errors=True)
    for package, items, name in VENDOR:
        for item in items:
            source = NODE_MODULES / package / item
            if not source.exists():
                raise SlidesError(NEEDS_NODE.format(what=f"{source} is missing (run npm ci)"))
            dest = target / name / item
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, dest, ignore=shutil.ignore_patterns("*.map"))
            else:
                shutil.copy2(source, dest)
    # The widget renderer loads its fonts from a CDN by default: point it at our copy instead.
    for script in (target / "html-manager" / "dist").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        script.write_text(text.replace(HTML_MANAGER_CDN, "vendor/html-manager/dist/"), "utf-8")


def deck_name(path):
    return f"{Path(path).stem}.slides.html"


def remote_references(text):
    """URLs off this machine that a page would load: scripts, images, frames, stylesheets.

    Links a reader may click (``<a href>``) are not loads and are not listed.
    """
    tag = r"<(?:script|img|iframe|source|link)\b[^>]*?\b(?:src|href)\s*=\s*"
    urls = re.findall(tag + r"""["']((?:https?:)?//[^"']+)""", text)
    return [url for url in urls if not re.match(r"(?:https?:)?//127\.0\.0\.1[:/]", url)]


def build_deck(path, out):
    """Render one notebook's stored outputs to ``out/NN_title.slides.html``."""
    import nbformat
    from nbconvert import SlidesExporter

    nb = nbformat.read(path, as_version=4)
    nb.metadata["title"] = title_and_summary(path)[0]
    exporter = SlidesExporter(template_name="template", extra_template_basedirs=[str(SLIDES)])
    for key, value in EXPORTER_CONFIG.items():
        setattr(exporter, key, value)
    resources = {"metadata": {"name": path.stem}, "rise_css": RISE_CSS.read_text(encoding="utf-8")}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    remote = remote_references(body)
    if remote:
        raise SlidesError(f"{path.name}: the deck would load {sorted(set(remote))}")
    body = body.replace('src="../img/', 'src="img/')  # figures are copied beside the decks
    body = re.sub(r'href="(\d\d_\w+)\.ipynb"', r'href="\1.slides.html"', body)
    (out / deck_name(path)).write_text(body, encoding="utf-8")


def build_index(paths, out):
    """A title page listing every deck with its description."""
    items = "\n".join(
        f'<li><a href="{deck_name(p)}">{html.escape(title)}</a><p>{html.escape(summary)}</p></li>'
        for p in paths
        for title, summary in [title_and_summary(p)]
    )
    (out / "index.html").write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>CNN workshop slides</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; font-size: 20px; }}
li {{ margin-bottom: 0.8em; }} li p {{ margin: 0.2em 0; color: {PALETTE["ink"]}; }}
</style></head>
<body><h1>Image classification with convolutional networks</h1>
<p>One deck per notebook. Arrow keys move between slides, S opens the speaker notes.</p>
<ol>
{items}
</ol></body></html>
""",
        encoding="utf-8",
    )


def build(out=DEFAULT_OUT, paths=None):
    """Vendor the front-end files, render every deck and the index. Returns seconds taken."""
    start = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    vendor(out)
    shutil.rmtree(out / "img", ignore_errors=True)
    shutil.copytree(repo_root() / "img", out / "img")
    paths = list(paths or notebook_paths())
    for path in paths:
        build_deck(path, out)
    build_index(paths, out)
    return time.perf_counter() - start


def serve(out=DEFAULT_OUT, port=8000):
    """Serve the decks on 127.0.0.1 until Ctrl+C."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Slides on http://127.0.0.1:{port}/index.html (Ctrl+C stops the server)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.slides", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=["build", "serve"])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            seconds = build(args.out)
        except SlidesError as err:
            raise SystemExit(str(err)) from None
        print(f"Built {len(notebook_paths())} decks and index.html in {args.out} ({seconds:.1f} s)")
    else:
        serve(args.out, args.port)


if __name__ == "__main__":
    main()
