"""The exercises of notebook 03_output_size_arithmetic: each check and the answer it checks."""

import numpy as np

from .. import arithmetic
from ..checking import function, predict, register

__all__ = [
    "output_size",
    "same_padding_total",
    "alexnet_output",
    "conv_parameters",
    "receptive_field_after_pool",
    "same_padding_function",
]


register(
    "output_size", "03_output_size_arithmetic",
    "A 32x32 input, a 5x5 kernel, stride 1, no padding: how many outputs along one side?",
    arithmetic.conv_output_size(32, 5), "(32 - 5 + 2*0)/1 + 1 = 28 outputs.",
)  # fmt: skip


def output_size(answer):
    """Check the predicted output size of a 5x5 kernel on a 32x32 input (stride 1, no padding)."""
    return predict("output_size", answer, [
        (32 - 5, "You forgot the + 1: a window at position 0 is one output too."),
        (32 - 5 + 2, "Too many: without padding the window must fit inside the input."),
        (32, "That is 'same' padding. Here there is none."),
    ])  # fmt: skip


_BEFORE, _AFTER = arithmetic.same_padding(8, 5, 2)
register(
    "same_padding_total", "03_output_size_arithmetic",
    'TensorFlow\'s "same" padding for n=8, k=5, stride 2: how many pixels in total (both sides)?',
    _BEFORE + _AFTER,
    f"ceil(8/2) = 4 outputs need (4 - 1)*2 + 5 = 11 pixels: {_BEFORE + _AFTER} of padding, "
    f"{_BEFORE} before and {_AFTER} after.",
)  # fmt: skip


def same_padding_total(answer):
    """Check the total "same" padding for n=8, k=5, s=2."""
    return predict("same_padding_total", answer, [
        (5 - 1, "That is k - 1, right for stride 1 only. Count the outputs first: ceil(n/s)."),
        ((_BEFORE + _AFTER) / 2, "Padding is counted on both sides together here: a whole "
                                 "number of pixels."),
    ])  # fmt: skip


register(
    "alexnet_output", "03_output_size_arithmetic",
    "AlexNet's first layer: 11x11 kernels at stride 4, no padding, on a 227x227 input: how many "
    "outputs along one side?",
    arithmetic.conv_output_size(227, 11, stride=4),
    "(227 - 11 + 2*0)/4 + 1 = 55: a whole number, so the layer fits 227 exactly.",
)  # fmt: skip


def alexnet_output(answer):
    """Check the output side of AlexNet's first layer on 227x227 inputs."""
    return predict("alexnet_output", answer, [
        ((227 - 11) / 4, "You forgot the + 1: the window at position 0 is an output too."),
        (227 - 11 + 1, "You left out the stride: the window jumps 4 pixels at a time."),
        ((224 - 11) / 4 + 1, "That is for 224, the paper's size. Here the input is 227."),
        (227 / 4, "Subtract the kernel first: only (W - F) pixels are left to slide over."),
    ])  # fmt: skip


register(
    "conv_parameters", "03_output_size_arithmetic",
    "A 3x3 conv layer with 16 filters on a 64x64 RGB image: how many parameters?",
    arithmetic.conv_params(3, 3, 16),
    "(3*3*3 + 1) * 16 = 448: each filter spans the 3 colour channels and has one bias.",
)  # fmt: skip


def conv_parameters(answer):
    """Check the parameter count of 16 filters of 3x3 on 3 channels."""
    return predict("conv_parameters", answer, [
        (arithmetic.conv_params(3, 3, 16, bias=False), "Close: each filter also has one bias."),
        (arithmetic.conv_params(3, 1, 16), "Each filter spans all 3 input channels, not one."),
        (arithmetic.conv_params(3, 3, 16, bias=False) + 1,
         "One bias per filter, not one for the layer."),
        (64 * 64 * 16, "That counts outputs, not weights: a filter's weights are shared."),
    ])  # fmt: skip


_STACK = [(3, 1)] * 5 + [(2, 2), (3, 1)]
register(
    "receptive_field_after_pool", "03_output_size_arithmetic",
    "Five 3x3 stride-1 layers, a 2x2 stride-2 pool, then one more 3x3 layer: how many input "
    "pixels wide is the receptive field of one final unit?",
    arithmetic.receptive_field(_STACK),
    "Five 3x3 layers give 11, the pool adds 1, and the last 3x3 adds 2 steps of 2 pixels: 16.",
)  # fmt: skip


def receptive_field_after_pool(answer):
    """Check the receptive field of five 3x3 layers, a 2x2/2 pool and one more 3x3 layer."""
    return predict("receptive_field_after_pool", answer, [
        (arithmetic.receptive_field([(3, 1)] * 5 + [(2, 1), (3, 1)]),
         "After the stride-2 pool each step of the last layer is 2 input pixels, not 1."),
        (arithmetic.receptive_field([(3, 1)] * 6),
         "The pool widens the view too: its 2x2 window adds 1."),
        (3 * 6 + 2, "Fields do not add up kernel by kernel: each 3x3 layer adds k - 1 = 2."),
    ])  # fmt: skip


register(
    "same_padding_function", "03_output_size_arithmetic",
    "Challenge: write same_padding(n, k, s) returning TensorFlow's (before, after) padding for "
    "'same' convolution with stride s.",
    "def same_padding(n, k, s):\n    out = -(-n // s)  # ceil(n / s) outputs\n"
    "    total = max((out - 1) * s + k - n, 0)\n    return total // 2, total - total // 2",
    "ceil(n/s) windows need (out - 1)*s + k pixels; the odd one goes after.",
)  # fmt: skip


def same_padding_function(answer):
    """Check a learner's 'same' padding on many (n, k, s) against ``utils.same_padding``."""
    rng = np.random.default_rng(3)
    cases = [(5, 3, 2), (8, 3, 2), (7, 4, 1), (1, 5, 3)]
    cases += [tuple(int(v) for v in rng.integers(1, [40, 8, 5])) for _ in range(40)]
    return function("same_padding_function", answer, cases,
                     lambda n, k, s: arithmetic.same_padding(n, k, s), [
        (lambda got, args: (got < 0).any(),
         "Padding is never negative: when the windows already cover the input, pad 0."),
        (lambda got, args: tuple(got) == arithmetic.same_padding(*args)[::-1],
         "The odd pixel goes after (bottom and right), not before."),
        (lambda got, args: got.sum() == args[1] - 1,
         "k - 1 in total is right for stride 1 only: count the outputs first, ceil(n/s)."),
    ])  # fmt: skip
