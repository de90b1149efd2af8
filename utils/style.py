"""The series' one look: the palette, the projector style for matplotlib, figures as PNG bytes.

Every colour that a plot, a diagram or an explorer draws is named here and nowhere else, so
the diagrams in img/, the plots in the notebooks and the explorers' pictures agree. Explained
in notebook 00_index (how the slides are made).

Two checks hold the look in place (slides/DESIGN.md, "One plot style"):

- ``smallest_text_px(fig)``: the height, in pixels of the 1280x720 slide, of the smallest
  text a figure draws, at the size the slide shows it. Every plot keeps it at 18 or more.
- ``simulate_cvd`` and ``delta_e``: what a viewer with protanopia, deuteranopia or
  tritanopia sees of a colour, and how far apart two colours look. The data colours stay
  at least ``MIN_DELTA_E`` apart for every viewer.

>>> PALETTE["red"]
'#d1495b'
"""

import io
import itertools

__all__ = [
    "PALETTE", "PROJECTOR_STYLE", "SERIES", "DATA_COLOURS", "MIN_TEXT_PX", "MIN_DELTA_E",
    "SLIDE_IMAGE_MAX_PX", "WIDGET_IMAGE_MAX_PX", "colour", "apply_projector_style", "png_bytes",
    "displayed_scale", "text_sizes_px", "smallest_text_px", "minor_tick_labels",
    "simulate_cvd", "delta_e", "palette_distances", "CVD_MATRICES",
]  # fmt: skip

# The red, blue and amber of the diagrams, their pale fills, and the neutrals. The five data
# colours (blue, red, amber, orange, grey) stay distinct for colour-blind viewers:
# ``palette_distances()`` and tests/test_plot_style.py check them by simulation.
PALETTE = {
    "ink": "#1f2a44",  # text, outlines, arrows
    "red": "#d1495b",  # the thing to look at: an active weight, the human line, class 1
    "blue": "#3a6ea5",  # data: bars, points, class 0
    "amber": "#f1b94e",  # lighter than orange, so the two differ for red-green blind viewers
    "orange": "#be731b",  # generated points, against real ones in blue; darker than amber
    "grey": "#8a94a6",  # axes at zero, connections, background points
    "light grey": "#d9d9d9",  # padding cells
    "refusal": "#c0392b",  # the "Impossible:" line of an explorer
    "pale blue": "#edf2fb",
    "pale red": "#fde2e4",
    "pale green": "#e2f0d9",
    "pale sky": "#dbe7f5",
    "pale amber": "#fff1cc",
    "conv box": "#9cc3e6",  # architecture drawings: convolution stages
    "dense box": "#f2a65a",  # architecture drawings: dense layers
    "black": "black",
    "white": "white",
}

# The data colours that plots put side by side, and the order in which lines take them.
DATA_COLOURS = ("blue", "red", "amber", "orange", "grey")
SERIES = ("blue", "red", "orange", "grey", "amber")

# Where a figure is shown: the 1280x720 slide's free width, and the height that leaves room
# for a headline and a line of text above and the footer's 60 px below. The static decks cap
# images at these sizes (slides/template/static/workshop.css); RISE shows them at their
# natural size up to the slide width. An explorer's picture sits under its controls and has
# less height.
SLIDE_IMAGE_MAX_PX = (1240, 460)
WIDGET_IMAGE_MAX_PX = (1240, 320)
MIN_TEXT_PX = 18

# Plot defaults readable from the back of a room at 1280x720: 12.4 x 4.6 inches at 100 dpi
# is 1240 x 460 px, shown at full size, so 1 pt of font is 100/72 px and 14 pt is 19.4 px.
PROJECTOR_STYLE = {
    "figure.figsize": (12.4, 4.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 16,
    "axes.titlesize": 20,
    "axes.labelsize": 18,
    "xtick.labelsize": 16,
    "ytick.labelsize": 16,
    "legend.fontsize": 16,
    "figure.titlesize": 20,
    "lines.linewidth": 3,
    "lines.markersize": 9,
    "axes.prop_cycle": f"cycler('color', {[PALETTE[name] for name in SERIES]!r})",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.interpolation": "nearest",
    "figure.constrained_layout.use": True,
}


def colour(name):
    """The hex code of a palette colour, refusing names that are not in the palette.

    >>> colour("blue")
    '#3a6ea5'
    """
    try:
        return PALETTE[name]
    except KeyError:
        known = sorted(PALETTE)
        raise ValueError(f"no colour {name!r} in the palette; choose one of {known}") from None


def apply_projector_style():
    """Set matplotlib's defaults to the projector style (``utils.setup()`` calls this)."""
    import matplotlib as mpl

    mpl.rcParams.update(PROJECTOR_STYLE)


def png_bytes(fig):
    """The figure as PNG bytes with no version stamp, so redrawing gives identical bytes.

    The figure is closed afterwards.
    """
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None}, facecolor=PALETTE["white"])
    plt.close(fig)
    return buffer.getvalue()


# --- how large a figure's text is on the slide ------------------------------------------------


def displayed_scale(fig, max_px=SLIDE_IMAGE_MAX_PX):
    """Slide pixels per figure pixel: 1 when the figure fits ``max_px`` (width, height), less
    when the slide shrinks it to fit. Figure pixels are inches times ``fig.dpi``, the
    resolution the notebook's inline backend draws at.

    >>> from matplotlib.figure import Figure
    >>> displayed_scale(Figure(figsize=(12.4, 4.6), dpi=100))
    1.0
    >>> round(displayed_scale(Figure(figsize=(10, 8), dpi=100)), 3)  # 800 px tall, shown 460
    0.575
    >>> displayed_scale(Figure(figsize=(6, 3), dpi=200))  # 1200 x 600 px: the height is capped
    0.7666666666666667
    """
    width, height = (float(v) * fig.dpi for v in fig.get_size_inches())
    return min(1.0, max_px[0] / width, max_px[1] / height)


def _drawn_text(fig):
    """(font size in points, text, the Text artist) of every text that drawing ``fig`` draws.

    The figure is drawn with a renderer that records each string instead of painting it, so
    this sees exactly what a saved PNG shows: tick labels that are on the axes, titles,
    labels, annotations, bar labels, legend entries, and nothing that is hidden or empty.
    """
    from matplotlib.backends.backend_agg import RendererAgg

    width, height = fig.get_size_inches() * fig.dpi
    renderer = RendererAgg(int(width), int(height), fig.dpi)
    found = []

    def record(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        found.append((prop.get_size_in_points(), s, mtext))

    def record_tex(gc, x, y, s, prop, angle, *, mtext=None):
        found.append((prop.get_size_in_points(), s, mtext))

    renderer.draw_text, renderer.draw_tex = record, record_tex
    fig.draw(renderer)
    return [(size, s, mtext) for size, s, mtext in found if s.strip()]


def text_sizes_px(fig, max_px=SLIDE_IMAGE_MAX_PX):
    """(height in slide pixels, text) of every text in ``fig``, smallest first.

    Height = font size (pt) x dpi / 72 x ``displayed_scale(fig, max_px)``.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(6, 3), dpi=100)
    >>> _ = ax.set_title("a title", fontsize=18)
    >>> _ = ax.set_xticks([0, 1], ["zero", "one"], fontsize=10)
    >>> ax.set_yticks([])
    []
    >>> [(round(px, 1), text) for px, text in text_sizes_px(fig)]
    [(13.9, 'zero'), (13.9, 'one'), (25.0, 'a title')]
    >>> plt.close(fig)
    """
    scale = fig.dpi / 72 * displayed_scale(fig, max_px)
    return sorted(((float(size * scale), s) for size, s, _ in _drawn_text(fig)), key=lambda t: t[0])


def smallest_text_px(fig, max_px=SLIDE_IMAGE_MAX_PX):
    """The height in slide pixels of the smallest text ``fig`` draws (infinite if it has none).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(12.4, 4.6), dpi=100)
    >>> _ = ax.set_title("readable", fontsize=14)
    >>> ax.set_xticks([]), ax.set_yticks([])
    ([], [])
    >>> round(smallest_text_px(fig), 1)  # 14 pt at 100 dpi, shown at full size
    19.4
    >>> fig.set_size_inches(12.4, 9.2)  # twice as tall: the slide shows it at half size
    >>> round(smallest_text_px(fig), 1)
    9.7
    >>> plt.close(fig)
    """
    sizes = text_sizes_px(fig, max_px)
    return sizes[0][0] if sizes else float("inf")


def minor_tick_labels(fig):
    """The minor tick labels ``fig`` draws; on a log axis there should be none.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.semilogy([1, 2, 3], [0.2, 0.3, 0.5])  # under one decade: labelled minor ticks
    >>> len(minor_tick_labels(fig)) > 0
    True
    >>> from matplotlib.ticker import NullFormatter
    >>> ax.yaxis.set_minor_formatter(NullFormatter())
    >>> minor_tick_labels(fig)
    []
    >>> plt.close(fig)
    """
    minor = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            minor |= {id(t.label1) for t in axis.get_minor_ticks()}
            minor |= {id(t.label2) for t in axis.get_minor_ticks()}
    return [s for _, s, mtext in _drawn_text(fig) if id(mtext) in minor]


# --- what a colour-blind viewer sees ----------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", IEEE TVCG 15(6), Table 1 at severity 1.0 (dichromacy). They act on
# linear RGB.
CVD_MATRICES = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}

# CIE76 distance in CIELAB: about 2.3 is just noticeable for two large patches side by side;
# 10 is a common floor for colours that must be told apart. Ours are thin lines, small markers
# and hatched bars on a washed-out projector, so we ask twice that.
MIN_DELTA_E = 20


def _linear(srgb):
    import numpy as np

    c = np.asarray(srgb, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    """CIELAB (D65) of a linear sRGB triple."""
    import numpy as np

    to_xyz = np.array([
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ])  # fmt: skip
    xyz = to_xyz @ np.clip(linear_rgb, 0, 1) / to_xyz.sum(axis=1)  # relative to white
    delta = 6 / 29
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate_cvd(name, kind="deuteranopia"):
    """CIELAB of a colour (a palette name, or any matplotlib colour such as a hex code) as a
    viewer with ``kind`` of vision (a key of ``CVD_MATRICES``) sees it.

    >>> [round(float(v), 1) for v in simulate_cvd("white", "protanopia")]
    [100.0, 0.0, 0.0]
    >>> lab = simulate_cvd("red", "deuteranopia")  # red loses its redness (a* near 0)
    >>> abs(float(lab[1])) < 5
    True
    """
    import numpy as np
    from matplotlib.colors import to_rgb

    matrix = np.array(CVD_MATRICES[kind])
    return _lab(matrix @ _linear(to_rgb(PALETTE.get(name, name))))


def delta_e(a, b, kind="normal"):
    """CIE76 colour difference between colours ``a`` and ``b`` as a ``kind`` viewer sees them.

    >>> round(delta_e("white", "black"), 1)
    100.0
    """
    import numpy as np

    return float(np.linalg.norm(simulate_cvd(a, kind) - simulate_cvd(b, kind)))


def palette_distances(names=DATA_COLOURS):
    """{vision: {(a, b): ΔE}} for every pair of ``names``, under each simulation."""
    return {
        kind: {(a, b): delta_e(a, b, kind) for a, b in itertools.combinations(names, 2)}
        for kind in CVD_MATRICES
    }
