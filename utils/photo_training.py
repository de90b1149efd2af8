"""A CNN for colour photos that trains fast on a laptop CPU: the network, augmentation inside the
input pipeline, label smoothing and a one-cycle schedule.

Explained in notebook 09_colour_photos. Each choice is there for speed on a small budget:

- ``FusedBatchNorm``: Keras' batch normalisation computed by one TensorFlow kernel per layer
  (``tf.nn.fused_batch_norm``): the same numbers in less time on a CPU (``make bench`` times both).
- ``photo_net``: conv-BN-ReLU layers, a pool inside each block so that the second conv runs at
  a quarter of the pixels, widths doubling as the image halves, and a global max pool instead of
  a large dense layer.
- ``photo_batches``: random crops (padding 2) and mirror flips of whole batches, done by
  TensorFlow beside the training, so augmentation costs no Python loop.
- ``compile_photos``: AdamW with a linear warm-up then cosine decay, and label smoothing 0.1.
- ``predict_flipped``: average the logits of each test photo and its mirror image.
"""

import numpy as np

from .runtime import import_tensorflow

__all__ = [
    "FusedBatchNorm", "photo_net", "augment_batch", "photo_batches", "compile_photos", "fit_photos",
    "predict_flipped", "accuracy", "train_and_score",
]  # fmt: skip


def _fused_batch_norm_layer():
    """Define the layer class on first use, so that importing ``utils`` does not import Keras."""
    import keras

    tf = import_tensorflow()

    class FusedBatchNorm(keras.layers.Layer):
        """``keras.layers.BatchNormalization`` over the last axis, computed by one fused kernel.

        Same weights (gamma, beta, moving mean and variance), the same momentum and epsilon, the
        same outputs in training and inference mode, and the same moving averages: checked
        against Keras in ``tests/test_colour_photos.py``.
        """

        def __init__(self, momentum=0.99, epsilon=1e-3, **kwargs):
            super().__init__(**kwargs)
            if not 0 <= momentum < 1:
                raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
            if epsilon < 1.001e-5:  # the smallest that the fused kernel accepts
                raise ValueError(f"epsilon must be at least 1.001e-5, got {epsilon!r}")
            self.momentum, self.epsilon = momentum, epsilon

        def build(self, input_shape):
            shape = (input_shape[-1],)
            add = self.add_weight
            self.gamma = add(shape=shape, initializer="ones", name="gamma")
            self.beta = add(shape=shape, initializer="zeros", name="beta")
            self.moving_mean = add(shape=shape, initializer="zeros", name="moving_mean",
                                   trainable=False)  # fmt: skip
            self.moving_variance = add(shape=shape, initializer="ones", name="moving_variance",
                                       trainable=False)  # fmt: skip

        def call(self, x, training=False):
            if len(x.shape) != 4:  # the kernel takes (N, H, W, C) only
                y = self.call(tf.reshape(x, [-1, 1, 1, tf.shape(x)[-1]]), training)
                return tf.reshape(y, tf.shape(x))
            norm = tf.compat.v1.nn.fused_batch_norm
            if not training:
                y, _, _ = norm(x, self.gamma, self.beta, self.moving_mean, self.moving_variance,
                               epsilon=self.epsilon, is_training=False)  # fmt: skip
                return y
            y, mean, variance = norm(x, self.gamma, self.beta, epsilon=self.epsilon)
            n = tf.cast(tf.size(x) // tf.shape(x)[-1], variance.dtype)
            variance = variance * (n - 1) / n  # the kernel returns the unbiased variance
            m = self.momentum
            self.moving_mean.assign(self.moving_mean * m + mean * (1 - m))
            self.moving_variance.assign(self.moving_variance * m + variance * (1 - m))
            return y

        def compute_output_shape(self, input_shape):
            return input_shape

        def get_config(self):
            return {**super().get_config(), "momentum": self.momentum, "epsilon": self.epsilon}

    return FusedBatchNorm


_LAYERS = {}


def FusedBatchNorm(momentum=0.99, epsilon=1e-3, **kwargs):  # noqa: N802 (a layer, named as one)
    """Batch normalisation as ``keras.layers.BatchNormalization`` computes it, in one kernel.

    >>> import numpy as np
    >>> layer = FusedBatchNorm()
    >>> y = layer(np.array([[1.0, 2.0], [3.0, 6.0]], np.float32), training=True).numpy()
    >>> y.round(2).tolist()  # each column now has mean 0 and spread 1
    [[-1.0, -1.0], [1.0, 1.0]]
    """
    if "class" not in _LAYERS:
        _LAYERS["class"] = _fused_batch_norm_layer()
    return _LAYERS["class"](momentum=momentum, epsilon=epsilon, **kwargs)


def photo_net(widths=(32, 64, 128), stem=24, batch_norm=True, n_classes=10,
              input_shape=(32, 32, 3), stem_kernel=5, seed=None):  # fmt: skip
    """A 5x5 stem conv, then one block per width: conv, 2x2 max pool, conv; global max pool;
    dense. The 3x3 convs do the work; the stem's 5x5 colour filters are large enough to read.

    Every conv is followed by batch normalisation (when ``batch_norm``) and ReLU.
    ``batch_norm=False`` gives the same network without it (the convs then have biases).
    ``seed`` sets Keras' random seed first, so that two builds start from the same weights.
    """
    import keras

    if seed is not None:
        keras.utils.set_random_seed(seed)

    L = keras.layers

    def conv(x, filters, name, pool=False, size=3):
        x = L.Conv2D(filters, size, padding="same", use_bias=not batch_norm, name=name)(x)
        if pool:
            x = L.MaxPooling2D(2, name=f"{name}_pool")(x)
        if batch_norm:
            x = FusedBatchNorm(momentum=0.9, name=f"{name}_bn")(x)
        return L.Activation("relu", name=f"{name}_relu")(x)

    inputs = keras.Input(input_shape)
    x = conv(inputs, stem, "stem", size=stem_kernel)
    for i, width in enumerate(widths, start=1):
        x = conv(x, width, f"block{i}a", pool=True)
        x = conv(x, width, f"block{i}b")
    x = L.GlobalMaxPooling2D(name="global_max")(x)
    outputs = L.Dense(n_classes, name="logits")(x)
    return keras.Model(inputs, outputs, name="photo_net" if batch_norm else "photo_net_no_bn")


def augment_batch(images, rows, cols, flips, padding):
    """Crop each image of a batch from its zero-padded copy at (rows[i], cols[i]), then mirror it
    where ``flips[i]``: ``random_crop`` and ``random_flip`` of ``colour_photos``, in TensorFlow.

    >>> import numpy as np
    >>> x = np.arange(2 * 3 * 3 * 3, dtype=np.float32).reshape(2, 3, 3, 3)
    >>> out = augment_batch(x, [1, 0], [1, 2], [False, True], padding=1).numpy()
    >>> bool(np.array_equal(out[0], x[0])), bool(np.array_equal(out[1, 1:, 2], x[1, :2, 1]))
    (True, True)
    """
    tf = import_tensorflow()
    images = tf.convert_to_tensor(images)
    height, width = images.shape[1], images.shape[2]
    padded = tf.pad(images, [[0, 0], [padding, padding], [padding, padding], [0, 0]])
    rows = tf.cast(rows, tf.int32)[:, None] + tf.range(height)[None]  # (N, H): rows to keep
    cols = tf.cast(cols, tf.int32)[:, None] + tf.range(width)[None]  # (N, W): columns to keep
    cols = tf.where(tf.cast(flips, tf.bool)[:, None], tf.reverse(cols, [1]), cols)  # mirror
    out = tf.gather(padded, rows, axis=1, batch_dims=1)  # (N, H, W + 2p, C)
    out = tf.transpose(out, [0, 2, 1, 3])  # columns first: each gather moves a whole column
    out = tf.gather(out, cols, axis=1, batch_dims=1)  # (N, W, H, C)
    return tf.transpose(out, [0, 2, 1, 3])


def photo_batches(x, y, batch_size, n_classes=10, padding=2, seed=0):
    """Shuffled batches of (image, one-hot label), each batch freshly cropped and flipped.

    ``padding=None`` turns augmentation off (the same pipeline otherwise).
    """
    tf = import_tensorflow()
    xs, ys = tf.constant(x), tf.one_hot(np.asarray(y), n_classes)
    shifts = 2 * (padding or 0) + 1
    generator = tf.random.Generator.from_seed(seed)

    def gather(index):
        images = tf.gather(xs, index)
        if padding is not None:
            n = tf.shape(index)[0]
            rows, cols = (generator.uniform([n], 0, shifts, tf.int32) for _ in range(2))
            images = augment_batch(images, rows, cols, generator.uniform([n]) < 0.5, padding)
        return images, tf.gather(ys, index)

    return (
        tf.data.Dataset.range(len(x))
        .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
        .map(gather)
        .prefetch(tf.data.AUTOTUNE)
    )


def compile_photos(model, steps, peak_lr=5e-3, weight_decay=5e-3, label_smoothing=0.1):
    """AdamW, a linear warm-up over the first fifth of ``steps``, then cosine decay to 1%."""
    import keras

    warmup = max(steps // 5, 1)
    schedule = keras.optimizers.schedules.CosineDecay(
        peak_lr / 10, max(steps - warmup, 1), alpha=0.01, warmup_target=peak_lr,
        warmup_steps=warmup,
    )  # fmt: skip
    model.compile(
        keras.optimizers.AdamW(schedule, weight_decay=weight_decay),
        keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=label_smoothing),
        metrics=["accuracy"],
    )
    return model


def fit_photos(model, x, y, epochs, batch_size=128, peak_lr=5e-3, padding=2, seed=0,
               callbacks=(), report="bar"):  # fmt: skip
    """Compile with ``compile_photos`` and train on augmented batches; returns (history, seconds).

    ``report`` is "bar" (one live progress bar), "lines" (a line per epoch) or None (silent).
    """
    import time

    from .training import epoch_printer, progress_bar, steps_per_epoch

    if report not in ("bar", "lines", None):
        raise ValueError(f"report must be 'bar', 'lines' or None, got {report!r}")
    steps = steps_per_epoch(len(x), batch_size)
    compile_photos(model, epochs * steps, peak_lr)
    shown = {"bar": lambda: [progress_bar(epochs, steps)], "lines": lambda: [epoch_printer(epochs)],
             None: list}[report]()  # fmt: skip
    n_classes = model.output_shape[-1]
    data = photo_batches(x, y, batch_size, n_classes, padding, seed)
    start = time.perf_counter()
    history = model.fit(data, epochs=epochs, verbose=0, callbacks=[*shown, *callbacks])
    return history, time.perf_counter() - start


def predict_flipped(model, x, batch_size=1000):
    """Logits averaged over each photo and its mirror image (test-time augmentation)."""
    x = np.asarray(x, np.float32)
    plain = model.predict(x, batch_size=batch_size, verbose=0)
    mirrored = model.predict(x[:, :, ::-1], batch_size=batch_size, verbose=0)
    return (plain + mirrored) / 2


def accuracy(model, x, y, flipped=False, batch_size=1000):
    """Share of ``x`` whose predicted class is ``y``; ``flipped`` averages with the mirror."""
    if flipped:
        logits = predict_flipped(model, x, batch_size)
    else:
        logits = model.predict(np.asarray(x, np.float32), batch_size=batch_size, verbose=0)
    return float(np.mean(logits.argmax(axis=1) == np.asarray(y)))


def train_and_score(net, x, y, x_test, y_test, epochs, batch_size=128, peak_lr=5e-3, padding=2):
    """Train silently with ``fit_photos``; return (test accuracy, training seconds)."""
    _, seconds = fit_photos(net, x, y, epochs, batch_size, peak_lr, padding, report=None)
    return accuracy(net, x_test, y_test), seconds
