"""The exercises of notebook 06_datasets: each check and the answer it checks."""

import numpy as np

from .. import classifier, datasets
from ..checking import function, predict, register, same

__all__ = [
    "class_counts_function",
    "cifar_megabytes",
    "always_cat_accuracy",
    "hostile_allocation",
]


register(
    "class_counts_function", "06_datasets",
    "Write class_counts(y, n_classes): how many labels of each class 0 .. n_classes - 1 are in "
    "y, zeros included.",
    "def class_counts(y, n_classes):\n    return np.bincount(y, minlength=n_classes)",
    "np.bincount counts each value; minlength keeps the classes that never occur, as zeros.",
)  # fmt: skip


def class_counts_function(answer):
    """Check a learner's label count on random labels, some classes missing."""
    rng = np.random.default_rng(9)
    cases = [(rng.integers(0, k, n), k) for n, k in ((50, 10), (7, 10), (200, 3), (1, 5))]
    cases.append((np.array([0, 0, 2, 2, 2]), 4))  # classes 1 and 3 never occur

    ours = classifier.class_counts
    return function("class_counts_function", answer, cases, ours, [
        (lambda got, args: same(got, ours(*args) / len(args[0])),
         "Those are shares: count the labels instead of dividing by their number."),
    ])  # fmt: skip


_CIFAR_TRAIN = datasets.SPECS["cifar10"].sizes[0]
_CIFAR_BYTES = _CIFAR_TRAIN * int(np.prod(datasets.IMAGE_SHAPES["cifar10"]))
register(
    "cifar_megabytes", "06_datasets",
    "CIFAR-10's 50,000 training photos, each 32x32x3 bytes (uint8): how many megabytes, in "
    "millions of bytes?",
    _CIFAR_BYTES / 1e6,
    "50,000 * 32 * 32 * 3 = 153,600,000 bytes: about 154 MB in memory, four times that as "
    "float32.",
)  # fmt: skip


def cifar_megabytes(answer):
    """Check the size of CIFAR-10's training images in memory."""
    return predict("cifar_megabytes", answer, [
        (4 * _CIFAR_BYTES / 1e6, "That is float32. As stored, uint8, each number is 1 byte."),
        (_CIFAR_BYTES / 3 / 1e6, "Each pixel has 3 colour channels: 3 bytes."),
        (_CIFAR_BYTES / 2**20, "Those are mebibytes (2^20). Here a megabyte is 10^6 bytes."),
    ])  # fmt: skip


_N_CLASSES = len(datasets.CLASS_NAMES["cifar10"])
register(
    "always_cat_accuracy", "06_datasets",
    "A 'classifier' that answers 'cat' for every photo of CIFAR-10's test set (1,000 photos per "
    "class): what is its accuracy, as a fraction?",
    1 / _N_CLASSES,
    "It is right on the 1,000 cats out of 10,000: 0.1. A balanced test set makes chance 1/10.",
)  # fmt: skip


def always_cat_accuracy(answer):
    """Check the accuracy of always answering one class on balanced CIFAR-10."""
    return predict("always_cat_accuracy", answer, [
        (0.0, "It is right on every cat: 1,000 of the 10,000 photos."),
        (100 / _N_CLASSES, "That is a percentage: as a fraction, divide it by 100."),
        (1.0, "It is wrong on the nine other classes."),
    ])  # fmt: skip


_CLAIMED = 10**9
register(
    "hostile_allocation", "06_datasets",
    "Challenge: a corrupt Fashion-MNIST image file's header claims 10^9 images of 28x28, 1 byte "
    "per pixel. How "
    "many gigabytes (10^9 bytes) would reading its body ask for? Then say why our loader never "
    "asks.",
    _CLAIMED * int(np.prod(datasets.IMAGE_SHAPES["fashion_mnist"])) / 1e9,
    "784 GB, far beyond a laptop. read_idx_gz reads the header first and refuses any count "
    "above the dataset's 60,000 before it reads a byte of the body.",
)  # fmt: skip


def hostile_allocation(answer):
    """Check the memory a hostile IDX header would ask for."""
    pixels = int(np.prod(datasets.IMAGE_SHAPES["fashion_mnist"]))
    return predict("hostile_allocation", answer, [
        (pixels / 1e3, "Count the bytes first, then divide by 10^9 bytes per GB: one factor "
                       "of 1,000 went missing."),
        (4 * pixels, "As stored, uint8: 1 byte per pixel, not 4."),
        (28, "Each image has 28 * 28 pixels, not 28."),
    ])  # fmt: skip
