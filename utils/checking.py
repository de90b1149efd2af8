"""The machinery behind ``utils.check``: the registry of exercises, and the two kinds of check.

``predict`` compares a number with the answer the code computed and picks the hint of the
mistake it matches; ``function`` runs the learner's function on cases against ours and reports
the first that differs. Both print one verdict through ``verdict`` and return None. How a
learner uses them is shown in notebook 00_index.

>>> register("demo", "00_index", "1 + 1?", 1 + 1, "Two.")
>>> predict("demo", 3, [(3, "One too many.")])
not yet: demo. One too many.
>>> passed("demo"), EXERCISES.pop("demo").answer
(False, 2)
"""

import copy
import numbers
import textwrap
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["Exercise", "EXERCISES"]

# A check prints its verdict and returns None, so that a notebook shows the verdict alone;
# passed(name) says whether the last answer checked was right.


@dataclass(frozen=True)
class Exercise:
    name: str
    notebook: str  # the notebook that poses it, e.g. "03_output_size_arithmetic"
    question: str
    answer: object  # what reveal() shows: computed by the code, never typed in (a callable
    # computes it on first use, for answers that need Keras)
    why: str  # one line, printed with "correct"


EXERCISES = {}
_PASSED = set()
WIDTH = 95  # characters per printed line: a slide's code width


def register(name, notebook, question, answer, why):
    """Add an exercise to the registry that ``reveal`` and ``progress`` read."""
    EXERCISES[name] = Exercise(name, notebook, question, answer, why)


def verdict(name, ok, text):
    """Print "correct" or "not yet" with ``text``, wrapped at ``WIDTH``; remember the result."""
    if ok:
        _PASSED.add(name)
    else:
        _PASSED.discard(name)
    print(textwrap.fill(f"{'correct' if ok else 'not yet'}: {name}. {text}", WIDTH))


def answer_of(name):
    """The answer of exercise ``name``, computed now if it is computed lazily."""
    answer = EXERCISES[name].answer
    return answer() if callable(answer) else answer


def passed(name):
    """Whether the last answer checked for exercise ``name`` was right."""
    return name in _PASSED


def number(name, answer):
    """The answer as a float, or None after saying why it is not a number.

    Plain numbers, NumPy scalars, fractions and 0-d arrays or tensors are numbers:

    >>> number("demo", np.array(28)), number("demo", np.float32(0.5))
    (28.0, 0.5)
    """
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool | np.bool_):
        return float(answer)
    try:
        value = np.asarray(answer)
    except Exception:  # noqa: BLE001 (an answer may be anything)
        value = None
    if value is not None and value.ndim == 0 and value.dtype.kind in "iuf":
        return float(value)
    verdict(name, False, f"Expected a number, got {describe(answer)}.")
    return None


def describe(answer):
    """A short description of a wrong kind of answer, for a message.

    >>> describe(...), describe(np.zeros((2, 3))), describe("twenty-eight")
    ('nothing yet (replace the ...)', 'ndarray of shape (2, 3)', "'twenty-eight'")
    """
    if answer is Ellipsis:
        return "nothing yet (replace the ...)"
    if shape := tuple(getattr(answer, "shape", None) or ()):
        return f"{type(answer).__name__} of shape {shape}"
    text = repr(answer)
    return text if len(text) <= 40 else text[:37] + "..."


def rounded_from(value, exact):
    """Whether ``value`` is ``exact`` rounded to its own decimals, to 3 significant figures or more.

    >>> rounded_from(2.3026, np.log(10)), rounded_from(2.3, np.log(10))
    (True, False)
    """
    text = repr(float(value))
    if "e" in text:
        return False
    decimals = len(text.split(".")[1])
    figures = len(text.replace("-", "").replace(".", "").lstrip("0"))
    return figures >= 3 and bool(abs(value - exact) <= 0.5 * 10.0**-decimals * (1 + 1e-9))


def _equal(value, exact):
    return bool(np.isclose(value, exact, rtol=1e-6, atol=1e-9)) or rounded_from(value, exact)


def predict(name, answer, mistakes):
    """Check a predicted number; ``mistakes`` maps wrong values to the hint for each.

    The answer may be rounded, to three significant figures or more; a value within 1% of a
    fractional answer gets a hint to give more figures.
    """
    value = number(name, answer)
    if value is None:
        return None
    exercise = EXERCISES[name]
    exact = float(answer_of(name))
    if _equal(value, exact):
        return verdict(name, True, exercise.why)
    for wrong, hint in mistakes:
        if _equal(value, wrong):
            return verdict(name, False, hint)
    if exact != round(exact) and abs(value - exact) <= 0.01 * abs(exact):
        return verdict(name, False, "Close, but not exact: give three significant figures or more, "
                                    "or let Python compute the expression.")  # fmt: skip
    return verdict(name, False, "Not that number. Write the formula out with these numbers.")


def same(got, expected):
    """Whether ``got`` has the shape and, to float tolerance, the values of ``expected``."""
    return np.shape(got) == np.shape(expected) and bool(
        np.allclose(got, expected, rtol=1e-5, atol=1e-6)
    )


def function(name, answer, cases, ours, mistakes=()):
    """Run the learner's function on ``cases`` against ``ours``; report the first that differs.

    Each function gets its own copy of a case, and the learner's must leave its copy unchanged.
    ``mistakes`` are (test, hint) pairs: ``test(got, args)`` says whether a wrong result is the
    mistake that the hint explains.
    """
    if not callable(answer):
        return verdict(name, False, f"Expected a function, got {describe(answer)}.")
    for args in cases:
        expected = ours(*copy.deepcopy(args))
        given = copy.deepcopy(args)
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an overflow is reported by its hint instead
                result = answer(*given)
            if result is None:
                return verdict(name, False, "It returned None: write its body in place of the ...")
            got = np.asarray(result, dtype=float)
        except Exception as err:  # noqa: BLE001 (the learner's code may raise anything)
            return verdict(name, False, f"It raised {type(err).__name__}: {err} on {_shape(args)}.")
        if not all(np.array_equal(a, g) for a, g in zip(args, given, strict=True)):
            return verdict(name, False, "It changed its input in place: leave the input as it "
                                        "was and return a new array.")  # fmt: skip
        if same(got, expected):
            continue
        for test, hint in mistakes:
            if _holds(test, got, args):
                return verdict(name, False, hint)
        if got.shape != np.shape(expected):
            return verdict(
                name, False,
                f"On {_shape(args)} it returned shape {got.shape}, expected {np.shape(expected)}.",
            )  # fmt: skip
        return verdict(name, False, f"It differs from ours on {_shape(args)}.")
    return verdict(name, True, EXERCISES[name].why)


def _holds(test, got, args):
    try:
        return bool(test(got, copy.deepcopy(args)))
    except Exception:  # noqa: BLE001 (a mistake's test may not apply to this result's shape)
        return False


def _shape(args):
    return ", ".join(f"shape {np.shape(a)}" if np.ndim(a) else repr(a) for a in args)


def reveal(name):
    """Print the answer of exercise ``name``: on purpose, after trying."""
    if name not in EXERCISES:
        print(f"no exercise {name!r}; known: {', '.join(sorted(EXERCISES))}")
        return None
    exercise = EXERCISES[name]
    print(f"{name}: {exercise.question}\nanswer: {answer_of(name)}\nwhy: {exercise.why}")
    return answer_of(name)


def progress(notebook):
    """Print which exercises of ``notebook`` pass so far, in order; returns (passed, total)."""
    mine = [e for e in EXERCISES.values() if e.notebook == notebook]
    for e in mine:
        status = "passed " if e.name in _PASSED else "not yet"
        print(textwrap.fill(f"{status}  {e.name}: {e.question}", WIDTH, subsequent_indent=" " * 9))
    done = sum(e.name in _PASSED for e in mine)
    print(f"{done} of {len(mine)} exercises pass.")
    return done, len(mine)
