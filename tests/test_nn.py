"""The NumPy network of notebook 01: gradients, dropout, XOR, and the toy learners."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import utils
from utils import nn


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4), seed=st.integers(0, 10_000))
def test_backprop_matches_numerical_gradient(sizes, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(3, sizes[0]))
    y = rng.uniform(size=(3, sizes[-1]))
    params = nn.init_params(sizes, seed)
    params = [(W, rng.normal(size=b.shape)) for W, b in params]
    grads = nn.backward(x, y, params)

    def loss():
        return nn.mse(nn.forward(x, params)[-1], y)

    for (W, b), (dW, db) in zip(params, grads, strict=True):
        assert nn.relative_error(dW, nn.numerical_gradient(loss, W)) < 1e-5
        assert nn.relative_error(db, nn.numerical_gradient(loss, b)) < 1e-5


def test_forward_matches_a_keras_dense_stack():
    import keras

    params = nn.init_params([3, 4, 2], seed=1)
    model = keras.Sequential(
        [keras.Input((3,))] + [keras.layers.Dense(W.shape[1], "sigmoid") for W, _ in params]
    )
    for layer, (W, b) in zip(model.layers, params, strict=True):
        layer.set_weights([W, b])
    x = np.random.default_rng(2).normal(size=(5, 3))
    np.testing.assert_allclose(nn.forward(x, params)[-1], model.predict(x, verbose=0), rtol=1e-5)


def test_neuron_worked_example():
    assert utils.neuron(
        np.array([1.0, 0.5, -1.0]), np.array([0.8, -0.4, 0.3]), 0.1
    ) == pytest.approx(1 / (1 + np.exp(-0.4)))


def test_dropout_matches_keras_semantics():
    import keras

    x = np.ones((2000,), dtype="float32")
    ours = nn.dropout(x, 0.25, np.random.default_rng(0))
    theirs = np.asarray(keras.layers.Dropout(0.25, seed=0)(x, training=True))
    for out in (ours, theirs):  # both zero some units and scale the rest by 1/(1 - rate)
        np.testing.assert_allclose(np.unique(out), [0.0, 1 / 0.75], rtol=1e-6)
        assert abs(np.mean(out == 0) - 0.25) < 0.04
    assert np.array_equal(nn.dropout(x, 0.25, None, training=False), x)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_dropout_refuses_impossible_rates(rate):
    with pytest.raises(ValueError, match=f"0 <= rate < 1, got rate={rate}"):
        nn.dropout(np.ones(3), rate, np.random.default_rng(0))


def test_xor_is_learned():
    params, losses = nn.train_xor(seed=0)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    assert nn.forward(x, params)[-1].round().ravel().tolist() == [0, 1, 1, 0]
    assert losses[-1] < losses[0] / 100


def test_supervised_and_unsupervised_find_the_blobs():
    x, y = utils.two_blobs(n=50, seed=3)
    assert np.mean(utils.predict_centroids(utils.fit_centroids(x, y), x) == y) > 0.9
    _, groups = utils.kmeans(x, k=2, seed=3)
    assert max(np.mean(groups == y), np.mean(groups != y)) > 0.9
