"""Convolution from scratch in NumPy, channels-last like Keras.

Explained in notebook 02_convolution. ``conv2d_naive`` is the readable version with loops;
``conv2d`` is the same computation vectorised (im2col and one matrix product). Both are
cross-correlation, as in every deep-learning framework: the kernel is not flipped.
Shapes: ``x`` is (N, H, W, C_in), ``w`` is (kh, kw, C_in, C_out), ``b`` is (C_out,).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .arithmetic import (
    GeometryError,
    _check_padding,
    _pair,
    conv_output_size,
    effective_kernel,
    padding_pair,
    resolve_padding,
)

__all__ = ["conv1d", "conv2d", "conv2d_naive"]

MAX_ELEMENTS = 2**28  # numbers one call may gather (2 GB of float64): a guard, not a lesson


def _numeric(name, a):
    """``a`` as an array of bools, integers or floats, or TypeError naming its dtype."""
    a = np.asarray(a)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got dtype {a.dtype} ({name} shape {a.shape})")
    return a


def _compute_dtype(x, w, b):
    """The dtype both convolutions compute in: floats as NumPy promotes them, integers in int64.

    Integers (uint8 pixels, say) would wrap around in their own dtype, so they are widened to
    int64; if even int64 could overflow for these values, the call is refused, naming the dtypes.
    """
    arrays = [a for a in (x, w, b) if a is not None]
    if any(a.dtype.kind == "f" for a in arrays):
        return np.result_type(*arrays)
    peak = [int(np.abs(a.astype(object)).max(initial=0)) for a in arrays]
    terms = int(np.prod(w.shape[:3]))
    if peak[0] * peak[1] * terms + (peak[2] if b is not None else 0) >= 2**63:
        raise ValueError(
            f"integer inputs (x {x.dtype}, w {w.dtype}) this large could overflow int64: "
            f"{peak[0]} * {peak[1]} * {terms} terms; convert them to float64 first"
        )
    return np.dtype(np.int64)


def _padding_per_axis(padding):
    """(padding for H, padding for W) from one value or a pair, each checked."""
    if isinstance(padding, tuple | list):
        if len(padding) != 2:
            raise GeometryError(
                f"padding must be one value or a pair (for H, for W), got padding={padding!r}"
            )
        return tuple(_check_padding(p) for p in padding)
    return _check_padding(padding), _check_padding(padding)


def conv1d(x, w, stride=1, padding=0, bias=0.0):
    """1D convolution of a signal ``x`` with weights ``w``, zero-padded by ``padding``.

    >>> conv1d(np.arange(5.0), np.array([1.0, 0.0, -1.0]), padding=1).tolist()
    [-1.0, -2.0, -2.0, -2.0, 3.0]
    """
    x, w = _numeric("x", x), _numeric("w", w)
    if x.ndim != 1 or w.ndim != 1:
        raise GeometryError(f"conv1d needs 1D x and w, got shapes {x.shape} and {w.shape}")
    dtype = _compute_dtype(x, w.reshape(-1, 1, 1), None)
    x, w = x.astype(dtype), w.astype(dtype)
    conv_output_size(len(x), len(w), stride, padding)  # refuses a stride that does not fit
    p = resolve_padding(padding, len(w))
    windows = sliding_window_view(np.pad(x, p), len(w))[::stride]
    return windows @ w + bias


def _geometry(x, w, b, stride, padding, dilation, strict):
    """Check shapes, sizes and dtypes; return padded x and (out_h, out_w, strides, dilations).

    x comes back in the dtype both versions compute in (see ``_compute_dtype``), so that
    integer inputs never wrap around.
    """
    x, w = _numeric("x", x), _numeric("w", w)
    b = None if b is None else _numeric("b", b)
    if x.ndim != 4:
        raise GeometryError(f"x must be (N, H, W, C_in), got shape {x.shape}")
    if w.ndim != 4:
        raise GeometryError(f"w must be (kh, kw, C_in, C_out), got shape {w.shape}")
    if 0 in x.shape[1:] or 0 in w.shape:
        raise GeometryError(f"x {x.shape} and w {w.shape} must have no empty axis (except N)")
    if x.shape[3] != w.shape[2]:
        raise GeometryError(
            f"channel mismatch: x has C_in={x.shape[3]} channels but w expects "
            f"C_in={w.shape[2]} (x {x.shape}, w {w.shape})"
        )
    if b is not None and np.shape(b) != (w.shape[3],):
        raise GeometryError(f"b must have shape (C_out,) = ({w.shape[3]},), got {np.shape(b)}")
    (sh, sw), (dh, dw) = _pair("stride", stride), _pair("dilation", dilation)
    kh, kw = w.shape[:2]
    per_axis = _padding_per_axis(padding)
    pads = [
        padding_pair(x.shape[axis], k, s, per_axis[axis - 1], d)
        for axis, k, s, d in ((1, kh, sh, dh), (2, kw, sw, dw))
    ]
    out = [  # "same" always fits: it floors by design
        conv_output_size(x.shape[axis] + sum(pad), k, s, 0, d, strict and mode != "same")
        for axis, k, s, d, pad, mode in (
            (1, kh, sh, dh, pads[0], per_axis[0]),
            (2, kw, sw, dw, pads[1], per_axis[1]),
        )
    ]
    padded = x.shape[0] * (x.shape[1] + sum(pads[0])) * (x.shape[2] + sum(pads[1])) * x.shape[3]
    gathered = x.shape[0] * out[0] * out[1] * kh * kw * x.shape[3]
    if max(padded, gathered) > MAX_ELEMENTS:
        raise ValueError(
            f"this convolution needs {max(padded, gathered):,} numbers in memory (x {x.shape}, "
            f"w {w.shape}, padding {padding!r}); the teaching version stops at {MAX_ELEMENTS:,}"
        )
    x_padded = np.pad(x.astype(_compute_dtype(x, w, b)), ((0, 0), pads[0], pads[1], (0, 0)))
    return x_padded, out, (sh, sw), (dh, dw)


def conv2d_naive(x, w, b=None, stride=1, padding=0, dilation=1, strict=True):
    """2D convolution with plain loops: the version to read on a slide."""
    xp, (out_h, out_w), (sh, sw), (dh, dw) = _geometry(x, w, b, stride, padding, dilation, strict)
    kh, kw, _, c_out = np.shape(w)
    out = np.zeros((xp.shape[0], out_h, out_w, c_out), dtype=np.result_type(xp, w))
    for i in range(out_h):  # every output row
        for j in range(out_w):  # every output column
            top, left = i * sh, j * sw
            patch = xp[:, top : top + effective_kernel(kh, dh) : dh,
                       left : left + effective_kernel(kw, dw) : dw, :]  # fmt: skip
            for f in range(c_out):  # every filter: multiply the patch elementwise, then sum
                out[:, i, j, f] = np.sum(patch * w[:, :, :, f], axis=(1, 2, 3))
    return out if b is None else out + b


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1, strict=True):
    """2D convolution, vectorised: gather every patch (im2col), then one matrix product.

    ``stride``, ``padding`` and ``dilation`` take an int or an (h, w) pair; ``padding``
    also takes ``"valid"`` or ``"same"``. A stride that does not fit raises ``GeometryError``
    unless ``strict=False``, which drops the leftover rows and columns like TensorFlow.
    """
    xp, (out_h, out_w), (sh, sw), (dh, dw) = _geometry(x, w, b, stride, padding, dilation, strict)
    w = np.asarray(w).astype(xp.dtype)  # the dtype _geometry chose: integers never wrap
    kh, kw, c_in, c_out = w.shape
    span = (effective_kernel(kh, dh), effective_kernel(kw, dw))
    patches = sliding_window_view(xp, span, axis=(1, 2))  # (N, H', W', C_in, span_h, span_w)
    patches = patches[:, : out_h * sh : sh, : out_w * sw : sw, :, ::dh, ::dw]
    # im2col: one row per output position, laid out (kh, kw, C_in) to match w's first axes.
    cols = patches.transpose(0, 1, 2, 4, 5, 3).reshape(-1, kh * kw * c_in)
    out = (cols @ np.reshape(w, (kh * kw * c_in, c_out))).reshape(-1, out_h, out_w, c_out)
    return out if b is None else out + b
