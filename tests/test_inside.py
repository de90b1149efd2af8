"""utils.inside: occlusion, saliency and nearest neighbours, on models whose answer is known."""

import numpy as np
import pytest

import utils
from utils import inside


def corner_model(size=8):
    """Logits (0, 10 * mean of the top-left 4x4 red corner): class 1 lives in that corner."""
    utils.setup(tensorflow=True)
    import keras

    inputs = keras.Input((size, size, 3))
    corner = keras.layers.Lambda(lambda t: t[:, :4, :4, 0])(inputs)
    score = keras.layers.Lambda(lambda t: 10 * keras.ops.mean(t, axis=(1, 2), keepdims=False))(
        corner
    )
    logits = keras.layers.Lambda(lambda s: keras.ops.stack([keras.ops.zeros_like(s), s], axis=-1))(
        score
    )
    return keras.Model(inputs, logits)


def test_occlusion_marks_the_region_the_model_reads():
    model = corner_model()
    image = np.ones((8, 8, 3), np.float32)
    drop = inside.occlusion_map(model, image, 1, patch=4, stride=2)
    assert drop.shape == (8, 8)
    assert drop[:4, :4].mean() > 0.1 and np.allclose(drop[6:, 6:], 0, atol=1e-6)  # untouched


def test_saliency_equals_the_analytic_gradient():
    model = corner_model()
    image = np.random.default_rng(0).random((8, 8, 3)).astype(np.float32)
    grad = inside.saliency(model, image, 1)
    expected = np.zeros((8, 8))
    expected[:4, :4] = 10 / 16  # d(10 * mean of 16 pixels) / d pixel
    np.testing.assert_allclose(grad, expected, rtol=1e-5, atol=1e-7)


def test_nearest_and_same_class_share_use_cosine_similarity():
    f = np.array([[1.0, 0.0], [10.0, 1.0], [0.0, 1.0], [1.0, 10.0], [1.0, 1.0]])
    assert inside.nearest(f, 0, k=2).tolist() == [1, 4]  # length does not matter, angle does
    assert 0 not in inside.nearest(f, 0, k=4)
    assert inside.same_class_share(f[:4], [0, 0, 1, 1], queries=4, k=1) == 1.0
    assert inside.same_class_share(f[:4], [0, 1, 0, 1], queries=4, k=1) == 0.0


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda m, im: inside.occlusion_map(m, im, 1, patch=0), "patch must be a positive"),
        (lambda m, im: inside.occlusion_map(m, im, 1, patch=9), "must fit in the 8x8"),
        (lambda m, im: inside.occlusion_map(m, im, 1, stride=True), "stride must be"),
        (lambda m, im: inside.occlusion_map(m, im[None], 1), "one photo"),
        (lambda m, im: inside.nearest(np.zeros((3, 2)), 0, k=3), "k must be an integer"),
        (lambda m, im: inside.same_class_share(np.zeros((3, 2)), [0, 1, 2], 4), "queries"),
    ],
)
def test_bad_arguments_are_refused_with_the_value(call, words):
    with pytest.raises(ValueError, match=words):
        call(corner_model(), np.ones((8, 8, 3), np.float32))
