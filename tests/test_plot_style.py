"""Every figure our code draws follows slides/DESIGN.md, "One plot style", as a learner sees it.

Each public plot function, each diagram in img/ and each explorer's picture is drawn from small
synthetic data under the projector style that ``utils.setup()`` sets. Its smallest text must be
at least 18 px tall on the 1280x720 slide, measured from the font size, the dpi and the size at
which the slide shows the figure (``utils.style.smallest_text_px``). Log axes carry no minor
tick labels; lines are labelled directly, not with a legend; and the data colours stay apart
for colour-blind viewers, checked with the Machado et al. (2009) simulation.
"""

import importlib
import inspect
from types import SimpleNamespace

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import style
from utils.style import MIN_TEXT_PX, SLIDE_IMAGE_MAX_PX, WIDGET_IMAGE_MAX_PX

RNG = np.random.default_rng(0)


@pytest.fixture(autouse=True)
def projector_style():
    """Draw as a notebook does after ``utils.setup()``."""
    with mpl.rc_context(style.PROJECTOR_STYLE):
        yield
    plt.close("all")


def _table(rows):
    """A ``layer_table`` stand-in: (type, output shape) rows."""
    return {"type": [t for t, _ in rows], "output shape": [s for _, s in rows]}


LENET = _table([("Conv2D", (28, 28, 6)), ("AveragePooling2D", (14, 14, 6)),
                ("Conv2D", (10, 10, 16)), ("AveragePooling2D", (5, 5, 16)), ("Flatten", (400,)),
                ("Dense", (120,)), ("Dense", (84,)), ("Dense", (10,))])  # fmt: skip
RESNET = _table([("Conv2D", (112, 112, 64)), ("MaxPooling2D", (56, 56, 64))]
                + [("Conv2D", (56, 56, 256)), ("Add", (56, 56, 256))] * 3
                + [("Conv2D", (28, 28, 512)), ("Add", (28, 28, 512))] * 8
                + [("Conv2D", (14, 14, 1024)), ("Add", (14, 14, 1024))] * 36
                + [("Conv2D", (7, 7, 2048)), ("Add", (7, 7, 2048))] * 3
                + [("GlobalAveragePooling2D", (2048,)), ("Dense", (1000,))])  # fmt: skip


def _history():
    loss = [0.5, 0.2, 0.12, 0.09]
    return SimpleNamespace(history={"loss": loss, "val_loss": [0.25, 0.15, 0.11, 0.1],
                                    "accuracy": [0.85, 0.94, 0.96, 0.97],
                                    "val_accuracy": [0.93, 0.95, 0.965, 0.97]})  # fmt: skip


def _photo():
    from utils.images import photo

    return photo("camera", size=64)


def _plots():
    """(name, draw) for every public plot function, with the data a notebook gives it."""
    import utils
    from utils import milestones, plots
    from utils.models import INCEPTION

    x = RNG.normal(size=(60, 2))
    y = (x[:, 0] > 0).astype(int)
    names10 = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
               "truck"]  # fmt: skip
    counts = RNG.integers(0, 1200, size=(10, 10))
    np.fill_diagonal(counts, 980)
    image = _photo()
    circle = RNG.normal(size=(400, 2))
    return {
        "plot_two_settings": lambda: plots.plot_two_settings(x, y, 1 - y),
        "plot_activations": plots.plot_activations,
        "plot_loss": lambda: plots.plot_loss(np.geomspace(0.7, 0.004, 300), "XOR: the loss falls"),
        "plot_loss (under one decade)": lambda: plots.plot_loss(np.linspace(0.5, 0.2, 50)),
        "show_grid": lambda: plots.show_grid(
            RNG.integers(0, 255, (20, 28, 28)), np.arange(20) % 10, names10
        ),
        "show_grid (cifar100 names)": lambda: plots.show_grid(
            RNG.integers(0, 255, (20, 32, 32, 3)),
            np.arange(20),
            [f"aquarium_fish_{i}" for i in range(20)],
        ),  # fmt: skip
        "show_grid (n=10)": lambda: plots.show_grid(
            RNG.integers(0, 255, (10, 28, 28)),
            np.arange(10),
            [f"{i}→{9 - i}" for i in range(10)],
            n=10,
        ),  # fmt: skip
        "class_balance": lambda: plots.class_balance(RNG.integers(0, 10, 500), names10),
        "class_balance (100 classes)": lambda: plots.class_balance(
            RNG.integers(0, 100, 5000), [f"class {i}" for i in range(100)]
        ),
        "plot_feature_maps": lambda: plots.plot_feature_maps(image, utils.KERNELS),
        "plot_kernel_and_map": lambda: plots.plot_kernel_and_map(
            image, utils.KERNELS["sharpen"], title="sharpened"
        ),
        "plot_window_positions": lambda: plots.plot_window_positions(7, 3, stride=2),
        "plot_window_positions (dilated)": lambda: plots.plot_window_positions(9, 3, dilation=2),
        "plot_window_positions (24 windows)": lambda: plots.plot_window_positions(24, 1),
        "plot_pooling": lambda: plots.plot_pooling(image, image[::2, ::2], "max pooled 32x32"),
        "show_images": lambda: plots.show_images(
            {
                "feature map 128x128": image,
                "fractional max pool 90x90": image,
                "2x2 max pool 64x64": image[::2, ::2],
            }
        ),  # fmt: skip
        "show_images (four)": lambda: plots.show_images(
            {"input": image, "rotate 30°": image, "zoom 2x": image, "crop the face": image}
        ),
        "plot_history": lambda: plots.plot_history(_history()),
        "plot_confusion": lambda: plots.plot_confusion(counts, names10),
        "plot_filters": lambda: plots.plot_filters(RNG.normal(size=(3, 3, 1, 32))),
        "plot_channel_maps": lambda: plots.plot_channel_maps(RNG.random((26, 26, 32)), "conv1"),
        "plot_curves": lambda: plots.plot_curves(
            {
                "plain_6": np.geomspace(2.3, 0.1, 200),
                "plain_26": np.geomspace(2.3, 0.3, 200),
                "residual_26": np.geomspace(2.3, 0.05, 200),
            },
            xlabel="step (batch of 128)",
            title="training loss, smoothed",
        ),  # fmt: skip
        "plot_curves (x given, linear)": lambda: plots.plot_curves(
            {"pruned, no retraining": [99, 99, 98.5, 97, 90, 60]},
            x=[0, 50, 70, 80, 90, 95],
            xlabel="weights set to zero (%)",
            ylabel="test accuracy (%)",
            logy=False,
        ),  # fmt: skip
        "plot_architecture": lambda: plots.plot_architecture(LENET, "LeNet-5 on 32x32x1"),
        "plot_architecture (ResNet)": lambda: plots.plot_architecture(
            RESNET, "ResNet-152 on 224x224x3"
        ),
        "plot_ilsvrc": lambda: plots.plot_ilsvrc(milestones.ENTRIES, milestones.HUMAN),
        "plot_params_vs_error": lambda: plots.plot_params_vs_error(
            [
                ("AlexNet", 61e6, 18.2),
                ("ZFNet", 62e6, 16.5),
                ("VGG-16", 138e6, 7.3),
                ("GoogLeNet", 7e6, 7.9),
                ("ResNet-152", 60e6, 4.5),
            ],
            ylabel="top-5 error, one model, validation (%)",
        ),  # fmt: skip
        "plot_point_snapshots": lambda: plots.plot_point_snapshots(
            circle, {0: circle * 0.1, 500: circle * 0.6, 2000: circle * 0.9, 5000: circle}
        ),
        "plot_residual_block": lambda: plots.plot_residual_block(),
        "plot_inception_module": lambda: plots.plot_inception_module(INCEPTION["3a"]),
        **_learning_plots(),
        **_photo_plots(),
    }


def _learning_plots():
    """utils.learning_plots, where that module exists."""
    try:
        lp = importlib.import_module("utils.learning_plots")
    except ModuleNotFoundError:
        return {}
    steps = np.arange(200)
    rates = np.minimum(steps / 20, 1) * 0.1 * (1 + np.cos(np.pi * steps / 200)) / 2
    path = np.stack([np.linspace(-4.5, 0, 30), np.cos(np.arange(30)) * np.geomspace(1, 0.01, 30)],
                    axis=1)  # fmt: skip
    found = {
        "plot_true_class_gradients": lambda: lp.plot_true_class_gradients(
            np.geomspace(1e-4, 0.9999, 100)
        ),
        "plot_loss_runs": lambda: lp.plot_loss_runs(
            {
                "lr 0.01": (steps, np.geomspace(2.3, 0.5, 200)),
                "lr 0.1": (steps, np.geomspace(2.3, 0.1, 200)),
                "lr 10, diverged": (steps[:40], np.geomspace(2.3, 90, 40)),
            },
            title="three rates",
        ),  # fmt: skip
        "plot_valley": lambda: lp.plot_valley(
            {"SGD": path, "momentum": path * 0.9, "Adam": path * 0.8}
        ),  # fmt: skip
        "plot_schedule": lambda: lp.plot_schedule(rates, 20),
        "plot_spread": lambda: lp.plot_spread(
            {
                "too small": np.geomspace(1, 1e-4, 11),
                "He": np.ones(11),
                "too large": np.geomspace(1, 1e4, 11),
            }
        ),  # fmt: skip
        "plot_overfitting": lambda: lp.plot_overfitting(
            np.geomspace(1, 0.01, 30), 0.3 + 0.002 * (np.arange(30) - 10) ** 2
        ),
    }
    missing = {n for n in lp.__all__ if n.startswith("plot_")} - set(found)
    assert not missing, f"utils.learning_plots has plots this test does not draw: {missing}"
    return found


def _photo_plots():
    """utils.photo_plots (notebook 09), every public plot drawn on random photos."""
    from utils import photo_plots as pp

    photos = RNG.integers(0, 256, size=(8, 32, 32, 3), dtype=np.uint8)
    labels = np.array([0, 1, 0, 2, 1, 0, 2, 1])
    names = ["airplane", "automobile", "bird"]
    maps = [RNG.random((32, 32)) for _ in range(4)]
    found = {
        "plot_channel_planes": lambda: pp.plot_channel_planes(photos[0], "horse"),
        "plot_augmented": lambda: pp.plot_augmented(
            photos[:4], [photos[4:], photos[:4], photos[4:]], ["original", "1", "2", "3"]
        ),
        "plot_rgb_filters": lambda: pp.plot_rgb_filters(RNG.normal(size=(5, 5, 3, 24))),
        "plot_heat_maps": lambda: pp.plot_heat_maps(
            photos[:4], {"occlusion": maps, "gradient": maps}, names + ["bird"]
        ),
        "plot_neighbours": lambda: pp.plot_neighbours(
            photos, 0, {"features": [2, 5, 1, 3, 4], "pixels": [1, 2, 3, 4, 5]}, labels, names
        ),
        "one_per_class": lambda: pp.one_per_class(
            RNG.integers(0, 256, (200, 8, 8, 3), dtype=np.uint8),
            np.arange(200) % 100,
            [str(i) for i in range(100)],
        ),  # fmt: skip
    }
    public = {n for n in pp.__all__ if inspect.isfunction(getattr(pp, n))}
    assert public == set(found), f"utils.photo_plots has plots this test does not draw: {public}"
    return found


PLOTS = _plots()


def test_every_public_plot_function_is_drawn_here():
    from utils import plots

    helpers = {"label_lines", "readable_log_axis"}  # they draw into a caller's axes
    public = {n for n in plots.__all__ if inspect.isfunction(getattr(plots, n))} - helpers
    assert public <= {name.split(" ")[0] for name in PLOTS}


def _report(fig, max_px):
    small = [(round(px, 1), text) for px, text in style.text_sizes_px(fig, max_px)[:3]]
    return f"smallest texts (px, text): {small}"


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plot_text_is_at_least_18_px_on_the_slide(name):
    fig = PLOTS[name]()
    assert style.smallest_text_px(fig) >= MIN_TEXT_PX, _report(fig, SLIDE_IMAGE_MAX_PX)
    width, height = (float(v) * fig.dpi for v in fig.get_size_inches())
    assert width <= SLIDE_IMAGE_MAX_PX[0] and height <= SLIDE_IMAGE_MAX_PX[1], (width, height)


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plots_label_lines_directly_and_leave_log_axes_without_minor_labels(name):
    fig = PLOTS[name]()
    assert style.minor_tick_labels(fig) == []
    assert [ax.get_legend() for ax in fig.axes if ax.get_legend()] == []


@pytest.mark.parametrize("name", sorted(__import__("tools.figures").figures.FIGURES))
def test_img_diagram_text_is_at_least_18_px_on_the_slide(name):
    from tools import figures

    with plt.style.context("default"):  # as tools.figures.render draws them
        fig = figures.FIGURES[name]()
    assert style.smallest_text_px(fig) >= MIN_TEXT_PX, _report(fig, SLIDE_IMAGE_MAX_PX)


def _views():
    from utils import widgets

    return {n: getattr(widgets, n) for n in widgets.__all__ if n.endswith("_view")}


@pytest.mark.parametrize("name", sorted(_views()))
def test_explorer_pictures_are_readable_under_their_controls(name):
    ok, text, fig = _views()[name]()
    assert ok, text
    fig.suptitle(text)  # as Explorer.static_png shows it to readers without a kernel
    assert style.smallest_text_px(fig, WIDGET_IMAGE_MAX_PX) >= MIN_TEXT_PX, _report(
        fig, WIDGET_IMAGE_MAX_PX
    )


def test_explorer_pictures_of_refusals_are_readable_too():
    from utils import widgets

    ok, text, fig = widgets.arithmetic_view(5, 3, 3, 1)  # the stride does not fit
    assert not ok
    fig.suptitle("Impossible: " + text)
    assert style.smallest_text_px(fig, WIDGET_IMAGE_MAX_PX) >= MIN_TEXT_PX


def test_the_measurement_catches_10_pt_text():
    fig, ax = plt.subplots(figsize=(12.4, 4.6), dpi=100)
    ax.plot([1, 2, 3])
    ax.set_title("a title at 20 pt", fontsize=20)
    ax.tick_params(labelsize=16)
    assert style.smallest_text_px(fig) >= MIN_TEXT_PX
    ax.annotate("a 10 pt note", (2, 2), fontsize=10)
    assert style.smallest_text_px(fig) == pytest.approx(10 * 100 / 72)
    assert style.smallest_text_px(fig) < MIN_TEXT_PX


def test_the_measurement_counts_the_shrinking_on_the_slide():
    fig, ax = plt.subplots(figsize=(12.4, 4.6), dpi=100)
    ax.set_title("16 pt", fontsize=16)
    ax.set_xticks([]), ax.set_yticks([])
    assert style.smallest_text_px(fig) == pytest.approx(16 * 100 / 72)
    fig.set_size_inches(12.4, 9.2)  # twice as tall: the slide shows it at half the size
    assert style.smallest_text_px(fig) == pytest.approx(8 * 100 / 72)
    assert style.smallest_text_px(fig, (1240, 920)) == pytest.approx(16 * 100 / 72)


def test_the_minor_label_check_sees_labelled_minor_ticks():
    fig, ax = plt.subplots()
    ax.semilogy([1, 2, 3], [0.2, 0.3, 0.5])  # under one decade: matplotlib labels minor ticks
    assert style.minor_tick_labels(fig)


def test_the_default_style_keeps_every_text_at_18_px():
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], label="a line")
    ax.set(title="a title", xlabel="x", ylabel="y")
    ax.legend()
    fig.suptitle("a suptitle")
    ax.annotate("a note", (2, 2))
    assert style.smallest_text_px(fig) >= MIN_TEXT_PX
    assert style.displayed_scale(fig) == 1.0  # the default size fills the slide, unshrunk


# --- colour-blind viewers --------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(style.CVD_MATRICES))
def test_data_colours_stay_apart_for_every_viewer(kind):
    distances = style.palette_distances()[kind]
    close = {f"{a}/{b}": round(d, 1) for (a, b), d in distances.items() if d < style.MIN_DELTA_E}
    assert close == {}, f"{kind}: CIE76 ΔE under {style.MIN_DELTA_E}: {close}"


def test_architecture_box_colours_stay_apart_for_every_viewer():
    for kind in style.CVD_MATRICES:
        assert style.delta_e("conv box", "dense box", kind) >= style.MIN_DELTA_E, kind


def test_the_check_would_have_caught_the_old_amber_and_orange():
    # Before issue 15 amber was #edae49 and orange #f28e2b: distinct in normal vision, but
    # nearly the same yellow for a red-green blind viewer.
    assert style.delta_e("#edae49", "#f28e2b") > 15
    assert style.delta_e("#edae49", "#f28e2b", "deuteranopia") < 10
    assert style.delta_e("#edae49", "#f28e2b", "protanopia") < 10


def _srgb_hex(linear):
    from matplotlib.colors import to_hex

    c = np.asarray(linear)
    return to_hex(np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055))


@pytest.mark.parametrize("kind", ["protanopia", "deuteranopia"])
def test_the_simulation_merges_colours_that_differ_only_in_the_missing_cone(kind):
    # A dichromat's matrix flattens one direction of linear RGB (its smallest singular value
    # is near 0): two colours apart along it look alike. (Machado's tritanopia matrix is
    # a fit, not a projection, so it has no such direction.)
    matrix = np.array(style.CVD_MATRICES[kind])
    missing = np.linalg.svd(matrix)[2][-1]
    base = np.full(3, 0.35)
    step = 0.3 / np.abs(missing).max()
    a, b = _srgb_hex(base + step * missing), _srgb_hex(base - step * missing)
    assert style.delta_e(a, b) > 20  # clearly different in normal vision
    assert style.delta_e(a, b, kind) < 3  # the same for this viewer


def test_lines_take_the_palette_colours_in_order():
    from matplotlib.colors import to_hex

    cycle = [to_hex(c["color"]) for c in mpl.rcParams["axes.prop_cycle"]]
    assert cycle == [to_hex(style.PALETTE[n]) for n in style.SERIES]


def test_the_measured_caps_are_the_decks_caps():
    import re
    from pathlib import Path

    css = (
        Path(__file__).resolve().parent.parent / "slides/template/static/workshop.css"
    ).read_text()
    rules = dict(re.findall(r"([^{}]+)\{([^}]*)\}", css))
    image = next(body for sel, body in rules.items() if ".jp-OutputArea-output img" in sel)
    widget = next(body for sel, body in rules.items() if ".widget-image img" in sel)
    assert f"max-height: {SLIDE_IMAGE_MAX_PX[1]}px" in image
    assert f"max-height: {WIDGET_IMAGE_MAX_PX[1]}px" in widget
