"""The exercises of notebook 05_building_a_cnn: each check and the answer it checks."""

import numpy as np

from .. import arithmetic
from ..checking import function, predict, register

__all__ = [
    "conv_params_function",
    "dense_layer_parameters",
    "valid_stack_side",
    "gap_network_parameters",
]


register(
    "conv_params_function", "05_building_a_cnn",
    "Write conv_params(k, c_in, c_out): the parameters of a conv layer with c_out filters of kxk "
    "on c_in channels, with biases.",
    "def conv_params(k, c_in, c_out):\n    return (k * k * c_in + 1) * c_out",
    "Each filter has k * k * c_in weights and one bias.",
)  # fmt: skip


def conv_params_function(answer):
    """Check a learner's parameter count on many layer shapes against ``utils.conv_params``."""
    rng = np.random.default_rng(8)
    cases = [tuple(int(v) for v in rng.integers(1, [8, 65, 129])) for _ in range(30)]
    return function("conv_params_function", answer, cases,
                     lambda k, c_in, c_out: arithmetic.conv_params(k, c_in, c_out), [
        (lambda got, args: got == arithmetic.conv_params(*args, bias=False),
         "Each filter also has one bias."),
        (lambda got, args: got == arithmetic.conv_params(args[0], 1, args[2]),
         "Each filter spans all c_in input channels."),
        (lambda got, args: got == args[0] * args[1] * args[2] + 1,
         "One bias per filter, not one per layer."),
    ])  # fmt: skip


_POOLED = arithmetic.pool_output_size(arithmetic.conv_output_size(32, 5), 2)
register(
    "dense_layer_parameters", "05_building_a_cnn",
    "The example network's pooled 14x14x10 map, flattened into a dense layer of 200 units: how "
    "many parameters does that dense layer have?",
    arithmetic.dense_params(_POOLED * _POOLED * 10, 200),
    "Flatten passes all 14 * 14 * 10 = 1,960 values, each joined to 200 units, plus 200 "
    "biases: 392,200.",
)  # fmt: skip


def dense_layer_parameters(answer):
    """Check the dense layer's parameter count in notebook 05's example network."""
    return predict("dense_layer_parameters", answer, [
        (arithmetic.dense_params(_POOLED * _POOLED * 10, 200, bias=False),
         "Close: each of the 200 units also has a bias."),
        (arithmetic.dense_params(10, 200), "Flatten passes every value of the map, not one per "
         "channel: 14 * 14 * 10 of them."),  # fmt: skip
        (arithmetic.dense_params(28 * 28 * 10, 200), "The pool comes first: the map is 14x14."),
    ])  # fmt: skip


def _valid_side(n, layers):
    for _ in range(layers):
        n = arithmetic.conv_output_size(n, 3, padding="valid")
    return n


register(
    "valid_stack_side", "05_building_a_cnn",
    'Six 3x3 layers with "valid" padding on a 32x32 input: what is the side of the last map?',
    _valid_side(32, 6),
    'Each "valid" 3x3 layer trims one pixel from every side, 2 per layer: 32 - 6 * 2 = 20.',
)  # fmt: skip


def valid_stack_side(answer):
    """Check the side left after six "valid" 3x3 layers on 32x32."""
    return predict("valid_stack_side", answer, [
        (32 - 6, "A 3x3 window trims a pixel on both sides: 2 per layer, not 1."),
        (32, 'That is "same" padding. "valid" adds none.'),
        (32 - 6 * 3, "It loses k - 1 = 2 pixels per layer, not k."),
    ])  # fmt: skip


register(
    "gap_network_parameters", "05_building_a_cnn",
    "Challenge: replace the example network's flatten and dense-200 layers by global average "
    "pooling straight into the 10 outputs. How many parameters does the network have now?",
    arithmetic.conv_params(5, 1, 10) + arithmetic.dense_params(10, 10),
    "260 in the conv layer and 10 * 10 + 10 in the output: 370, about a thousandth of the "
    "original; the dense layer held nearly all of them. What the network gives up is where in "
    "the image each feature was: only how strongly each filter responded anywhere is left.",
)  # fmt: skip


def gap_network_parameters(answer):
    """Check the example network's parameter count with a global-average-pooling head."""
    conv_layer = arithmetic.conv_params(5, 1, 10)
    return predict("gap_network_parameters", answer, [
        (conv_layer, "Add the output layer: 10 pooled values into 10 classes, with biases."),
        (arithmetic.dense_params(10, 10), "Add the conv layer's 260 parameters."),
        (conv_layer + arithmetic.dense_params(_POOLED * _POOLED * 10, 10),
         "Global pooling leaves one number per channel (10), not the whole 14x14x10 map."),
    ])  # fmt: skip
