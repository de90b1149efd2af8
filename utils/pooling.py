"""Pooling from scratch in NumPy, channels-last: ``x`` is (N, H, W, C).

Explained in notebook 04_pooling. Max and average pooling match ``tf.nn.max_pool2d`` and
``tf.nn.avg_pool2d``; padded positions never win a max and never count in an average.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .arithmetic import (
    GeometryError,
    _check_padding,
    _pair,
    _positive_int,
    padding_pair,
    pool_output_size,
)

__all__ = [
    "max_pool2d", "avg_pool2d", "global_avg_pool2d", "fractional_max_pool2d",
    "fractional_boundaries", "stochastic_pool2d",
]  # fmt: skip


MAX_ELEMENTS = 2**28  # numbers one call may gather: a guard, not a lesson


def _check_input(x):
    x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise TypeError(f"x must hold numbers, got dtype {x.dtype} (x shape {x.shape})")
    if x.ndim != 4:
        raise GeometryError(f"x must be (N, H, W, C), got shape {x.shape}")
    if 0 in x.shape[1:]:
        raise GeometryError(f"x must have no empty axis (except N), got shape {x.shape}")
    return x.astype(np.uint8) if x.dtype == bool else x


def _pool_windows(x, pool_size, stride, padding, strict, fill):
    """Every pooling window as (N, H_out, W_out, C, ph, pw), padded with ``fill``."""
    x = _check_input(x)
    _check_padding(padding)
    (ph, pw) = _pair("pool_size", pool_size)
    (sh, sw) = (ph, pw) if stride is None else _pair("stride", stride)
    pads, out = [], []
    for axis, k, s in ((1, ph, sh), (2, pw, sw)):
        pads.append(padding_pair(x.shape[axis], k, s, padding))
        if max(pads[-1]) >= k:  # a window of nothing but padding: no max, no mean
            raise GeometryError(
                f"padding {max(pads[-1])} is at least the pool size {k}, so some windows "
                f"would hold only padding",
                hint="Use a padding smaller than the pool size",
            )
        fit = strict and padding != "same"  # "same" always fits: it floors by design
        out.append(pool_output_size(x.shape[axis] + sum(pads[-1]), k, s, 0, fit))
    padded_size = x.shape[0] * (x.shape[1] + sum(pads[0])) * (x.shape[2] + sum(pads[1]))
    if padded_size * x.shape[3] > MAX_ELEMENTS:
        raise ValueError(
            f"pooling x {x.shape} with padding {padding!r} needs {padded_size * x.shape[3]:,} "
            f"numbers; the teaching version stops at {MAX_ELEMENTS:,}"
        )
    padded = np.pad(x, ((0, 0), *pads, (0, 0)), constant_values=fill)
    windows = sliding_window_view(padded, (ph, pw), axis=(1, 2))
    return windows[:, : out[0] * sh : sh, : out[1] * sw : sw], pads


def max_pool2d(x, pool_size=2, stride=None, padding=0, strict=True):
    """The largest value in each window. The stride defaults to the pool size."""
    x = _check_input(x)
    fill = -np.inf if np.issubdtype(x.dtype, np.floating) else np.iinfo(x.dtype).min
    windows, _ = _pool_windows(x, pool_size, stride, padding, strict, fill)
    return windows.max(axis=(4, 5))


def avg_pool2d(x, pool_size=2, stride=None, padding=0, strict=True):
    """The mean of each window, over real inputs only (padding is not counted)."""
    x = _check_input(x).astype(np.result_type(x, np.float32))
    sums, _ = _pool_windows(x, pool_size, stride, padding, strict, 0)
    ones = np.ones((1, *x.shape[1:3], 1), dtype=x.dtype)
    counts, _ = _pool_windows(ones, pool_size, stride, padding, strict, 0)
    return sums.sum(axis=(4, 5)) / counts.sum(axis=(4, 5))


def global_avg_pool2d(x):
    """One number per channel: the mean over all positions. (N, H, W, C) -> (N, C)."""
    return _check_input(x).mean(axis=(1, 2))


def fractional_boundaries(n, ratio, rng):
    """Start of each pooling region along an axis of length ``n``, plus ``n`` at the end.

    Graham (2014), "Fractional max-pooling", pseudo-random disjoint regions: with
    alpha = n / n_out and u ~ U(0, 1), a_i = ceil(alpha (i + u)) - ceil(alpha u). The
    regions [a_i, a_(i+1)) tile the axis exactly, each of length floor(alpha) or ceil(alpha).
    """
    if not (isinstance(ratio, int | float | np.integer | np.floating) and 1 < ratio < float("inf")):
        raise GeometryError(f"fractional pooling needs ratio > 1, got ratio={ratio}")
    n = _positive_int("input size n", n)
    n_out = int(n // ratio)
    if n_out < 1:
        raise GeometryError(f"input size {n} is too small for ratio {ratio}: floor(n / ratio) = 0")
    alpha, u = n / n_out, rng.uniform(0, 1)
    starts = np.ceil(alpha * (np.arange(n_out + 1) + u)) - np.ceil(alpha * u)
    return starts.astype(int)


def fractional_max_pool2d(x, ratio, seed=None):
    """Max over pseudo-random regions that shrink each side by ``ratio`` (1 < ratio < 2
    in the paper, e.g. sqrt(2)). The output is floor(H / ratio) x floor(W / ratio)."""
    x = _check_input(x)
    rng = np.random.default_rng(seed)
    rows = fractional_boundaries(x.shape[1], ratio, rng)
    cols = fractional_boundaries(x.shape[2], ratio, rng)
    out = np.maximum.reduceat(x, rows[:-1], axis=1)  # max over each band of rows
    return np.maximum.reduceat(out, cols[:-1], axis=2)  # then over each band of columns


def stochastic_pool2d(x, pool_size=2, stride=None, seed=None, training=True, strict=True):
    """Zeiler & Fergus (2013), "Stochastic pooling": pick one activation per window.

    Training: draw each window's output at random, an activation a_i with probability
    p_i = a_i / sum(a). Test time: the expected value, sum(p_i a_i). Activations must be
    non-negative (after a ReLU); an all-zero window gives 0.
    """
    x = _check_input(x)
    if x.size and not np.all(np.isfinite(x)):
        raise GeometryError("stochastic pooling needs finite activations; x holds inf or NaN")
    if x.size and x.min() < 0:
        raise GeometryError(
            f"stochastic pooling needs non-negative activations (apply ReLU first); "
            f"got a minimum of {x.min()}"
        )
    windows, _ = _pool_windows(x.astype(float), pool_size, stride, 0, strict, 0)
    a = windows.reshape(*windows.shape[:4], -1)
    total = a.sum(axis=-1, keepdims=True)
    p = np.divide(a, total, out=np.zeros_like(a), where=total > 0)
    if not training:
        return (p * a).sum(axis=-1)
    u = np.random.default_rng(seed).uniform(size=total.shape)
    picked = (np.cumsum(p, axis=-1) < u).sum(axis=-1, keepdims=True)
    picked = np.minimum(picked, a.shape[-1] - 1)  # guards against cumsum rounding below u
    return np.take_along_axis(a, picked, axis=-1)[..., 0]
