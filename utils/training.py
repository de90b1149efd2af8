"""Training small CNNs fast on a laptop CPU, and timing them honestly.

Explained in notebook 08_training_a_cnn. ``reference_model`` is Keras' classic "simple MNIST
convnet" (the yardstick); ``fast_model`` plus ``compile_fast`` is our recipe: a wider dense
head, dropout, Adam with a warm-up then cosine decay. ``MNIST_RECIPE`` holds the settings that
reach 99% on MNIST after one epoch.
"""

import html
import time

import numpy as np

from .runtime import import_tensorflow

__all__ = [
    "MNIST_RECIPE", "as_inputs", "reference_model", "fast_model", "compile_fast", "batches",
    "steps_per_epoch", "epoch_printer", "progress_bar", "fit", "batch_losses", "train_losses",
    "smooth", "estimate_seconds", "time_to_accuracy", "confusion_matrix", "worst_pairs",
]  # fmt: skip


# The one-epoch MNIST recipe of notebook 08 and make bench: 99% test accuracy after one epoch.
MNIST_RECIPE = {
    "batch_size": 128,  # 469 steps in one pass over 60,000 digits
    "peak_lr": 8e-3,  # reached after the warm-up, then cosine decay to 2% of it
    "beta_1": 0.7,  # Adam's momentum forgets faster: the schedule changes within one epoch
    "warmup": 0.25,  # the first quarter of the steps
    "dense": 256,  # units in the dense layer
    "dropout": 0.1,  # light: one pass over the data leaves little to overfit
}


def as_inputs(x):
    """uint8 images -> float32 in [0, 1] with a channel axis: (N, H, W, C)."""
    x = np.asarray(x, dtype=np.float32) / 255.0
    return x[..., None] if x.ndim == 3 else x


def reference_model(input_shape=(28, 28, 1), n_classes=10):
    """Keras' "simple MNIST convnet" example: the configuration we time ourselves against."""
    import keras

    L = keras.layers
    model = keras.Sequential([
        keras.Input(input_shape),
        L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(2),
        L.Flatten(), L.Dropout(0.5), L.Dense(n_classes, activation="softmax"),
    ], name="reference")  # fmt: skip
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def fast_model(input_shape=(28, 28, 1), n_classes=10, width=32, dropout=0.25, dense=128,
               mean_std=None):  # fmt: skip
    """Our recipe's network: two conv blocks (``width`` then twice as many filters), then a
    dense layer of ``dense`` units, with dropout before and after it. ``mean_std`` = (mean,
    std) of the training pixels adds a first layer that standardises the input."""
    import keras

    L = keras.layers
    first = []
    if mean_std is not None:
        mean, std = (float(v) for v in mean_std)
        first = [L.Rescaling(1 / std, offset=-mean / std, name="standardise")]
    return keras.Sequential([
        keras.Input(input_shape), *first,
        L.Conv2D(width, 3, activation="relu", name="conv1"), L.MaxPooling2D(2, name="pool1"),
        L.Conv2D(2 * width, 3, activation="relu", name="conv2"), L.MaxPooling2D(2, name="pool2"),
        L.Flatten(name="flatten"), L.Dropout(dropout, name="dropout1"),
        L.Dense(dense, activation="relu", name="dense"), L.Dropout(dropout, name="dropout2"),
        L.Dense(n_classes, name="logits"),
    ], name="fast_cnn")  # fmt: skip


def compile_fast(model, steps, peak_lr=3e-3, beta_1=0.9, warmup=1 / 6):
    """Adam with a linear warm-up over the first ``warmup`` share of ``steps`` to ``peak_lr``,
    then cosine decay. A ``beta_1`` below Adam's 0.9 averages the gradient over fewer steps,
    which suits a one-epoch schedule whose learning rate changes quickly."""
    import keras

    warmup = max(int(steps * warmup + 1e-9), 1)  # floor, safe from float rounding
    schedule = keras.optimizers.schedules.CosineDecay(
        peak_lr / 10, steps - warmup, alpha=0.02, warmup_target=peak_lr, warmup_steps=warmup
    )
    model.compile(
        keras.optimizers.Adam(schedule, beta_1=beta_1),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


def batches(x, y, batch_size, seed=0):
    """A tf.data pipeline that reshuffles every epoch and gathers whole batches at once."""
    tf = import_tensorflow()
    xs, ys = tf.constant(x), tf.constant(y)
    return (
        tf.data.Dataset.range(len(x))
        .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
        .map(lambda i: (tf.gather(xs, i), tf.gather(ys, i)), num_parallel_calls=tf.data.AUTOTUNE)
        .prefetch(tf.data.AUTOTUNE)
    )


def steps_per_epoch(n, batch_size):
    """Batches in one pass over ``n`` examples; the last one may be smaller.

    >>> steps_per_epoch(60_000, 256)
    235
    """
    return -(-n // batch_size)


def epoch_printer(total_epochs):
    """A Keras callback printing one compact line per epoch (loss, accuracy, time)."""
    import keras

    class EpochLine(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            parts = [f"epoch {epoch + 1}/{total_epochs}", f"loss {logs.get('loss', 0):.4f}",
                     f"acc {logs.get('accuracy', 0):.4f}"]  # fmt: skip
            if "val_accuracy" in logs:
                parts.append(f"val_acc {logs['val_accuracy']:.4f}")
            parts.append(f"wall time {time.perf_counter() - self.start:.1f} s")
            print("  ".join(parts), flush=True)

    return EpochLine()


def _bar_html(fraction, text):
    from .style import PALETTE

    width = round(100 * fraction)
    return (
        f"<div style='font-size:20px;font-family:monospace'>"
        f"<span style='display:inline-block;width:360px;height:18px;"
        f"border:1px solid {PALETTE['ink']};vertical-align:middle'>"
        f"<span style='display:block;width:{width}%;height:100%;background:{PALETTE['blue']}'>"
        f"</span></span> {html.escape(text)}</div>"
    )


def progress_bar(total_epochs, steps):
    """A Keras callback that draws one live progress bar in a notebook while training runs.

    When training ends, the bar is full and says how many epochs took how long, and the final
    training loss and accuracy. ``steps`` is the number of batches in one epoch.
    """
    import keras
    from IPython.display import HTML, display

    from .timing import wall_time

    class Bar(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.start, self.epoch = time.perf_counter(), 0
            self.handle = display(HTML(_bar_html(0, "starting")), display_id=True)

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if batch % 10 == 0 and self.handle is not None:
                done = (self.epoch * steps + batch + 1) / (total_epochs * steps)
                text = f"epoch {self.epoch + 1}/{total_epochs}, loss {logs['loss']:.3f}"
                self.handle.update(HTML(_bar_html(done, text)))

        def on_train_end(self, logs=None):
            logs = logs or {}
            text = (
                f"{total_epochs} epoch{'s' if total_epochs != 1 else ''}, "
                f"{wall_time(time.perf_counter() - self.start)}: "
                f"loss {logs.get('loss', 0):.4f}, accuracy {logs.get('accuracy', 0):.4f}"
            )
            if self.handle is not None:
                self.handle.update(HTML(_bar_html(1, text)))

    return Bar()


def fit(model, x, y, epochs, batch_size=256, peak_lr=3e-3, validation_data=None, callbacks=(),
        seed=0, verbose=True, report="lines", beta_1=0.9):  # fmt: skip
    """Train ``model`` with our recipe and report as it goes.

    ``report`` is "lines" (one printed line per epoch) or "bar" (one live progress bar, for
    slides); ``verbose=False`` reports nothing. Compiles the model with ``compile_fast`` on a
    schedule as long as the whole run, feeds it shuffled batches from ``batches`` and returns
    ``(history, seconds)``: Keras' History and the wall time of the training alone.
    """
    if report not in ("lines", "bar"):
        raise ValueError(f"report must be 'lines' or 'bar', got {report!r}")
    steps = steps_per_epoch(len(x), batch_size)
    compile_fast(model, epochs * steps, peak_lr, beta_1)
    reporter = epoch_printer(epochs) if report == "lines" else progress_bar(epochs, steps)
    printer = [reporter] if verbose else []
    start = time.perf_counter()
    history = model.fit(
        batches(x, y, batch_size, seed), epochs=epochs, verbose=0,
        validation_data=validation_data, callbacks=[*printer, *callbacks],
    )  # fmt: skip
    return history, time.perf_counter() - start


def batch_losses():
    """A Keras callback that keeps the loss of every training batch in ``.losses``.

    Keras reports the running mean over the epoch so far; each batch's own loss is recovered
    from two consecutive means.
    """
    import keras

    class BatchLosses(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.losses, self.mean = [], 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self.mean = 0.0

        def on_train_batch_end(self, batch, logs=None):
            mean = float(logs["loss"])
            self.losses.append((batch + 1) * mean - batch * self.mean)
            self.mean = mean

    return BatchLosses()


def train_losses(model, x, y, epochs, batch_size=128):
    """Train with ``compile_fast`` and return the loss of every batch."""
    compile_fast(model, epochs * steps_per_epoch(len(x), batch_size))
    log = batch_losses()
    model.fit(batches(x, y, batch_size), epochs=epochs, verbose=0, callbacks=[log])
    return log.losses


def smooth(values, window=10):
    """Moving average over ``window`` values (shorter at the start)."""
    values = np.asarray(values, dtype=float)
    sums = np.cumsum(np.insert(values, 0, 0.0))
    n = np.minimum(np.arange(1, len(values) + 1), window)
    return (sums[1:] - sums[np.arange(1, len(values) + 1) - n]) / n


def estimate_seconds(build, x, y, batch_size, epochs, probe_steps=4):
    """Rough training time: a throwaway copy of the model times a few steps."""
    model = build()
    if not getattr(model, "compiled", False):
        compile_fast(model, steps=probe_steps + 1)
    xb, yb = x[:batch_size], y[:batch_size]
    model.train_on_batch(xb, yb)  # compile and warm up
    start = time.perf_counter()
    for _ in range(probe_steps):
        model.train_on_batch(xb, yb)
    per_step = (time.perf_counter() - start) / probe_steps
    return per_step * steps_per_epoch(len(x), batch_size) * epochs


def time_to_accuracy(model, fit_epoch, test, target, max_epochs, score=None, elapsed=None):
    """Train one epoch at a time until test accuracy reaches ``target``.

    Returns (training seconds until the target or None, total training seconds,
    [test accuracy after each epoch]). Only the training is timed; the evaluations are not.
    ``score(model)`` replaces the default ``model.evaluate`` on ``test`` = (x, y); a list
    passed as ``elapsed`` receives the training seconds so far after each epoch.
    """
    if score is None:
        x_test, y_test = test
        score = lambda m: float(m.evaluate(x_test, y_test, batch_size=1000, verbose=0)[1])  # noqa: E731
    trained, reached, accuracies = 0.0, None, []
    for _ in range(max_epochs):
        start = time.perf_counter()
        fit_epoch(model)
        trained += time.perf_counter() - start
        if elapsed is not None:
            elapsed.append(trained)
        accuracies.append(float(score(model)))
        if reached is None and accuracies[-1] >= target:
            reached = trained
    return reached, trained, accuracies


def confusion_matrix(y_true, y_pred, n_classes):
    """counts[i, j]: how many images of class i were predicted as class j."""
    return np.bincount(
        np.asarray(y_true) * n_classes + np.asarray(y_pred), minlength=n_classes**2
    ).reshape(n_classes, n_classes)


def worst_pairs(counts, class_names, k=3):
    """The ``k`` most frequent mistakes as (true name, predicted name, count)."""
    off = counts * (1 - np.eye(len(counts), dtype=counts.dtype))
    order = np.argsort(off, axis=None)[::-1][:k]
    return [
        (class_names[i], class_names[j], int(off[i, j]))
        for i, j in zip(*np.unravel_index(order, off.shape), strict=True)
    ]
