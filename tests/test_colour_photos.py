"""utils.colour_photos: channel statistics, normalisation, batch normalisation against Keras, and
the CIFAR augmentations."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import utils
from utils import colour_photos as colour


def test_channel_stats_equal_numpy_in_float64():
    x = np.random.default_rng(0).integers(0, 256, size=(7, 5, 6, 3), dtype=np.uint8)
    mean, std = colour.channel_stats(x)
    f = x.astype(np.float64)
    np.testing.assert_allclose(mean, f.mean(axis=(0, 1, 2)), rtol=1e-12)
    np.testing.assert_allclose(std, f.std(axis=(0, 1, 2)), rtol=1e-9)


def test_normalised_images_have_zero_mean_and_unit_spread():
    x = np.random.default_rng(1).integers(0, 256, size=(20, 8, 8, 3), dtype=np.uint8)
    z = colour.normalise(x, *colour.channel_stats(x))
    assert z.dtype == np.float32
    np.testing.assert_allclose(z.mean(axis=(0, 1, 2)), 0, atol=1e-5)
    np.testing.assert_allclose(z.std(axis=(0, 1, 2)), 1, atol=1e-5)


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3)), np.zeros((2, 4, 4, 1))])
def test_grayscale_or_unbatched_images_are_refused_with_their_shape(bad):
    with pytest.raises(ValueError, match=r"\(N, H, W, 3\), got shape"):
        colour.channel_stats(bad)


@settings(max_examples=40, deadline=None)
@given(
    shape=st.sampled_from([(8, 4), (3, 5, 5, 6), (16, 2, 2, 1)]),
    scale=st.sampled_from([1e-3, 1.0, 1e3]),
    training=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_batch_norm_equals_keras_in_training_and_inference(shape, scale, training, seed):
    utils.setup(tensorflow=True)
    import keras

    rng = np.random.default_rng(seed)
    x = (scale * rng.normal(size=shape)).astype("float32")
    channels = shape[-1]
    layer = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-3)
    layer.build(shape)
    weights = [rng.normal(size=channels), rng.normal(size=channels),
               rng.normal(size=channels), rng.uniform(0.5, 2, size=channels)]  # fmt: skip
    layer.set_weights([w.astype("float32") for w in weights])
    expected = layer(x, training=training).numpy()
    ours, mean, var = colour.batch_norm(x, *weights, training=training, momentum=0.9)
    np.testing.assert_allclose(
        ours, expected, rtol=1e-4, atol=1e-4 * max(1, np.abs(expected).max())
    )
    np.testing.assert_allclose(mean, layer.moving_mean.numpy(), rtol=1e-4, atol=1e-5 * scale)
    np.testing.assert_allclose(var, layer.moving_variance.numpy(), rtol=1e-4, atol=1e-5 * scale**2)


def test_random_crop_moves_whole_images_and_keeps_their_size():
    x = np.arange(2 * 6 * 6 * 3, dtype=np.uint8).reshape(2, 6, 6, 3)
    out = colour.random_crop(x, padding=2, rng=0)
    assert out.shape == x.shape and out.dtype == x.dtype
    for i in range(2):  # each crop is a shifted copy of the padded image
        padded = np.pad(x[i], [(2, 2), (2, 2), (0, 0)])
        assert any(np.array_equal(out[i], padded[r : r + 6, c : c + 6])
                   for r in range(5) for c in range(5))  # fmt: skip
    np.testing.assert_array_equal(colour.random_crop(x, padding=0, rng=0), x)
    with pytest.raises(ValueError, match="padding must be a non-negative integer"):
        colour.random_crop(x, padding=-1)


def test_random_flip_mirrors_about_half_the_images():
    x = np.random.default_rng(2).integers(0, 256, size=(400, 4, 5, 3), dtype=np.uint8)
    out = colour.random_flip(x, rng=3)
    flipped = np.array([np.array_equal(o, i[:, ::-1]) for o, i in zip(out, x, strict=True)])
    kept = np.array([np.array_equal(o, i) for o, i in zip(out, x, strict=True)])
    assert np.all(flipped | kept) and 150 < flipped.sum() < 250
