"""Spatial transformer sampler, pruning and the tiny GAN's helpers (notebook 11)."""

import numpy as np
import pytest
import skimage.filters
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import compression, gan, transformer


@settings(max_examples=60, deadline=None)
@given(
    angle=st.floats(-180, 180),
    scale=st.floats(0.3, 2.0),
    tx=st.floats(-0.5, 0.5),
    ty=st.floats(-0.5, 0.5),
    h=st.integers(5, 24),
    w=st.integers(5, 24),
    seed=st.integers(0, 2**16),
)
def test_sampler_matches_scikit_image_warp(angle, scale, tx, ty, h, w, seed):
    image = np.random.default_rng(seed).random((h, w))
    theta = transformer.affine(angle, scale, tx, ty)
    # Compare where the sampler reads inside the image: beyond the border pixels' centres the
    # two differ by convention (ours fades to zero over half a pixel, as in spatial transformers).
    grid = transformer.affine_grid(theta, h, w)
    inside = (np.abs(grid) <= 1).all(axis=-1)
    ours, theirs = transformer.transform(image, theta), transformer.skimage_warp(image, theta)
    np.testing.assert_allclose(ours[inside], theirs[inside], atol=1e-9)
    assert (ours[(np.abs(grid) > 1 + 2 / min(h - 1, w - 1)).any(axis=-1)] == 0).all()


def test_identity_and_channels():
    image = np.random.default_rng(0).random((9, 7, 3))
    np.testing.assert_allclose(
        transformer.transform(image, transformer.IDENTITY), image, atol=1e-12
    )
    assert transformer.transform(image, transformer.IDENTITY, size=(4, 5)).shape == (4, 5, 3)


def test_bad_theta_is_refused():
    with pytest.raises(ValueError, match=r"theta must be a 2x3 affine matrix, got shape \(3, 3\)"):
        transformer.affine_grid(np.eye(3), 4, 4)


def test_fit_theta_undoes_a_shift():
    image = np.zeros((16, 16))
    image[5:11, 6:10] = 1.0
    image = skimage.filters.gaussian(image, 1.0)
    shifted = transformer.transform(image, transformer.affine(tx=0.2))
    theta, losses = transformer.fit_theta(shifted, image, steps=150)
    assert losses[-1] < 0.05 * losses[0]
    assert theta[0, 2] == pytest.approx(-0.2, abs=0.05)


def test_prune_by_magnitude_zeroes_the_smallest_weights():
    import utils

    utils.setup(tensorflow=True)
    import keras

    model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(8), keras.layers.Dense(4)])
    kernels = [layer.kernel.numpy().copy() for layer in model.layers]
    zeroed = compression.prune_by_magnitude(model, 0.5)
    assert zeroed == 40 + 16 == compression.zero_weights(model)
    for layer, before in zip(model.layers, kernels, strict=True):
        after = layer.kernel.numpy()
        kept = after != 0
        assert np.abs(before[kept]).min() >= np.abs(before[~kept]).max()
    with pytest.raises(ValueError, match="sparsity must be in \\[0, 1\\), got sparsity=1.2"):
        compression.prune_by_magnitude(model, 1.2)


def test_keep_pruned_keeps_zeros_through_training():
    import utils

    utils.setup(tensorflow=True)
    import keras

    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(5), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.1), "mse")
    compression.prune_by_magnitude(model, 0.6)
    zeros = [layer.kernel.numpy() == 0 for layer in model.layers]
    x, y = np.random.default_rng(0).random((64, 6)), np.random.default_rng(1).random((64, 1))
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[compression.keep_pruned()])
    for layer, mask in zip(model.layers, zeros, strict=True):
        assert (layer.kernel.numpy()[mask] == 0).all() and (layer.kernel.numpy()[~mask] != 0).all()
    assert compression.weight_bytes(model) == 4 * (6 * 5 + 5 + 5 * 1 + 1)


def test_ring_and_mode_coverage():
    points = gan.ring(4000, modes=8, spread=0.05)
    assert points.shape == (4000, 2) and points.dtype == np.float32
    assert gan.mode_coverage(points) == (1.0, 8)
    assert gan.mode_coverage(np.zeros((10, 2))) == (0.0, 0)  # all at the centre: near no blob
    one_blob = np.tile([[2.0, 0.0]], (10, 1))
    assert gan.mode_coverage(one_blob) == (1.0, 1)  # mode collapse: every point on one blob
