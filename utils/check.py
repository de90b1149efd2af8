"""Exercises with checks that give hints: ``utils.check.<name>(answer)``.

Explained in notebook 00_index (how to work alone). Each check compares the learner's answer
with one that the code computes, and prints either "correct" with one line on why, or "not yet"
with a hint aimed at the likely mistake. A check never shows the answer: ``reveal(name)`` does,
on purpose. Malformed answers (text, None, the wrong shape) get a message, never a traceback.

>>> output_size(27)  # utils.check.output_size in a notebook
not yet: output_size. You forgot the + 1: a window at position 0 is one output too.
>>> output_size(28)
correct: output_size. (32 - 5 + 2*0)/1 + 1 = 28 outputs.
>>> passed("output_size")
True

In the teacher's edition (``notebooks/``) each answer sits in a cell tagged ``solution``;
``make learner`` replaces those cells by stubs (see ``tools.learner``).
"""

import inspect
import textwrap
from dataclasses import dataclass

import numpy as np

from . import arithmetic, classifier, conv, kernels, nn, pooling

# Learners call the checks as utils.check.<name>; only the registry is in the flat namespace.
__all__ = ["Exercise", "EXERCISES"]

# A check prints its verdict and returns None, so that a notebook shows the verdict alone;
# passed(name) says whether the last answer checked was right.


@dataclass(frozen=True)
class Exercise:
    name: str
    notebook: str  # the notebook that poses it, e.g. "03_output_size_arithmetic"
    question: str
    answer: object  # what reveal() shows: computed by the code, never typed in
    why: str  # one line, printed with "correct"


EXERCISES = {}
_PASSED = set()
WIDTH = 95  # characters per printed line: a slide's code width


def _register(name, notebook, question, answer, why):
    EXERCISES[name] = Exercise(name, notebook, question, answer, why)


def _verdict(name, ok, text):
    if ok:
        _PASSED.add(name)
    else:
        _PASSED.discard(name)
    print(textwrap.fill(f"{'correct' if ok else 'not yet'}: {name}. {text}", WIDTH))


def passed(name):
    """Whether the last answer checked for exercise ``name`` was right."""
    return name in _PASSED


def _number(name, answer):
    """The answer as a float, or None after saying why it is not a number."""
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating):
        shown = "nothing yet (replace the ...)" if answer is Ellipsis else repr(answer)[:40]
        _verdict(name, False, f"Expected a number, got {shown}.")
        return None
    return float(answer)


def _predict(name, answer, mistakes):
    """Check a predicted number; ``mistakes`` maps wrong values to the hint for each."""
    value = _number(name, answer)
    if value is None:
        return None
    exercise = EXERCISES[name]
    if np.isclose(value, float(exercise.answer), rtol=1e-6, atol=1e-9):
        return _verdict(name, True, exercise.why)
    for wrong, hint in mistakes:
        if np.isclose(value, wrong, rtol=1e-6, atol=1e-9):
            return _verdict(name, False, hint)
    return _verdict(name, False, "Not that number. Write the formula out with these numbers.")


def _function(name, answer, cases, ours, mistakes=()):
    """Run the learner's function on ``cases`` against ``ours``; report the first that differs."""
    if not callable(answer):
        return _verdict(name, False, f"Expected a function, got {repr(answer)[:40]}.")
    for args in cases:
        expected = ours(*args)
        try:
            result = answer(*args)
            if result is None:
                return _verdict(name, False, "It returned None: write its body in place of the ...")
            got = np.asarray(result, dtype=float)
        except Exception as err:  # noqa: BLE001 (the learner's code may raise anything)
            return _verdict(
                name, False, f"It raised {type(err).__name__}: {err} on {_shape(args)}."
            )
        if got.shape != np.shape(expected):
            return _verdict(
                name, False,
                f"On {_shape(args)} it returned shape {got.shape}, expected {np.shape(expected)}.",
            )  # fmt: skip
        if not np.allclose(got, expected, rtol=1e-5, atol=1e-6):
            for test, hint in mistakes:
                if test(got, args):
                    return _verdict(name, False, hint)
            return _verdict(name, False, f"It differs from ours on {_shape(args)}.")
    return _verdict(name, True, EXERCISES[name].why)


def _shape(args):
    return ", ".join(f"shape {np.shape(a)}" if np.ndim(a) else repr(a) for a in args)


def reveal(name):
    """Print the answer of exercise ``name``: on purpose, after trying."""
    if name not in EXERCISES:
        print(f"no exercise {name!r}; known: {', '.join(sorted(EXERCISES))}")
        return None
    exercise = EXERCISES[name]
    print(f"{name}: {exercise.question}\nanswer: {exercise.answer}\nwhy: {exercise.why}")
    return exercise.answer


def progress(notebook):
    """Print which exercises of ``notebook`` pass so far; returns (passed, total)."""
    mine = [e for e in EXERCISES.values() if e.notebook == notebook]
    for e in mine:
        print(f"{'passed ' if e.name in _PASSED else 'not yet'}  {e.name}: {e.question}")
    done = sum(e.name in _PASSED for e in mine)
    print(f"{done} of {len(mine)} exercises pass.")
    return done, len(mine)


# --- notebook 01: what is deep learning ----------------------------------------------------

_X1, _W1, _B1 = np.array([1.0, 2.0]), np.array([0.5, 0.25]), -0.5
_register(
    "neuron_output", "01_what_is_deep_learning",
    "Inputs [1, 2], weights [0.5, 0.25], bias -0.5, ReLU: what does the neuron output?",
    float(nn.neuron(_X1, _W1, _B1, activation=nn.relu)),
    "z = 0.5 + 0.5 - 0.5 = 0.5, and ReLU keeps a positive z as it is.",
)  # fmt: skip


def neuron_output(answer):
    """Check one ReLU neuron's output, worked by hand."""
    return _predict("neuron_output", answer, [
        (float(_W1 @ _X1), "You left out the bias: add -0.5 to the weighted sum."),
        (float(nn.sigmoid(_W1 @ _X1 + _B1)), "That is the sigmoid. This neuron uses ReLU."),
        (float(_W1 @ _X1[::-1] + _B1), "Pair each input with its own weight: 1 * 0.5 + 2 * 0.25."),
    ])  # fmt: skip


_SIZES = [784, 128, 10]
_register(
    "network_parameters", "01_what_is_deep_learning",
    "A 784-128-10 network (MNIST pixels, 128 hidden units, 10 classes): how many parameters?",
    sum(w.size + b.size for w, b in nn.init_params(_SIZES)),
    "784 * 128 + 128 for the hidden layer, 128 * 10 + 10 for the output: 101,770.",
)  # fmt: skip


def network_parameters(answer):
    """Check the parameter count of a 784-128-10 network."""
    return _predict("network_parameters", answer, [
        (784 * 128 + 128 * 10, "Every neuron also has a bias: 128 + 10 more."),
        (784 * 128 * 10, "Layers add their counts; they do not multiply."),
        (784 * 128 + 128, "That is the hidden layer only: add the output layer."),
    ])  # fmt: skip


_register(
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
    return _function("layer_function", answer, cases, lambda x, w, b: nn.relu(x @ w + b), [
        (lambda got, args: np.allclose(got, nn.relu(args[0] @ args[1])),
         "You left out the bias: add b before the ReLU."),
        (lambda got, args: np.allclose(got, args[0] @ args[1] + args[2]),
         "Negative values must become 0: apply ReLU, np.maximum(z, 0)."),
        (lambda got, args: np.allclose(got, nn.sigmoid(args[0] @ args[1] + args[2])),
         "That is the sigmoid. This layer uses ReLU."),
    ])  # fmt: skip


_RATE = 0.2
_register(
    "dropout_scale", "01_what_is_deep_learning",
    "Dropout with rate 0.2: by what factor are the surviving activations multiplied in training?",
    float(nn.dropout(np.ones(1000), _RATE, np.random.default_rng(0)).max()),
    "1 / (1 - 0.2) = 1.25, so that the expected activation stays 1, as at inference.",
)  # fmt: skip


def dropout_scale(answer):
    """Check inverted dropout's scale factor for rate 0.2."""
    return _predict("dropout_scale", answer, [
        (1 - _RATE, "That is the share kept: the survivors are divided by it, not multiplied."),
        (1 / _RATE, "Divide by the share kept, 1 - 0.2, not by the rate."),
        (1 + _RATE, "Close, but not quite: it is 1 / (1 - rate), not 1 + rate."),
    ])  # fmt: skip


def _xor_learns(hidden):
    """1 when ``train_xor`` with ``hidden`` units gets every XOR case right, else 0."""
    params, _ = nn.train_xor(hidden=hidden, steps=3000, lr=2.0, seed=0)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return int(np.array_equal(nn.forward(x, params)[-1].ravel().round(), [0, 1, 1, 0]))


_register(
    "xor_one_hidden_unit", "01_what_is_deep_learning",
    "Challenge: train XOR as on the slide, but with one hidden unit (hidden=1). Will it get all "
    "four cases right: 1 for yes, 0 for no? Predict, then run it.",
    _xor_learns(1),
    "One hidden unit passes a single weighted sum on, so the output can only cut the plane "
    "with one line: XOR needs two.",
)  # fmt: skip


def xor_one_hidden_unit(answer):
    """Check the prediction for XOR with a single hidden unit."""
    return _predict("xor_one_hidden_unit", answer, [
        (_xor_learns(4), "Run it: with one hidden unit the loss stalls. What can one unit not do?"),
        (0.5, "Answer 1 for yes or 0 for no."),
    ])  # fmt: skip


# --- notebook 02: convolution -------------------------------------------------------------

_SIGNAL, _TAPS = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
_register(
    "conv1d_first_output", "02_convolution",
    "x = [1, 2, 3, 4] and weights [1, 0, -1], no padding, stride 1: what is the first output?",
    float(conv.conv1d(_SIGNAL, _TAPS)[0]),
    "The first window is [1, 2, 3]: 1*1 + 2*0 + 3*(-1) = -2.",
)  # fmt: skip


def conv1d_first_output(answer):
    """Check the first output of a small 1D convolution."""
    return _predict("conv1d_first_output", answer, [
        (float(conv.conv1d(_SIGNAL, _TAPS[::-1])[0]),
         "That flips the weights. Libraries multiply each input by the weight at its position."),
        (float(_SIGNAL[:3].sum()), "Multiply each input by its weight before adding."),
        (float(conv.conv1d(_SIGNAL, _TAPS)[-1]), "That is the last window: start at the left."),
    ])  # fmt: skip


_register(
    "conv1d_function", "02_convolution",
    "Write conv1d(x, w): every output of sliding w along x, stride 1, no padding, no flip.",
    "def conv1d(x, w):\n    k = len(w)\n"
    "    return np.array([x[i:i + k] @ w for i in range(len(x) - k + 1)])",
    "One output per position where the window fits: len(x) - len(w) + 1 of them.",
)  # fmt: skip


def conv1d_function(answer):
    """Check a learner's 1D convolution on random signals against ``utils.conv1d``."""
    rng = np.random.default_rng(7)
    cases = [(rng.normal(size=n), rng.normal(size=k)) for n, k in ((5, 3), (8, 2), (6, 6), (9, 4))]
    return _function("conv1d_function", answer, cases, lambda x, w: conv.conv1d(x, w), [
        (lambda got, args: np.allclose(got, conv.conv1d(args[0], args[1][::-1])),
         "You flipped the weights (np.convolve does): deep-learning layers do not."),
    ])  # fmt: skip


_SHARPEN = kernels.KERNELS["sharpen"]
_register(
    "sharpen_flat_patch", "02_convolution",
    "The sharpen kernel (5 in the centre, -1 on its four neighbours) on a flat patch where every "
    "pixel is 0.3: what is the output?",
    float(kernels.filter2d(np.full((5, 5), 0.3), _SHARPEN)[2, 2]),
    "(5 - 4) * 0.3 = 0.3: weights that sum to 1 keep a flat patch as it is.",
)  # fmt: skip


def sharpen_flat_patch(answer):
    """Check the sharpen kernel's output on a flat patch."""
    return _predict("sharpen_flat_patch", answer, [
        (5 * 0.3, "The four neighbours count too: each adds -1 * 0.3."),
        (0.0, "These weights sum to 1, not 0: a flat patch keeps its value."),
        (9 * 0.3, "Multiply by the kernel's weights, not by 1."),
    ])  # fmt: skip


_register(
    "filter_parameters", "02_convolution",
    "A conv layer with 8 filters of 5x5 on an RGB input: how many parameters?",
    arithmetic.conv_params(5, 3, 8),
    "(5*5*3 + 1) * 8 = 608: each filter spans the 3 channels and has one bias.",
)  # fmt: skip


def filter_parameters(answer):
    """Check the parameter count of 8 filters of 5x5 on 3 channels."""
    return _predict("filter_parameters", answer, [
        (arithmetic.conv_params(5, 3, 8, bias=False), "Close: each filter also has one bias."),
        (arithmetic.conv_params(5, 1, 8), "Each filter spans all 3 channels, not one."),
        (arithmetic.conv_params(5, 3, 1), "That is one filter: the layer has 8."),
    ])  # fmt: skip


_register(
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
        shown = "nothing yet (replace the ...)" if answer is Ellipsis else repr(answer)[:40]
        return _verdict(name, False, f"Expected a 3x3 array of numbers, got {shown}.")
    step = np.repeat([[0.0] * 4 + [1.0] * 4], 8, axis=0)  # dark left half, bright right half
    vertical = np.abs(kernels.filter2d(step, kernel, padding="valid")).max()
    horizontal = np.abs(kernels.filter2d(step.T, kernel, padding="valid")).max()
    if not np.isclose(kernel.sum(), 0, atol=1e-9):
        return _verdict(name, False, "A flat patch gives the sum of the weights times its "
                        "brightness: make the weights sum to 0.")  # fmt: skip
    if vertical == 0 or vertical < 2 * horizontal:
        return _verdict(name, False, "It does not prefer vertical edges: let the weights change "
                        "from left to right, and stay the same from top to bottom.")  # fmt: skip
    return _verdict(name, True, EXERCISES[name].why)


# --- notebook 03: output-size arithmetic ---------------------------------------------------

_register(
    "output_size", "03_output_size_arithmetic",
    "A 32x32 input, a 5x5 kernel, stride 1, no padding: how many outputs along one side?",
    arithmetic.conv_output_size(32, 5), "(32 - 5 + 2*0)/1 + 1 = 28 outputs.",
)  # fmt: skip


def output_size(answer):
    """Check the predicted output size of a 5x5 kernel on a 32x32 input (stride 1, no padding)."""
    return _predict("output_size", answer, [
        (32 - 5, "You forgot the + 1: a window at position 0 is one output too."),
        (32 - 5 + 2, "Too many: without padding the window must fit inside the input."),
        (32, "That is 'same' padding. Here there is none."),
    ])  # fmt: skip


_register(
    "alexnet_output", "03_output_size_arithmetic",
    "AlexNet's first layer: 11x11 kernels at stride 4, no padding, on a 227x227 input: how many "
    "outputs along one side?",
    arithmetic.conv_output_size(227, 11, stride=4),
    "(227 - 11 + 2*0)/4 + 1 = 55: a whole number, so the layer fits 227 exactly.",
)  # fmt: skip


def alexnet_output(answer):
    """Check the output side of AlexNet's first layer on 227x227 inputs."""
    return _predict("alexnet_output", answer, [
        ((227 - 11) / 4, "You forgot the + 1: the window at position 0 is an output too."),
        (227 - 11 + 1, "You left out the stride: the window jumps 4 pixels at a time."),
        ((224 - 11) / 4 + 1, "That is for 224, the paper's size. Here the input is 227."),
        (227 / 4, "Subtract the kernel first: only (W - F) pixels are left to slide over."),
    ])  # fmt: skip


_register(
    "conv_parameters", "03_output_size_arithmetic",
    "A 3x3 conv layer with 16 filters on a 64x64 RGB image: how many parameters?",
    arithmetic.conv_params(3, 3, 16),
    "(3*3*3 + 1) * 16 = 448: each filter spans the 3 colour channels and has one bias.",
)  # fmt: skip


def conv_parameters(answer):
    """Check the parameter count of 16 filters of 3x3 on 3 channels."""
    return _predict("conv_parameters", answer, [
        (arithmetic.conv_params(3, 3, 16, bias=False), "Close: each filter also has one bias."),
        (arithmetic.conv_params(3, 1, 16), "Each filter spans all 3 input channels, not one."),
        (arithmetic.conv_params(3, 3, 16, bias=False) + 1,
         "One bias per filter, not one for the layer."),
        (64 * 64 * 16, "That counts outputs, not weights: a filter's weights are shared."),
    ])  # fmt: skip


_STACK = [(3, 1)] * 5 + [(2, 2), (3, 1)]
_register(
    "receptive_field_after_pool", "03_output_size_arithmetic",
    "Five 3x3 stride-1 layers, a 2x2 stride-2 pool, then one more 3x3 layer: how many input "
    "pixels wide is the receptive field of one final unit?",
    arithmetic.receptive_field(_STACK),
    "Five 3x3 layers give 11, the pool adds 1, and the last 3x3 adds 2 steps of 2 pixels: 16.",
)  # fmt: skip


def receptive_field_after_pool(answer):
    """Check the receptive field of five 3x3 layers, a 2x2/2 pool and one more 3x3 layer."""
    return _predict("receptive_field_after_pool", answer, [
        (arithmetic.receptive_field([(3, 1)] * 5 + [(2, 1), (3, 1)]),
         "After the stride-2 pool each step of the last layer is 2 input pixels, not 1."),
        (arithmetic.receptive_field([(3, 1)] * 6),
         "The pool widens the view too: its 2x2 window adds 1."),
        (3 * 6 + 2, "Fields do not add up kernel by kernel: each 3x3 layer adds k - 1 = 2."),
    ])  # fmt: skip


_BEFORE, _AFTER = arithmetic.same_padding(8, 3, 2)
_register(
    "same_padding_total", "03_output_size_arithmetic",
    "TensorFlow's 'same' padding for n=8, k=3, stride 2: how many pixels in total (both sides)?",
    _BEFORE + _AFTER,
    f"ceil(8/2) = 4 outputs need (4 - 1)*2 + 3 = 9 pixels: {_BEFORE + _AFTER} of padding, "
    f"{_BEFORE} before and {_AFTER} after.",
)  # fmt: skip


def same_padding_total(answer):
    """Check the total 'same' padding for n=8, k=3, s=2."""
    return _predict("same_padding_total", answer, [
        (3 - 1, "That is k - 1, right for stride 1 only. Count the outputs first: ceil(n/s)."),
        (0.5, "Padding is counted on both sides together here: a whole number of pixels."),
    ])  # fmt: skip


_register(
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
    return _function("same_padding_function", answer, cases,
                     lambda n, k, s: arithmetic.same_padding(n, k, s), [
        (lambda got, args: (got < 0).any(),
         "Padding is never negative: when the windows already cover the input, pad 0."),
        (lambda got, args: tuple(got) == arithmetic.same_padding(*args)[::-1],
         "The odd pixel goes after (bottom and right), not before."),
        (lambda got, args: got.sum() == args[1] - 1,
         "k - 1 in total is right for stride 1 only: count the outputs first, ceil(n/s)."),
    ])  # fmt: skip


# --- notebook 04: pooling -----------------------------------------------------------------

_register(
    "pooled_values", "04_pooling",
    "A 28x28 feature map with 32 channels, max pooled 2x2 at stride 2: how many values come out?",
    arithmetic.pool_output_size(28, 2) ** 2 * 32,
    "Each side halves to 14 and every channel is pooled on its own: 14 * 14 * 32 = 6,272.",
)  # fmt: skip


def pooled_values(answer):
    """Check the number of values after 2x2/2 pooling of a 28x28x32 map."""
    return _predict("pooled_values", answer, [
        (28 * 28 * 32 / 2, "Both sides halve, so a quarter of the values remain, not half."),
        (arithmetic.pool_output_size(28, 2) ** 2,
         "That is one channel: each of the 32 channels is pooled separately."),
        (arithmetic.pool_output_size(28, 2, stride=1) ** 2 * 32,
         "That is stride 1: at stride 2 the windows do not overlap."),
    ])  # fmt: skip


_register(
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
    return _function("max_pool_function", answer, cases, lambda x: pooling.max_pool2d(x, 2), [
        (lambda got, args: np.allclose(got, pooling.avg_pool2d(args[0], 2)),
         "That is the average of each window: take the largest value."),
        (lambda got, args: np.allclose(got, args[0].max(axis=-1, keepdims=True)),
         "That takes the maximum over the channels: pool over height and width instead."),
    ])  # fmt: skip


_WINDOW = np.array([[6.0, 0.0], [0.0, 2.0]], "float32")
_register(
    "average_pool_window", "04_pooling",
    "Average pooling of the single 2x2 window [[6, 0], [0, 2]]: what number comes out?",
    float(pooling.avg_pool2d(_WINDOW[None, :, :, None], 2).item()),
    "(6 + 0 + 0 + 2) / 4 = 2: the zeros count too, which is how averaging dilutes the 6.",
)  # fmt: skip


def average_pool_window(answer):
    """Check the average pooling of one 2x2 window."""
    return _predict("average_pool_window", answer, [
        (_WINDOW.max(), "That is max pooling: average all four values instead."),
        (_WINDOW[_WINDOW > 0].mean(), "The zeros are in the window too: divide by 4."),
        (_WINDOW.sum(), "That is the sum: divide by the 4 values of the window."),
    ])  # fmt: skip


_register(
    "gap_head_parameters", "04_pooling",
    "A last conv block of 7x7x256, global average pooling, then a dense layer to 10 classes: how "
    "many parameters has the dense layer?",
    arithmetic.dense_params(256, 10),
    "Global average pooling leaves one number per channel: 256 * 10 weights + 10 biases.",
)  # fmt: skip


def gap_head_parameters(answer):
    """Check the dense head's parameters after global average pooling of 7x7x256."""
    return _predict("gap_head_parameters", answer, [
        (arithmetic.dense_params(7 * 7 * 256, 10),
         "That is flatten, then dense: global pooling first leaves only 256 numbers."),
        (arithmetic.dense_params(256, 10, bias=False), "Close: each class also has one bias."),
        (arithmetic.dense_params(7 * 7, 10), "Pooling is per channel: 256 numbers remain, not 49."),
    ])  # fmt: skip


_register(
    "global_average_pool_function", "04_pooling",
    "Challenge: write global_average_pool(x) that turns (N, H, W, C) into (N, C).",
    "def global_average_pool(x):\n    return x.mean(axis=(1, 2))",
    "One average per image and channel, over all H x W positions.",
)  # fmt: skip


def global_average_pool_function(answer):
    """Check a learner's global average pooling against ``utils.pooling.global_avg_pool2d``."""
    rng = np.random.default_rng(4)
    cases = [(rng.normal(size=s),) for s in ((1, 7, 7, 4), (3, 2, 5, 6), (2, 1, 1, 3))]
    return _function("global_average_pool_function", answer, cases, pooling.global_avg_pool2d, [
        (lambda got, args: np.allclose(got, args[0].max(axis=(1, 2))),
         "That is global max pooling: average instead."),
        (lambda got, args: np.allclose(got, args[0].sum(axis=(1, 2))),
         "That is the sum: divide by the number of positions, H * W."),
    ])  # fmt: skip


# --- notebook 05: building a CNN ----------------------------------------------------------

_POOLED = arithmetic.pool_output_size(arithmetic.conv_output_size(32, 5), 2)
_register(
    "dense_layer_parameters", "05_building_a_cnn",
    "The example network's pooled 14x14x10 map, flattened into a dense layer of 200 units: how "
    "many parameters has that dense layer?",
    arithmetic.dense_params(_POOLED * _POOLED * 10, 200),
    "Flatten passes all 14 * 14 * 10 = 1,960 values, each joined to 200 units, plus 200 biases.",
)  # fmt: skip


def dense_layer_parameters(answer):
    """Check the dense layer's parameter count in notebook 05's example network."""
    return _predict("dense_layer_parameters", answer, [
        (arithmetic.dense_params(_POOLED * _POOLED * 10, 200, bias=False),
         "Close: each of the 200 units also has a bias."),
        (arithmetic.dense_params(10, 200), "Flatten passes every value of the map, not one per "
         "channel: 14 * 14 * 10 of them."),  # fmt: skip
        (arithmetic.dense_params(28 * 28 * 10, 200), "The pool comes first: the map is 14x14."),
    ])  # fmt: skip


_register(
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
    return _function("conv_params_function", answer, cases,
                     lambda k, c_in, c_out: arithmetic.conv_params(k, c_in, c_out), [
        (lambda got, args: got == arithmetic.conv_params(*args, bias=False),
         "Each filter also has one bias."),
        (lambda got, args: got == arithmetic.conv_params(args[0], 1, args[2]),
         "Each filter spans all c_in input channels."),
        (lambda got, args: got == args[0] * args[1] * args[2] + 1,
         "One bias per filter, not one per layer."),
    ])  # fmt: skip


def _valid_side(n, layers):
    for _ in range(layers):
        n = arithmetic.conv_output_size(n, 3, padding="valid")
    return n


_register(
    "valid_stack_side", "05_building_a_cnn",
    "Six 3x3 layers with 'valid' padding on a 32x32 input: what is the side of the last map?",
    _valid_side(32, 6),
    "Each 'valid' 3x3 layer trims one pixel from every side, 2 per layer: 32 - 6 * 2 = 20.",
)  # fmt: skip


def valid_stack_side(answer):
    """Check the side left after six 'valid' 3x3 layers on 32x32."""
    return _predict("valid_stack_side", answer, [
        (32 - 6, "A 3x3 window trims a pixel on both sides: 2 per layer, not 1."),
        (32, "That is 'same' padding. 'valid' adds none."),
        (32 - 6 * 3, "It loses k - 1 = 2 pixels per layer, not k."),
    ])  # fmt: skip


_register(
    "gap_network_parameters", "05_building_a_cnn",
    "Challenge: replace the example network's flatten and dense-200 layers by global average "
    "pooling straight into the 10 outputs. How many parameters has the whole network now?",
    arithmetic.conv_params(5, 1, 10) + arithmetic.dense_params(10, 10),
    "260 in the conv layer and 10 * 10 + 10 in the output: 370, a thousandth of the original. "
    "The dense layer held nearly all of them.",
)  # fmt: skip


def gap_network_parameters(answer):
    """Check the example network's parameter count with a global-average-pooling head."""
    conv_layer = arithmetic.conv_params(5, 1, 10)
    return _predict("gap_network_parameters", answer, [
        (conv_layer, "Add the output layer: 10 pooled values into 10 classes, with biases."),
        (arithmetic.dense_params(10, 10), "Add the conv layer's 260 parameters."),
        (conv_layer + arithmetic.dense_params(_POOLED * _POOLED * 10, 10),
         "Global pooling leaves one number per channel (10), not the whole 14x14x10 map."),
    ])  # fmt: skip


# --- notebook 07: how a classifier learns -------------------------------------------------

_register(
    "softmax_function", "07_how_a_classifier_learns",
    "Write softmax(z) over the last axis that works for logits as large as 1000.",
    "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)",
    "Subtracting the largest logit changes nothing and keeps exp() from overflowing.",
)  # fmt: skip


def softmax_function(answer):
    """Check a learner's softmax on ordinary and extreme logits, against ``utils.classifier``."""
    rng = np.random.default_rng(1)
    cases = [(rng.normal(size=(4, 10)),), (np.array([[1000.0, 999.0, 0.0]]),),
             (rng.normal(size=(2, 3, 5)) * 50,)]  # fmt: skip
    return _function("softmax_function", answer, cases, classifier.softmax, [
        (lambda got, args: not np.all(np.isfinite(got)),
         "It overflows on large logits: subtract the largest logit first."),
        (lambda got, args: np.allclose(got.sum(axis=0), 1),
         "Your probabilities sum to 1 over the wrong axis: use axis=-1."),
    ])  # fmt: skip


_register(
    "top5_probability", "07_how_a_classifier_learns",
    "With 100 classes and random guessing, what is the chance that top-5 is right?",
    5 / 100, "Five guesses out of 100 equally likely classes: 5%.",
)  # fmt: skip


def top5_probability(answer):
    """Check the top-5 accuracy of random guessing among 100 classes."""
    return _predict("top5_probability", answer, [
        (5.0, "As a fraction, please: 5% is 0.05."),
        (1 / 100, "That is top-1. Top-5 has five guesses."),
    ])  # fmt: skip


_register(
    "uniform_cross_entropy", "07_how_a_classifier_learns",
    "Ten classes, all ten logits equal: what is the cross-entropy loss?",
    classifier.cross_entropy(np.zeros((1, 10)), [3]),
    "Each class gets probability 1/10, and -log(1/10) = log 10 = 2.3026: the loss of knowing "
    "nothing, a sanity check for the first batch of any 10-class run.",
)  # fmt: skip


def uniform_cross_entropy(answer):
    """Check the cross-entropy of equal logits over 10 classes."""
    return _predict("uniform_cross_entropy", answer, [
        (0.1, "That is the probability of the true class: the loss is minus its log."),
        (-np.log(0.1) / np.log(10), "Use the natural log, as the loss does (np.log)."),
        (np.log(0.1), "Mind the sign: the loss is minus the log-probability, so positive."),
        (0.9, "That is 1 - p: cross-entropy is -log p."),
    ])  # fmt: skip


_TIED = np.array([[2.0, 2.0, 1.0, 0.0]])
_register(
    "tied_top1", "07_how_a_classifier_learns",
    "Logits [2, 2, 1, 0] and the true class is 1: top-1 accuracy under Keras' rule, 1 or 0?",
    classifier.top_k_accuracy(_TIED, [1], k=1),
    "No class scores strictly higher than class 1, so Keras counts it right: ties are generous.",
)  # fmt: skip


def tied_top1(answer):
    """Check top-1 accuracy on a tie, under Keras' in_top_k rule."""
    return _predict("tied_top1", answer, [
        (1 - classifier.top_k_accuracy(_TIED, [1], k=1),
         "argmax would pick class 0, but Keras asks how many classes score strictly higher."),
        (0.5, "A row is either right or wrong: 1 or 0."),
    ])  # fmt: skip


_register(
    "momentum_step_function", "07_how_a_classifier_learns",
    "Write momentum_step(w, grad, velocity, lr, momentum) returning the new (w, velocity), as "
    "keras.optimizers.SGD(lr, momentum=momentum) steps.",
    "def momentum_step(w, grad, velocity, lr, momentum):\n"
    "    velocity = momentum * velocity - lr * grad\n    return w + velocity, velocity",
    "The velocity remembers past steps, so a steady slope builds up speed.",
)  # fmt: skip


def momentum_step_function(answer):
    """Check a learner's momentum step on random weights against ``utils.momentum_step``."""
    rng = np.random.default_rng(5)
    cases = [(rng.normal(size=n), rng.normal(size=n), rng.normal(size=n), lr, mom)
             for n, lr, mom in ((3, 0.1, 0.9), (5, 0.01, 0.5), (1, 1.0, 0.0))]  # fmt: skip

    def ours(w, grad, velocity, lr, momentum):
        return classifier.momentum_step(w, grad, velocity, lr, momentum)

    def plus_gradient(got, args):
        w, grad, velocity, lr, momentum = args
        return np.allclose(got[0], w + momentum * velocity + lr * grad)

    def velocity_unused(got, args):
        w, grad, velocity, lr, momentum = args
        return np.allclose(got[0], w - lr * grad)

    return _function("momentum_step_function", answer, cases, ours, [
        (plus_gradient, "The step goes downhill: subtract lr * grad."),
        (velocity_unused, "That is plain SGD: add momentum * velocity to the step."),
    ])  # fmt: skip


_STEEPEST = max(inspect.signature(classifier.valley_path).parameters["curvature"].default)
_register(
    "largest_stable_rate", "07_how_a_classifier_learns",
    "Challenge: plain SGD on the valley (0.1 w1^2 + 30 w2^2)/2 multiplies w2 by (1 - 30 lr) at "
    "each step. What is the largest learning rate that does not diverge?",
    2 / _STEEPEST,
    "|1 - 30 lr| < 1 needs lr < 2/30: the steepest direction sets the limit for all of them.",
)  # fmt: skip


def largest_stable_rate(answer):
    """Check the largest stable SGD learning rate on notebook 07's valley."""
    return _predict("largest_stable_rate", answer, [
        (1 / _STEEPEST, "At 1/30 w2 jumps to 0 in one step: the fastest rate, not the largest."),
        (2 / 0.1, "The shallow direction allows that, but the steep one (30) diverges first."),
        (1 / 0.1, "The steep direction (30) sets the limit, not the shallow one."),
    ])  # fmt: skip
