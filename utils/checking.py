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

import textwrap
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
    """The answer as a float, or None after saying why it is not a number."""
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating):
        shown = "nothing yet (replace the ...)" if answer is Ellipsis else repr(answer)[:40]
        verdict(name, False, f"Expected a number, got {shown}.")
        return None
    return float(answer)


def predict(name, answer, mistakes):
    """Check a predicted number; ``mistakes`` maps wrong values to the hint for each."""
    value = number(name, answer)
    if value is None:
        return None
    exercise = EXERCISES[name]
    if np.isclose(value, float(answer_of(name)), rtol=1e-6, atol=1e-9):
        return verdict(name, True, exercise.why)
    for wrong, hint in mistakes:
        if np.isclose(value, wrong, rtol=1e-6, atol=1e-9):
            return verdict(name, False, hint)
    return verdict(name, False, "Not that number. Write the formula out with these numbers.")


def function(name, answer, cases, ours, mistakes=()):
    """Run the learner's function on ``cases`` against ``ours``; report the first that differs."""
    if not callable(answer):
        return verdict(name, False, f"Expected a function, got {repr(answer)[:40]}.")
    for args in cases:
        expected = ours(*args)
        try:
            result = answer(*args)
            if result is None:
                return verdict(name, False, "It returned None: write its body in place of the ...")
            got = np.asarray(result, dtype=float)
        except Exception as err:  # noqa: BLE001 (the learner's code may raise anything)
            return verdict(name, False, f"It raised {type(err).__name__}: {err} on {_shape(args)}.")
        if got.shape != np.shape(expected):
            return verdict(
                name, False,
                f"On {_shape(args)} it returned shape {got.shape}, expected {np.shape(expected)}.",
            )  # fmt: skip
        if not np.allclose(got, expected, rtol=1e-5, atol=1e-6):
            for test, hint in mistakes:
                if test(got, args):
                    return verdict(name, False, hint)
            return verdict(name, False, f"It differs from ours on {_shape(args)}.")
    return verdict(name, True, EXERCISES[name].why)


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
    """Print which exercises of ``notebook`` pass so far; returns (passed, total)."""
    mine = [e for e in EXERCISES.values() if e.notebook == notebook]
    for e in mine:
        print(f"{'passed ' if e.name in _PASSED else 'not yet'}  {e.name}: {e.question}")
    done = sum(e.name in _PASSED for e in mine)
    print(f"{done} of {len(mine)} exercises pass.")
    return done, len(mine)
