"""Building the offline decks: refusals and checks that need no browser."""

import re

import pytest

from tools import slides


def test_missing_npm_packages_stop_the_build_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(slides, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(slides.SlidesError, match="Install Node.js with npm .* Nothing was built"):
        slides.build(tmp_path / "out")
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_missing_vendored_file_is_named(tmp_path, monkeypatch):
    (tmp_path / "node_modules" / "reveal.js").mkdir(parents=True)
    monkeypatch.setattr(slides, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(slides.SlidesError, match="reveal.js/dist/reveal.js is missing"):
        slides.vendor(tmp_path / "out")


def test_remote_references_finds_scripts_from_a_cdn():
    page = '<script src="https://cdn.example/x.js"></script><img src="img/a.png">'
    page += '<link rel="stylesheet" href="//u/x.css"><a href="https://github.com/x">source</a>'
    page += '<script src="http://127.0.0.1:8000/y.js"></script>'
    assert slides.remote_references(page) == ["https://cdn.example/x.js", "//u/x.css"]
    assert slides.remote_references('<script src="vendor/reveal.js/dist/reveal.js">') == []


@pytest.mark.skipif(not slides.NODE_MODULES.is_dir(), reason="slides/node_modules not installed")
def test_every_script_in_a_deck_is_vendored(tmp_path):
    seconds = slides.build(tmp_path)
    assert seconds < 60
    deck = (tmp_path / "02_convolution.slides.html").read_text(encoding="utf-8")
    local = set(re.findall(r"[\"'](vendor/[^\"'?]+)", deck))  # script tags and require() paths
    needed = {"vendor/requirejs/require.js", "vendor/reveal.js/dist/reveal.js",
              "vendor/mathjax/MathJax.js", "vendor/html-manager/dist/embed-amd.js"}  # fmt: skip
    assert needed <= local
    assert all((tmp_path / url).is_file() for url in local)
    assert "mermaid" not in deck and "unpkg.com" not in deck and "cdnjs" not in deck
    assert slides.RISE_CSS.read_text(encoding="utf-8").strip() in deck  # the same look as RISE
    contents = (tmp_path / "00_index.slides.html").read_text(encoding="utf-8")
    assert 'href="03_output_size_arithmetic.slides.html"' in contents  # links between decks
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert index.count('.slides.html"') == len(list(tmp_path.glob("*.slides.html")))


def test_a_deck_that_would_load_from_a_cdn_is_refused(tmp_path, monkeypatch):
    config = dict(slides.EXPORTER_CONFIG, jquery_url="https://code.jquery.com/jquery.min.js")
    monkeypatch.setattr(slides, "EXPORTER_CONFIG", config)
    path = slides.notebook_paths()[1]
    with pytest.raises(slides.SlidesError, match="would load .*code.jquery.com"):
        slides.build_deck(path, tmp_path)
    assert not list(tmp_path.iterdir())
