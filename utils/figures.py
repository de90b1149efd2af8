"""Every diagram in img/ is drawn here. ``make figures`` (``python -m utils.figures``) redraws them.

Each ``draw_*`` function returns a matplotlib Figure; ``FIGURES`` maps file names to them.
"""

import io
import sys

import matplotlib

if __name__ == "__main__":
    matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch

from .settings import img_dir

INK, ACCENT, SOFT = "#1f2a44", "#d1495b", "#edf2fb"


def _canvas(width, height):
    fig, ax = plt.subplots(figsize=(width, height), layout=None)
    fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def _node(ax, xy, text="", r=0.32, face=SOFT, size=16):
    ax.add_patch(Circle(xy, r, facecolor=face, edgecolor=INK, linewidth=2, zorder=3))
    ax.text(*xy, text, ha="center", va="center", fontsize=size, color=INK, zorder=4)


def _arrow(ax, start, end, label=None, color=INK, shrink=24):
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=16,
            color=color,
            linewidth=1.6,
            shrinkA=shrink,
            shrinkB=shrink,
            zorder=2,
        )
    )
    if label:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        ax.text(mx, my + 0.12, label, ha="center", va="bottom", fontsize=14, color=ACCENT)


def draw_neuron():
    """One neuron: inputs times weights, summed with a bias, through an activation."""
    fig, ax = _canvas(10, 4.2)
    inputs = [(1.0, 3.4), (1.0, 2.1), (1.0, 0.8)]
    body = (5.0, 2.1)
    for i, xy in enumerate(inputs, start=1):
        _node(ax, xy, f"$x_{i}$")
        _arrow(ax, xy, body, label=f"$w_{i}$")
    ax.add_patch(Circle(body, 0.75, facecolor=SOFT, edgecolor=INK, linewidth=2.5, zorder=3))
    ax.text(*body, r"$\Sigma\ \ \varphi$", ha="center", va="center", fontsize=24, zorder=4)
    ax.text(body[0], body[1] - 1.15, "+ bias $b$", ha="center", fontsize=15, color=ACCENT)
    _node(ax, (8.6, 2.1), "$y$", face="white")
    _arrow(ax, (body[0] + 0.5, body[1]), (8.6, 2.1), shrink=12)
    ax.text(7.1, 2.55, r"$y = \varphi(w \cdot x + b)$", ha="center", fontsize=17, color=INK)
    return fig


def draw_network(sizes=(3, 4, 2)):
    """A small fully connected network: every unit feeds every unit of the next layer."""
    fig, ax = _canvas(10, 4.4)
    names = (
        ["input", "hidden", "output"]
        if len(sizes) == 3
        else [f"layer {i}" for i in range(len(sizes))]
    )
    xs = [1.5 + i * (7.0 / (len(sizes) - 1)) for i in range(len(sizes))]
    layers = []
    for x, n in zip(xs, sizes, strict=True):
        top = 1.85 + (n - 1) * 0.475
        layers.append([(x, top - 0.95 * j) for j in range(n)])
    for left, right in zip(layers[:-1], layers[1:], strict=True):
        for a in left:
            for b in right:
                _arrow(ax, a, b, color="#8a94a6", shrink=22)
    for layer, name in zip(layers, names, strict=True):
        for xy in layer:
            _node(ax, xy)
        ax.text(
            layer[0][0], 4.35, f"{name}\n({len(layer)} units)", ha="center", va="top", fontsize=15
        )
    return fig


FIGURES = {
    "neuron.png": draw_neuron,
    "network.png": draw_network,
}


def png_bytes(fig):
    """The figure as PNG bytes with no version stamp, so redrawing gives identical bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None}, facecolor="white")
    plt.close(fig)
    return buffer.getvalue()


def render(name):
    """Draw ``FIGURES[name]`` in matplotlib's default style, whatever a notebook has set."""
    with plt.style.context("default"):
        return png_bytes(FIGURES[name]())


def save(name):
    """Write ``img/<name>``."""
    path = img_dir() / name
    path.write_bytes(render(name))
    return path


def main(names=None):
    img_dir().mkdir(exist_ok=True)
    for name in names or FIGURES:
        if name not in FIGURES:
            raise SystemExit(f"unknown figure {name!r}; known: {', '.join(FIGURES)}")
        print("wrote", save(name).relative_to(img_dir().parent))


if __name__ == "__main__":
    main(sys.argv[1:])
