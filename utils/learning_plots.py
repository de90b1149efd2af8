"""Plots of a classifier learning: gradients, loss curves, optimiser paths, schedules, spreads.

Explained in notebook 07_how_a_classifier_learns. Each returns its Figure, already closed, so a
cell ending in a call shows the figure exactly once; text is at the projector sizes of
``utils.style.PROJECTOR_STYLE`` (13 pt or more).
"""

import matplotlib.pyplot as plt
import numpy as np

from .classifier import cross_entropy_gradient, squared_error_gradient, valley_loss
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
    fig, ax = plt.subplots(figsize=(11, 3.8))
    for name, grad, colour in [
        ("cross-entropy", cross_entropy_gradient, C["blue"]),
        ("squared error", squared_error_gradient, C["red"]),
    ]:
        push = -grad(logits, labels)[:, 0] * len(p)  # per example, not divided by the batch
        ax.loglog(p, push, color=colour, label=name)
    ax.set(xlabel="probability the model gives the true class", ylabel="gradient on its logit")
    ax.invert_xaxis()
    ax.set_title("confidently wrong is on the right")
    ax.legend()
    return _done(fig)


def plot_loss_runs(runs, xlabel="step", title=None, smooth=1):
    """Loss curves: ``runs`` maps label -> (x positions, losses). A run that stopped short is
    marked with a cross where it stopped. ``smooth`` averages that many batches per point."""
    fig, ax = plt.subplots(figsize=(11, 3.8))
    for (label, (x, losses)), colour in zip(runs.items(), LINE_COLOURS, strict=False):
        x, losses = np.asarray(x), np.asarray(losses, dtype=float)
        if smooth > 1 and len(losses) >= smooth:
            kernel = np.ones(smooth) / smooth
            losses, x = np.convolve(losses, kernel, "valid"), x[smooth - 1 :]
        ax.plot(x, losses, color=colour, label=label)
        if label.endswith("diverged"):
            ax.plot(x[-1], losses[-1], "x", color=colour, markersize=16, markeredgewidth=4)
    ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel="training loss", title=title)
    ax.legend()
    return _done(fig)


def plot_valley(paths, curvature=(0.1, 30.0)):
    """Paths of optimisers (label -> points) over the contours of ``valley_loss``."""
    fig, ax = plt.subplots(figsize=(11, 4.4))
    xs, ys = np.meshgrid(np.linspace(-5, 1.5, 300), np.linspace(-1.3, 1.3, 200))
    levels = np.geomspace(0.01, 30, 12)
    ax.contour(xs, ys, valley_loss(np.stack([xs, ys], -1), curvature), levels, colors=C["grey"])
    for (label, path), colour in zip(paths.items(), LINE_COLOURS, strict=False):
        ax.plot(path[:, 0], path[:, 1], "o-", color=colour, label=label, markersize=4)
    ax.plot(0, 0, "*", color=C["ink"], markersize=20)
    ax.set(xlabel="weight 1 (gentle slope)", ylabel="weight 2 (steep)")
    ax.legend(loc="lower right")
    return _done(fig)


def plot_schedule(rates, warmup_steps):
    """A learning-rate schedule (one value per step), its warm-up shaded."""
    fig, ax = plt.subplots(figsize=(11, 3.6))
    ax.axvspan(0, warmup_steps, color=C["pale amber"], label="warm-up")
    ax.plot(np.arange(len(rates)), rates, color=C["blue"], label="learning rate")
    ax.set(xlabel="step", ylabel="learning rate")
    ax.legend()
    return _done(fig)


def plot_spread(spreads):
    """Standard deviation of the activations after each layer: label -> values (input first)."""
    fig, ax = plt.subplots(figsize=(11, 4.0))
    for (label, values), colour in zip(spreads.items(), LINE_COLOURS, strict=False):
        ax.semilogy(np.arange(len(values)), values, "o-", color=colour, label=label)
    ax.set(xlabel="layer", ylabel="activation std")
    ax.set_xticks(np.arange(len(values)))
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    return _done(fig)


def plot_overfitting(train_loss, val_loss):
    """Training and validation loss per epoch (left), and validation alone, zoomed (right).

    The best validation epoch is marked on both.
    """
    epochs = np.arange(1, len(train_loss) + 1)
    best = int(np.argmin(val_loss))
    fig, (both, zoom) = plt.subplots(1, 2, figsize=(11, 3.8))
    both.semilogy(epochs, train_loss, color=C["blue"], label="training")
    both.semilogy(epochs, val_loss, color=C["red"], label="validation")
    both.set(xlabel="epoch", ylabel="cross-entropy")
    zoom.plot(epochs[best:], np.asarray(val_loss)[best:], color=C["red"], label="validation")
    zoom.set(xlabel="epoch", title="validation, after its best epoch")
    for ax in (both, zoom):
        ax.axvline(epochs[best], color=C["grey"], linestyle="--", label=f"best ({best + 1})")
        ax.legend()
    return _done(fig)
