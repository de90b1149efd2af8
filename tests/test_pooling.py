"""Pooling against tf.nn, plus fractional and stochastic pooling's own properties."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from utils import pooling


@st.composite
def pool_cases(draw):
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 9)), draw(st.integers(1, 9)),
             draw(st.integers(1, 3)))  # fmt: skip
    pool = draw(st.sampled_from([1, 2, 3, (2, 3), (3, 1)]))
    stride = draw(st.sampled_from([None, 1, 2, 3, (1, 2)]))
    padding = draw(st.sampled_from(["valid", "same"]))
    return shape, pool, stride, padding, draw(st.integers(0, 2**16))


@settings(max_examples=250, deadline=None)
@given(case=pool_cases())
def test_max_and_avg_pool_match_tensorflow(case):
    import tensorflow as tf

    shape, pool, stride, padding, seed = case
    pool_hw = pool if isinstance(pool, tuple) else (pool, pool)
    assume(padding == "same" or (shape[1] >= pool_hw[0] and shape[2] >= pool_hw[1]))
    x = np.random.default_rng(seed).normal(size=shape).astype("float32")
    tf_stride = pool if stride is None else stride
    ours = [
        f(x, pool, stride, padding, strict=False) for f in (pooling.max_pool2d, pooling.avg_pool2d)
    ]
    theirs = [
        f(x, pool, tf_stride, padding.upper()).numpy() for f in (tf.nn.max_pool2d, tf.nn.avg_pool2d)
    ]
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_pooling_refuses_what_does_not_fit():
    x = np.zeros((1, 7, 7, 1))
    with pytest.raises(ValueError, match=r"\(7 - 2 \+ 2\*0\)/2 \+ 1 = 3\.50, not an integer"):
        pooling.max_pool2d(x, 2)
    assert pooling.max_pool2d(x, 2, strict=False).shape == (1, 3, 3, 1)
    with pytest.raises(ValueError, match=r"pooling window \(9\) is larger than the padded input"):
        pooling.avg_pool2d(x, 9)
    with pytest.raises(ValueError, match=r"x must be \(N, H, W, C\), got shape \(7, 7\)"):
        pooling.max_pool2d(np.zeros((7, 7)))


def test_global_average_pool():
    x = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5)
    np.testing.assert_allclose(pooling.global_avg_pool2d(x), x.mean(axis=(1, 2)))


@settings(max_examples=200, deadline=None)
@given(n=st.integers(2, 60), ratio=st.floats(1.05, 3.0), seed=st.integers(0, 2**16))
def test_fractional_regions_tile_the_axis(n, ratio, seed):
    assume(n // ratio >= 1)
    starts = pooling.fractional_boundaries(n, ratio, np.random.default_rng(seed))
    lengths = np.diff(starts)
    assert starts[0] == 0 and starts[-1] == n and len(lengths) == int(n // ratio)
    alpha = n / int(n // ratio)
    assert set(lengths) <= {int(np.floor(alpha)), int(np.ceil(alpha))}


@settings(max_examples=200, deadline=None)
@given(h=st.integers(2, 20), w=st.integers(2, 20), seed=st.integers(0, 2**16))
def test_fractional_max_pool_takes_each_regions_max(h, w, seed):
    ratio = 2**0.5
    x = np.random.default_rng(seed).normal(size=(2, h, w, 3))
    out = pooling.fractional_max_pool2d(x, ratio, seed=seed)
    assert out.shape == (2, int(h // ratio), int(w // ratio), 3)
    rng = np.random.default_rng(seed)  # the same draws as inside the function
    rows = pooling.fractional_boundaries(h, ratio, rng)
    cols = pooling.fractional_boundaries(w, ratio, rng)
    for i in range(out.shape[1]):
        for j in range(out.shape[2]):
            region = x[:, rows[i] : rows[i + 1], cols[j] : cols[j + 1], :]
            np.testing.assert_array_equal(out[:, i, j, :], region.max(axis=(1, 2)))


def test_fractional_pool_is_reproducible_and_refuses_bad_ratios():
    x = np.random.default_rng(0).normal(size=(1, 10, 10, 1))
    np.testing.assert_array_equal(
        pooling.fractional_max_pool2d(x, 1.5, seed=3), pooling.fractional_max_pool2d(x, 1.5, seed=3)
    )
    with pytest.raises(ValueError, match="ratio > 1, got ratio=1"):
        pooling.fractional_max_pool2d(x, 1)
    with pytest.raises(ValueError, match="input size 10 is too small for ratio 11"):
        pooling.fractional_max_pool2d(x, 11)


def test_stochastic_pool_expected_value_and_samples():
    x = np.random.default_rng(0).uniform(size=(1, 6, 6, 2))
    x[0, :2, :2, 0] = 0.0  # an all-zero window pools to 0
    test_time = pooling.stochastic_pool2d(x, training=False)
    windows = x.reshape(1, 3, 2, 3, 2, 2).transpose(0, 1, 3, 5, 2, 4).reshape(1, 3, 3, 2, 4)
    total = windows.sum(-1)
    expected = np.divide((windows**2).sum(-1), total, out=np.zeros_like(total), where=total > 0)
    np.testing.assert_allclose(test_time, expected)  # sum(p_i a_i) with p_i = a_i / sum(a)
    samples = np.stack([pooling.stochastic_pool2d(x, seed=s) for s in range(3000)])
    assert np.all(np.isin(samples[:, 0, 1, 1, 0], windows[0, 1, 1, 0]))  # picks real activations
    np.testing.assert_allclose(samples.mean(axis=0), test_time, atol=0.02)
    assert samples[:, 0, 0, 0, 0].max() == 0.0


def test_stochastic_pool_needs_non_negative_input():
    with pytest.raises(ValueError, match="non-negative activations .* minimum of -0.5"):
        pooling.stochastic_pool2d(np.full((1, 2, 2, 1), -0.5))
