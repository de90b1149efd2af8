"""Size, parameter and receptive-field arithmetic, checked against what Keras layers do."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from utils import arithmetic as ar

CASES = settings(max_examples=200, deadline=None)
sizes = st.integers(1, 40)
kernels = st.integers(1, 7)
strides = st.integers(1, 4)


def keras_shape(*layers, n, channels=1):
    shape = (None, n, n, channels)
    for layer in layers:
        shape = layer.compute_output_shape(shape)
    return shape


# --- worked numbers from the workshop outline ------------------------------------------


def test_worked_numbers():
    assert ar.conv_output_size(5, 3, stride=1, padding=1) == 5
    assert ar.conv_output_size(5, 3, stride=2, padding=1) == 3
    assert ar.conv_output_size(32, 5) == 28
    assert ar.pool_output_size(28, 2, 2) == 14
    assert ar.conv_params(5, 1, 10) == 260  # 26 weights per filter
    assert ar.conv_connections((32, 32, 1), 5, 10) == (5 * 5 * 1 + 1) * 10 * 28 * 28 == 203_840
    assert ar.dense_params(10 * 14 * 14, 200) == 392_200
    assert ar.receptive_field([(3, 1)] * 2) == 5
    assert ar.receptive_field([(3, 1)] * 3) == 7
    assert ar.conv_macs((32, 32, 1), 5, 10) == 28 * 28 * 10 * 25
    # two groups: each output reads half of the 8 input channels
    assert ar.conv_macs((6, 6, 8), 3, 4, groups=2) == 4 * 4 * 4 * 9 * 4


def test_stride_that_does_not_fit_shows_the_formula():
    with pytest.raises(ValueError, match=r"\(5 - 3 \+ 2\*1\)/3 \+ 1 = 2\.33, not an integer"):
        ar.conv_output_size(5, 3, stride=3, padding=1)
    with pytest.raises(ValueError, match=r"\(224 - 11 \+ 2\*0\)/4 \+ 1 = 54\.25"):
        ar.conv_output_size(224, 11, stride=4)
    assert ar.conv_output_size(227, 11, stride=4) == 55
    assert ar.conv_output_size(224, 11, stride=4, strict=False) == 54


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ar.conv_output_size(3, 5), r"kernel \(5\) is larger than the padded input"),
        (lambda: ar.conv_output_size(0, 3), r"input size n must be a positive integer, got .*=0"),
        (lambda: ar.conv_output_size(8, 3, stride=0), r"stride must be a positive integer"),
        (lambda: ar.conv_output_size(8, 3, padding=-1), r"padding=-1"),
        (lambda: ar.conv_output_size(8, 3, padding="half"), r"padding='half'"),
        (lambda: ar.conv_output_size(4, 3, dilation=2), r"k=3 dilated by 2"),
        (lambda: ar.pool_output_size(7, 2), r"\(7 - 2 \+ 2\*0\)/2 \+ 1 = 3\.50"),
        (lambda: ar.conv_params((3, 0), 1, 1), r"kernel_size must be a positive integer"),
        (lambda: ar.transposed_conv_output_size(4, 3, 2, output_padding=2), r"output_padding"),
    ],
)
def test_bad_geometry_names_the_value_and_rule(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@CASES
@given(n=st.integers(-3, 40), k=st.integers(-2, 9), s=st.integers(-1, 5), p=st.integers(-2, 4))
def test_size_functions_return_a_size_or_raise_value_error(n, k, s, p):
    for call in (
        lambda: ar.conv_output_size(n, k, s, p),
        lambda: ar.pool_output_size(n, k, s, p),
        lambda: ar.transposed_conv_output_size(n, k, s, p),
        lambda: ar.conv_output_size(n, k, s, "same"),
    ):
        try:
            assert call() >= 1
        except ValueError:
            pass  # anything else (IndexError, ZeroDivisionError...) fails the test


# --- sizes against Keras ------------------------------------------------------------------


@CASES
@given(
    n=sizes, k=kernels, s=strides, d=st.integers(1, 3), padding=st.sampled_from(["valid", "same"])
)
def test_conv_size_matches_keras(n, k, s, d, padding):
    import keras

    assume(d == 1 or s == 1)  # Keras refuses strides > 1 together with dilation > 1
    assume(padding == "same" or n >= ar.effective_kernel(k, d))
    layer = keras.layers.Conv2D(1, k, strides=s, padding=padding, dilation_rate=d)
    expected = keras_shape(layer, n=n)[1]
    assert ar.conv_output_size(n, k, s, padding, d, strict=False) == expected
    fits = padding == "same" or (n - ar.effective_kernel(k, d)) % s == 0
    if not fits:
        with pytest.raises(ValueError, match="not an integer"):
            ar.conv_output_size(n, k, s, padding, d)


@CASES
@given(n=sizes, k=kernels, s=strides, p=st.integers(0, 3))
def test_explicit_padding_matches_zero_padding_then_valid_conv(n, k, s, p):
    import keras

    assume(n + 2 * p >= k)
    layers = [keras.layers.ZeroPadding2D(p), keras.layers.Conv2D(1, k, strides=s)]
    assert ar.conv_output_size(n, k, s, p, strict=False) == keras_shape(*layers, n=n)[1]


@CASES
@given(
    n=sizes, k=kernels, s=st.one_of(st.none(), strides), padding=st.sampled_from(["valid", "same"])
)
def test_pool_size_matches_keras(n, k, s, padding):
    import keras

    assume(padding == "same" or n >= k)
    layer = keras.layers.MaxPooling2D(k, strides=s, padding=padding)
    assert ar.pool_output_size(n, k, s, padding, strict=False) == keras_shape(layer, n=n)[1]


@CASES
@given(n=sizes, k=kernels, s=strides, data=st.data(), padding=st.sampled_from(["valid", "same"]))
def test_transposed_size_matches_keras(n, k, s, data, padding):
    import keras

    op = data.draw(st.none() | st.integers(0, s - 1))  # None is Keras' default
    assume(op is None or padding == "valid" or k // 2 * 2 <= (n - 1) * s + k + op - 1)
    layer = keras.layers.Conv2DTranspose(1, k, strides=s, padding=padding, output_padding=op)
    expected = keras_shape(layer, n=n)[1]
    assert ar.transposed_conv_output_size(n, k, s, padding, op) == expected


@CASES
@given(n=sizes, k=kernels, s=strides, p=st.integers(0, 3), data=st.data())
def test_transposed_conv_inverts_conv(n, k, s, p, data):
    op = data.draw(st.integers(0, s - 1))
    try:
        m = ar.transposed_conv_output_size(n, k, s, p, op)
    except ValueError:
        return
    assume(m + 2 * p >= k)
    assert ar.conv_output_size(m, k, s, p, strict=False) == n


@CASES
@given(n=sizes, k=kernels, s=strides, d=st.integers(1, 2), seed=st.integers(0, 99))
def test_same_padding_reproduces_tensorflow_same(n, k, s, d, seed):
    import tensorflow as tf

    assume(d == 1 or s == 1)
    before, after = ar.same_padding(n, k, s, d)
    assert after - before in (0, 1)  # the odd pixel goes after: bottom and right
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(1, n, n, 1)).astype("float32")
    w = rng.normal(size=(k, k, 1, 1)).astype("float32")
    same = tf.nn.conv2d(x, w, s, "SAME", dilations=d)
    pads = [[0, 0], [before, after], [before, after], [0, 0]]
    explicit = tf.nn.conv2d(x, w, s, pads, dilations=d)
    np.testing.assert_allclose(same, explicit, rtol=1e-5, atol=1e-5)


# --- parameters, MACs and receptive fields -------------------------------------------------


@CASES
@given(kh=kernels, kw=kernels, c=st.integers(1, 8), f=st.integers(1, 8), bias=st.booleans())
def test_conv_params_match_keras(kh, kw, c, f, bias):
    import keras

    layer = keras.layers.Conv2D(f, (kh, kw), use_bias=bias)
    layer.build((None, 9, 9, c))
    assert ar.conv_params((kh, kw), c, f, bias) == layer.count_params()


@CASES
@given(n_in=st.integers(1, 50), n_out=st.integers(1, 50), bias=st.booleans())
def test_dense_params_match_keras(n_in, n_out, bias):
    import keras

    layer = keras.layers.Dense(n_out, use_bias=bias)
    layer.build((None, n_in))
    assert ar.dense_params(n_in, n_out, bias) == layer.count_params()


@CASES
@given(shape=st.tuples(sizes, sizes, st.integers(1, 4)), k=kernels, f=st.integers(1, 5), s=strides)
def test_macs_and_connections_count_every_output(shape, k, f, s):
    assume(min(shape[:2]) >= k)
    h, w = (ar.conv_output_size(n, k, s, strict=False) for n in shape[:2])
    try:
        macs = ar.conv_macs(shape, k, f, s)
    except ValueError:
        return  # a stride that does not fit is refused by every counter alike
    assert macs == h * w * f * k * k * shape[2]
    assert ar.conv_connections(shape, k, f, s) == macs + h * w * f  # plus one bias each


@settings(max_examples=200, deadline=None)
@given(layers=st.lists(st.tuples(st.integers(1, 5), st.integers(1, 3)), min_size=1, max_size=4))
def test_receptive_field_matches_keras_gradients(layers):
    """Measure it: the inputs that output 0 of a Keras Conv1D stack depends on."""
    import keras
    import tensorflow as tf

    field = ar.receptive_field(layers)
    length = 4  # outputs of the last layer; walk back so that every stride fits exactly
    for k, s in reversed(layers):  # (a leftover input can make TF's oneDNN kernels return NaN)
        length = (length - 1) * s + k
    x = tf.Variable(tf.ones((1, length, 1)))
    model = keras.Sequential(
        [keras.layers.Conv1D(1, k, strides=s, kernel_initializer="ones") for k, s in layers]
    )
    with tf.GradientTape() as tape:
        out = model(x)[0, 0, 0]
    gradient = tape.gradient(out, x).numpy()[0, :, 0]
    assert np.all(np.isfinite(gradient))
    touched = np.flatnonzero(gradient)
    assert touched.max() - touched.min() + 1 == field


def test_transposed_same_with_keras_default_output_padding_doubles_the_size():
    import keras

    layer = keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same")  # output_padding=None
    assert keras_shape(layer, n=14)[1] == ar.transposed_conv_output_size(14, 3, 2, "same") == 28
