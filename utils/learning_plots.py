"""Plots of a classifier learning: gradients, loss curves, optimiser paths, schedules, spreads.

Explained in notebook 07_how_a_classifier_learns. Each returns its Figure, already closed, so a
cell ending in a call shows the figure exactly once. They follow the plot style of
``utils.plots``: at most 1240 x 460 px, text 18 px or more on the slide, lines named at
their ends rather than in a legend, log axes labelled at round values only.
"""

import matplotlib.pyplot as plt
import numpy as np

from .classifier import cross_entropy_gradient, squared_error_gradient, valley_loss
from .plots import HEIGHT_IN, SMALL_PT, WIDTH_IN, label_lines, readable_log_axis
from .style import PALETTE as C

__all__ = [
    "LINE_COLOURS", "plot_true_class_gradients", "plot_loss_runs", "plot_valley",
    "plot_schedule", "plot_spread", "plot_overfitting",
]  # fmt: skip

LINE_COLOURS = [C["blue"], C["red"], C["amber"], C["ink"], C["grey"], C["orange"]]


def _done(fig):
    plt.close(fig)
    return fig


def plot_true_class_gradients(probabilities):
    """How hard each loss pushes the true class's logit, against that class's probability.

    Two classes; the true class gets probability ``p`` from logits ``(log p - log(1 - p), 0)``.
    """
    p = np.asarray(probabilities, dtype=np.float64)
    logits = np.stack([np.log(p) - np.log1p(-p), np.zeros_like(p)], axis=1)
    labels = np.zeros(len(p), dtype=int)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.2))
    lines = []
    for name, grad, colour in [
        ("cross-entropy", cross_entropy_gradient, C["blue"]),
        ("squared error", squared_error_gradient, C["red"]),
    ]:
        push = -grad(logits, labels)[:, 0] * len(p)  # per example, not divided by the batch
        lines += ax.loglog(p, push, color=colour, label=name)
        readable_log_axis(ax.yaxis, push)
    readable_log_axis(ax.xaxis, p)
    ax.set(xlabel="probability the model gives the true class", ylabel="gradient on its logit")
    ax.invert_xaxis()
    ax.set_title("confidently wrong is on the right")
    label_lines(ax, lines)
    return _done(fig)


def plot_loss_runs(runs, xlabel="step", title=None, smooth=1):
    """Loss curves: ``runs`` maps label -> (x positions, losses). A run that stopped short is
    marked with a cross where it stopped. ``smooth`` averages that many batches per point."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.2))
    lines, shown = [], []
    for (label, (x, losses)), colour in zip(runs.items(), LINE_COLOURS, strict=False):
        x, losses = np.asarray(x), np.asarray(losses, dtype=float)
        if smooth > 1 and len(losses) >= smooth:
            kernel = np.ones(smooth) / smooth
            losses, x = np.convolve(losses, kernel, "valid"), x[smooth - 1 :]
        lines += ax.plot(x, losses, color=colour, label=label)
        shown.append(losses)
        if label.endswith("diverged"):
            ax.plot(x[-1], losses[-1], "x", color=colour, markersize=16, markeredgewidth=4)
    ax.set_yscale("log")
    readable_log_axis(ax.yaxis, np.concatenate(shown) if shown else None)
    ax.set(xlabel=xlabel, ylabel="training loss", title=title)
    label_lines(ax, lines)
    return _done(fig)


def plot_valley(paths, curvature=(0.1, 30.0)):
    """Paths of optimisers (label -> points) over the contours of ``valley_loss``."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    xs, ys = np.meshgrid(np.linspace(-5, 1.5, 300), np.linspace(-1.3, 1.3, 200))
    levels = np.geomspace(0.01, 30, 12)
    ax.contour(
        xs,
        ys,
        valley_loss(np.stack([xs, ys], -1), curvature),
        levels,
        colors=C["grey"],
        linewidths=1.2,
    )
    lines = []
    for (label, path), colour in zip(paths.items(), LINE_COLOURS, strict=False):
        lines += ax.plot(path[:, 0], path[:, 1], "o-", color=colour, label=label, markersize=4)
    ax.plot(0, 0, "*", color=C["ink"], markersize=20)
    ax.set(xlabel="weight 1 (gentle slope)", ylabel="weight 2 (steep)")
    label_lines(ax, lines, beside=True)
    return _done(fig)


def plot_schedule(rates, warmup_steps):
    """A learning-rate schedule (one value per step), its warm-up shaded."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.0))
    ax.axvspan(0, warmup_steps, color=C["pale amber"])
    ax.plot(np.arange(len(rates)), rates, color=C["blue"])
    ax.text(warmup_steps, 0.97, " warm-up", transform=ax.get_xaxis_transform(), ha="right",
            va="top", fontsize=SMALL_PT + 2, color=C["ink"])  # fmt: skip
    ax.set(xlabel="step", ylabel="learning rate")
    return _done(fig)


def plot_spread(spreads):
    """Standard deviation of the activations after each layer: label -> values (input first)."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.2))
    lines = []
    for (label, values), colour in zip(spreads.items(), LINE_COLOURS, strict=False):
        lines += ax.semilogy(np.arange(len(values)), values, "o-", color=colour, label=label)
    readable_log_axis(ax.yaxis, np.concatenate([np.ravel(v) for v in spreads.values()]))
    ax.set(xlabel="layer", ylabel="activation std")
    ax.set_xticks(np.arange(len(values)))
    label_lines(ax, lines)
    return _done(fig)


def plot_overfitting(train_loss, val_loss):
    """Training and validation loss per epoch (left), and validation alone, zoomed (right).

    The best validation epoch is marked on both.
    """
    epochs = np.arange(1, len(train_loss) + 1)
    best = int(np.argmin(val_loss))
    fig, (both, zoom) = plt.subplots(1, 2, figsize=(WIDTH_IN, 4.2))
    lines = both.semilogy(epochs, train_loss, color=C["blue"], label="training")
    lines += both.semilogy(epochs, val_loss, color=C["red"], label="validation")
    readable_log_axis(both.yaxis, np.concatenate([train_loss, val_loss]))
    both.set(xlabel="epoch", ylabel="cross-entropy")
    zoom.plot(epochs[best:], np.asarray(val_loss)[best:], color=C["red"])
    zoom.set(xlabel="epoch", title="validation, after its best epoch")
    for ax in (both, zoom):
        ax.axvline(epochs[best], color=C["grey"], linestyle="--")
        ax.text(epochs[best], 0.98, f" best: epoch {best + 1}", transform=ax.get_xaxis_transform(),
                ha="left", va="top", fontsize=SMALL_PT + 1, color=C["ink"])  # fmt: skip
    label_lines(both, lines)
    return _done(fig)
