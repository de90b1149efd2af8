"""Every diagram in img/ is drawn here. ``make figures`` (``python -m tools.figures``) redraws them.

Each ``draw_*`` function returns a matplotlib Figure; ``FIGURES`` maps file names to them.
"""

import sys

import matplotlib

if __name__ == "__main__":
    matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from utils.settings import img_dir
from utils.style import PALETTE as C
from utils.style import png_bytes

INK, ACCENT, SOFT = C["ink"], C["red"], C["pale blue"]


# The slide's free area: 1240 x 460 px at 100 dpi. A drawing laid out in inches is scaled up
# to fill it; its text keeps its size in points, so it stays at 18 px or more on the slide.
SLIDE_IN = (12.4, 4.6)


def _canvas(width, height):
    """Axes whose units are the inches of a ``width`` x ``height`` layout, scaled to the slide."""
    scale = min(SLIDE_IN[0] / width, SLIDE_IN[1] / height)
    fig, ax = plt.subplots(figsize=(width * scale, height * scale), layout=None)
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
                _arrow(ax, a, b, color=C["grey"], shrink=22)
    for layer, name in zip(layers, names, strict=True):
        for xy in layer:
            _node(ax, xy)
        ax.text(
            layer[0][0], 4.35, f"{name}\n({len(layer)} units)", ha="center", va="top", fontsize=15
        )
    return fig


def _cells(ax, values, x0, y0, size=0.7, shade=None, fmt="{:g}", label=None, face=SOFT):
    """A matrix of numbers as a grid of squares; ``shade`` maps (row, col) to a colour."""
    values = np.atleast_2d(values)
    for (r, c), v in np.ndenumerate(values):
        colour = (shade or {}).get((r, c), face)
        ax.add_patch(Rectangle((x0 + c * size, y0 - (r + 1) * size), size, size,
                               facecolor=colour, edgecolor=INK, linewidth=1.2))  # fmt: skip
        text = "" if isinstance(v, float) and np.isnan(v) else fmt.format(v)  # NaN: empty cell
        ax.text(
            x0 + (c + 0.5) * size,
            y0 - (r + 0.5) * size,
            text,
            ha="center",
            va="center",
            fontsize=15,
        )
    if label:
        ax.text(
            x0 + values.shape[1] * size / 2, y0 + 0.15, label, ha="center", va="bottom", fontsize=14
        )


def draw_tiles():
    """One small network, the same weights, applied to every overlapping tile of a photo."""
    from utils.arithmetic import conv_output_size
    from utils.images import photo

    image, tile, step = photo("camera", size=128), 32, 24
    n = conv_output_size(128, tile, step)  # tiles per side
    fig, (left, right) = plt.subplots(1, 2, figsize=SLIDE_IN, width_ratios=[1, 1.2], layout=None)
    fig.subplots_adjust(0.02, 0.02, 0.98, 0.9, wspace=0.05)
    left.imshow(image, cmap="gray")
    left.set_title(
        f"{n} x {n} = {n * n} overlapping tiles of {tile}x{tile}, stride {step}", fontsize=14
    )
    colours = [C["red"], C["blue"], C["amber"]]
    for k, (i, j) in enumerate([(0, 0), (0, 1), (3, 2)]):
        left.add_patch(Rectangle((j * step - 0.5, i * step - 0.5), tile, tile, fill=False,
                                 edgecolor=colours[k], linewidth=3))  # fmt: skip
    left.axis("off")
    right.set_xlim(0, 10)
    right.set_ylim(0, 8)
    right.axis("off")
    right.add_patch(Rectangle((1.0, 3.0), 3.2, 2.0, facecolor=SOFT, edgecolor=INK, linewidth=2))
    right.text(2.6, 4.0, "same small\nnetwork W", ha="center", va="center", fontsize=15)
    for k in range(3):
        arrow = FancyArrowPatch(
            (-0.6, 6.5 - 2.2 * k), (1.0, 4.0), arrowstyle="-|>", mutation_scale=16
        )
        right.add_patch(arrow)
        arrow.set(color=colours[k], linewidth=2, clip_on=False)  # from the photo, across the gap
    shade = {(0, 0): colours[0], (0, 1): colours[1], (3, 2): colours[2]}
    _cells(
        right,
        np.zeros((n, n)),
        5.6,
        6.6,
        size=0.75,
        shade=shade,
        fmt="",
        label="one output per tile",
    )
    right.add_patch(
        FancyArrowPatch((4.2, 4.0), (5.5, 4.0), arrowstyle="-|>", mutation_scale=16, color=INK)
    )
    return fig


def draw_conv1d():
    """The outline's 1D example: W=5, F=3, P=1, weights [1, 0, -1], strides 1 and 2."""
    from utils.conv import conv1d

    x, weights = np.array([0, 1, 2, -1, 1]), np.array([1, 0, -1])
    padded = np.pad(x, 1)
    fig, ax = _canvas(11, 4.4)
    grey = {(0, 0): C["light grey"], (0, len(padded) - 1): C["light grey"]}
    _cells(ax, padded, 1.4, 3.7, shade=grey, label="input, padded with P = 1 zero each side")
    _cells(ax, weights, 8.0, 3.7, face=C["pale red"], label="weights, bias 0")
    for row, stride in enumerate((1, 2)):
        out = conv1d(x, weights, stride=stride, padding=1)
        y = 2.2 - 1.2 * row
        ax.text(1.9, y - 0.35, f"stride {stride}:", ha="right", va="center", fontsize=14)
        _cells(ax, out, 2.1, y, face=C["pale green"], fmt="{:g}")
        ax.text(2.3 + 0.7 * len(out), y - 0.35, f"{len(out)} outputs = (5 - 3 + 2)/{stride} + 1",
                ha="left", va="center", fontsize=14)  # fmt: skip
    refused = "stride 3: (5 - 3 + 2)/3 + 1\n= 2.33, does not fit"
    ax.text(8.6, 0.55, refused, ha="center", fontsize=14, color=ACCENT)
    return fig


def draw_conv2d_steps():
    """A 3x3 kernel at three positions of a 5x5 input, each filling one output cell."""
    from utils.conv import conv2d

    x = np.random.default_rng(4).integers(0, 4, size=(5, 5))
    k = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]])  # a vertical-edge detector
    out = conv2d(x[None, :, :, None].astype(float), k[:, :, None, None].astype(float))[0, :, :, 0]
    fig, ax = _canvas(11, 4.3)
    for panel, (i, j) in enumerate([(0, 0), (0, 1), (2, 2)]):
        x0 = 0.1 + panel * 3.65
        window = {(r, c): C["pale red"] for r in range(i, i + 3) for c in range(j, j + 3)}
        _cells(ax, x, x0, 3.85, size=0.4, shade=window, label=f"kernel at row {i}, col {j}")
        done = np.arange(9).reshape(3, 3) <= i * 3 + j
        _cells(ax, np.where(done, out, np.nan), x0 + 2.2, 3.25, size=0.4,
               shade={(i, j): C["pale green"]}, label="output")  # fmt: skip
        ax.text(
            x0 + 1.6,
            1.25,
            f"sum(window * kernel)\n= {out[i, j]:g}",
            ha="center",
            va="top",
            fontsize=15,
        )
    caption = "kernel: rows of [1, 0, -1], a vertical-edge detector"
    ax.text(5.5, 0.2, caption, ha="center", fontsize=15, color=ACCENT)
    return fig


def draw_pooling_grid():
    """2x2 pooling with stride 2 on a 4x4 input: max keeps the largest of each block."""
    from utils.pooling import avg_pool2d, max_pool2d

    x = np.array([[1, 3, 2, 0], [4, 6, 1, 1], [0, 2, 9, 5], [3, 1, 7, 8]], dtype=float)
    colours = [C["pale red"], C["pale sky"], C["pale green"], C["pale amber"]]
    shade = {(r, c): colours[(r // 2) * 2 + c // 2] for r in range(4) for c in range(4)}
    out_shade = {(r, c): colours[r * 2 + c] for r in range(2) for c in range(2)}
    fig, ax = _canvas(11, 3.6)
    _cells(ax, x, 0.5, 3.1, size=0.65, shade=shade, label="input 4x4")
    pooled = max_pool2d(x[None, :, :, None])[0, :, :, 0]
    averaged = avg_pool2d(x[None, :, :, None])[0, :, :, 0]
    _cells(ax, pooled, 4.6, 2.45, size=0.65, shade=out_shade, label="max pool 2x2, stride 2")
    _cells(ax, averaged, 8.2, 2.45, size=0.65, shade=out_shade, fmt="{:.2g}", label="average pool")
    kept = pooled.size / x.size
    caption = f"{pooled.size} of {x.size} values kept: {1 - kept:.0%} discarded"
    ax.text(5.5, 0.25, caption, ha="center", fontsize=14, color=ACCENT)
    return fig


def draw_pipeline():
    """The outline's network: conv 5x5 x10, max pool 2x2, dense 200, dense 10."""
    from utils.arithmetic import conv_output_size, pool_output_size

    c = conv_output_size(32, 5)
    p = pool_output_size(c, 2)
    stages = [("input", "32x32x1"), ("conv 5x5, 10 filters\n+ ReLU", f"{c}x{c}x10"),
              ("max pool 2x2", f"{p}x{p}x10"), ("flatten", f"{p * p * 10}"),
              ("dense + ReLU\n(dropout)", "200"), ("dense + softmax", "10 classes")]  # fmt: skip
    fig, ax = _canvas(11, 2.6)
    for i, (name, shape) in enumerate(stages):
        x0 = 0.2 + i * 1.85
        ax.add_patch(Rectangle((x0, 0.8), 1.45, 1.0, facecolor=SOFT if i % 5 else C["pale red"],
                               edgecolor=INK, linewidth=1.8))  # fmt: skip
        ax.text(x0 + 0.72, 1.3, shape, ha="center", va="center", fontsize=15, fontweight="bold")
        ax.text(x0 + 0.72, 0.65, name, ha="center", va="top", fontsize=14)
        if i:
            _arrow(ax, (x0 - 0.42, 1.3), (x0, 1.3), shrink=0)
    ax.text(
        5.5,
        2.3,
        "features (conv, pool)  ->  classifier (dense)",
        ha="center",
        fontsize=14,
        color=ACCENT,
    )
    return fig


def draw_receptive_field():
    """One output unit of three stacked 3-wide layers traced back: it sees 7 inputs."""
    from utils.arithmetic import receptive_field

    layers = 3
    fields = [receptive_field([(3, 1)] * n) for n in range(layers, -1, -1)]  # input ... output
    fig, ax = _canvas(11, 3.8)
    width = fields[0] + 2
    for row, field in enumerate(fields):
        y = 3.3 - row * 1.0
        name = "input" if row == 0 else ("output" if row == layers else f"layer {row}")
        ax.text(0.3, y, name, ha="left", va="center", fontsize=15)
        first = (width - field) / 2
        for c in range(width):
            on = first <= c < first + field
            ax.add_patch(Circle((1.8 + c * 0.85, y), 0.25, facecolor=C["red"] if on else SOFT,
                                edgecolor=INK, linewidth=1.2, zorder=3))  # fmt: skip
        if row:
            prev_first = (width - fields[row - 1]) / 2
            for c in range(int(first), int(first + field)):
                for d in (-1, 0, 1):
                    src = c + d
                    if prev_first <= src < prev_first + fields[row - 1]:
                        ax.plot(
                            [1.8 + src * 0.85, 1.8 + c * 0.85], [y + 1.0, y], color=C["grey"], lw=1
                        )
        ax.text(1.8 + width * 0.85, y, f"sees {fields[row]}" if row < layers else "1 unit",
                ha="left", va="center", fontsize=15, color=ACCENT)  # fmt: skip
    return fig


FIGURES = {
    "neuron.png": draw_neuron,
    "network.png": draw_network,
    "tiles.png": draw_tiles,
    "conv1d.png": draw_conv1d,
    "conv2d_steps.png": draw_conv2d_steps,
    "pooling_grid.png": draw_pooling_grid,
    "pipeline.png": draw_pipeline,
    "receptive_field.png": draw_receptive_field,
}


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
