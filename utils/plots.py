"""Plots that notebooks draw from data. Each returns its Figure, already closed, so a cell
ending in a call shows the figure exactly once.

Each plot is explained where it is first drawn, from notebook 01_what_is_deep_learning on.
"""

import matplotlib.pyplot as plt
import numpy as np

from .nn import relu, sigmoid
from .style import PALETTE as C

__all__ = [
    "CLASS_COLOURS", "plot_two_settings", "plot_activations", "plot_loss", "show_grid",
    "class_balance", "plot_feature_maps", "plot_kernel_and_map", "plot_window_positions",
    "plot_pooling", "show_images", "plot_history", "plot_confusion", "plot_filters",
    "plot_channel_maps", "plot_curves", "plot_architecture", "plot_ilsvrc", "plot_params_vs_error",
    "plot_point_snapshots",
]  # fmt: skip

CLASS_COLOURS = np.array([C["blue"], C["red"]])


def _done(fig):
    plt.close(fig)
    return fig


def plot_two_settings(x, y, groups):
    """The same points seen with labels (supervised) and without (unsupervised)."""
    fig, (left, right) = plt.subplots(1, 2, sharex=True, sharey=True)
    left.scatter(*x.T, c=CLASS_COLOURS[y], s=30)
    left.set_title("supervised: labels given")
    right.scatter(*x.T, c=C["grey"], s=30, marker="o", alpha=0.35)
    for g, marker in zip(range(2), ["o", "^"], strict=True):
        right.scatter(
            *x[groups == g].T, facecolors="none", edgecolors=C["ink"], marker=marker, s=36
        )
    right.set_title("unsupervised: k-means finds 2 groups")
    for ax in (left, right):
        ax.set_xticks([])
        ax.set_yticks([])
    return _done(fig)


def plot_activations():
    """Sigmoid, tanh and ReLU side by side."""
    z = np.linspace(-5, 5, 201)
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.3))
    for ax, (name, f) in zip(
        axes, [("sigmoid", sigmoid), ("tanh", np.tanh), ("ReLU", relu)], strict=True
    ):
        ax.plot(z, f(z))
        ax.axhline(0, color=C["grey"], linewidth=1)
        ax.axvline(0, color=C["grey"], linewidth=1)
        ax.set_title(name)
        ax.set_xlabel("z")
    return _done(fig)


def plot_loss(losses, title="training loss"):
    """A loss curve on a log scale."""
    fig, ax = plt.subplots(figsize=(11, 3.6))
    ax.semilogy(np.arange(1, len(losses) + 1), losses)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("loss")
    ax.set_title(title)
    return _done(fig)


def show_grid(x, y, class_names, n=20, columns=10):
    """The first ``n`` images in a grid, each titled with its class name."""
    n = min(n, len(x))
    rows = -(-n // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(1.15 * columns, 1.45 * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(x[i], cmap="gray" if x[i].ndim == 2 else None, vmin=0, vmax=255)
            ax.set_title(str(class_names[int(y[i])]).replace("_", " ")[:12], fontsize=11)
    return _done(fig)


def class_balance(y, class_names):
    """How many examples each class has, as a bar chart."""
    counts = np.bincount(np.asarray(y, dtype=int), minlength=len(class_names))
    fig, ax = plt.subplots(figsize=(11, 3.6))
    ax.bar(range(len(counts)), counts, color=C["blue"])
    ax.set_xticks(range(len(counts)), [str(c)[:10] for c in class_names], rotation=45, ha="right")
    ax.set_ylabel("examples")
    ax.set_title(f"{len(y):,} examples in {len(counts)} classes")
    return _done(fig)


def _image_axes(ax, image, title, cmap="gray"):
    ax.imshow(image, cmap=cmap if np.ndim(image) == 2 else None)
    ax.set_title(title)
    ax.axis("off")


def plot_feature_maps(image, kernels, columns=4):
    """The input photo and its feature map under each kernel in ``kernels`` (name -> 3x3)."""
    from .kernels import filter2d

    panels = [("input", image)] + [(name, filter2d(image, k)) for name, k in kernels.items()]
    rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(10, 2.3 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, (name, fmap) in zip(axes.flat, panels, strict=False):
        _image_axes(ax, fmap, name)
    return _done(fig)


def plot_kernel_and_map(image, kernel, title="feature map"):
    """Input, the kernel's numbers, and the feature map, side by side."""
    from .kernels import filter2d

    fig, (a, b, c) = plt.subplots(1, 3, figsize=(11, 3.9), width_ratios=[1, 0.7, 1])
    _image_axes(a, image, "input")
    kernel = np.asarray(kernel, float)
    limit = max(np.abs(kernel).max(), 1e-9)
    b.imshow(kernel, cmap="RdBu", vmin=-limit, vmax=limit)
    for (i, j), v in np.ndenumerate(kernel):
        ink = "white" if abs(v) > 0.6 * limit else "black"  # readable on dark cells
        b.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=16, color=ink)
    b.set_title("kernel")
    b.set_xticks([])
    b.set_yticks([])
    _image_axes(c, filter2d(image, kernel), title)
    return _done(fig)


def plot_window_positions(n, kernel_size, stride=1, padding=0, dilation=1):
    """Every position of a (dilated) window sliding along an input of length ``n``.

    Padding cells are grey. When the stride does not fit, the input that no window can
    reach is shaded red: that is why the formula is not an integer.
    """
    from .arithmetic import effective_kernel

    k_eff = effective_kernel(kernel_size, dilation)
    total = n + 2 * padding
    starts = list(range(0, max(total - k_eff, -1) + 1, stride))
    fig, ax = plt.subplots(figsize=(11, 1.2 + 0.42 * max(len(starts), 1)))
    for c in range(total):
        pad = c < padding or c >= padding + n
        face = C["light grey"] if pad else C["pale blue"]
        ax.add_patch(plt.Rectangle((c, 0), 1, 0.8, facecolor=face, edgecolor=C["ink"], linewidth=1))
        ax.text(
            c + 0.5, 0.4, "0" if pad else str(c - padding), ha="center", va="center", fontsize=10
        )
    for row, start in enumerate(starts, start=1):
        y = -0.55 * row
        ax.plot([start, start + k_eff], [y, y], color=C["blue"], linewidth=1.5)
        taps = start + np.arange(kernel_size) * dilation + 0.5
        ax.scatter(taps, np.full(kernel_size, y), color=C["blue"], s=40, zorder=3)
        ax.text(-0.4, y, f"out {row - 1}", ha="right", va="center", fontsize=11)
    reach = (starts[-1] + k_eff) if starts else 0
    if starts and reach < total:
        ax.add_patch(plt.Rectangle((reach, 0), total - reach, 0.8, facecolor="none",
                                   edgecolor=C["red"], linewidth=3, hatch="//"))  # fmt: skip
        ax.text(
            reach + (total - reach) / 2,
            1.05,
            "left over",
            ha="center",
            color=C["red"],
            fontsize=12,
        )
    ax.set_xlim(-2.2, total + 0.5)
    ax.set_ylim(-0.55 * (len(starts) + 1), 1.4)
    ax.axis("off")
    return _done(fig)


def plot_pooling(image, pooled, title):
    """An image and its pooled version at the same display size."""
    fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3.9))
    _image_axes(a, image, f"input {image.shape[0]}x{image.shape[1]}")
    _image_axes(b, pooled, title)
    return _done(fig)


def show_images(panels, height=3.8):
    """A row of images, each titled: ``panels`` maps title -> 2D array (or RGB)."""
    fig, axes = plt.subplots(1, len(panels), figsize=(11, height), squeeze=False)
    for ax, (title, image) in zip(axes[0], panels.items(), strict=True):
        _image_axes(ax, image, title)
    return _done(fig)


def plot_history(history):
    """Training and validation loss and accuracy, per epoch."""
    h = history.history
    epochs = np.arange(1, len(h["loss"]) + 1)
    fig, (loss, acc) = plt.subplots(1, 2, figsize=(11, 3.8))
    for ax, key in ((loss, "loss"), (acc, "accuracy")):
        ax.plot(epochs, h[key], marker="o", label="training")
        ax.plot(epochs, h[f"val_{key}"], marker="o", label="validation")
        ax.set_xlabel("epoch")
        ax.set_title(key)
        ax.set_xticks(epochs)
        ax.legend()
    return _done(fig)


def plot_confusion(counts, class_names):
    """A confusion matrix: rows are the true classes, columns the predictions."""
    fig, ax = plt.subplots(figsize=(6.2, 5.2))
    shown = np.log1p(counts)
    ax.imshow(shown, cmap="Blues")
    for (i, j), v in np.ndenumerate(counts):
        if v:
            ink = "white" if shown[i, j] > 0.6 * shown.max() else "black"
            ax.text(j, i, str(v), ha="center", va="center", fontsize=9, color=ink)
    labels = [str(c)[:9] for c in class_names]
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=10)
    ax.set_yticks(range(len(labels)), labels, fontsize=10)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    return _done(fig)


def plot_filters(kernel, columns=16):
    """First-layer kernels (kh, kw, 1, n) as small grayscale images."""
    n = kernel.shape[-1]
    rows = -(-n // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(11, 0.75 * rows + 0.3), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(kernel[:, :, 0, i], cmap="gray")
    return _done(fig)


def plot_channel_maps(maps, title, channels=8):
    """The first ``channels`` feature maps of one image (H, W, C), in one row."""
    fig, axes = plt.subplots(1, channels, figsize=(11, 1.9))
    for c, ax in enumerate(axes):
        ax.imshow(maps[:, :, c], cmap="gray")
        ax.set_title(f"{title} #{c}", fontsize=11)
        ax.axis("off")
    return _done(fig)


def plot_curves(curves, xlabel="step", ylabel="training loss", title=None, logy=True, x=None):
    """Several named series on one set of axes: ``curves`` maps label -> values.

    ``x`` gives the positions of the values (1, 2, 3, ... by default).
    """
    fig, ax = plt.subplots(figsize=(11, 3.4))
    for label, values in curves.items():
        xs = np.arange(1, len(values) + 1) if x is None else x
        ax.plot(xs, values, label=label, linewidth=2, marker="o" if x is not None else None)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
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
            stages.append({"key": key, "channels": shape[-1], "convs": 0, "types": set()})
        stages[-1]["channels"] = shape[-1]
        stages[-1]["convs"] += kind == "Conv2D"
        stages[-1]["types"].add(kind)
    return stages


def plot_architecture(table, title):
    """A net as boxes, left to right: height follows the feature-map side, width the channels.

    Each box is a run of layers with the same output size; its label counts the convolutions.
    """
    stages = _stages(table)
    sides = [s["key"][0] for s in stages if s["key"][0] != "dense"]
    fig, ax = plt.subplots(figsize=(12, 3.9))
    x = 0.0
    for s in stages:
        dense = s["key"][0] == "dense"
        width = 0.35 if dense else 0.3 + 0.18 * np.log2(s["channels"])
        height = (
            0.6 + 0.9 * np.log10(s["channels"])
            if dense
            else 0.5 + 3.5 * np.sqrt(s["key"][0] / max(sides))
        )
        face = C["dense box"] if dense else C["conv box"]
        box = plt.Rectangle((x, -height / 2), width, height, facecolor=face, edgecolor=C["ink"])
        ax.add_patch(box)
        if dense:
            label = f"dense\n{s['channels']}"
        else:
            label = f"{s['key'][0]}×{s['key'][1]}\n×{s['channels']}"
            if s["convs"]:
                label += f"\n{s['convs']} conv"
            elif "MaxPooling2D" in s["types"] or "AveragePooling2D" in s["types"]:
                label += "\npool"
        ax.text(x + width / 2, -2.15, label, ha="center", va="top", fontsize=11)
        x += width + 0.25
    ax.set_xlim(-0.2, x)
    ax.set_ylim(-3.6, 2.1)
    ax.set_title(title)
    ax.axis("off")
    return _done(fig)


def plot_ilsvrc(entries, human):
    """ILSVRC top-5 test error of the contest entries, by year (``utils.milestones.Result``).

    Every entry is an ensemble; hatched bars used extra training data. The dashed line is
    ``human``, one trained annotator.
    """
    fig, ax = plt.subplots(figsize=(11, 4.6))
    labels = [f"{e.who.split(' (')[0]}\n{e.year}" + ("\n+extra data" if e.extra_data else "")
              for e in entries]  # fmt: skip
    errors = [e.top5 for e in entries]
    colours = [C["amber"] if e.extra_data else C["blue"] for e in entries]
    bars = ax.bar(range(len(entries)), errors, color=colours, edgecolor=C["ink"])
    for bar, entry in zip(bars, entries, strict=True):
        bar.set_hatch("//" if entry.extra_data else "")
    ax.bar_label(bars, [f"{e:g}%" for e in errors], fontsize=13)
    ax.set_xticks(range(len(entries)), labels, fontsize=13)
    ax.axhline(human.top5, color=C["red"], linestyle="--", linewidth=2)
    ax.text(len(entries) - 0.5, human.top5 + 0.5, f"one trained human: {human.top5:g}%",
            color=C["red"], ha="right", fontsize=13)  # fmt: skip
    ax.set_ylabel("top-5 error, test (%)")
    ax.set_ylim(0, max(errors) * 1.2)
    return _done(fig)


def plot_params_vs_error(points, ylabel="top-5 error (%)"):
    """Parameters (log scale) against top-5 error: ``points`` is (label, parameters, error %)."""
    fig, ax = plt.subplots(figsize=(11, 3.8))
    for label, params, error in points:
        ax.scatter(params / 1e6, error, s=90, color=C["blue"])
        ax.annotate(
            label, (params / 1e6, error), xytext=(8, 6), textcoords="offset points", fontsize=13
        )
    ax.set_xscale("log")
    millions = [p / 1e6 for _, p, _ in points]
    ax.set_xlim(min(millions) / 1.5, max(millions) * 2.2)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set(xlabel="parameters (millions, log scale)", ylabel=ylabel)
    ax.set_ylim(0, max(e for *_, e in points) * 1.2)
    return _done(fig)


def plot_point_snapshots(real, snapshots):
    """Generated 2D points (orange) over the real ones (blue), one panel per training step."""
    fig, axes = plt.subplots(1, len(snapshots), figsize=(12, 3.4), sharex=True, sharey=True)
    for ax, (step, points) in zip(axes, snapshots.items(), strict=True):
        ax.scatter(*real[:1000].T, s=4, color=C["blue"], alpha=0.4)
        ax.scatter(*points.T, s=4, color=C["orange"], alpha=0.6)
        ax.set_title(f"step {step}")
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
    limit = 1.3 * np.abs(real).max()
    axes[0].set_xlim(-limit, limit)
    axes[0].set_ylim(-limit, limit)
    return _done(fig)
