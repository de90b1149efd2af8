"""The exercises of notebook 09_colour_photos: each check and the answer it checks."""

import inspect

import numpy as np

from .. import colour_photos
from ..checking import function, predict, register, same

__all__ = [
    "normalise_function",
    "batch_norm_output",
    "augmented_versions",
    "crop_function",
]


register(
    "normalise_function", "09_colour_photos",
    "Write normalise(x, mean, std): images x of shape (N, H, W, 3), each channel c shifted by "
    "mean[c] and divided by std[c].",
    "def normalise(x, mean, std):\n    return (x - np.asarray(mean)) / np.asarray(std)",
    "Broadcasting over the last axis gives each channel its own mean and spread.",
)  # fmt: skip


def normalise_function(answer):
    """Check a learner's per-channel normalisation on random photos."""
    rng = np.random.default_rng(11)
    cases = [(rng.integers(0, 256, (n, 4, 5, 3)).astype(float), rng.uniform(50, 200, 3),
              rng.uniform(20, 80, 3)) for n in (1, 3)]  # fmt: skip

    def one_number(got, args):
        x, mean, std = args
        return same(got, (x - mean.mean()) / std.mean())

    return function("normalise_function", answer, cases, colour_photos.normalise, [
        (lambda got, args: same(got, args[0] - args[1]), "Divide by std as well."),
        (one_number, "Each channel has its own mean and std: subtract mean[c], not their average."),
        (lambda got, args: same(got, (args[0] - args[1]) / args[2] ** 2),
         "Divide by the standard deviation, not by the variance."),
    ])  # fmt: skip


_BATCH = np.array([[2.0], [6.0]])
register(
    "batch_norm_output", "09_colour_photos",
    "A batch of two values of one channel, 2 and 6; gamma 1, beta 0, epsilon 0, training mode. "
    "What does batch norm output for the 2?",
    float(colour_photos.batch_norm(_BATCH, 1.0, 0.0, 0.0, 1.0, training=True, epsilon=0)[0][0, 0]),
    "The batch's mean is 4 and its variance 4 (spread 2): (2 - 4) / 2 = -1.",
)  # fmt: skip


def batch_norm_output(answer):
    """Check batch norm's output for one value of a two-value batch."""
    return predict("batch_norm_output", answer, [
        ((2.0 - 4.0) / 4.0, "Divide by the square root of the variance, the spread: 2, not 4."),
        (2.0 / 2.0, "Subtract the batch's mean (4) first."),
        ((2.0 - 4.0) / _BATCH.std(ddof=1), "Batch norm uses the batch's own variance, divided by "
                                           "n, not n - 1."),  # fmt: skip
    ])  # fmt: skip


_PADDING = inspect.signature(colour_photos.random_crop).parameters["padding"].default
register(
    "augmented_versions", "09_colour_photos",
    "Random crops with padding 4 and mirror images: how many different versions of one 32x32 "
    "photo can the pipeline make?",
    (2 * _PADDING + 1) ** 2 * 2,
    "9 row offsets (0 to 8) times 9 column offsets, each mirrored or not: 81 * 2 = 162.",
)  # fmt: skip


def augmented_versions(answer):
    """Check the number of distinct crop-and-mirror versions of one photo."""
    return predict("augmented_versions", answer, [
        ((2 * _PADDING + 1) ** 2, "Each crop can also be mirrored: twice as many."),
        ((2 * _PADDING) ** 2 * 2, "Offsets run from 0 to 2 * 4 inclusive: 9 of them, not 8."),
        ((2 * _PADDING + 1) * 2, "Rows and columns shift independently: 9 * 9 crops."),
    ])  # fmt: skip


register(
    "crop_function", "09_colour_photos",
    "Challenge: write crop(image, padding, row, col): pad an (H, W, C) image with zeros by "
    "padding on every side, then cut the H x W window whose top-left corner is (row, col).",
    "def crop(image, padding, row, col):\n    h, w, _ = image.shape\n"
    "    padded = np.pad(image, [(padding, padding), (padding, padding), (0, 0)])\n"
    "    return padded[row:row + h, col:col + w]",
    "Zero padding, then a window of the original size: the photo shifts and the border fills "
    "with black.",
)  # fmt: skip


def crop_function(answer):
    """Check a learner's padded crop against NumPy on random photos and offsets."""
    rng = np.random.default_rng(12)
    cases = []
    for h, w, p in ((6, 5, 2), (4, 4, 1), (5, 7, 3)):
        row, col = (int(v) for v in rng.integers(0, 2 * p + 1, 2))
        cases.append((rng.integers(1, 256, (h, w, 3)).astype(float), p, row, col))

    def ours(image, padding, row, col):
        h, w, _ = image.shape
        padded = np.pad(image, [(padding, padding), (padding, padding), (0, 0)])
        return padded[row : row + h, col : col + w]

    def swapped(got, args):
        image, padding, row, col = args
        return same(got, ours(image, padding, col, row))

    return function("crop_function", answer, cases, ours, [
        (swapped, "Rows first, then columns: the window starts at row `row`, column `col`."),
    ])  # fmt: skip
