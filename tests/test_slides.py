"""The offline reveal.js decks and live RISE, checked in a real browser: Debian's chromium,
driven by Playwright (which never downloads a browser here). Decks are built into
build/slides by the same code as `make slides`; screenshots and the overflow report go to
build/screenshots/."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tools import slides
from tools.navigation import notebook_paths
from utils.settings import repo_root

ROOT = repo_root()
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_BROWSER = "no chromium browser on this machine: install it with `apt install chromium`"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]  # fmt: skip
WIDTH, HEIGHT = 1280, 720
# Slides allowed to be taller than 720 px while they are being fixed: the target is 0.
OVERFLOW_ALLOWED = 0
LOCAL = ("file://", "data:", "blob:", "http://127.0.0.1")
PATHS = notebook_paths()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail(f"{NO_BROWSER}. CI must have one (.ci/run installs it).")
        pytest.skip(NO_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def expected_slides(nb):
    return sum(
        c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for c in nb.cells
    )


def widget_views(nb):
    return sum(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for c in nb.cells
        if c.cell_type == "code"
        for output in c.outputs
    )


def has_math(nb):
    """Markdown with TeX between dollars (a lone `$WORKSHOP_DATA` in code style is not math)."""
    return any(
        c.cell_type == "markdown" and re.search(r"(?<!`)\$[^$`\n]+\$", c.source) for c in nb.cells
    )


MEASURE = """([maxHeight, maxWidth]) => {
  const found = [];
  for (const slide of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v);
    const height = slide.scrollHeight, width = slide.scrollWidth;
    if (height > maxHeight || width > maxWidth) {
      const heading = slide.querySelector("h1, h2, h3");
      const title = heading ? heading.textContent.replace("¶", "") : "(untitled)";
      found.push({slide: `${h + 1}.${(v || 0) + 1}`, title: title.trim(), height, width});
    }
  }
  Reveal.slide(0, 0);
  return found;
}"""


@pytest.fixture(scope="module")
def reports(browser):
    """Build every deck, then open each once and record what the checks need."""
    import nbformat

    slides.build(slides.DEFAULT_OUT)
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for path in PATHS:
        nb = nbformat.read(path, as_version=4)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        requests, errors = [], []
        page.on("request", lambda r, requests=requests: requests.append(r.url))
        page.on("requestfailed", lambda r, errors=errors: errors.append(f"failed: {r.url}"))
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on(
            "console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None
        )
        page.goto((slides.DEFAULT_OUT / slides.deck_name(path)).as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000, polling=250)
        report = {
            "expected": expected_slides(nb),
            "total": page.evaluate("Reveal.getTotalSlides()"),
        }
        report["has_math"] = has_math(nb)
        if report["has_math"]:
            page.wait_for_function(
                "window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
                " && document.querySelectorAll('.MathJax_CHTML').length > 0",
                timeout=30_000,
                polling=250,
            )
        report["math"] = page.evaluate("document.querySelectorAll('.MathJax_CHTML').length")
        report["views"] = widget_views(nb)
        if report["views"]:
            page.wait_for_selector(".jupyter-widgets .lm-Widget", state="attached", timeout=30_000)
        report["rendered_views"] = page.evaluate(
            "Array.from(document.querySelectorAll('.jp-OutputArea-output.jupyter-widgets'))"
            ".filter(e => e.querySelector('.lm-Widget.jupyter-widgets')).length"
        )
        page.screenshot(path=SHOTS / f"{path.stem}_first_slide.png")
        report["overflow"] = page.evaluate(MEASURE, [HEIGHT, WIDTH])
        report["remote"] = [url for url in requests if not url.startswith(LOCAL)]
        report["errors"] = errors
        page.close()
        found[path.stem] = report
    lines = [f"{name} slide {o['slide']} ({o['title'][:50]}): {o['height']}x{o['width']} px"
             for name, r in found.items() for o in r["overflow"]]  # fmt: skip
    (SHOTS / "overflow.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return found


@pytest.mark.parametrize("name", [p.stem for p in PATHS])
def test_deck_is_offline_complete_and_renders(reports, name):
    report = reports[name]
    assert report["remote"] == [], f"{name} reached outside this machine: {report['remote']}"
    assert report["errors"] == [], f"{name} console errors: {report['errors']}"
    assert report["total"] == report["expected"], "slides in the deck vs slide/subslide cells"
    if report["has_math"]:
        assert report["math"] > 0, "MathJax did not render"
    assert report["rendered_views"] == report["views"], "saved widget state did not render"
    assert (SHOTS / f"{name}_first_slide.png").stat().st_size > 10_000


def test_overflow_is_within_the_agreed_budget(reports):
    overflowing = [(name, o) for name, r in reports.items() for o in r["overflow"]]
    report = (SHOTS / "overflow.txt").read_text(encoding="utf-8")
    print(f"{len(overflowing)} slides taller or wider than {WIDTH}x{HEIGHT}:\n{report}")
    assert len(overflowing) <= OVERFLOW_ALLOWED, report


def test_the_checks_catch_a_deck_that_reaches_out(browser, tmp_path):
    """A deck pointing at a CDN must fail the request check: the check itself can fail."""
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    (tmp_path / "bad.html").write_text('<script src="https://unpkg.com/x.js"></script>', "utf-8")
    page.goto((tmp_path / "bad.html").as_uri())
    page.close()
    assert [u for u in requests if not u.startswith(LOCAL)] == ["https://unpkg.com/x.js"]
    assert slides.remote_references('<script src="https://unpkg.com/x.js">') != []


# --- live RISE --------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab with jupyterlab-rise on a loopback port, with a token."""
    port, token = free_port(), "workshop-test-token"
    log = (tmp_path_factory.mktemp("lab") / "lab.log").open("w")
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--ip=127.0.0.1", f"--port={port}", "--no-browser",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}", "--allow-root"],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail(f"JupyterLab did not start in 90 s: {Path(log.name).read_text()[-2000:]}")
    yield base, token
    server.terminate()
    server.wait(timeout=30)


ACTIVE_CELL = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
    .findIndex(c => c.classList.contains('jp-mod-active'))"""


def run_cells_through(page, target):
    """Shift+Enter from the active cell until cell ``target`` has run, as a presenter would.

    After each press, wait until RISE has moved on: the wait is on the page's state, not a
    fixed delay. A press on the cell before a hidden (skip) cell is sometimes lost, more often on
    a loaded machine, so a press that moved nothing in 5 s is pressed again. One press can also
    move past a skipped cell, so the loop follows the active cell's index, not a count of presses.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    active, tries = page.evaluate(ACTIVE_CELL), 0
    while active <= target:
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function(f"({ACTIVE_CELL})() > {active}", timeout=5_000)
        except PlaywrightTimeout:
            tries += 1
            if tries == 5:
                pytest.fail(f"RISE did not move past cell {active} after five Shift+Enter")
            continue
        active, tries = page.evaluate(ACTIVE_CELL), 0


RISE_NOTEBOOK = "03_output_size_arithmetic"  # the first notebook whose explorer has sliders


def test_rise_presents_live_with_real_sliders(browser, lab):
    base, token = lab
    cells = json.loads((ROOT / "notebooks" / f"{RISE_NOTEBOOK}.ipynb").read_text())["cells"]
    target = next(i for i, c in enumerate(cells) if "explorer(" in "".join(c["source"]))
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.goto(f"{base}/rise/notebooks/{RISE_NOTEBOOK}.ipynb?token={token}")
    page.wait_for_selector(".reveal .slides section.present", timeout=90_000)
    page.wait_for_timeout(3000)  # the kernel starts and reveal lays out
    first = page.locator(".reveal .slides section.present").first.inner_text()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(800)
    assert page.locator(".reveal .slides section.present").first.inner_text() != first
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(800)
    page.locator(".reveal .slides section.present .jp-Cell").first.click()
    run_cells_through(page, target)  # every cell up to the explorer, as a presenter would
    page.wait_for_selector(".reveal .widget-slider", state="attached", timeout=120_000)
    on_slide = page.locator(".reveal .slides section.present .widget-slider")
    page.keyboard.press("Escape")  # leave the cell editor, so keys go to reveal
    for _ in range(10):  # Shift+Enter moved on: step back to the explorer's slide
        if on_slide.count():
            break
        page.keyboard.press("Shift+Space")
        page.wait_for_timeout(800)
    sliders = on_slide.count()
    page.wait_for_timeout(1500)  # the explorer draws its picture
    page.screenshot(path=SHOTS / "rise_live.png")
    visible = sliders and on_slide.first.is_visible()
    page.close()
    assert sliders >= 1 and visible  # a real slider, not "IntSlider(value=...)" as text


# --- handouts and contact sheets ---------------------------------------------------------------

PDFTOTEXT = shutil.which("pdftotext")


def pdf_pages(path):
    """The text of each page of a PDF, by poppler's pdftotext (form feeds between pages)."""
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_handouts_have_a_page_per_slide_with_its_headline_and_notes(browser):
    import nbformat

    from tools import handouts

    if not PDFTOTEXT:
        if os.environ.get("CI"):
            pytest.fail("no pdftotext: .ci/run installs poppler-utils")
        pytest.skip("no pdftotext here: install poppler-utils to check the handouts' text")
    out = ROOT / "build" / "handouts"
    headlines = handouts.build(out, SHOTS, PATHS, browser)
    everything = 0
    for path in PATHS:
        pages = pdf_pages(out / f"{path.stem}.pdf")
        nb = nbformat.read(path, as_version=4)
        assert len(pages) == expected_slides(nb) == len(headlines[path.stem]), path.name
        for page, headline in zip(pages, headlines[path.stem], strict=True):
            assert " ".join(headline.split()) in " ".join(page.split()), (path.name, headline)
        assert (SHOTS / f"{path.stem}_contact_sheet.png").stat().st_size > 10_000
        everything += len(pages)
    assert len(pdf_pages(out / "all_decks.pdf")) == everything
