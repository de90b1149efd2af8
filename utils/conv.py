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
    _pair,
    conv_output_size,
    effective_kernel,
    padding_pair,
    resolve_padding,
)

__all__ = ["conv1d", "conv2d", "conv2d_naive"]


def conv1d(x, w, stride=1, padding=0, bias=0.0):
    """1D convolution of a signal ``x`` with weights ``w``, zero-padded by ``padding``.

    >>> conv1d(np.arange(5.0), np.array([1.0, 0.0, -1.0]), padding=1).tolist()
    [-1.0, -2.0, -2.0, -2.0, 3.0]
    """
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim != 1 or w.ndim != 1:
        raise GeometryError(f"conv1d needs 1D x and w, got shapes {x.shape} and {w.shape}")
    conv_output_size(len(x), len(w), stride, padding)  # refuses a stride that does not fit
    p = resolve_padding(padding, len(w))
    windows = sliding_window_view(np.pad(x, p), len(w))[::stride]
    return windows @ w + bias


def _geometry(x, w, b, stride, padding, dilation, strict):
    """Check shapes and sizes; return padded x and (out_h, out_w, strides, dilations)."""
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim != 4:
        raise GeometryError(f"x must be (N, H, W, C_in), got shape {x.shape}")
    if w.ndim != 4:
        raise GeometryError(f"w must be (kh, kw, C_in, C_out), got shape {w.shape}")
    if x.shape[3] != w.shape[2]:
        raise GeometryError(
            f"channel mismatch: x has C_in={x.shape[3]} channels but w expects "
            f"C_in={w.shape[2]} (x {x.shape}, w {w.shape})"
        )
    if b is not None and np.shape(b) != (w.shape[3],):
        raise GeometryError(f"b must have shape (C_out,) = ({w.shape[3]},), got {np.shape(b)}")
    (sh, sw), (dh, dw) = _pair("stride", stride), _pair("dilation", dilation)
    kh, kw = w.shape[:2]
    per_axis = padding if isinstance(padding, tuple | list) else (padding, padding)
    pads = [
        padding_pair(x.shape[axis], k, s, per_axis[axis - 1], d)
        for axis, k, s, d in ((1, kh, sh, dh), (2, kw, sw, dw))
    ]
    strict = strict and padding != "same"  # "same" always fits: it floors by design
    out = [
        conv_output_size(x.shape[axis] + sum(pad), k, s, 0, d, strict)
        for axis, k, s, d, pad in ((1, kh, sh, dh, pads[0]), (2, kw, sw, dw, pads[1]))
    ]
    x_padded = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))
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
    kh, kw, c_in, c_out = np.shape(w)
    span = (effective_kernel(kh, dh), effective_kernel(kw, dw))
    patches = sliding_window_view(xp, span, axis=(1, 2))  # (N, H', W', C_in, span_h, span_w)
    patches = patches[:, : out_h * sh : sh, : out_w * sw : sw, :, ::dh, ::dw]
    # im2col: one row per output position, laid out (kh, kw, C_in) to match w's first axes.
    cols = patches.transpose(0, 1, 2, 4, 5, 3).reshape(-1, kh * kw * c_in)
    out = (cols @ np.reshape(w, (kh * kw * c_in, c_out))).reshape(-1, out_h, out_w, c_out)
    return out if b is None else out + b
