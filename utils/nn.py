"""A neural network in a few lines of NumPy: neurons, a forward pass, backprop, dropout.

Explained in notebook 01_what_is_deep_learning. Parameters of a network are a list of
``(W, b)`` pairs, with ``W`` shaped ``(n_in, n_out)`` as in ``keras.layers.Dense``.
"""

import numpy as np

__all__ = [
    "sigmoid", "relu", "neuron", "forward", "mse", "backward", "numerical_gradient",
    "relative_error", "init_params", "train_xor", "dropout",
]  # fmt: skip


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def relu(z):
    return np.maximum(z, 0.0)


def neuron(x, w, b, activation=sigmoid):
    """One artificial neuron: a weighted sum of the inputs plus a bias, through a nonlinearity."""
    return activation(np.dot(x, w) + b)


def forward(x, params, activation=sigmoid):
    """Run ``x`` (batch, n_in) through the layers. Returns the activations of every layer.

    ``activations[0]`` is the input and ``activations[-1]`` the network's output.
    """
    activations = [np.asarray(x, dtype=float)]
    for W, b in params:
        activations.append(activation(activations[-1] @ W + b))
    return activations


def mse(y_pred, y):
    """Mean squared error, halved so that its derivative is simply ``y_pred - y``."""
    return 0.5 * np.mean(np.sum((y_pred - y) ** 2, axis=-1))


def backward(x, y, params):
    """Gradients of ``mse`` for a sigmoid network, by the chain rule (backpropagation).

    Returns a list of ``(dW, db)`` pairs, one per layer, in the same order as ``params``.
    """
    acts = forward(x, params)
    n = len(x)
    delta = (acts[-1] - y) / n * acts[-1] * (1 - acts[-1])  # dLoss/dz of the last layer
    grads = []
    for layer in reversed(range(len(params))):
        W, _ = params[layer]
        grads.append((acts[layer].T @ delta, delta.sum(axis=0)))
        a = acts[layer]
        delta = (delta @ W.T) * a * (1 - a)  # sigmoid'(z) = a (1 - a)
    return grads[::-1]


def numerical_gradient(f, array, eps=1e-6):
    """Central-difference estimate of d f() / d array, nudging one entry at a time in place."""
    grad = np.zeros_like(array, dtype=float)
    for i in np.ndindex(array.shape):
        saved = array[i]
        array[i] = saved + eps
        up = f()
        array[i] = saved - eps
        down = f()
        array[i] = saved
        grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(a, b):
    """max |a - b| / max(|a| + |b|): about 1e-8 or less when two gradients agree."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a) + np.abs(b)), 1e-12))


def init_params(sizes, seed=0):
    """Random weights for layer sizes such as ``[2, 4, 1]`` (Glorot-uniform, zero biases)."""
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        limit = np.sqrt(6 / (n_in + n_out))
        params.append((rng.uniform(-limit, limit, (n_in, n_out)), np.zeros(n_out)))
    return params


def train_xor(hidden=4, steps=3000, lr=2.0, seed=0):
    """Learn XOR with plain gradient descent. Returns ``(params, losses)``."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    params = init_params([2, hidden, 1], seed)
    losses = []
    for _ in range(steps):
        losses.append(mse(forward(x, params)[-1], y))
        grads = backward(x, y, params)
        params = [
            (W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)
        ]
    return params, np.array(losses)


def dropout(x, rate, rng, training=True):
    """Inverted dropout: zero each value with probability ``rate`` and scale the survivors.

    Scaling by ``1 / (1 - rate)`` keeps the expected value unchanged, so at inference
    (``training=False``) the layer does nothing at all, as ``keras.layers.Dropout`` does.
    """
    if not 0 <= rate < 1:
        raise ValueError(f"dropout rate must satisfy 0 <= rate < 1, got rate={rate}")
    if not training or rate == 0:
        return x
    keep = rng.random(np.shape(x)) >= rate
    return np.where(keep, x / (1 - rate), 0.0)
