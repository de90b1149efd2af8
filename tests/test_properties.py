"""Property tests (issue 14): the public arithmetic, conv, pooling and view functions, given
arbitrary values, return a correct result or raise ValueError/TypeError with a message.
Never another exception, never a hang."""

import math
import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils import arithmetic as ar
from utils import conv, pooling, widgets

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Anything a learner might type or a caller might pass.
anything = st.one_of(
    st.integers(-5, 40),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=6),
    st.sampled_from(["valid", "same", "full", "median", "max", "average", "photo", "camera"]),
    st.tuples(st.integers(-2, 6), st.integers(-2, 6)),
    st.lists(st.integers(-2, 6), max_size=3),
    st.integers(-3, 40).map(np.int64),
)
small = st.one_of(st.integers(-2, 12), st.integers(1, 5).map(np.int64), anything)


def answers_or_refuses(call, check=None, seconds=2.0):
    """Run ``call``: a result passes ``check``, or a ValueError/TypeError says something."""
    start = time.perf_counter()
    try:
        result = call()
    except (ValueError, TypeError) as err:
        assert str(err).strip(), f"{type(err).__name__} without a message"
        result = None
    else:
        if check:
            check(result)
    assert time.perf_counter() - start < seconds
    return result


def positive_int(value):
    assert isinstance(value, int) and value >= 1, value


@FAST
@given(n=small, k=small, s=small, p=small, d=small)
def test_size_arithmetic(n, k, s, p, d):
    size = answers_or_refuses(lambda: ar.conv_output_size(n, k, s, p, d), positive_int)
    if size is not None and isinstance(p, int | np.integer) and not isinstance(p, bool):
        k_eff = k + (k - 1) * (d - 1)
        assert size == (n + 2 * p - k_eff) // s + 1  # the formula, exactly
    answers_or_refuses(lambda: ar.conv_output_size(n, k, s, p, d, strict=False), positive_int)
    answers_or_refuses(lambda: ar.pool_output_size(n, k, s, p), positive_int)
    answers_or_refuses(lambda: ar.transposed_conv_output_size(n, k, s, p, d), positive_int)
    answers_or_refuses(lambda: ar.same_padding(n, k, s, d))
    answers_or_refuses(lambda: ar.padding_pair(n, k, s, p, d))
    answers_or_refuses(lambda: ar.effective_kernel(k, d), positive_int)


@FAST
@given(shape=anything, k=small, f=small, s=small, p=small, g=small, bias=anything)
def test_layer_arithmetic(shape, k, f, s, p, g, bias):
    answers_or_refuses(lambda: ar.conv_params(k, f, f, bias), positive_int)
    answers_or_refuses(lambda: ar.dense_params(k, f, bias), positive_int)
    for hw in ((shape, shape, f), shape):
        answers_or_refuses(lambda hw=hw: ar.conv_output_shape(hw, k, f, s, p))
        answers_or_refuses(lambda hw=hw: ar.conv_connections(hw, k, f, s, p), positive_int)
        answers_or_refuses(lambda hw=hw: ar.conv_macs(hw, k, f, s, p, g), positive_int)
    answers_or_refuses(lambda: ar.receptive_field([(k, s), (k, s, g)]), positive_int)
    answers_or_refuses(lambda: ar.receptive_field(shape), positive_int)


arrays = st.one_of(
    st.tuples(st.integers(0, 2), st.integers(0, 6), st.integers(0, 6), st.integers(0, 2)).map(
        lambda s: np.random.default_rng(sum(s)).normal(size=s)
    ),
    st.tuples(st.integers(1, 2), st.integers(1, 6), st.integers(1, 6), st.integers(1, 2)).map(
        lambda s: np.random.default_rng(1).integers(0, 256, size=s).astype(np.uint8)
    ),
    st.sampled_from([np.ones((3, 3)), np.array([[[["a"]]]]), np.full((1, 3, 3, 1), np.nan)]),
    anything,
)
kernels = st.one_of(
    st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(1, 2), st.integers(1, 2)).map(
        lambda s: np.random.default_rng(2).integers(-3, 4, size=s).astype(np.int8)
    ),
    anything,
)


@SLOW
@given(x=arrays, w=kernels, s=small, p=small, d=small, strict=st.booleans())
def test_convolutions_agree_or_refuse(x, w, s, p, d, strict):
    fast = answers_or_refuses(lambda: conv.conv2d(x, w, None, s, p, d, strict))
    slow = answers_or_refuses(lambda: conv.conv2d_naive(x, w, None, s, p, d, strict))
    assert (fast is None) == (slow is None)
    if fast is not None:
        np.testing.assert_allclose(fast, slow, rtol=1e-6, atol=1e-9)
        if np.asarray(x).dtype.kind in "biu" and np.asarray(w).dtype.kind in "biu":
            assert fast.dtype == np.int64  # integers never wrap


@SLOW
@given(x=arrays, k=small, s=small, p=small, ratio=anything, seed=st.integers(0, 9))
def test_pooling(x, k, s, p, ratio, seed):
    def finite(out):
        assert np.isfinite(np.asarray(out, dtype=float)).all() or not np.isfinite(x).all()

    answers_or_refuses(lambda: pooling.max_pool2d(x, k, s, p), finite)
    answers_or_refuses(lambda: pooling.avg_pool2d(x, k, s, p), finite)
    answers_or_refuses(lambda: pooling.global_avg_pool2d(x))
    answers_or_refuses(lambda: pooling.stochastic_pool2d(np.abs(x), k, s, seed, False))
    answers_or_refuses(lambda: pooling.fractional_max_pool2d(x, ratio, seed))


@SLOW
@given(n=small, k=small, s=small, p=small, d=small)
def test_arithmetic_view(n, k, s, p, d):
    start = time.perf_counter()
    ok, text, fig = widgets.arithmetic_view(n, k, s, p, d)
    assert time.perf_counter() - start < 1.5 and text and fig is not None
    if ok:
        assert text.endswith(" outputs")


@SLOW
@given(
    image=anything,
    kernel=st.one_of(
        st.none(),
        anything,
        st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=9, max_size=9).map(
            lambda v: np.reshape(v, (3, 3))
        ),
    ),
    preset=anything,
)
def test_conv_view(image, kernel, preset):
    start = time.perf_counter()
    ok, text, fig = widgets.conv_view(image, kernel, preset)
    assert time.perf_counter() - start < 1.5 and text and fig is not None
    if ok:
        assert kernel is None or all(math.isfinite(v) for v in np.ravel(kernel))


@SLOW
@given(source=anything, k=small, s=st.one_of(st.none(), small), kind=anything)
def test_pooling_view(source, k, s, kind):
    start = time.perf_counter()
    ok, text, fig = widgets.pooling_view(source, k, s, kind)
    assert time.perf_counter() - start < 1.5 and text and fig is not None
    if ok:
        assert kind in ("max", "average") and text.startswith(kind)
