"""The exercises of notebook 04_pooling: each check and the answer it checks."""

import numpy as np

from .. import arithmetic, pooling
from ..checking import function, predict, register, same

__all__ = [
    "pooled_values",
    "max_pool_function",
    "average_pool_window",
    "gap_head_parameters",
    "global_average_pool_function",
]


register(
    "pooled_values", "04_pooling",
    "A 28x28 feature map with 32 channels, max pooled 2x2 at stride 2: how many values come out?",
    arithmetic.pool_output_size(28, 2) ** 2 * 32,
    "Each side halves to 14, and each of the 32 channels is pooled on its own: 6,272 values.",
)  # fmt: skip


def pooled_values(answer):
    """Check the number of values after 2x2/2 pooling of a 28x28x32 map."""
    return predict("pooled_values", answer, [
        (28 * 28 * 32 / 2, "Both sides halve, so a quarter of the values remain, not half."),
        (arithmetic.pool_output_size(28, 2) ** 2,
         "That is one channel: each of the 32 channels is pooled separately."),
        (arithmetic.pool_output_size(28, 2, stride=1) ** 2 * 32,
         "That is stride 1: at stride 2 the windows do not overlap."),
    ])  # fmt: skip


register(
    "max_pool_function", "04_pooling",
    "Write max_pool(x) for 2x2 windows at stride 2 on x of shape (N, H, W, C), H and W even.",
    "def max_pool(x):\n    n, h, w, c = x.shape\n"
    "    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))",
    "Each output is the largest of its 2x2 window, per image and per channel.",
)  # fmt: skip


def max_pool_function(answer):
    """Check a learner's 2x2, stride-2 max pooling against ``utils.pooling.max_pool2d``."""
    rng = np.random.default_rng(0)
    cases = [(rng.normal(size=s),) for s in ((1, 4, 4, 1), (2, 6, 4, 3), (3, 2, 8, 2))]
    return function("max_pool_function", answer, cases, lambda x: pooling.max_pool2d(x, 2), [
        (lambda got, args: same(got, pooling.avg_pool2d(args[0], 2)),
         "That is the average of each window: take the largest value."),
        (lambda got, args: same(got, args[0].max(axis=-1, keepdims=True)),
         "That takes the maximum over the channels: pool over height and width instead."),
    ])  # fmt: skip


_WINDOW = np.array([[6.0, 0.0], [0.0, 2.0]], "float32")
register(
    "average_pool_window", "04_pooling",
    "Average pooling of the single 2x2 window [[6, 0], [0, 2]]: what number comes out?",
    float(pooling.avg_pool2d(_WINDOW[None, :, :, None], 2).item()),
    "(6 + 0 + 0 + 2) / 4 = 2: the zeros count too, which is how averaging dilutes the 6.",
)  # fmt: skip


def average_pool_window(answer):
    """Check the average pooling of one 2x2 window."""
    return predict("average_pool_window", answer, [
        (_WINDOW.max(), "That is max pooling: average all four values instead."),
        (_WINDOW[_WINDOW > 0].mean(), "The zeros are in the window too: divide by 4."),
        (_WINDOW.sum(), "That is the sum: divide by the 4 values of the window."),
    ])  # fmt: skip


register(
    "gap_head_parameters", "04_pooling",
    "A last conv block of 7x7x256, global average pooling, then a dense layer to 10 classes: how "
    "many parameters does the dense layer have?",
    arithmetic.dense_params(256, 10),
    "Global average pooling leaves one number per channel: 256 * 10 weights + 10 biases, "
    "2,570.",
)  # fmt: skip


def gap_head_parameters(answer):
    """Check the dense head's parameters after global average pooling of 7x7x256."""
    return predict("gap_head_parameters", answer, [
        (arithmetic.dense_params(7 * 7 * 256, 10),
         "That is flatten, then dense: global pooling first leaves only 256 numbers."),
        (arithmetic.dense_params(256, 10, bias=False), "Close: each class also has one bias."),
        (arithmetic.dense_params(7 * 7, 10), "Pooling is per channel: 256 numbers remain, not 49."),
    ])  # fmt: skip


register(
    "global_average_pool_function", "04_pooling",
    "Challenge: write global_average_pool(x) that turns (N, H, W, C) into (N, C).",
    "def global_average_pool(x):\n    return x.mean(axis=(1, 2))",
    "One average per image and channel, over all H x W positions.",
)  # fmt: skip


def global_average_pool_function(answer):
    """Check a learner's global average pooling against ``utils.pooling.global_avg_pool2d``."""
    rng = np.random.default_rng(4)
    cases = [(rng.normal(size=s),) for s in ((1, 7, 7, 4), (3, 2, 5, 6), (2, 1, 1, 3))]
    return function("global_average_pool_function", answer, cases, pooling.global_avg_pool2d, [
        (lambda got, args: same(got, args[0].max(axis=(1, 2))),
         "That is global max pooling: average instead."),
        (lambda got, args: same(got, args[0].sum(axis=(1, 2))),
         "That is the sum: divide by the number of positions, H * W."),
    ])  # fmt: skip
