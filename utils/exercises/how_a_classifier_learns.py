"""The exercises of notebook 07_how_a_classifier_learns: each check and the answer it checks."""

import inspect

import numpy as np

from .. import classifier
from ..checking import function, predict, register

__all__ = [
    "softmax_function",
    "uniform_cross_entropy",
    "top5_probability",
    "tied_top1",
    "momentum_step_function",
    "largest_stable_rate",
]


register(
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
    return function("softmax_function", answer, cases, classifier.softmax, [
        (lambda got, args: not np.all(np.isfinite(got)),
         "It overflows on large logits: subtract the largest logit first."),
        (lambda got, args: np.allclose(got.sum(axis=0), 1),
         "Your probabilities sum to 1 over the wrong axis: use axis=-1."),
    ])  # fmt: skip


register(
    "uniform_cross_entropy", "07_how_a_classifier_learns",
    "Ten classes, all ten logits equal: what is the cross-entropy loss?",
    classifier.cross_entropy(np.zeros((1, 10)), [3]),
    "Each class gets probability 1/10, and -log(1/10) = log 10 = 2.3026: the loss of knowing "
    "nothing, a sanity check for the first batch of any 10-class run.",
)  # fmt: skip


def uniform_cross_entropy(answer):
    """Check the cross-entropy of equal logits over 10 classes."""
    return predict("uniform_cross_entropy", answer, [
        (0.1, "That is the probability of the true class: the loss is minus its log."),
        (-np.log(0.1) / np.log(10), "Use the natural log, as the loss does (np.log)."),
        (np.log(0.1), "Mind the sign: the loss is minus the log-probability, so positive."),
        (0.9, "That is 1 - p: cross-entropy is -log p."),
    ])  # fmt: skip


register(
    "top5_probability", "07_how_a_classifier_learns",
    "With 100 classes and random guessing, what is the chance that top-5 is right?",
    5 / 100, "Five guesses out of 100 equally likely classes: 5%.",
)  # fmt: skip


def top5_probability(answer):
    """Check the top-5 accuracy of random guessing among 100 classes."""
    return predict("top5_probability", answer, [
        (5.0, "That is a percentage: as a fraction, divide it by 100."),
        (1 / 100, "That is top-1. Top-5 has five guesses."),
    ])  # fmt: skip


_TIED = np.array([[2.0, 2.0, 1.0, 0.0]])
register(
    "tied_top1", "07_how_a_classifier_learns",
    "Logits [2, 2, 1, 0] and the true class is 1: top-1 under Keras' top-k rule (in_top_k, as "
    "SparseTopKCategoricalAccuracy(k=1) counts), 1 or 0?",
    classifier.top_k_accuracy(_TIED, [1], k=1),
    "No class scores strictly higher than class 1, so the top-k rule counts it right. Keras' "
    'plain "accuracy" takes the argmax, class 0, and counts it wrong.',
)  # fmt: skip


def tied_top1(answer):
    """Check top-1 accuracy on a tie, under Keras' top-k rule (``in_top_k``)."""
    return predict("tied_top1", answer, [
        (1 - classifier.top_k_accuracy(_TIED, [1], k=1),
         'That is the argmax rule (Keras\' plain "accuracy"): the top-k rule asks how many '
         "classes score strictly higher than the true one."),
        (0.5, "A row is either right or wrong: 1 or 0."),
    ])  # fmt: skip


register(
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

    return function("momentum_step_function", answer, cases, ours, [
        (plus_gradient, "The step goes downhill: subtract lr * grad."),
        (velocity_unused, "That is plain SGD: add momentum * velocity to the step."),
    ])  # fmt: skip


_STEEPEST = max(inspect.signature(classifier.valley_path).parameters["curvature"].default)
register(
    "largest_stable_rate", "07_how_a_classifier_learns",
    "Challenge: plain SGD on the valley (0.1 w1^2 + 30 w2^2)/2 multiplies w2 by (1 - 30η) at "
    "each step. What is the largest learning rate η that does not diverge?",
    2 / _STEEPEST,
    "|1 - 30η| <= 1 keeps w2 from growing: η <= 2/30, where w2 flips its sign forever; below, "
    "it shrinks. The steepest direction sets the limit for all of them.",
)  # fmt: skip


def largest_stable_rate(answer):
    """Check the largest stable SGD learning rate on notebook 07's valley."""
    return predict("largest_stable_rate", answer, [
        (1 / _STEEPEST, "At 1/30 w2 jumps to 0 in one step: the fastest rate, not the largest."),
        (2 / 0.1, "The shallow direction allows that, but the steep one (30) diverges first."),
        (1 / 0.1, "The steep direction (30) sets the limit, not the shallow one."),
    ])  # fmt: skip
