"""Handouts and contact sheets of the offline decks: ``make handouts``.

Each deck is opened in the same headless Chromium as the browser tests, with no network. Every
slide is photographed at 1280x720; its headline and speaker notes are read from reveal.js.
From those, one PDF per notebook (a slide per page, its notes under it), one PDF with every
deck, and one contact sheet per deck (every slide, small, on one PNG) are written:

    python -m tools.handouts [--out build/handouts] [--sheets build/screenshots]
"""

import argparse
import base64
import html
import io
import shutil
import time
from pathlib import Path

from utils.settings import repo_root
from utils.style import PALETTE

from . import slides
from .navigation import notebook_paths, title_and_summary

OUT = repo_root() / "build" / "handouts"
SHEETS = repo_root() / "build" / "screenshots"
WIDTH, HEIGHT = 1280, 720
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]  # fmt: skip
LOCAL = ("file://", "data:", "blob:", "http://127.0.0.1")

SLIDES_JS = """() => Reveal.getSlides().map(slide => {
  const heading = slide.querySelector("h1, h2, h3");
  const notes = slide.querySelector("aside.notes");
  return {
    ...Reveal.getIndices(slide),
    headline: heading ? heading.textContent.replace("¶", "").trim() : "",
    notes: notes ? notes.innerText.trim() : "",
  };
})"""

# MathJax typesets only what is visible: typeset each slide as it is shown, then wait for it.
TYPESET = ("window.MathJax && MathJax.Hub && "
           "MathJax.Hub.Queue(['Typeset', MathJax.Hub, Reveal.getCurrentSlide()])")  # fmt: skip
MATH_DONE = "!window.MathJax || !MathJax.Hub || MathJax.Hub.queue.pending === 0"

PAGE_CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: sans-serif; margin: 0; }
section { page-break-after: always; break-after: page; }
section:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 11pt; margin: 0 0 3mm 0; font-weight: normal; }
h2 { font-size: 15pt; margin: 0 0 3mm 0; }
img { width: 100%; border: 1px solid GREY; }
.notes { font-size: 11pt; line-height: 1.4; margin-top: 4mm; white-space: pre-wrap; }
"""


def chromium_path():
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit(
            "No chromium browser here: install it (Debian/Ubuntu: apt install chromium)."
        )
    return found


def photograph(browser, deck):
    """[{headline, notes, png}] for every slide of one built deck, in order."""
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    remote = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else remote.append(r.url))
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000, polling=250)
    page.evaluate("Reveal.configure({controls: false, progress: false})")
    page.wait_for_timeout(500)  # MathJax and saved widgets render
    shots = []
    for info in page.evaluate(SLIDES_JS):
        # every fragment shown: a handout and a contact sheet show the whole slide, answers too
        page.evaluate(f"Reveal.slide({info['h']}, {info.get('v') or 0}, 999)")
        page.evaluate(TYPESET)
        page.wait_for_function(MATH_DONE, timeout=15_000, polling=100)
        page.wait_for_timeout(60)
        shots.append({**info, "png": page.screenshot(type="png")})
    page.close()
    if remote:
        raise RuntimeError(f"{deck.name} reached off this machine: {sorted(set(remote))}")
    return shots


def handout_html(title, shots):
    pages = []
    for n, shot in enumerate(shots, 1):
        image = base64.b64encode(_jpeg(shot["png"])).decode()
        pages.append(
            f"<section><h1>{html.escape(title)}, slide {n}</h1>"
            f"<h2>{html.escape(shot['headline'])}</h2>"
            f'<img alt="slide {n}" src="data:image/jpeg;base64,{image}">'
            f'<div class="notes">{html.escape(shot["notes"])}</div></section>'
        )
    css = PAGE_CSS.replace("GREY", PALETTE["grey"])
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style></head>" \
           f"<body>{''.join(pages)}</body></html>"  # fmt: skip


def _jpeg(png, quality=80):
    from PIL import Image

    buffer = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def contact_sheet(shots, path, columns=6, width=320):
    """Every slide, small, on one PNG: the whole deck at a glance."""
    from PIL import Image, ImageDraw

    height = width * HEIGHT // WIDTH
    rows = -(-len(shots) // columns)
    size = (columns * (width + 8) + 8, rows * (height + 8) + 8)
    sheet = Image.new("RGB", size, PALETTE["white"])
    draw = ImageDraw.Draw(sheet)
    for n, shot in enumerate(shots):
        thumb = Image.open(io.BytesIO(shot["png"])).convert("RGB").resize((width, height))
        x, y = 8 + (n % columns) * (width + 8), 8 + (n // columns) * (height + 8)
        sheet.paste(thumb, (x, y))
        draw.rectangle([x - 1, y - 1, x + width, y + height], outline=PALETTE["grey"])
    sheet.save(path)
    return path


def print_pdf(browser, text, path):
    page = browser.new_page()
    page.set_content(text, wait_until="load")
    page.pdf(path=str(path), format="A4", print_background=True)
    page.close()
    return path


def build(out=OUT, sheets=SHEETS, paths=None, browser=None):
    """Write the handouts and contact sheets; returns {notebook stem: [headlines]}.

    ``browser`` is a Playwright Chromium to use; without one, Debian's chromium is started.
    """
    start = time.perf_counter()
    paths = list(paths or notebook_paths())
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
            try:
                return build(out, sheets, paths, own)
            finally:
                own.close()
    decks = slides.DEFAULT_OUT
    slides.build(decks)
    out, sheets = Path(out), Path(sheets)
    out.mkdir(parents=True, exist_ok=True)
    sheets.mkdir(parents=True, exist_ok=True)
    headlines, pages, head = {}, [], ""
    for path in paths:
        shots = photograph(browser, decks / slides.deck_name(path))
        text = handout_html(f"{path.stem[:2]} {title_and_summary(path)[0]}", shots)
        print_pdf(browser, text, out / f"{path.stem}.pdf")
        contact_sheet(shots, sheets / f"{path.stem}_contact_sheet.png")
        headlines[path.stem] = [shot["headline"] for shot in shots]
        head, body = text.split("<body>", 1)
        pages.append(body.rsplit("</body>", 1)[0])
    print_pdf(browser, f"{head}<body>{''.join(pages)}</body></html>", out / "all_decks.pdf")
    total = sum(len(h) for h in headlines.values())
    print(f"{len(paths)} handouts, {total} slides, in {out} ({time.perf_counter() - start:.0f} s)")
    return headlines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--sheets", type=Path, default=SHEETS)
    args = parser.parse_args(argv)
    build(args.out, args.sheets)


if __name__ == "__main__":
    main()
