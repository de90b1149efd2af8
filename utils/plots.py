"""Plots that notebooks draw from data. Each returns its Figure, already closed, so a cell
ending in a call shows the figure exactly once.

Each plot is explained where it is first drawn, from notebook 01_what_is_deep_learning on.
Every text is at least 18 px tall on the 1280x720 slide (``utils.style.smallest_text_px``):
figures are at most 1240 x 460 px, so the slide shows them unshrunk, and no text is set
below ``SMALL_PT``. Lines are labelled at their ends instead of with a legend, and log axes
label only round values.
"""

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker, transforms

from .classifier import class_counts
from .nn import relu, sigmoid
from .style import PALETTE as C
from .style import SERIES

__all__ = [
    "CLASS_COLOURS", "plot_two_settings", "plot_activations", "plot_loss", "show_grid",
    "class_balance", "plot_feature_maps", "plot_kernel_and_map", "plot_window_positions",
    "plot_pooling", "show_images", "plot_history", "plot_confusion", "plot_filters",
    "plot_channel_maps", "plot_curves", "plot_architecture", "plot_ilsvrc", "plot_params_vs_error",
    "plot_point_snapshots", "plot_residual_block", "plot_inception_module", "label_lines",
    "readable_log_axis", "SMALL_PT", "WIDTH_IN", "HEIGHT_IN",
]  # fmt: skip

CLASS_COLOURS = np.array([C["blue"], C["red"]])
SMALL_PT = 14  # the smallest text drawn: 14 pt at 100 dpi is 19.4 px on the slide
WIDTH_IN, HEIGHT_IN = 12.4, 4.6  # 1240 x 460 px at 100 dpi: the slide's free area


def _done(fig):
    plt.close(fig)
    return fig


def _points_to_px(points, fig):
    return points * fig.dpi / 72


def _wrap(text, width_px, fontsize, fig):
    """``text`` broken at spaces into lines that fit ``width_px`` at ``fontsize`` points."""
    chars = max(4, int(width_px / (0.6 * _points_to_px(fontsize, fig))))
    return "\n".join(textwrap.wrap(str(text), chars, break_long_words=False)) or str(text)


def readable_log_axis(axis, values=None):
    """A log axis that labels round values only (1, 2, 5 per decade when it spans few
    decades) and no minor ticks, with numbers written plainly ("0.01", not "10^-2")."""
    axis.set_minor_formatter(ticker.NullFormatter())
    values = np.asarray(values if values is not None else [], dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    decades = np.log10(values.max() / values.min()) if len(values) else 3
    subs = (1.0, 2.0, 5.0) if decades < 2.5 else (1.0,)
    axis.set_major_locator(ticker.LogLocator(base=10, subs=subs))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))


def label_lines(ax, lines, fontsize=None, gap=1.25, beside=False):
    """Write each line's name at its right-hand end, in its colour, instead of a legend.

    ``lines`` are matplotlib Line2D objects with labels. Names that would overlap are
    spread apart vertically; a name past the right edge sits beside the axes, and the
    layout makes room for it. ``beside=True`` puts every name beside the axes, at the
    height where its line ends. Call it after the axes' limits are set.
    """
    fig = ax.figure
    fontsize = max(fontsize or _pt("legend.fontsize"), SMALL_PT)
    ax.autoscale_view()
    ends = []
    for line in lines:
        x, y = (np.asarray(v, dtype=float) for v in line.get_data())
        keep = np.isfinite(x) & np.isfinite(y)
        if not keep.any():
            continue
        points = np.column_stack([x[keep], y[keep]])
        fractions = ax.transLimits.transform(ax.transScale.transform(points))
        end = int(np.argmax(fractions[:, 0]))  # the rightmost point as drawn
        x, frac = points[end, 0], fractions[end, 1]
        ends.append([float(np.clip(frac, 0, 1)), x, line])
    height_in = fig.get_size_inches()[1] * ax.get_position().height
    step = gap * fontsize / 72 / max(height_in, 0.5)  # one line of text, in axes fractions
    ends.sort(key=lambda e: e[0])
    for i in range(1, len(ends)):
        ends[i][0] = max(ends[i][0], ends[i - 1][0] + step)
    overflow = ends[-1][0] - 1 if ends else 0
    for e in ends:
        e[0] -= max(overflow, 0)
    for i in range(len(ends) - 2, -1, -1):  # pushed down past the one below: push back up
        ends[i][0] = min(ends[i][0], ends[i + 1][0] - step)
    base = ax.transAxes if beside else ax.transData
    to_right = transforms.offset_copy(base, fig, x=8, y=0, units="points")
    where = transforms.blended_transform_factory(to_right, ax.transAxes)
    for frac, x, line in ends:
        x = 1.0 if beside else x
        colour, box = line.get_color(), None
        if _lightness(colour) > 70:  # too pale to read as text on white: ink on the colour
            colour, box = C["ink"], {"facecolor": colour, "edgecolor": "none", "pad": 2}
        ax.text(x, frac, line.get_label(), transform=where, color=colour, bbox=box,
                fontsize=fontsize, ha="left", va="center", clip_on=False)  # fmt: skip
    return ax


def _lightness(colour):
    """CIELAB lightness (0 black .. 100 white) of a matplotlib colour."""
    from matplotlib.colors import to_rgb

    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * np.cbrt(y) - 16 if y > (6 / 29) ** 3 else 903.3 * y


def _series(i):
    return C[SERIES[i % len(SERIES)]]


def plot_two_settings(x, y, groups):
    """The same points seen with labels (supervised) and without (unsupervised)."""
    fig, (left, right) = plt.subplots(1, 2, sharex=True, sharey=True, figsize=(WIDTH_IN, 4.4))
    left.scatter(*x.T, c=CLASS_COLOURS[y], s=40)
    left.set_title("supervised: labels given")
    right.scatter(*x.T, c=C["grey"], s=40, marker="o", alpha=0.35)
    for g, marker in zip(range(2), ["o", "^"], strict=True):
        right.scatter(
            *x[groups == g].T, facecolors="none", edgecolors=C["ink"], marker=marker, s=50
        )
    right.set_title("unsupervised: k-means finds 2 groups")
    for ax in (left, right):
        ax.set_xticks([])
        ax.set_yticks([])
    return _done(fig)


def plot_activations():
    """Sigmoid, tanh and ReLU side by side."""
    z = np.linspace(-5, 5, 201)
    fig, axes = plt.subplots(1, 3, figsize=(WIDTH_IN, 3.8))
    for ax, (name, f) in zip(
        axes, [("sigmoid", sigmoid), ("tanh", np.tanh), ("ReLU", relu)], strict=True
    ):
        ax.plot(z, f(z), color=C["blue"])
        ax.axhline(0, color=C["grey"], linewidth=1)
        ax.axvline(0, color=C["grey"], linewidth=1)
        ax.set_title(name)
        ax.set_xlabel("z")
    return _done(fig)


def plot_loss(losses, title="training loss"):
    """A loss curve on a log scale."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.0))
    ax.semilogy(np.arange(1, len(losses) + 1), losses, color=C["blue"])
    readable_log_axis(ax.yaxis, losses)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("loss")
    ax.set_title(title)
    return _done(fig)


def show_grid(x, y, class_names, n=20, columns=10):
    """The first ``n`` images in a grid, each titled with its class name.

    Long names wrap onto a second line rather than shrink.
    """
    n = min(n, len(x))
    columns = max(1, min(columns, n))
    rows = -(-n // columns)
    cell = WIDTH_IN / columns
    fig = plt.figure(figsize=(WIDTH_IN, 1.0))  # the height follows from the titles
    cell_px = cell * fig.dpi
    titles = [_wrap(str(class_names[int(y[i])]).replace("_", " "), cell_px, SMALL_PT, fig)
              for i in range(n)]  # fmt: skip
    lines = max(t.count("\n") + 1 for t in titles) if titles else 1
    title_in = lines * 1.25 * SMALL_PT / 72 + 0.08
    image_in = min(cell * 0.92, (HEIGHT_IN / rows) - title_in)
    fig.set_size_inches(WIDTH_IN, min(HEIGHT_IN, rows * (image_in + title_in) + 0.1))
    axes = fig.subplots(rows, columns, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(x[i], cmap="gray" if x[i].ndim == 2 else None, vmin=0, vmax=255)
            ax.set_title(titles[i], fontsize=SMALL_PT)
    return _done(fig)


def class_balance(y, class_names):
    """How many examples each class has, as a bar chart (with many classes, every k-th
    class is named)."""
    counts = class_counts(np.asarray(y, dtype=int), len(class_names))
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    ax.bar(range(len(counts)), counts, color=C["blue"])
    every = max(1, -(-len(counts) // 20))
    named = range(0, len(counts), every)
    ax.set_xticks(named, [str(class_names[i]).replace("_", " ")[:12] for i in named],
                  rotation=45, ha="right", rotation_mode="anchor")  # fmt: skip
    ax.set_ylabel("examples")
    ax.set_title(f"{len(y):,} examples in {len(counts)} classes")
    return _done(fig)


def _pt(key):
    """The size in points that rcParams ``key`` gives ("large" and the like resolved)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=plt.rcParams[key]).get_size_in_points()


def _image_axes(ax, image, title, cmap="gray", width_px=None):
    ax.imshow(image, cmap=cmap if np.ndim(image) == 2 else None)
    if width_px:
        title = _wrap(title, width_px, _pt("axes.titlesize"), ax.figure)
    ax.set_title(title)
    ax.axis("off")


def plot_feature_maps(image, kernels, columns=4):
    """The input photo and its feature map under each kernel in ``kernels`` (name -> 3x3).

    The panels take at most two rows; more kernels make more columns.
    """
    from .kernels import filter2d

    panels = [("input", image)] + [(name, filter2d(image, k)) for name, k in kernels.items()]
    columns = max(columns, -(-len(panels) // 2))
    rows = -(-len(panels) // columns)
    side = min(HEIGHT_IN / rows, WIDTH_IN / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(WIDTH_IN, side * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, (name, fmap) in zip(axes.flat, panels, strict=False):
        _image_axes(ax, fmap, name, width_px=side * fig.dpi * 1.15)
    return _done(fig)


def plot_kernel_and_map(image, kernel, title="feature map", height=HEIGHT_IN):
    """Input, the kernel's numbers, and the feature map, side by side."""
    from .kernels import filter2d

    fig, (a, b, c) = plt.subplots(1, 3, figsize=(WIDTH_IN, height), width_ratios=[1, 0.8, 1])
    _image_axes(a, image, "input")
    kernel = np.asarray(kernel, float)
    limit = max(np.abs(kernel).max(), 1e-9)
    b.imshow(kernel, cmap="RdBu", vmin=-limit, vmax=limit)
    size = 16 if height >= 3.5 else SMALL_PT
    for (i, j), v in np.ndenumerate(kernel):
        ink = C["white"] if abs(v) > 0.6 * limit else C["black"]  # readable on dark cells
        b.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=size, color=ink)
    b.set_title("kernel")
    b.set_xticks([])
    b.set_yticks([])
    _image_axes(c, filter2d(image, kernel), title)
    return _done(fig)


def plot_window_positions(n, kernel_size, stride=1, padding=0, dilation=1, max_height=HEIGHT_IN):
    """Every position of a (dilated) window sliding along an input of length ``n``.

    Padding cells are grey. When the stride does not fit, the input that no window can
    reach is shaded red: that is why the formula is not an integer. With many windows the
    rows move closer together and only every few are named, so the text stays large.
    """
    from .arithmetic import effective_kernel

    k_eff = effective_kernel(kernel_size, dilation)
    total = n + 2 * padding
    starts = list(range(0, max(total - k_eff, -1) + 1, stride))
    rows = max(len(starts), 1)
    unit = 0.36  # inches per unit of height: one input cell
    spacing = min(0.9, (max_height / unit - 2.6) / rows)
    height = unit * (2.6 + spacing * rows)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    label_every = max(1, int(np.ceil(0.75 / spacing)))
    named = set(range(0, rows, label_every))
    if rows - 1 not in named:  # the last window is always named, its neighbour gives way
        named = (named - {max(named)} if rows - 1 - max(named) < label_every else named) | {
            rows - 1
        }
    text_px = _points_to_px(SMALL_PT, fig)
    cell_px = (WIDTH_IN * fig.dpi - 6 * text_px) / (total + 0.5)
    left = -5.5 * text_px / cell_px
    for c in range(total):
        pad = c < padding or c >= padding + n
        face = C["light grey"] if pad else C["pale blue"]
        ax.add_patch(plt.Rectangle((c, 0), 1, 1, facecolor=face, edgecolor=C["ink"], linewidth=1))
        ax.text(c + 0.5, 0.5, "0" if pad else str(c - padding), ha="center", va="center",
                fontsize=SMALL_PT)  # fmt: skip
    for row, start in enumerate(starts, start=1):
        y = -0.3 - spacing * (row - 0.5)
        ax.plot([start, start + k_eff], [y, y], color=C["blue"], linewidth=2)
        taps = start + np.arange(kernel_size) * dilation + 0.5
        ax.scatter(taps, np.full(kernel_size, y), color=C["blue"], s=50, zorder=3)
        if row - 1 in named:
            ax.text(-0.3, y, f"out {row - 1}", ha="right", va="center", fontsize=SMALL_PT)
    reach = (starts[-1] + k_eff) if starts else 0
    if starts and reach < total:
        ax.add_patch(plt.Rectangle((reach, 0), total - reach, 1, facecolor="none",
                                   edgecolor=C["red"], linewidth=3, hatch="//"))  # fmt: skip
        ax.text(reach + (total - reach) / 2, 1.15, "left over", ha="center", va="bottom",
                color=C["red"], fontsize=SMALL_PT)  # fmt: skip
    ax.set_xlim(left, total + 0.5)
    ax.set_ylim(-0.3 - spacing * rows - 0.2, 2.1 if reach < total else 1.3)
    ax.axis("off")
    return _done(fig)


def plot_pooling(image, pooled, title, height=HEIGHT_IN):
    """An image and its pooled version at the same display size."""
    fig, (a, b) = plt.subplots(1, 2, figsize=(WIDTH_IN * 0.75, height))
    _image_axes(a, image, f"input {image.shape[0]}x{image.shape[1]}")
    _image_axes(b, pooled, title)
    return _done(fig)


def show_images(panels, height=4.2):
    """A row of images, each titled: ``panels`` maps title -> 2D array (or RGB)."""
    fig, axes = plt.subplots(1, len(panels), figsize=(WIDTH_IN, min(height, HEIGHT_IN)),
                             squeeze=False)  # fmt: skip
    width_px = WIDTH_IN * fig.dpi / len(panels)
    for ax, (title, image) in zip(axes[0], panels.items(), strict=True):
        _image_axes(ax, image, title, width_px=width_px)
    return _done(fig)


def plot_history(history):
    """Training and validation loss and accuracy, per epoch, each line named at its end."""
    h = history.history
    epochs = np.arange(1, len(h["loss"]) + 1)
    fig, (loss, acc) = plt.subplots(1, 2, figsize=(WIDTH_IN, 4.2))
    for ax, key in ((loss, "loss"), (acc, "accuracy")):
        lines = [
            ax.plot(epochs, h[key], marker="o", label="training", color=C["blue"])[0],
            ax.plot(epochs, h[f"val_{key}"], marker="s", label="validation", color=C["red"])[0],
        ]
        ax.set_xlabel("epoch")
        ax.set_title(key)
        ax.set_xticks(epochs[:: max(1, len(epochs) // 8)])
        label_lines(ax, lines)
    return _done(fig)


def plot_confusion(counts, class_names, height=HEIGHT_IN):
    """A confusion matrix: rows are the true classes, columns the predictions.

    The cells are wider than tall, so every count fits at a readable size.
    """
    counts = np.asarray(counts)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, min(height, HEIGHT_IN)))
    shown = np.log1p(counts)
    ax.imshow(shown, cmap="Blues", aspect="auto")
    if len(counts) <= 12:
        for (i, j), v in np.ndenumerate(counts):
            if v:
                ink = C["white"] if shown[i, j] > 0.6 * shown.max() else C["black"]
                ax.text(j, i, str(v), ha="center", va="center", fontsize=SMALL_PT, color=ink)
    labels = [str(c).replace("_", " ")[:10] for c in class_names]
    every = max(1, -(-len(labels) // 12))
    ticks = range(0, len(labels), every)
    column_px = 0.85 * WIDTH_IN * fig.dpi / len(labels) * every
    crowded = max(map(len, labels)) * 0.6 * _points_to_px(SMALL_PT + 1, fig) > column_px
    ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=30 if crowded else 0,
                  ha="right" if crowded else "center", rotation_mode="anchor")  # fmt: skip
    ax.set_yticks(ticks, [labels[i] for i in ticks])
    ax.tick_params(labelsize=SMALL_PT + 1, length=0)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _done(fig)


def plot_filters(kernel, columns=16):
    """First-layer kernels (kh, kw, 1, n) as small grayscale images."""
    n = kernel.shape[-1]
    columns = max(1, min(columns, n))
    rows = -(-n // columns)
    side = min(WIDTH_IN / columns, HEIGHT_IN / rows)
    fig, axes = plt.subplots(rows, columns, figsize=(WIDTH_IN, side * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(kernel[:, :, 0, i], cmap="gray")
    return _done(fig)


def plot_channel_maps(maps, title, channels=8):
    """The first ``channels`` feature maps of one image (H, W, C), in one row."""
    fig, axes = plt.subplots(1, channels, figsize=(WIDTH_IN, WIDTH_IN / channels + 0.55),
                             squeeze=False)  # fmt: skip
    for c, ax in enumerate(axes[0]):
        ax.imshow(maps[:, :, c], cmap="gray")
        ax.set_title(f"{title} #{c}", fontsize=SMALL_PT + 1)
        ax.axis("off")
    return _done(fig)


def plot_curves(curves, xlabel="step", ylabel="training loss", title=None, logy=True, x=None):
    """Several named series on one set of axes: ``curves`` maps label -> values.

    ``x`` gives the positions of the values (1, 2, 3, ... by default). Each line is named
    at its end, in its colour.
    """
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.2))
    lines = []
    for i, (label, values) in enumerate(curves.items()):
        xs = np.arange(1, len(values) + 1) if x is None else x
        lines += ax.plot(xs, values, label=label, color=_series(i),
                         marker="o" if x is not None else None)  # fmt: skip
    if logy:
        ax.set_yscale("log")
        readable_log_axis(ax.yaxis, np.concatenate([np.ravel(v) for v in curves.values()]))
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    label_lines(ax, lines)
    return _done(fig)


def _stages(table):
    """Consecutive layers that share an output size, from a ``layer_table``: the boxes to draw."""
    kept = {"Conv2D", "MaxPooling2D", "AveragePooling2D", "Concatenate", "Add", "Dense"}
    stages = []
    for kind, shape in zip(table["type"], table["output shape"], strict=True):
        if kind not in kept:
            continue
        key = shape[:2] if len(shape) == 3 else ("dense", shape[0])
        if not stages or stages[-1]["key"] != key or key[0] == "dense":
            stages.append({"key": key, "channels": shape[-1], "convs": 0, "types": set(),
                           "adds": 0, "concats": 0})  # fmt: skip
        stages[-1]["channels"] = shape[-1]
        stages[-1]["convs"] += kind == "Conv2D"
        stages[-1]["adds"] += kind == "Add"
        stages[-1]["concats"] += kind == "Concatenate"
        stages[-1]["types"].add(kind)
    return stages


def plot_architecture(table, title):
    """A net as boxes, left to right: height follows the feature-map side, width the channels.

    Each box is a run of layers with the same output size; its label counts the convolutions,
    and the residual blocks (skip connections) or Inception modules among them.
    """
    stages = _stages(table)
    sides = [s["key"][0] for s in stages if s["key"][0] != "dense"]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    x, gap = 0.0, 0.5
    for s in stages:
        dense = s["key"][0] == "dense"
        width = 0.5 if dense else 0.4 + 0.16 * np.log2(s["channels"])
        height = (
            0.6 + 0.9 * np.log10(s["channels"])
            if dense
            else 0.5 + 3.2 * np.sqrt(s["key"][0] / max(sides, default=1))
        )
        face = C["dense box"] if dense else C["conv box"]
        box = plt.Rectangle((x, -height / 2), width, height, facecolor=face, edgecolor=C["ink"])
        ax.add_patch(box)
        if dense:
            label = f"dense\n{s['channels']}"
        else:
            label = f"{s['key'][0]}×{s['key'][1]}\n×{s['channels']}"
            if s["adds"]:
                label += f"\n{s['adds']} residual\nblocks"
            elif s["concats"]:
                label += f"\n{s['concats']} incep-\ntion"
            elif s["convs"]:
                label += f"\n{s['convs']} conv"
            elif "MaxPooling2D" in s["types"] or "AveragePooling2D" in s["types"]:
                label += "\npool"
        ax.text(x + width / 2, -2.0, label, ha="center", va="top", fontsize=SMALL_PT + 1,
                linespacing=1.1)  # fmt: skip
        x += width + gap
    ax.set_xlim(-0.2, max(x - gap + 0.2, 6))
    ax.set_ylim(-4.2, 2.0)
    ax.set_title(title)
    ax.axis("off")
    return _done(fig)


def plot_ilsvrc(entries, human):
    """ILSVRC top-5 test error of the contest entries, by year (``utils.milestones.Result``).

    Every entry is an ensemble; hatched amber bars used extra training data. The dashed
    line is ``human``, one trained annotator.
    """
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    labels = [f"{e.who.split(' (')[0]}\n{e.year}" + ("\n+extra data" if e.extra_data else "")
              for e in entries]  # fmt: skip
    errors = [e.top5 for e in entries]
    colours = [C["amber"] if e.extra_data else C["blue"] for e in entries]
    bars = ax.bar(range(len(entries)), errors, color=colours, edgecolor=C["ink"])
    for bar, entry in zip(bars, entries, strict=True):
        bar.set_hatch("//" if entry.extra_data else "")
    ax.bar_label(bars, [f"{e:g}%" for e in errors], fontsize=SMALL_PT + 2)
    ax.set_xticks(range(len(entries)), labels, fontsize=SMALL_PT + 1)
    ax.axhline(human.top5, color=C["red"], linestyle="--", linewidth=2.5)
    beside = transforms.blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(1.01, human.top5, f"one trained\nhuman: {human.top5:g}%", transform=beside,
            color=C["red"], ha="left", va="center", fontsize=SMALL_PT + 2)  # fmt: skip
    ax.set_ylabel("top-5 error, test (%)")
    ax.set_ylim(0, max(errors) * 1.2)
    return _done(fig)


def plot_params_vs_error(points, ylabel="top-5 error (%)", height=HEIGHT_IN):
    """Parameters (log scale) against top-5 error: ``points`` is (label, parameters, error %).

    ``height`` (inches) makes room on a slide that also holds several lines of sources.
    """
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    for label, params, error in points:
        ax.scatter(params / 1e6, error, s=110, color=C["blue"])
        ax.annotate(label, (params / 1e6, error), xytext=(9, 7), textcoords="offset points",
                    fontsize=SMALL_PT + 2)  # fmt: skip
    ax.set_xscale("log")
    millions = [p / 1e6 for _, p, _ in points]
    readable_log_axis(ax.xaxis, millions)
    ax.set_xlim(min(millions) / 1.5, max(millions) * 2.6)
    ax.set(xlabel="parameters (millions, log scale)", ylabel=ylabel)
    ax.set_ylim(0, max(e for *_, e in points) * 1.25)
    return _done(fig)


def plot_point_snapshots(real, snapshots):
    """Generated 2D points (orange) over the real ones (blue), one panel per training step."""
    fig, axes = plt.subplots(1, len(snapshots), figsize=(WIDTH_IN, WIDTH_IN / len(snapshots)
                             + 0.5), sharex=True, sharey=True, squeeze=False)  # fmt: skip
    axes = axes[0]
    for ax, (step, points) in zip(axes, snapshots.items(), strict=True):
        ax.scatter(*real[:1000].T, s=6, color=C["blue"], alpha=0.4)
        ax.scatter(*points.T, s=6, color=C["orange"], alpha=0.7)
        ax.set_title(f"step {step}")
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
    limit = 1.3 * np.abs(real).max()
    axes[0].set_xlim(-limit, limit)
    axes[0].set_ylim(-limit, limit)
    axes[0].text(0.03, 0.97, "real", color=C["blue"], transform=axes[0].transAxes,
                 va="top", fontsize=SMALL_PT + 2, fontweight="bold")  # fmt: skip
    axes[0].text(0.03, 0.03, "generated", color=C["orange"], transform=axes[0].transAxes,
                 va="bottom", fontsize=SMALL_PT + 2, fontweight="bold")  # fmt: skip
    return _done(fig)


# --- diagrams of the two ideas that made nets deep ------------------------------------------


def _box(ax, x, y, w, h, text, face, size=SMALL_PT + 2, weight="normal"):
    """A rounded box centred on (x, y), with its text."""
    from matplotlib.patches import FancyBboxPatch

    shape = "round,pad=0.02,rounding_size=0.08"
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle=shape, facecolor=face,
                                edgecolor=C["ink"], linewidth=1.8))  # fmt: skip
    ax.text(x, y, text, ha="center", va="center", fontsize=size, color=C["ink"],
            fontweight=weight, linespacing=1.15)  # fmt: skip


def _arrow(ax, start, end, colour=None, style="-|>", width=2.0):
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=20,
                                 color=colour or C["ink"], linewidth=width,
                                 shrinkA=0, shrinkB=0))  # fmt: skip


def _diagram(height=HEIGHT_IN):
    """Axes in inches, 0..WIDTH_IN across and 0..height up, with nothing but the drawing."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height), layout="none")
    fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(0, WIDTH_IN)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def plot_residual_block(filters=64):
    """A residual block (He et al. 2016): two 3x3 convolutions learn F(x), and the skip path
    carries x around them unchanged to the addition, so the block outputs ReLU(F(x) + x)."""
    fig, ax = _diagram(4.4)
    y = 1.7  # the main path
    ax.text(0.55, y, "x", ha="center", va="center", fontsize=26, style="italic", color=C["ink"])
    boxes = [(2.6, f"3x3 conv, {filters}\nbatch norm\nReLU"),
             (5.6, f"3x3 conv, {filters}\nbatch norm")]  # fmt: skip
    _arrow(ax, (0.85, y), (2.6 - 1.1, y))
    for i, (x, text) in enumerate(boxes):
        _box(ax, x, y, 2.2, 1.35, text, C["conv box"])
        if i:
            _arrow(ax, (boxes[i - 1][0] + 1.1, y), (x - 1.1, y))
    plus = (8.3, y)
    _arrow(ax, (5.6 + 1.1, y), (plus[0] - 0.38, y))
    ax.text(7.5, y + 0.18, "F(x)", ha="center", va="bottom", fontsize=SMALL_PT + 4,
            style="italic", color=C["ink"])  # fmt: skip
    from matplotlib.patches import Circle

    ax.add_patch(Circle(plus, 0.36, facecolor=C["pale amber"], edgecolor=C["ink"], linewidth=2))
    ax.text(*plus, "+", ha="center", va="center", fontsize=28, color=C["ink"])
    _box(ax, 10.0, y, 1.3, 0.8, "ReLU", C["pale green"])
    _arrow(ax, (plus[0] + 0.36, y), (10.0 - 0.65, y))
    _arrow(ax, (10.65, y), (11.55, y))
    ax.text(11.65, y, "out", ha="left", va="center", fontsize=SMALL_PT + 4, color=C["ink"])
    # the skip path: up from x, over both convolutions, down into the addition
    top = 3.55
    ax.plot([1.05, 1.05, plus[0], plus[0]], [y, top, top, y + 0.9], color=C["red"],
            linewidth=3.5, solid_joinstyle="round")  # fmt: skip
    _arrow(ax, (plus[0], y + 0.9), (plus[0], y + 0.36), colour=C["red"], width=3.5)
    ax.text((1.05 + plus[0]) / 2, top + 0.12, "skip path: x unchanged (identity)",
            ha="center", va="bottom", fontsize=SMALL_PT + 4, color=C["red"])  # fmt: skip
    ax.text(plus[0] + 0.5, y - 0.5, "F(x) + x", ha="left", va="top", fontsize=SMALL_PT + 4,
            style="italic", color=C["ink"])  # fmt: skip
    ax.text(4.1, 0.35, "the convolutions only learn the change F(x) to add to x",
            ha="center", va="center", fontsize=SMALL_PT + 2, color=C["ink"])  # fmt: skip
    return _done(fig)


def plot_inception_module(spec, input_channels=None, name=None):
    """An Inception module (Szegedy et al. 2014) as four branches side by side, concatenated.

    ``spec`` is a row of ``utils.models.INCEPTION``: (#1x1, #3x3 reduce, #3x3, #5x5 reduce,
    #5x5, pool proj). The 1x1 "reduce" convolutions (amber) are the bottlenecks that make the
    3x3 and 5x5 branches cheap.
    """
    n1, r3, n3, r5, n5, proj = spec
    fig, ax = _diagram(HEIGHT_IN)
    rows = [3.55, 2.6, 1.65, 0.7]  # branch centres, top to bottom
    source = "input" if input_channels is None else f"input\n×{input_channels}"
    _box(ax, 0.85, 2.12, 1.4, 1.1, source, C["pale blue"])
    branches = [
        [("1x1 conv", n1, C["conv box"])],
        [("1x1 reduce", r3, C["pale amber"]), ("3x3 conv", n3, C["conv box"])],
        [("1x1 reduce", r5, C["pale amber"]), ("5x5 conv", n5, C["conv box"])],
        [("3x3 max pool", None, C["pale green"]), ("1x1 proj.", proj, C["pale amber"])],
    ]
    columns, w, h = [3.6, 6.4], 2.4, 0.8
    for y, branch in zip(rows, branches, strict=True):
        head = "-" if len(branch) == 1 else "-|>"  # the 1x1 branch runs on to its box
        _arrow(ax, (1.55, 2.12), (columns[0] - w / 2, y), style=head)
        for i, (kind, filters, face) in enumerate(branch):
            x = columns[-1] if len(branch) == 1 else columns[i]
            text = kind if filters is None else f"{kind}, {filters}"
            _box(ax, x, y, w, h, text, face, size=SMALL_PT + 1)
            if len(branch) == 1:
                _arrow(ax, (columns[0] - w / 2, y), (x - w / 2, y))
            elif i:
                _arrow(ax, (columns[0] + w / 2, y), (x - w / 2, y))
        _arrow(ax, (columns[1] + w / 2, y), (9.05, 2.12))
    total = n1 + n3 + n5 + proj
    _box(ax, 10.35, 2.12, 2.5, 1.5, f"concatenate\n{n1}+{n3}+{n5}+{proj}\n= {total} channels",
         C["pale sky"], size=SMALL_PT + 1)  # fmt: skip
    title = "Inception module" + (f" {name}" if name else "") + ": four branches, one output"
    ax.text(WIDTH_IN / 2, HEIGHT_IN - 0.05, title, ha="center", va="top",
            fontsize=SMALL_PT + 4, color=C["ink"])  # fmt: skip
    return _done(fig)
