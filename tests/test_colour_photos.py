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


@settings(max_examples=25, deadline=None)
@given(
    shape=st.sampled_from([(8, 4), (3, 5, 5, 6), (16, 2, 2, 1), (2, 1, 1, 3)]),
    scale=st.sampled_from([1e-3, 1.0, 1e3]),
    seed=st.integers(0, 10_000),
)
def test_fused_batch_norm_equals_keras_outputs_gradients_and_moving_averages(shape, scale, seed):
    """Three training steps then inference: same outputs, same moving averages, same gradients."""
    from utils.photo_training import FusedBatchNorm

    utils.setup(tensorflow=True)
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    channels = shape[-1]
    theirs = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-3)
    ours = FusedBatchNorm(momentum=0.9, epsilon=1e-3)
    weights = [rng.normal(size=channels), rng.normal(size=channels),
               rng.normal(size=channels), rng.uniform(0.5, 2, size=channels)]  # fmt: skip
    for layer in (theirs, ours):
        layer.build(shape)
        layer.set_weights([w.astype("float32") for w in weights])

    def close(a, b, size):
        np.testing.assert_allclose(a, b, rtol=2e-4, atol=2e-4 * size)

    for step in range(3):
        x = tf.constant((scale * rng.normal(size=shape) + scale * step).astype("float32"))
        upstream = tf.constant(rng.normal(size=shape).astype("float32"))
        results = []
        for layer in (theirs, ours):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = layer(x, training=True)
                loss = tf.reduce_sum(y * upstream)
            grads = tape.gradient(loss, [x, layer.gamma, layer.beta])
            results.append([y.numpy(), *(g.numpy() for g in grads)])
        (y0, dx0, dg0, db0), (y1, dx1, dg1, db1) = results
        close(y1, y0, 1)
        close(dx1, dx0, np.abs(dx0).max() + 1e-3)
        close(dg1, dg0, np.abs(dg0).max() + 1e-3)
        close(db1, db0, np.abs(db0).max() + 1e-3)
        close(ours.moving_mean.numpy(), theirs.moving_mean.numpy(), scale)
        close(ours.moving_variance.numpy(), theirs.moving_variance.numpy(), scale**2)
    x = (scale * rng.normal(size=shape)).astype("float32")
    close(ours(x, training=False).numpy(), theirs(x, training=False).numpy(), 1 + 1 / scale)


@pytest.mark.parametrize("kwargs", [{"momentum": 1.0}, {"momentum": -0.1}, {"epsilon": 1e-6}])
def test_fused_batch_norm_refuses_settings_the_kernel_cannot_honour(kwargs):
    from utils.photo_training import FusedBatchNorm

    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=f"{name} must be"):
        FusedBatchNorm(**kwargs)


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


# --- issue 17: augmentation in TensorFlow, the recipe's network, mirrored digits -------------


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 5),
    size=st.integers(2, 7),
    padding=st.integers(0, 3),
    seed=st.integers(0, 10_000),
)
def test_augment_batch_crops_and_mirrors_exactly_as_numpy(n, size, padding, seed):
    """The TensorFlow batch version equals pad + slice + mirror in NumPy, offset for offset."""
    from utils import photo_training

    utils.setup(tensorflow=True)
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 256, size=(n, size, size + 1, 3)).astype(np.float32)
    rows, cols = rng.integers(0, 2 * padding + 1, size=(2, n))
    flips = rng.random(n) < 0.5
    ours = photo_training.augment_batch(x, rows, cols, flips, padding).numpy()
    padded = np.pad(x, [(0, 0), (padding, padding), (padding, padding), (0, 0)])
    for i in range(n):
        expected = padded[i, rows[i] : rows[i] + size, cols[i] : cols[i] + size + 1]
        np.testing.assert_array_equal(ours[i], expected[:, ::-1] if flips[i] else expected)


def test_photo_batches_are_augmented_afresh_each_epoch_with_one_hot_labels():
    from utils import photo_training

    utils.setup(tensorflow=True)
    x = np.random.default_rng(0).random((16, 8, 8, 3)).astype(np.float32)
    y = np.arange(16) % 10
    data = photo_training.photo_batches(x, y, 16, padding=2, seed=1)
    first, second = ([b for b in data][0] for _ in range(2))
    assert first[0].shape == (16, 8, 8, 3) and first[1].shape == (16, 10)
    np.testing.assert_array_equal(first[1].numpy().sum(axis=1), 1)
    assert not np.array_equal(first[0].numpy(), second[0].numpy())  # new crops every epoch
    plain = [b for b in photo_training.photo_batches(x, y, 16, padding=None)][0][0].numpy()
    assert sorted(map(tuple, plain.reshape(16, -1))) == sorted(map(tuple, x.reshape(16, -1)))


def test_photo_net_with_and_without_batch_norm_differ_only_there():
    from utils import photo_training

    utils.setup(tensorflow=True)
    with_bn = photo_training.photo_net(widths=(8, 16), stem=4)
    without = photo_training.photo_net(widths=(8, 16), stem=4, batch_norm=False)
    kinds = lambda m: [type(la).__name__ for la in m.layers]  # noqa: E731
    assert [k for k in kinds(with_bn) if k != "FusedBatchNorm"] == kinds(without)
    assert with_bn.output_shape == without.output_shape == (None, 10)
    assert with_bn.get_layer("stem").kernel.shape == (5, 5, 3, 4)


def test_recipe_learns_a_colour_rule_in_a_few_steps():
    """Red photos against blue ones: the whole recipe (fit, flipped accuracy) must learn it."""
    from utils import photo_training

    utils.setup(tensorflow=True)
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 256)
    x = rng.normal(0, 0.3, size=(256, 8, 8, 3)).astype(np.float32)
    x[..., 0] += np.where(y == 1, 1.0, -1.0)[:, None, None]
    net = photo_training.photo_net(widths=(8,), stem=4, n_classes=2, input_shape=(8, 8, 3))
    photo_training.fit_photos(net, x, y, 4, batch_size=32, report=None)
    assert photo_training.accuracy(net, x, y, flipped=True) > 0.95
    with pytest.raises(ValueError, match="report must be"):
        photo_training.fit_photos(net, x, y, 1, report="loud")


def test_mirrored_digits_lose_accuracy_but_symmetric_images_do_not():
    rng = np.random.default_rng(0)
    # two classes told apart by which half is bright: mirroring swaps them
    left = np.zeros((20, 4, 4), np.uint8)
    left[:, :, :2] = 200
    x = np.concatenate([left, left[:, :, ::-1]])
    x = (x + rng.integers(0, 20, x.shape)).astype(np.uint8)
    y = np.repeat([0, 1], 20)
    plain, mirrored = colour.mirrored_accuracy(x, y, x, y)
    assert plain == 1.0 and mirrored == 0.0
    # classes told apart by brightness alone: mirroring changes nothing
    x2 = np.concatenate([np.full((20, 4, 4), 50), np.full((20, 4, 4), 200)]).astype(np.uint8)
    assert colour.mirrored_accuracy(x2, y, x2, y) == (1.0, 1.0)
    with pytest.raises(ValueError, match="one shape"):
        colour.mirrored_accuracy(x, y, x[:, :3], y)
