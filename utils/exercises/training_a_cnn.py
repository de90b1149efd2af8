"""The exercises of notebook 08_training_a_cnn: each check and the answer it checks."""

import numpy as np

from .. import arithmetic, training
from ..checking import function, predict, register

__all__ = [
    "steps_in_one_epoch",
    "accuracy_from_confusion_function",
    "third_block_receptive_field",
    "keras_file_megabytes",
]


_N_TRAIN, _BATCH = 55_000, training.MNIST_RECIPE["batch_size"]
register(
    "steps_in_one_epoch", "08_training_a_cnn",
    "55,000 training images at batch 128: how many steps (batches) make one epoch?",
    training.steps_per_epoch(_N_TRAIN, _BATCH),
    "55,000 / 128 = 429.7: 429 full batches and one of 88 images, 430 steps.",
)  # fmt: skip


def steps_in_one_epoch(answer):
    """Check the number of steps in one epoch of notebook 08's recipe."""
    return predict("steps_in_one_epoch", answer, [
        (_N_TRAIN // _BATCH, "The last 88 images make a smaller batch: it is a step too."),
        (_N_TRAIN / _BATCH, "A step is a whole batch: round up to a whole number."),
        (training.steps_per_epoch(60_000, _BATCH), "5,000 of the 60,000 are held out: 55,000."),
    ])  # fmt: skip


register(
    "accuracy_from_confusion_function", "08_training_a_cnn",
    "Write accuracy(counts): the accuracy that a confusion matrix (rows true, columns predicted) "
    "records.",
    "def accuracy(counts):\n    return np.trace(counts) / counts.sum()",
    "The diagonal holds the right answers: its sum over all the counts.",
)  # fmt: skip


def accuracy_from_confusion_function(answer):
    """Check a learner's accuracy from a confusion matrix on random matrices."""
    rng = np.random.default_rng(10)
    cases = [(rng.integers(0, 50, (k, k)) + np.diag(rng.integers(0, 500, k)),) for k in (10, 3)]
    cases.append((np.array([[90, 10], [40, 60]]),))  # unbalanced rows: the mean of recalls differs

    def ours(counts):
        return np.trace(counts) / counts.sum()

    def mean_recall(got, args):
        counts = args[0]
        return np.isclose(got, np.mean(np.diag(counts) / counts.sum(axis=1)))

    return function("accuracy_from_confusion_function", answer, cases, ours, [
        (mean_recall, "That averages each row's share right (the mean recall): divide the "
                      "diagonal's sum by all the counts instead."),  # fmt: skip
        (lambda got, args: np.isclose(got, np.trace(args[0])), "Divide by the number of images."),
    ])  # fmt: skip


_THREE_BLOCKS = [(3, 1), (2, 2), (3, 1), (2, 2), (3, 1)]
register(
    "third_block_receptive_field", "08_training_a_cnn",
    "Add a third block: another 2x2 pool and a 3x3 conv after conv2. How many pixels wide is the "
    "receptive field of one unit of the new conv?",
    arithmetic.receptive_field(_THREE_BLOCKS),
    "conv2 sees 8; the pool adds 1 step of 2 pixels (10); the 3x3 adds 2 steps of 4 pixels: 18.",
)  # fmt: skip


def third_block_receptive_field(answer):
    """Check the receptive field after a third conv block."""
    return predict("third_block_receptive_field", answer, [
        (arithmetic.receptive_field([(3, 1), (2, 2), (3, 1), (2, 1), (3, 1)]),
         "After two stride-2 pools a step of the new conv is 4 pixels, not 2."),
        (arithmetic.receptive_field([(3, 1), (2, 2), (3, 1), (1, 2), (3, 1)]),
         "The second pool widens the view too: its 2x2 window adds 1 step of 2 pixels."),
        (8 + 3, "Fields do not add kernel sizes: the new 3x3 adds 2 steps of 4 pixels."),
    ])  # fmt: skip


def _recipe_weights():
    """The weights of notebook 08's network, from Keras (built on first use)."""
    import keras

    keras.utils.set_random_seed(0)
    r = training.MNIST_RECIPE
    net = training.fast_model(dense=r["dense"], dropout=r["dropout"], mean_std=(0.0, 1.0))
    return net.count_params()


def _adam_megabytes():
    return 3 * 4 * _recipe_weights() / 1e6


register(
    "keras_file_megabytes", "08_training_a_cnn",
    "Challenge: the .keras file holds every weight as float32 and, for Adam, two more numbers "
    "per weight. How many megabytes (10^6 bytes) is that for this network? Compare with the "
    "file the slide before saved.",
    _adam_megabytes,
    "431,242 weights * 4 bytes * 3 (the weight and Adam's two moments) = 5.17 MB; the rest of "
    "the file is the architecture, the settings and the zip's bookkeeping.",
)  # fmt: skip


def keras_file_megabytes(answer):
    """Check the size of the recipe's weights and Adam's moments as float32."""
    weights = _recipe_weights()
    return predict("keras_file_megabytes", answer, [
        (4 * weights / 1e6, "Adam keeps two moments per weight, and the file saves them too."),
        (weights / 1e6, "Each float32 is 4 bytes."),
        (2 * 4 * weights / 1e6, "Count the weights themselves as well as the two moments."),
    ])  # fmt: skip
