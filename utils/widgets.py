"""Interactive explorers. Each is a function that returns a widget.

The first is in notebook 02_convolution; notebook 03_output_size_arithmetic explains the idea.

The computation behind each one is a plain function (``*_view``) that returns a message and a
figure, tested without a browser. Impossible settings give a red message saying why, never a
traceback. When displayed, an explorer also carries a PNG of its current state, so a reader
without a kernel (GitHub, static slides) still sees it.
"""

import base64
import html

import ipywidgets as w
import numpy as np
from IPython.display import display

from . import plots
from .arithmetic import (
    GeometryError,
    _positive_int,
    conv_output_size,
    effective_kernel,
    pool_output_size,
    resolve_padding,
    same_padding,
)
from .images import PHOTOS, photo
from .kernels import KERNELS, filter2d
from .pooling import avg_pool2d, max_pool2d
from .style import PALETTE, WIDGET_IMAGE_MAX_PX, png_bytes

__all__ = [
    "Explorer", "conv_view", "conv_explorer", "arithmetic_view", "arithmetic_explorer",
    "pooling_view", "pooling_explorer", "POOL_SOURCES", "POOL_KINDS", "MAX_DRAWN",
]  # fmt: skip

MAX_DRAWN = 40  # the output-size explorer draws at most this many input cells (n + 2p)
# The picture sits under the controls, so the slide gives it less height than a plot; drawn
# at this height (inches at 100 dpi) it is shown unshrunk and its text keeps 18 px.
PICTURE_HEIGHT = WIDGET_IMAGE_MAX_PX[1] / 100
FLOAT32_MAX = float(np.finfo(np.float32).max)


def _choice(name, value, options):
    """None when ``value`` is one of ``options``, else the refusal text naming it."""
    if isinstance(value, str) and value in options:
        return None
    return f"unknown {name} {value!r}; choose one of {', '.join(options)}"


def _ok(text):
    return f"<div style='font-size:18px'>{html.escape(text)}</div>"


def _refused(text):
    return (
        f"<div style='font-size:18px;color:{PALETTE['refusal']}'><b>Impossible:</b> "
        f"{html.escape(text)}</div>"
    )


class Explorer(w.VBox):
    """A column of controls, a message line and a picture, redrawn whenever a control moves."""

    def __init__(self, title, controls, view):
        self.title, self.controls, self.view = title, controls, view
        self.message = w.HTML()
        self.picture = w.Image(format="png")
        self.png = b""
        rows = [w.HBox(list(controls.values())[i : i + 3]) for i in range(0, len(controls), 3)]
        super().__init__([*rows, self.message, self.picture])
        self.paused = False
        for control in controls.values():
            control.observe(lambda change: self.paused or self.update(), names="value")
        self.update()

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def update(self):
        ok, text, fig = self.view(**self.values())
        self.ok = ok
        self.message.value = _ok(text) if ok else _refused(text)
        self.png = png_bytes(fig)
        self.picture.value = self.png

    def static_png(self):
        """The current state as one picture, message included, for readers without a kernel."""
        ok, text, fig = self.view(**self.values())
        colour = PALETTE["black"] if ok else PALETTE["refusal"]
        fig.suptitle(("" if ok else "Impossible: ") + text, color=colour)
        return png_bytes(fig)

    def _ipython_display_(self, **kwargs):
        display(
            {
                "text/plain": f"{self.title} (interactive: run the notebook to use it)",
                "image/png": base64.b64encode(self.static_png()).decode(),
                "application/vnd.jupyter.widget-view+json": {
                    "version_major": 2, "version_minor": 0, "model_id": self.model_id,
                },
            },
            raw=True,
        )  # fmt: skip


# --- convolution ------------------------------------------------------------------------


def conv_view(image="camera", kernel=None, preset="sharpen"):
    """The feature map of ``image`` under a 3x3 kernel (``kernel`` numbers, else ``preset``)."""
    if refused := _choice("photo", image, PHOTOS):
        return False, refused, _blank()
    if kernel is None:
        if refused := _choice("kernel preset", preset, list(KERNELS)):
            return False, refused, _blank()
        kernel = KERNELS[preset]
    try:
        kernel = np.asarray(kernel, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return False, f"the kernel must be 3x3 finite numbers, got {kernel!r}", _blank()
    if kernel.shape != (3, 3) or not np.all(np.isfinite(kernel)):
        return False, f"the kernel must be 3x3 finite numbers, got {kernel.tolist()}", _blank()
    if np.abs(kernel).max() > FLOAT32_MAX:
        return False, (
            f"kernel value {np.abs(kernel).max():.3g} is beyond float32's range "
            f"(at most {FLOAT32_MAX:.3g}), the precision the feature map is computed in"
        ), _blank()  # fmt: skip
    source = photo(image, size=128)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below
        fmap = filter2d(source, kernel)
    if not np.all(np.isfinite(fmap)):
        return False, (
            f"the feature map overflows float32 (values beyond {FLOAT32_MAX:.3g}): the kernel's "
            f"numbers (up to {np.abs(kernel).max():.3g}) are too large"
        ), _blank()  # fmt: skip
    h, w_ = fmap.shape
    text = f"{image}, 128x128: kernel sum {kernel.sum():.2f}, feature map {h}x{w_}"
    return True, text, plots.plot_kernel_and_map(source, kernel, height=PICTURE_HEIGHT)


def conv_explorer(image="camera", preset="sharpen"):
    """Pick a photo and a kernel, or type the kernel's nine numbers."""
    cells = [
        w.FloatText(value=float(v), layout=w.Layout(width="70px")) for v in KERNELS[preset].ravel()
    ]
    photo_box = w.Dropdown(options=PHOTOS, value=image, description="photo")
    preset_box = w.Dropdown(options=list(KERNELS), value=preset, description="kernel")

    def view(photo_name, preset_name, **numbers):
        kernel = np.array([numbers[f"k{i}"] for i in range(9)]).reshape(3, 3)
        return conv_view(photo_name, kernel)

    controls = {"photo_name": photo_box, "preset_name": preset_box}
    controls.update({f"k{i}": cell for i, cell in enumerate(cells)})
    explorer = Explorer("Convolution explorer", controls, view)

    def load_preset(change):
        explorer.paused = True  # nine cells change: redraw once, not nine times
        for cell, value in zip(cells, KERNELS[change["new"]].ravel(), strict=True):
            cell.value = float(value)
        explorer.paused = False
        explorer.update()

    preset_box.observe(load_preset, names="value")
    explorer.children = [w.HBox([photo_box, preset_box]), w.GridBox(cells, layout=w.Layout(
        grid_template_columns="repeat(3, 80px)")), explorer.message, explorer.picture]  # fmt: skip
    return explorer


# --- output-size arithmetic -------------------------------------------------------------


def _numeric_padding(n, kernel_size, stride, padding, dilation):
    """``padding`` as cells on each side, for a number or "valid"/"full"/"same" (if symmetric)."""
    if padding != "same":
        return resolve_padding(padding, kernel_size, dilation)
    before, after = same_padding(n, kernel_size, stride, dilation)
    if before != after:
        raise GeometryError(
            f"padding='same' pads {before} before and {after} after here; this explorer draws "
            f"equal padding on both sides, so pick a number"
        )
    return before


def arithmetic_view(n=7, kernel_size=3, stride=2, padding=0, dilation=1):
    """Output size and window positions for one axis, or why the setting is impossible."""
    try:
        n, stride = _positive_int("input size n", n), _positive_int("stride", stride)
        kernel_size = _positive_int("kernel size", kernel_size)
        k_eff = effective_kernel(kernel_size, dilation)
        padding = _numeric_padding(n, kernel_size, stride, padding, dilation)
        if n + 2 * padding > MAX_DRAWN:
            raise GeometryError(
                f"n + 2p = {n} + 2*{padding} = {n + 2 * padding} cells are too many to draw; "
                f"this explorer draws at most {MAX_DRAWN}"
            )
    except GeometryError as err:
        return False, err.short, _blank()
    try:
        size = conv_output_size(n, kernel_size, stride, padding, dilation)
    except GeometryError as err:
        fig = (
            _window_picture(n, kernel_size, stride, padding, dilation)
            if n + 2 * padding >= k_eff
            else _blank()
        )
        return False, err.short, fig
    text = f"({n} - {k_eff} + 2*{padding})/{stride} + 1 = {size} outputs"
    return True, text, _window_picture(n, kernel_size, stride, padding, dilation)


def _window_picture(n, kernel_size, stride, padding, dilation):
    return plots.plot_window_positions(
        n, kernel_size, stride, padding, dilation, max_height=PICTURE_HEIGHT
    )


def arithmetic_explorer():
    """Sliders for input size, kernel, stride, padding and dilation."""
    style = {"description_width": "90px"}
    controls = {
        "n": w.IntSlider(7, 1, 24, description="input n", style=style),
        "kernel_size": w.IntSlider(3, 1, 9, description="kernel k", style=style),
        "stride": w.IntSlider(2, 1, 5, description="stride s", style=style),
        "padding": w.IntSlider(0, 0, 4, description="padding p", style=style),
        "dilation": w.IntSlider(1, 1, 4, description="dilation d", style=style),
    }
    return Explorer("Output-size explorer", controls, arithmetic_view)


# --- pooling ----------------------------------------------------------------------------

POOL_SOURCES = ("photo", "vertical edges")


POOL_KINDS = {"max": max_pool2d, "average": avg_pool2d}


def pooling_view(source="photo", pool_size=2, stride=2, kind="max"):
    """Pool a 60x60 photo (or its ReLU edge map), or say why the window does not fit."""
    if refused := _choice("input", source, POOL_SOURCES) or _choice("kind", kind, POOL_KINDS):
        return False, refused, _blank()
    try:
        size = pool_output_size(60, pool_size, stride)
    except GeometryError as err:
        return False, err.short, _blank()
    image = photo("camera", size=60)
    if source == "vertical edges":
        image = np.maximum(filter2d(image, KERNELS["vertical edges"]), 0)
    pooled = POOL_KINDS[kind](image[None, :, :, None], pool_size, stride)[0, :, :, 0]
    kept = size * size / 60**2
    text = (
        f"{kind} {pool_size}x{pool_size}, stride {stride}: 60x60 -> {size}x{size}, keeps {kept:.0%}"
    )
    title = f"{kind} pooled {size}x{size}"
    return True, text, plots.plot_pooling(image, pooled, title, height=PICTURE_HEIGHT)


def pooling_explorer():
    """Pool size, stride and type, on a photo or a feature map."""
    controls = {
        "source": w.Dropdown(options=POOL_SOURCES, value="photo", description="input"),
        "pool_size": w.IntSlider(2, 1, 8, description="pool size"),
        "stride": w.IntSlider(2, 1, 8, description="stride"),
        "kind": w.ToggleButtons(options=list(POOL_KINDS), value="max"),
    }
    return Explorer("Pooling explorer", controls, pooling_view)


def _blank():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(plots.WIDTH_IN, 1))
    ax.axis("off")
    plt.close(fig)
    return fig
