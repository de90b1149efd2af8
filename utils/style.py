"""The series' one look: the palette, the projector style for matplotlib, figures as PNG bytes.

Every colour that a plot, a diagram or an explorer draws is named here and nowhere else, so
the diagrams in img/, the plots in the notebooks and the explorers' pictures agree. Explained
in notebook 00_index (how the slides are made).

>>> PALETTE["red"]
'#d1495b'
"""

import io

__all__ = ["PALETTE", "PROJECTOR_STYLE", "colour", "apply_projector_style", "png_bytes"]

# The red, blue and amber of the diagrams, their pale fills, and the neutrals.
PALETTE = {
    "ink": "#1f2a44",  # text, outlines, arrows
    "red": "#d1495b",  # the thing to look at: an active weight, the human line, class 1
    "blue": "#3a6ea5",  # data: bars, points, class 0
    "amber": "#edae49",
    "orange": "#f28e2b",  # generated points, against real ones in blue
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

# Plot defaults readable from the back of a room at 1280x720.
PROJECTOR_STYLE = {
    "figure.figsize": (11, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.labelsize": 16,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "lines.linewidth": 2.5,
    "lines.markersize": 8,
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
