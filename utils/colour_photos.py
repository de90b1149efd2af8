"""Colour photos for a CNN: per-channel statistics, normalisation, batch normalisation in NumPy,
and the two augmentations that CIFAR training uses (random crops with padding, horizontal flips).

Explained in notebook 09_colour_photos; notebook 06_datasets computes the statistics.

>>> x = np.zeros((2, 4, 4, 3), np.uint8); x[..., 0] = 255
>>> channel_stats(x)
(array([255.,   0.,   0.]), array([0., 0., 0.]))
"""

import numpy as np

__all__ = [
    "channel_stats",
    "normalise",
    "batch_norm",
    "random_crop",
    "random_flip",
    "mirrored_accuracy",
]


def _images(x, what="x"):
    x = np.asarray(x)
    if x.ndim != 4 or x.shape[-1] != 3:
        raise ValueError(f"{what} must be colour images (N, H, W, 3), got shape {x.shape}")
    return x


def channel_stats(x):
    """(mean, std) of each colour channel over all images and pixels, in the images' units.

    Computed in float64 in one pass per channel, so 50,000 uint8 images need no float copy.
    """
    x = _images(x)
    n = x.shape[0] * x.shape[1] * x.shape[2]
    means, stds = np.zeros(3), np.zeros(3)
    for c in range(3):
        channel = x[..., c]
        total = channel.sum(dtype=np.float64)
        squares = np.einsum("nhw,nhw->", channel, channel, dtype=np.float64)
        means[c] = total / n
        stds[c] = np.sqrt(max(squares / n - means[c] ** 2, 0.0))
    return means, stds


def normalise(x, mean, std):
    """(x - mean) / std per channel, as float32: zero mean and unit spread for the network.

    >>> normalise(np.full((1, 1, 1, 3), 10, np.uint8), [10, 0, 5], [1, 2, 5]).ravel().tolist()
    [0.0, 5.0, 1.0]
    """
    x = _images(x)
    mean, std = np.asarray(mean, np.float32), np.asarray(std, np.float32)
    if mean.shape != (3,) or std.shape != (3,) or np.any(std <= 0):
        raise ValueError(f"mean and std need 3 values each, std > 0; got {mean}, {std}")
    return (x.astype(np.float32) - mean) / std


def batch_norm(x, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation over the last axis, as ``keras.layers.BatchNormalization`` computes it.

    Training: normalise with the batch's own mean and variance, and move the running averages
    towards them. Inference: normalise with the running averages. Returns (y, moving_mean,
    moving_var); the inputs are not changed.
    """
    x = np.asarray(x, np.float64)
    axes = tuple(range(x.ndim - 1))
    if training:
        mean, var = x.mean(axis=axes), x.var(axis=axes)
        moving_mean = momentum * np.asarray(moving_mean) + (1 - momentum) * mean
        moving_var = momentum * np.asarray(moving_var) + (1 - momentum) * var
    else:
        mean, var = np.asarray(moving_mean), np.asarray(moving_var)
    y = (x - mean) / np.sqrt(var + epsilon) * np.asarray(gamma) + np.asarray(beta)
    return y, np.asarray(moving_mean), np.asarray(moving_var)


def random_crop(x, padding=4, rng=None):
    """Pad each image by ``padding`` zeros on every side, then cut a random window of its size.

    The shift is the same for all channels of an image and different between images.
    """
    x = _images(x)
    if isinstance(padding, bool) or not isinstance(padding, int | np.integer) or padding < 0:
        raise ValueError(f"padding must be a non-negative integer, got padding={padding!r}")
    rng = np.random.default_rng(rng)
    n, h, w, _ = x.shape
    padded = np.pad(x, [(0, 0), (padding, padding), (padding, padding), (0, 0)])
    rows, cols = rng.integers(0, 2 * padding + 1, size=(2, n))
    out = np.empty_like(x)
    for i in range(n):
        out[i] = padded[i, rows[i] : rows[i] + h, cols[i] : cols[i] + w]
    return out


def random_flip(x, rng=None):
    """Mirror each image left to right with probability 1/2: a cat is a cat either way round."""
    x = _images(x)
    flip = np.random.default_rng(rng).random(len(x)) < 0.5
    out = x.copy()
    out[flip] = x[flip, :, ::-1]
    return out


def mirrored_accuracy(x_train, y_train, x_test, y_test, parts=20):
    """Nearest-class-mean accuracy on the test images as they are, and mirrored left to right.

    The class means are fitted on the training images as they are. Works for grey (N, H, W)
    and colour (N, H, W, 3) images; the test set is scored in ``parts`` to save memory.
    Returns (plain accuracy, mirrored accuracy).
    """
    from .learning import fit_centroids, predict_centroids

    x_train, x_test = np.asarray(x_train), np.asarray(x_test)
    if x_train.ndim not in (3, 4) or x_train.shape[1:] != x_test.shape[1:]:
        raise ValueError(f"need two image sets of one shape, got {x_train.shape}, {x_test.shape}")
    y_train = np.asarray(y_train)
    means = fit_centroids(x_train.reshape(len(x_train), -1), y_train) / 255.0  # no float copy
    classes = np.unique(y_train)  # the centroids' labels, in order
    scores = []
    for images in (x_test, x_test[:, :, ::-1]):
        flat = images.reshape(len(images), -1)
        predicted = classes[
            np.concatenate(
                [predict_centroids(means, p / 255.0) for p in np.array_split(flat, parts)]
            )
        ]
        scores.append(float(np.mean(predicted == np.asarray(y_test))))
    return tuple(scores)
