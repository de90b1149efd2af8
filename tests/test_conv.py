"""conv1d, conv2d and conv2d_naive against tf.nn.conv2d on random geometry."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import arithmetic as ar
from utils.conv import conv1d, conv2d, conv2d_naive


def test_outline_1d_example():
    x, w = np.array([0.0, 1.0, 2.0, -1.0, 1.0]), np.array([1.0, 0.0, -1.0])
    assert len(conv1d(x, w, stride=1, padding=1)) == 5
    assert len(conv1d(x, w, stride=2, padding=1)) == 3
    # padded [0, 0, 1, 2, -1, 1, 0]; windows at 0, 2, 4: 0 - 1, 1 - (-1), -1 - 0
    np.testing.assert_array_equal(conv1d(x, w, stride=2, padding=1), [-1.0, 2.0, -1.0])
    with pytest.raises(ValueError, match=r"\(5 - 3 \+ 2\*1\)/3 \+ 1 = 2\.33, not an integer"):
        conv1d(x, w, stride=3, padding=1)


@st.composite
def conv_cases(draw):
    n, c_in, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dilation = draw(st.sampled_from([1, 1, 2, (1, 2), (2, 1)]))
    stride = 1 if dilation != 1 else draw(st.sampled_from([1, 2, 3, (1, 2), (3, 1)]))
    padding = draw(st.sampled_from(["valid", "same", 0, 1, 2, (1, 0)]))
    seed = draw(st.integers(0, 2**16))
    return (n, h, w, c_in), (kh, kw, c_in, c_out), stride, padding, dilation, seed


def along(value, axis):
    """One axis of an int-or-pair argument."""
    return value[axis] if isinstance(value, tuple) else value


def tf_conv2d(x, w, b, stride, padding, dilation):
    import tensorflow as tf

    pad = (
        "SAME"
        if padding == "same"
        else [[0, 0], *([along(padding, a)] * 2 for a in (0, 1)), [0, 0]]
    )
    pad = "VALID" if padding == "valid" else pad
    two = [(along(v, 0), along(v, 1)) for v in (stride, dilation)]
    return tf.nn.conv2d(x, w, two[0], pad, dilations=two[1]).numpy() + b


def fits(x_shape, w_shape, stride, padding, dilation):
    """Whether the geometry is legal (and exact) along both axes, by our arithmetic."""
    try:
        for a in (0, 1):
            pad = padding if isinstance(padding, str) else along(padding, a)
            ar.conv_output_size(
                x_shape[a + 1], w_shape[a], along(stride, a), pad, along(dilation, a)
            )
    except ValueError:
        return False
    return True


@settings(max_examples=250, deadline=None)
@given(case=conv_cases())
def test_conv2d_and_naive_match_tensorflow(case):
    x_shape, w_shape, stride, padding, dilation, seed = case
    rng = np.random.default_rng(seed)
    x = rng.normal(size=x_shape).astype("float32")
    w = rng.normal(size=w_shape).astype("float32")
    b = rng.normal(size=w_shape[3]).astype("float32")
    kwargs = dict(stride=stride, padding=padding, dilation=dilation)
    strict = fits(x_shape, w_shape, stride, padding, dilation)
    if not strict:
        with pytest.raises(ValueError):
            conv2d(x, w, b, **kwargs)
        with pytest.raises(ValueError):
            conv2d_naive(x, w, b, **kwargs)
    try:
        ours = conv2d(x, w, b, strict=False, **kwargs)
    except ValueError:
        assert not strict
        return  # the kernel is larger than the padded input: no output at all
    # TensorFlow computes on our padding, made explicit, and on exactly the input the windows
    # reach: TF 2.21's oneDNN kernel intermittently returns garbage when a stride leaves input
    # unused, or for 'same' with a stride on a 1-pixel-wide input (seen: x (2, 2, 3, 1),
    # w (1, 2, 1, 1), strides (1, 2)).
    pads = [
        ar.padding_pair(
            x_shape[a + 1], w_shape[a], along(stride, a),
            padding if isinstance(padding, str) else along(padding, a), along(dilation, a),
        )
        for a in (0, 1)
    ]  # fmt: skip
    xp = np.pad(x, [(0, 0), *pads, (0, 0)])
    s_, d_ = (along(stride, a) for a in (0, 1)), (along(dilation, a) for a in (0, 1))
    used = [
        (n - 1) * s + d * (k - 1) + 1
        for n, s, d, k in zip(ours.shape[1:3], s_, d_, w.shape[:2], strict=True)
    ]
    expected = tf_conv2d(xp[:, : used[0], : used[1]], w, b, stride, 0, dilation)
    np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4)
    if strict:
        np.testing.assert_allclose(conv2d_naive(x, w, b, **kwargs), expected, rtol=1e-4, atol=1e-4)


def test_conv2d_matches_a_keras_layer_with_the_same_weights():
    import keras

    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 12, 12, 3)).astype("float32")
    layer = keras.layers.Conv2D(4, 3, strides=1, padding="same")
    expected = layer(x).numpy()
    w, b = (v.numpy() for v in layer.weights)
    np.testing.assert_allclose(conv2d(x, w, b, padding="same"), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "kwargs", "message"),
    [
        ((1, 5, 5), (3, 3, 1, 1), {}, r"x must be \(N, H, W, C_in\), got shape \(1, 5, 5\)"),
        ((1, 5, 5, 2), (3, 3, 1, 1), {}, r"channel mismatch: x has C_in=2 .* C_in=1"),
        ((1, 5, 5, 1), (3, 3, 1), {}, r"w must be \(kh, kw, C_in, C_out\)"),
        ((1, 2, 5, 1), (3, 3, 1, 1), {}, r"kernel \(3\) is larger than the padded input"),
        ((1, 5, 5, 1), (3, 3, 1, 1), {"stride": 0}, r"stride must be a positive integer"),
        ((1, 5, 5, 1), (3, 3, 1, 1), {"stride": 3, "padding": 1}, r"= 2\.33, not an integer"),
        ((1, 5, 5, 1), (3, 3, 1, 1), {"padding": -1}, r"padding=-1"),
        ((1, 5, 5, 1), (3, 3, 1, 1), {"dilation": (1, 0)}, r"dilation must be a positive"),
    ],
)
def test_bad_geometry_raises_value_error(x_shape, w_shape, kwargs, message):
    x, w = np.zeros(x_shape), np.zeros(w_shape)
    for conv in (conv2d, conv2d_naive):
        with pytest.raises(ValueError, match=message):
            conv(x, w, **kwargs)


def test_bias_shape_is_checked():
    with pytest.raises(ValueError, match=r"b must have shape \(C_out,\) = \(2,\), got \(3,\)"):
        conv2d(np.zeros((1, 4, 4, 1)), np.zeros((3, 3, 1, 2)), np.zeros(3))
