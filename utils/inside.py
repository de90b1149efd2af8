"""Looking inside a trained colour CNN: which pixels made the decision, and which photos it
thinks are alike.

Explained in notebook 09_colour_photos.

- ``occlusion_map``: hide one square of the photo at a time and measure how far the probability
  of the true class falls ([Zeiler & Fergus 2014, §4.2]).
- ``saliency``: the gradient of the class score with respect to each pixel
  ([Simonyan et al. 2014, §3.1]): the pixels whose small change would change the score most.
- ``nearest``: the photos closest to a query by cosine similarity, in any feature space.

>>> nearest(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]), 0, k=1).tolist()
[1]
"""

import numpy as np

__all__ = ["occlusion_map", "saliency", "nearest", "same_class_share", "feature_model"]


def _photo(image):
    image = np.asarray(image, np.float32)
    if image.ndim != 3:
        raise ValueError(f"image must be one photo (H, W, C), got shape {image.shape}")
    return image


def _softmax(logits):
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def occlusion_map(model, image, label, patch=8, stride=4, fill=0.0):
    """Drop in the probability of ``label`` when a ``patch`` x ``patch`` square is set to
    ``fill`` (the mean photo, after normalisation), for every position ``stride`` apart.

    Returns an (H, W) map: each pixel holds the mean drop over the squares that covered it,
    so a high value marks a region the network relied on. The model returns logits.
    """
    image = _photo(image)
    height, width = image.shape[:2]
    for name, value in (("patch", patch), ("stride", stride)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {name}={value!r}")
    if patch > min(height, width):
        raise ValueError(f"patch={patch} must fit in the {height}x{width} photo")
    corners = [(r, c) for r in range(0, height - patch + 1, stride)
               for c in range(0, width - patch + 1, stride)]  # fmt: skip
    hidden = np.repeat(image[None], len(corners), axis=0)
    for copy, (r, c) in zip(hidden, corners, strict=True):
        copy[r : r + patch, c : c + patch] = fill
    logits = model.predict(np.concatenate([image[None], hidden]), batch_size=256, verbose=0)
    probs = _softmax(np.asarray(logits, np.float64))[:, label]
    drop, covered = np.zeros((height, width)), np.zeros((height, width))
    for p, (r, c) in zip(probs[1:], corners, strict=True):
        drop[r : r + patch, c : c + patch] += probs[0] - p
        covered[r : r + patch, c : c + patch] += 1
    return drop / np.maximum(covered, 1)


def saliency(model, image, label):
    """|d score(label) / d pixel|, the largest over the colour channels: an (H, W) map."""
    from .runtime import import_tensorflow

    tf = import_tensorflow()
    x = tf.convert_to_tensor(_photo(image)[None])
    with tf.GradientTape() as tape:
        tape.watch(x)
        score = model(x, training=False)[0, label]
    return np.abs(tape.gradient(score, x).numpy()[0]).max(axis=-1)


def feature_model(model, layer="global_max"):
    """A Keras model that maps photos to the output of ``layer`` of ``model``."""
    import keras

    return keras.Model(model.inputs, model.get_layer(layer).output)


def nearest(features, query, k=5):
    """Indices of the ``k`` rows of ``features`` most similar to row ``query`` (cosine), itself
    excluded, best first."""
    f = np.asarray(features, np.float64).reshape(len(features), -1)
    if not isinstance(k, int) or not 1 <= k < len(f):
        raise ValueError(f"k must be an integer from 1 to {len(f) - 1}, got k={k!r}")
    unit = f / np.maximum(np.linalg.norm(f, axis=1, keepdims=True), 1e-12)
    similarity = unit @ unit[query]
    similarity[query] = -np.inf
    return np.argsort(-similarity, kind="stable")[:k]


def same_class_share(features, labels, queries=200, k=5):
    """Over the first ``queries`` rows, the share of their ``k`` nearest rows (cosine, itself
    excluded) whose label equals the query's: how well a feature space groups the classes.

    >>> f = np.array([[1.0, 0], [1, 0.1], [0, 1], [0.1, 1]])
    >>> same_class_share(f, [0, 0, 1, 1], queries=4, k=1)
    1.0
    """
    f = np.asarray(features, np.float64).reshape(len(features), -1)
    labels = np.asarray(labels)
    if not isinstance(queries, int) or not 1 <= queries <= len(f):
        raise ValueError(f"queries must be an integer from 1 to {len(f)}, got {queries!r}")
    if not isinstance(k, int) or not 1 <= k < len(f):
        raise ValueError(f"k must be an integer from 1 to {len(f) - 1}, got k={k!r}")
    unit = f / np.maximum(np.linalg.norm(f, axis=1, keepdims=True), 1e-12)
    similarity = unit[:queries] @ unit.T
    similarity[np.arange(queries), np.arange(queries)] = -np.inf
    best = np.argsort(-similarity, axis=1, kind="stable")[:, :k]
    return float(np.mean(labels[best] == labels[:queries, None]))
