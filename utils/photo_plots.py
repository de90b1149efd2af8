"""Pictures of colour photos and of what a colour CNN learned: channel planes, augmented copies,
RGB filters, heat maps over photos, and nearest neighbours.

Explained in notebook 09_colour_photos. Like ``utils.plots``, each function returns its closed
Figure, at most 1240 x 460 px, with no text below ``SMALL_PT`` (18 px on the slide).
"""

import matplotlib.pyplot as plt
import numpy as np

from .plots import HEIGHT_IN, SMALL_PT, WIDTH_IN
from .style import PALETTE as C

__all__ = [
    "plot_channel_planes", "plot_augmented", "plot_rgb_filters", "plot_heat_maps",
    "plot_neighbours", "one_per_class",
]  # fmt: skip


def _done(fig):
    plt.close(fig)
    return fig


def _off(ax):
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def plot_channel_planes(image, title="photo"):
    """One uint8 photo, then its red, green and blue planes, each drawn in its own colour."""
    image = np.asarray(image)
    fig, axes = plt.subplots(1, 4, figsize=(WIDTH_IN, 3.7))
    axes[0].imshow(image)
    axes[0].set_title(title, fontsize=SMALL_PT + 2)
    for c, (ax, name) in enumerate(zip(axes[1:], ("red", "green", "blue"), strict=True)):
        plane = np.zeros_like(image)
        plane[..., c] = image[..., c]
        ax.imshow(plane)
        ax.set_title(f"{name}: mean {image[..., c].mean():.0f}", fontsize=SMALL_PT + 2)
    for ax in axes:
        _off(ax)
    return _done(fig)


def plot_augmented(originals, versions, titles=None, height=HEIGHT_IN):
    """Each original photo (a row) beside its augmented ``versions`` (a list of batches)."""
    rows, columns = len(originals), 1 + len(versions)
    side = min(min(height, HEIGHT_IN) / rows, WIDTH_IN / columns) * 0.95
    fig, axes = plt.subplots(rows, columns, figsize=(side * columns * 1.05, side * rows),
                             squeeze=False)  # fmt: skip
    for r in range(rows):
        for c in range(columns):
            ax = axes[r, c]
            ax.imshow(originals[r] if c == 0 else versions[c - 1][r])
            _off(ax)
            if r == 0 and titles:
                ax.set_title(titles[c], fontsize=SMALL_PT)
    return _done(fig)


def plot_rgb_filters(kernel, columns=12):
    """First-layer kernels (kh, kw, 3, n) as small colour images, each stretched to 0-1."""
    kernel = np.asarray(kernel, np.float64)
    if kernel.ndim != 4 or kernel.shape[2] != 3:
        raise ValueError(f"kernel must be (kh, kw, 3, n), got shape {kernel.shape}")
    n = kernel.shape[-1]
    columns = max(1, min(columns, n))
    rows = -(-n // columns)
    side = min(WIDTH_IN / columns, HEIGHT_IN / rows) * 0.999  # no rounding past the width
    fig, axes = plt.subplots(rows, columns, figsize=(side * columns, side * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        _off(ax)
        if i < n:
            k = kernel[..., i]
            ax.imshow((k - k.min()) / max(np.ptp(k), 1e-12), interpolation="nearest")
    return _done(fig)


def plot_heat_maps(photos, maps, titles, height=HEIGHT_IN):
    """Photos in the top row; below, one row per entry of ``maps`` (name -> list of (H, W)
    maps), each drawn over its photo in grey."""
    columns, rows = len(photos), 1 + len(maps)
    side = min(min(height, HEIGHT_IN) / rows, WIDTH_IN / (columns + 0.8))
    fig, axes = plt.subplots(rows, columns, figsize=(side * (columns + 0.8), side * rows),
                             squeeze=False)  # fmt: skip
    for c, photo in enumerate(photos):
        axes[0, c].imshow(photo)
        axes[0, c].set_title(titles[c], fontsize=SMALL_PT)
        grey = np.asarray(photo, np.float64).mean(axis=-1)
        for r, (name, values) in enumerate(maps.items(), start=1):
            axes[r, c].imshow(grey, cmap="gray")
            axes[r, c].imshow(values[c], cmap="inferno", alpha=0.6)
            if c == 0:
                axes[r, c].set_ylabel(name, fontsize=SMALL_PT, rotation=0, ha="right",
                                      va="center")  # fmt: skip
    for ax in axes.flat:
        _off(ax)
    return _done(fig)


def plot_neighbours(photos, query, rows, labels, class_names):
    """The query photo, then for each row (name -> indices) its nearest photos, titled with
    their class; a neighbour of another class than the query's is titled in red."""
    k = max(len(v) for v in rows.values())
    columns = k + 1
    side = min(HEIGHT_IN / len(rows) * 0.8, WIDTH_IN / (columns + 1.2))
    fig, axes = plt.subplots(len(rows), columns, figsize=(side * (columns + 1.2),
                             side * len(rows) * 1.25), squeeze=False)  # fmt: skip
    for r, (name, indices) in enumerate(rows.items()):
        axes[r, 0].imshow(photos[query])
        axes[r, 0].set_title(f"query: {class_names[labels[query]]}", fontsize=SMALL_PT)
        axes[r, 0].set_ylabel(name, fontsize=SMALL_PT, rotation=0, ha="right", va="center")
        for c, i in enumerate(indices, start=1):
            same = labels[i] == labels[query]
            axes[r, c].imshow(photos[i])
            axes[r, c].set_title(str(class_names[labels[i]]), fontsize=SMALL_PT,
                                 color=C["ink"] if same else C["red"])  # fmt: skip
    for ax in axes.flat:
        _off(ax)
    return _done(fig)


def one_per_class(x, y, class_names, columns=20):
    """The first photo of every class, in class order, in a grid without titles (CIFAR-100's
    100 classes fit as 5 rows of 20)."""
    classes = len(class_names)
    first = [int(np.flatnonzero(np.asarray(y) == k)[0]) for k in range(classes)]
    rows = -(-classes // columns)
    side = min(WIDTH_IN / columns, HEIGHT_IN / rows) * 0.999  # no rounding past the width
    fig, axes = plt.subplots(rows, columns, figsize=(side * columns, side * rows), squeeze=False)
    for ax in axes.flat:
        _off(ax)
    for ax, i in zip(axes.flat, first, strict=False):
        ax.imshow(x[i])
    return _done(fig)
