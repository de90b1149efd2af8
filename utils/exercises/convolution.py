"""The exercises of notebook 02_convolution: each check and the answer it checks."""

import numpy as np

from .. import arithmetic, conv, kernels
from ..checking import EXERCISES, describe, function, predict, register, same, verdict

__all__ = [
    "conv1d_first_output",
    "conv1d_function",
    "sharpen_flat_patch",
    "filter_parameters",
    "edge_kernel",
]


_SIGNAL, _TAPS = np.array([1.0, 2.0, 4.0, 8.0]), np.array([1.0, 0.0, -1.0])
register(
    "conv1d_first_output", "02_convolution",
    "x = [1, 2, 4, 8] and weights [1, 0, -1], no padding, stride 1: what is the first output?",
    float(conv.conv1d(_SIGNAL, _TAPS)[0]),
    "The first window is [1, 2, 4]: 1*1 + 2*0 + 4*(-1) = -3.",
)  # fmt: skip


def conv1d_first_output(answer):
    """Check the first output of a small 1D convolution."""
    return predict("conv1d_first_output", answer, [
        (float(conv.conv1d(_SIGNAL, _TAPS[::-1])[0]),
         "That flips the weights. Libraries multiply each input by the weight at its position."),
        (float(_SIGNAL[:3].sum()), "Multiply each input by its weight before adding."),
        (float(conv.conv1d(_SIGNAL, _TAPS)[-1]), "That is the last window: start at the left."),
    ])  # fmt: skip


register(
    "conv1d_function", "02_convolution",
    "Write conv1d(x, w): every output of sliding w along x, stride 1, no padding, w as given "
    "(not reversed).",
    "def conv1d(x, w):\n    k = len(w)\n"
    "    return np.array([x[i:i + k] @ w for i in range(len(x) - k + 1)])",
    "One output per position where the window fits: len(x) - len(w) + 1 of them.",
)  # fmt: skip


def conv1d_function(answer):
    """Check a learner's 1D convolution on random signals against ``utils.conv1d``."""
    rng = np.random.default_rng(7)
    cases = [(rng.normal(size=n), rng.normal(size=k)) for n, k in ((5, 3), (8, 2), (6, 6), (9, 4))]
    return function("conv1d_function", answer, cases, lambda x, w: conv.conv1d(x, w), [
        (lambda got, args: same(got, conv.conv1d(args[0], args[1][::-1])),
         "You flipped the weights (np.convolve does): deep-learning layers do not."),
    ])  # fmt: skip


_SHARPEN = kernels.KERNELS["sharpen"]
register(
    "sharpen_flat_patch", "02_convolution",
    "The sharpen kernel (5 in the centre, -1 on its four neighbours, 0 in the corners) on a "
    "flat patch where every pixel is 0.3: what is the output?",
    float(kernels.filter2d(np.full((5, 5), 0.3), _SHARPEN)[2, 2]),
    "(5 - 4) * 0.3 = 0.3: weights that sum to 1 keep a flat patch as it is.",
)  # fmt: skip


def sharpen_flat_patch(answer):
    """Check the sharpen kernel's output on a flat patch."""
    return predict("sharpen_flat_patch", answer, [
        (5 * 0.3, "The four neighbours count too: each adds -1 * 0.3."),
        (0.0, "These weights sum to 1, not 0: work out 5 times the centre minus the four "
              "neighbours."),
        (9 * 0.3, "Multiply by the kernel's weights, not by 1."),
    ])  # fmt: skip


register(
    "filter_parameters", "02_convolution",
    "A conv layer with 8 filters of 5x5 on an RGB input: how many parameters?",
    arithmetic.conv_params(5, 3, 8),
    "(5*5*3 + 1) * 8 = 608: each filter spans the 3 channels and has one bias.",
)  # fmt: skip


def filter_parameters(answer):
    """Check the parameter count of 8 filters of 5x5 on 3 channels."""
    return predict("filter_parameters", answer, [
        (arithmetic.conv_params(5, 3, 8, bias=False), "Close: each filter also has one bias."),
        (arithmetic.conv_params(5, 1, 8), "Each filter spans all 3 channels, not one."),
        (arithmetic.conv_params(5, 3, 1), "That is one filter: the layer has 8."),
    ])  # fmt: skip


register(
    "edge_kernel", "02_convolution",
    "Challenge: design a 3x3 kernel that gives 0 on any flat patch and responds to vertical "
    "edges at least twice as strongly as to horizontal ones.",
    kernels.KERNELS["vertical edges"],
    "Weights that sum to 0 cancel a flat patch; weights that change from left to right see "
    "a change of brightness from left to right.",
)  # fmt: skip


def edge_kernel(answer):
    """Check a learner's vertical-edge kernel on a flat patch and two edge images."""
    name = "edge_kernel"
    try:
        kernel = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        kernel = None
    if kernel is None or kernel.shape != (3, 3) or not np.isfinite(kernel).all():
        return verdict(name, False, f"Expected a 3x3 array of numbers, got {describe(answer)}.")
    step = np.repeat([[0.0] * 4 + [1.0] * 4], 8, axis=0)  # dark left half, bright right half
    vertical = np.abs(kernels.filter2d(step, kernel, padding="valid")).max()
    horizontal = np.abs(kernels.filter2d(step.T, kernel, padding="valid")).max()
    if not np.isclose(kernel.sum(), 0, atol=1e-9):
        return verdict(name, False, "A flat patch gives the sum of the weights times its "
                        "brightness: make the weights sum to 0.")  # fmt: skip
    if vertical == 0 or vertical < 2 * horizontal:
        return verdict(name, False, "It does not prefer vertical edges: let the weights change "
                        "from left to right, and stay the same from top to bottom.")  # fmt: skip
    return verdict(name, True, EXERCISES[name].why)
