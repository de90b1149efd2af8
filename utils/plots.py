"""Plots that notebooks draw from data. Each returns its Figure, already closed, so a cell
ending in a call shows the figure exactly once."""

import matplotlib.pyplot as plt
import numpy as np

from .nn import relu, sigmoid

CLASS_COLOURS = np.array(["#3a6ea5", "#d1495b"])


def _done(fig):
    plt.close(fig)
    return fig


def plot_two_settings(x, y, groups):
    """The same points seen with labels (supervised) and without (unsupervised)."""
    fig, (left, right) = plt.subplots(1, 2, sharex=True, sharey=True)
    left.scatter(*x.T, c=CLASS_COLOURS[y], s=30)
    left.set_title("supervised: labels given")
    right.scatter(*x.T, c="#8a94a6", s=30, marker="o", alpha=0.35)
    for g, marker in zip(range(2), ["o", "^"], strict=True):
        right.scatter(
            *x[groups == g].T, facecolors="none", edgecolors="#1f2a44", marker=marker, s=36
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
        ax.axhline(0, color="#8a94a6", linewidth=1)
        ax.axvline(0, color="#8a94a6", linewidth=1)
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
    ax.bar(range(len(counts)), counts, color="#3a6ea5")
    ax.set_xticks(range(len(counts)), [str(c)[:10] for c in class_names], rotation=45, ha="right")
    ax.set_ylabel("examples")
    ax.set_title(f"{len(y):,} examples in {len(counts)} classes")
    return _done(fig)
