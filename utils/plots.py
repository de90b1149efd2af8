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
