"""Exercises with checks that give hints: ``utils.check.<name>(answer)``.

Explained in notebook 00_index (how to work alone). Each check compares the learner's answer
with one that the code computes, and prints either "correct" with one line on why, or "not yet"
with a hint aimed at the likely mistake. A check never shows the answer: ``reveal(name)`` does,
on purpose. Malformed answers (text, None, the wrong shape) get a message, never a traceback.

>>> output_size(27)  # utils.check.output_size in a notebook
not yet: output_size. You forgot the + 1: a window at position 0 is one output too.
False
>>> output_size(28)
correct: output_size. (32 - 5 + 2*0)/1 + 1 = 28 outputs.
True
"""

from dataclasses import dataclass

import numpy as np

from . import arithmetic, classifier, pooling

# Learners call the checks as utils.check.<name>; only the registry is in the flat namespace.
__all__ = ["Exercise", "EXERCISES"]


@dataclass(frozen=True)
class Exercise:
    name: str
    notebook: str  # the notebook that poses it, e.g. "03_output_size_arithmetic"
    question: str
    answer: object  # what reveal() shows: computed by the code, never typed in
    why: str  # one line, printed with "correct"


EXERCISES = {}
_PASSED = set()


def _register(name, notebook, question, answer, why):
    EXERCISES[name] = Exercise(name, notebook, question, answer, why)


def _verdict(name, ok, text):
    if ok:
        _PASSED.add(name)
    else:
        _PASSED.discard(name)
    print(f"{'correct' if ok else 'not yet'}: {name}. {text}")
    return ok


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
        return False
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
            got = np.asarray(answer(*args), dtype=float)
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
    "conv_parameters", "03_output_size_arithmetic",
    "A conv layer with 10 filters of 5x5 on a 3-channel input: how many parameters?",
    arithmetic.conv_params(5, 3, 10), "(5*5*3 + 1) * 10 = 760: each filter has a bias.",
)  # fmt: skip


def conv_parameters(answer):
    """Check the parameter count of 10 filters of 5x5 on 3 channels."""
    return _predict("conv_parameters", answer, [
        (5 * 5 * 3 * 10, "Close: each filter also has one bias."),
        ((5 * 5 + 1) * 10, "Each filter spans all 3 input channels."),
        (5 * 5 * 10 + 10, "Each filter spans all 3 input channels."),
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


# --- notebook 04: pooling -----------------------------------------------------------------

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
