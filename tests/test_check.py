"""utils.check: every exercise passes its solution, refuses a typical mistake with the hint
aimed at it, and answers a malformed answer with a message, never a traceback."""

import numpy as np
import pytest

from utils import check


def solution(name):
    answer = check.EXERCISES[name].answer
    if isinstance(answer, str) and answer.startswith("def "):
        scope = {"np": np}
        exec(answer, scope)  # the solution source that reveal() shows
        return next(v for k, v in scope.items() if callable(v) and k != "np")
    return answer


def wrong_softmax(z):
    with np.errstate(over="ignore", invalid="ignore"):  # the mistake: exp overflows
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


def wrong_axis_softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=0, keepdims=True)


def average_pool(x):
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).mean(axis=(2, 4))


# name -> (typical mistake, words of the hint aimed at it)
MISTAKES = {
    "output_size": (27, "forgot the + 1"),
    "conv_parameters": (750, "also has one bias"),
    "same_padding_total": (2, "right for stride 1 only"),
    "top5_probability": (0.01, "That is top-1"),
    "softmax_function": (wrong_softmax, "overflows on large logits"),
    "max_pool_function": (average_pool, "average of each window"),
}


def test_every_exercise_has_a_mistake_tested_here():
    assert set(MISTAKES) == set(check.EXERCISES)


@pytest.mark.parametrize("name", sorted(check.EXERCISES))
def test_solution_passes_mistake_gets_its_hint_malformed_gets_a_message(name, capsys):
    checker = getattr(check, name)
    assert checker(solution(name)) is True
    assert capsys.readouterr().out.startswith(f"correct: {name}.")
    mistake, hint = MISTAKES[name]
    assert checker(mistake) is False
    out = capsys.readouterr().out
    assert out.startswith(f"not yet: {name}.") and hint in out
    for malformed in ("twenty-eight", None, ..., np.zeros(3), lambda *a: "x"):
        assert checker(malformed) is False
        out = capsys.readouterr().out
        assert out.startswith(f"not yet: {name}.") and "Traceback" not in out
    assert str(check.EXERCISES[name].answer) not in out  # a check never shows the answer


def test_softmax_on_the_wrong_axis_is_named():
    assert check.softmax_function(wrong_axis_softmax) is False


def test_reveal_shows_the_answer_and_progress_counts_passes(capsys):
    check.output_size(28)
    check.conv_parameters(1)
    capsys.readouterr()
    assert check.reveal("conv_parameters") == 760
    assert "answer: 760" in capsys.readouterr().out
    passed, total = check.progress("03_output_size_arithmetic")
    assert total == 3 and passed >= 1
    assert check.reveal("nope") is None
