"""Every figure in img/ is drawn by tools/figures.py, and the stored file is up to date."""

import re
from pathlib import Path

import pytest

from tools import figures

IMG = Path(__file__).resolve().parent.parent / "img"


@pytest.mark.parametrize("name", sorted(figures.FIGURES))
def test_figure_draws_and_matches_the_stored_png(name):
    stored = IMG / name
    assert stored.exists(), f"img/{name} is missing: run `make figures`"
    assert stored.read_bytes() == figures.render(name), f"img/{name} is stale: run `make figures`"


def test_figures_ignore_the_notebook_style():
    import utils

    utils.setup()  # projector rcParams must not leak into the stored figures
    assert figures.render("neuron.png") == (IMG / "neuron.png").read_bytes()


def test_every_image_in_img_has_a_figure_function():
    drawn = set(figures.FIGURES)
    stored = {p.name for p in IMG.glob("*") if re.search(r"\.(png|jpe?g|svg|gif)$", p.name)}
    assert stored <= drawn, f"images with no code that draws them: {stored - drawn}"
