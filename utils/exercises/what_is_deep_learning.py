"""The exercises of notebook 01_what_is_deep_learning: each check and the answer it checks."""

import numpy as np

from .. import nn
from ..checking import function, predict, register, same

__all__ = [
    "neuron_output",
    "network_parameters",
    "layer_function",
    "dropout_scale",
    "xor_one_hidden_unit",
]


_X1, _W1, _B1 = np.array([1.0, 2.0]), np.array([0.5, 0.25]), -0.5
register(
    "neuron_output", "01_what_is_deep_learning",
    "Inputs [1, 2], weights [0.5, 0.25], bias -0.5, ReLU: what does the neuron output?",
    float(nn.neuron(_X1, _W1, _B1, activation=nn.relu)),
    "z = 0.5 + 0.5 - 0.5 = 0.5, and ReLU keeps a positive z as it is.",
)  # fmt: skip


def neuron_output(answer):
    """Check one ReLU neuron's output, worked by hand."""
    return predict("neuron_output", answer, [
        (float(_W1 @ _X1), "You left out the bias: add -0.5 to the weighted sum."),
        (float(nn.sigmoid(_W1 @ _X1 + _B1)), "That is the sigmoid. This neuron uses ReLU."),
        (float(_W1 @ _X1[::-1] + _B1), "Pair each input with its own weight: 1 * 0.5 + 2 * 0.25."),
    ])  # fmt: skip


_SIZES = [784, 128, 10]
register(
    "network_parameters", "01_what_is_deep_learning",
    "A 784-128-10 network (MNIST pixels, 128 hidden units, 10 classes): how many parameters?",
    sum(w.size + b.size for w, b in nn.init_params(_SIZES)),
    "784 * 128 + 128 for the hidden layer, 128 * 10 + 10 for the output: 101,770.",
)  # fmt: skip


def network_parameters(answer):
    """Check the parameter count of a 784-128-10 network."""
    return predict("network_parameters", answer, [
        (784 * 128 + 128 * 10, "Every neuron also has a bias: 128 + 10 more."),
        (784 * 128 * 10, "Layers add their counts; they do not multiply."),
        (784 * 128 + 128, "That is the hidden layer only: add the output layer."),
    ])  # fmt: skip


register(
    "layer_function", "01_what_is_deep_learning",
    "Write layer(x, W, b): a batch x of shape (N, n_in), weights W (n_in, n_out), a bias b "
    "(n_out,), and ReLU.",
    "def layer(x, W, b):\n    return np.maximum(x @ W + b, 0)",
    "One matrix product for the whole batch, the bias broadcast over its rows, then ReLU.",
)  # fmt: skip


def layer_function(answer):
    """Check a learner's dense ReLU layer on random batches."""
    rng = np.random.default_rng(6)
    cases = [(rng.normal(size=(n, i)), rng.normal(size=(i, o)), rng.normal(size=o))
             for n, i, o in ((4, 3, 2), (1, 5, 5), (7, 2, 6))]  # fmt: skip
    return function("layer_function", answer, cases, lambda x, w, b: nn.relu(x @ w + b), [
        (lambda got, args: same(got, nn.relu(args[0] @ args[1])),
         "You left out the bias: add b before the ReLU."),
        (lambda got, args: same(got, args[0] @ args[1] + args[2]),
         "Negative values must become 0: apply ReLU, np.maximum(z, 0)."),
        (lambda got, args: same(got, nn.sigmoid(args[0] @ args[1] + args[2])),
         "That is the sigmoid. This layer uses ReLU."),
    ])  # fmt: skip


_RATE = 0.2
register(
    "dropout_scale", "01_what_is_deep_learning",
    "Dropout with rate 0.2: by what factor are the surviving activations multiplied in training?",
    float(nn.dropout(np.ones(1000), _RATE, np.random.default_rng(0)).max()),
    "1 / (1 - 0.2) = 1.25, so that the expected activation is the same as at inference.",
)  # fmt: skip


def dropout_scale(answer):
    """Check inverted dropout's scale factor for rate 0.2."""
    return predict("dropout_scale", answer, [
        (1 - _RATE, "That is the share kept: the survivors are divided by it, not multiplied."),
        (1 / _RATE, "Divide by the share kept, 1 - 0.2, not by the rate."),
        (1 + _RATE, "Close, but not quite: it is 1 / (1 - rate), not 1 + rate."),
    ])  # fmt: skip


def _xor_learns(hidden):
    """1 when ``train_xor`` with ``hidden`` units gets every XOR case right, else 0."""
    params, _ = nn.train_xor(hidden=hidden, steps=3000, lr=2.0, seed=0)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return int(np.array_equal(nn.forward(x, params)[-1].ravel().round(), [0, 1, 1, 0]))


register(
    "xor_one_hidden_unit", "01_what_is_deep_learning",
    "Challenge: train XOR as on the slide, but with one hidden unit (hidden=1). Will it get all "
    "four cases right: 1 for yes, 0 for no? Predict, then run it.",
    lambda: _xor_learns(1),  # trains a tiny net: computed on first use, not at import
    "One hidden unit passes a single weighted sum on, so the output can only cut the plane "
    "with one line: XOR needs two.",
)  # fmt: skip


def xor_one_hidden_unit(answer):
    """Check the prediction for XOR with a single hidden unit."""
    return predict("xor_one_hidden_unit", answer, [
        (_xor_learns(4), "Run it: with one hidden unit the loss stalls. What can one unit not do?"),
        (0.5, "Answer 1 for yes or 0 for no."),
    ])  # fmt: skip
