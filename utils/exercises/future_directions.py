"""The exercises of notebook 11_future_directions: each check and the answer it checks."""

import numpy as np

from ..checking import function, predict, register, same

__all__ = [
    "prune_function",
    "int8_kernel_bytes",
    "optimal_discriminator",
]


def _prune(w, sparsity):
    """Zero the ``sparsity`` share of smallest-magnitude entries (ties at the cut go too)."""
    k = int(sparsity * w.size)
    if not k:
        return w.copy()
    threshold = np.partition(np.abs(w).ravel(), k - 1)[k - 1]
    return np.where(np.abs(w) <= threshold, 0.0, w)


register(
    "prune_function", "11_future_directions",
    "Write prune(w, sparsity): a copy of the array w with the fraction sparsity of its entries, "
    "those of smallest magnitude, set to zero.",
    "def prune(w, sparsity):\n    k = int(sparsity * w.size)\n    if k == 0:\n"
    "        return w.copy()\n    cut = np.sort(np.abs(w).ravel())[k - 1]\n"
    "    return np.where(np.abs(w) <= cut, 0.0, w)",
    "Magnitude, not sign: a large negative weight matters as much as a large positive one.",
)  # fmt: skip


def prune_function(answer):
    """Check a learner's magnitude pruning on random weights."""
    rng = np.random.default_rng(14)
    shapes = (((10, 4), 0.5), ((7,), 0.3), ((3, 3, 2), 0.8), ((5,), 0.0))
    cases = [(rng.normal(size=shape), s) for shape, s in shapes]

    def by_value(got, args):
        w, sparsity = args
        k = int(sparsity * w.size)
        return k > 0 and same(got, np.where(w <= np.sort(w.ravel())[k - 1], 0.0, w))

    def all_zeroed_at_zero(got, args):
        return args[1] == 0 and args[0].any() and not got.any()

    return function("prune_function", answer, cases, _prune, [
        (by_value, "Compare magnitudes, np.abs(w): a large negative weight is not small."),
        (all_zeroed_at_zero, "At sparsity 0 nothing may be zeroed: when k is 0, index k - 1 "
                             "picks the largest magnitude. Return a copy of w instead."),
        (lambda got, args: same(got, args[0] - _prune(*args)),
         "That keeps the small weights and zeroes the large ones: the other way round."),
    ])  # fmt: skip


register(
    "int8_kernel_bytes", "11_future_directions",
    "A Dense kernel of 784 x 256 stored as int8, with one float32 scale per output unit: how "
    "many bytes?",
    784 * 256 * np.dtype(np.int8).itemsize + 256 * np.dtype(np.float32).itemsize,
    "784 * 256 one-byte weights plus 256 four-byte scales: 201,728 bytes, a quarter of float32's "
    "802,816 and a little more.",
)  # fmt: skip


def int8_kernel_bytes(answer):
    """Check the bytes of an int8 Dense kernel with per-unit float32 scales."""
    return predict("int8_kernel_bytes", answer, [
        (784 * 256 * 4, "That is float32: int8 weights take 1 byte each."),
        (784 * 256, "Add the scales: 256 of them, 4 bytes each."),
        (784 * 256 + 4, "One scale per output unit: 256 of them, not one."),
    ])  # fmt: skip


register(
    "optimal_discriminator", "11_future_directions",
    "Challenge: if the generator matched the real data's distribution exactly, what would the "
    "best possible discriminator output for every point?",
    1 / (1 + 1),
    "D*(x) = p_data / (p_data + p_g) (Goodfellow et al. 2014, Proposition 1): with p_g = p_data, "
    "1/2 everywhere: it can only guess. Then p_g = p_data is the global optimum of the "
    "training criterion (Theorem 1, §4.1), and a constant D gives the generator no gradient.",
)  # fmt: skip


def optimal_discriminator(answer):
    """Check the optimal discriminator's output when the generator is perfect."""
    return predict("optimal_discriminator", answer, [
        (1.0, "It cannot call every point real: half the points it sees are generated."),
        (0.0, "It cannot call every point fake: half the points it sees are real."),
    ])  # fmt: skip
