"""How a classifier learns: softmax, cross-entropy, top-k, SGD, momentum, Adam, schedules.

Explained in notebook 07_how_a_classifier_learns. Logits are shaped ``(batch, classes)`` and
labels are integers ``(batch,)``, as for ``keras.losses.SparseCategoricalCrossentropy``. Each
function matches its Keras counterpart (tests/test_classifier.py checks them on random and extreme
inputs), stays finite for any finite input, and refuses a wrong shape with a
``ClassifierInputError`` that names the argument, what it got and the rule.

>>> round(cross_entropy(np.array([[2.0, 0.0]]), np.array([1])), 4)
2.1269
"""

import time
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "ClassifierInputError", "class_counts", "naive_softmax", "softmax", "log_sum_exp",
    "cross_entropy", "cross_entropy_gradient", "squared_error_gradient", "top_k_accuracy",
    "sgd_step",
    "momentum_step", "adam_step", "warmup_cosine", "init_std", "activation_spread",
    "init_classifier", "loss_and_gradients", "predict_logits", "TrainLog", "train_classifier",
    "valley_loss", "valley_path",
]  # fmt: skip


class ClassifierInputError(ValueError):
    """An input that a function here cannot use: ``argument``, what it ``got``, the ``rule``.

    >>> err = ClassifierInputError("labels", "shape (3,)", "one label per row of logits (2)")
    >>> str(err)
    'labels: got shape (3,), but need one label per row of logits (2)'
    >>> err.argument
    'labels'
    """

    def __init__(self, argument, got, rule):
        self.argument, self.got, self.rule = argument, got, rule
        super().__init__(f"{argument}: got {got}, but need {rule}")


def _logits(logits, ndim=None):
    z = np.asarray(logits)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    if z.ndim == 0 or (ndim is not None and z.ndim != ndim):
        rule = "(batch, classes)" if ndim == 2 else "at least one axis"
        raise ClassifierInputError("logits", f"shape {z.shape}", f"shape {rule}")
    if z.shape[-1] == 0:
        raise ClassifierInputError("logits", f"shape {z.shape}", "at least one class")
    if not np.all(np.isfinite(z)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(z))[0])
        raise ClassifierInputError("logits", f"{z[bad]} at index {bad}", "finite numbers")
    return z


def _labels(labels, logits):
    y = np.asarray(labels)
    n, classes = logits.shape
    if y.shape != (n,):
        raise ClassifierInputError("labels", f"shape {y.shape}", f"shape ({n},): one per row")
    if n and not np.issubdtype(y.dtype, np.integer):
        raise ClassifierInputError("labels", f"dtype {y.dtype}", "integer class indices")
    if n and (y.min() < 0 or y.max() >= classes):
        bad = y[(y < 0) | (y >= classes)][0]
        raise ClassifierInputError("labels", f"label {bad}", f"0 <= label < {classes} classes")
    return y


def class_counts(labels, n_classes):
    """How many labels of each class 0 .. ``n_classes - 1``; a class that never occurs counts 0.

    >>> class_counts([0, 2, 2], 4)
    array([1, 0, 2, 0])
    """
    y = np.asarray(labels)
    if y.ndim != 1 or (y.size and not np.issubdtype(y.dtype, np.integer)):
        raise ClassifierInputError("labels", f"shape {y.shape}, dtype {y.dtype}",
                                   "a 1D array of integer class indices")  # fmt: skip
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        bad = y[(y < 0) | (y >= n_classes)][0]
        raise ClassifierInputError("labels", f"label {bad}", f"0 <= label < {n_classes} classes")
    return np.bincount(y.astype(np.int64), minlength=n_classes)


def naive_softmax(logits, axis=-1):
    """exp(z) / sum(exp(z)), as the formula reads. Overflows to nan once a logit passes ~710.

    >>> naive_softmax(np.array([1000.0, 0.0]))
    array([nan,  0.])
    """
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(logits, dtype=np.float64))
        return e / e.sum(axis=axis, keepdims=True)


def softmax(logits, axis=-1):
    """Probabilities from logits: exp(z - max z), normalised. Stable for any finite logits.

    Subtracting the largest logit changes nothing (softmax ignores a shift) but makes every
    exponent <= 0, so nothing overflows. Float inputs keep their dtype.

    >>> softmax(np.array([1000.0, 0.0]))
    array([1., 0.])
    >>> softmax(np.array([1.0, 1.0, 1.0, 1.0]))
    array([0.25, 0.25, 0.25, 0.25])
    """
    z = _logits(logits)
    with np.errstate(over="ignore"):  # z - max may reach -inf from below; exp(-inf) = 0
        e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_sum_exp(logits, axis=-1):
    """log(sum(exp(z))) computed as max z + log(sum(exp(z - max z))), in float64.

    >>> float(log_sum_exp(np.array([1000.0, 1000.0])).round(4))
    1000.6931
    """
    z = _logits(logits).astype(np.float64)
    top = z.max(axis=axis, keepdims=True)
    with np.errstate(over="ignore"):
        rest = np.log(np.exp(z - top).sum(axis=axis, keepdims=True))
    return np.squeeze(top + rest, axis=axis)


def cross_entropy(logits, labels):
    """Mean over the batch of -log softmax(z)[label], from logits via log-sum-exp, in float64.

    Equals ``keras.losses.SparseCategoricalCrossentropy(from_logits=True)``. Each example's
    loss is ``(max z - z[label]) + log(sum(exp(z - max z)))``: both parts are finite
    whenever the loss itself is a finite float64, so a confidently wrong logit of 1e30 gives a
    loss of about 1e30, not inf or nan.
    """
    z = _logits(logits, ndim=2).astype(np.float64)
    y = _labels(labels, z)
    top = z.max(axis=1)
    with np.errstate(over="ignore"):
        rest = np.log(np.exp(z - top[:, None]).sum(axis=1))
    return float(np.mean((top - z[np.arange(len(y)), y]) + rest))


def cross_entropy_gradient(logits, labels):
    """d cross_entropy / d logits = (softmax(z) - onehot(label)) / batch.

    >>> cross_entropy_gradient(np.array([[0.0, 0.0]]), np.array([1]))
    array([[ 0.5, -0.5]])
    """
    z = _logits(logits, ndim=2)
    y = _labels(labels, z)
    grad = softmax(z, axis=1)
    grad[np.arange(len(y)), y] -= 1
    return grad / len(y)


def squared_error_gradient(logits, labels):
    """d/dz of the batch mean of 0.5 * ||softmax(z) - onehot||^2: the squared-error alternative.

    The chain rule through softmax multiplies by p (1 - p), so a confidently wrong prediction
    (p of the true class near 0) gets almost no gradient.
    """
    z = _logits(logits, ndim=2)
    y = _labels(labels, z)
    p = softmax(z.astype(np.float64), axis=1)
    error = p.copy()
    error[np.arange(len(y)), y] -= 1
    # Jacobian of softmax: diag(p) - p p^T, applied to the error row by row.
    return p * (error - np.sum(error * p, axis=1, keepdims=True)) / len(y)


def top_k_accuracy(logits, labels, k):
    """Fraction of rows whose true class is among the ``k`` highest logits.

    Ties are counted as Keras counts them (``SparseTopKCategoricalAccuracy``, through
    ``tf.math.in_top_k``): a row is right when fewer than ``k`` classes score strictly higher
    than the true class, so classes tied at the boundary all count as in the top k.

    >>> top_k_accuracy(np.array([[0.1, 0.5, 0.5]]), np.array([2]), k=1)
    1.0
    """
    z = _logits(logits, ndim=2)
    y = _labels(labels, z)
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= z.shape[1]:
        raise ClassifierInputError("k", repr(k), f"an integer from 1 to {z.shape[1]} classes")
    if len(y) == 0:
        raise ClassifierInputError("logits", f"shape {z.shape}", "at least one row")
    higher = (z > z[np.arange(len(y)), y][:, None]).sum(axis=1)
    return float(np.mean(higher < k))


def _same_shape(**arrays):
    shapes = {name: np.shape(a) for name, a in arrays.items()}
    first, *_ = shapes.values()
    if any(s != first for s in shapes.values()):
        listed = ", ".join(f"{n} {s}" for n, s in shapes.items())
        raise ClassifierInputError("shapes", listed, "one shape for all of them")


def sgd_step(w, grad, lr):
    """Plain gradient descent: w - lr * grad (``keras.optimizers.SGD(lr)``)."""
    _same_shape(w=w, grad=grad)
    return w - lr * grad


def momentum_step(w, grad, velocity, lr, momentum=0.9):
    """One step of ``keras.optimizers.SGD(lr, momentum=momentum)``; returns (w, velocity).

    velocity = momentum * velocity - lr * grad;  w = w + velocity (Polyak's heavy ball, in the
    form Keras and Sutskever et al. 2013 write it). Start with ``velocity = 0``.
    """
    _same_shape(w=w, grad=grad, velocity=velocity)
    velocity = momentum * velocity - lr * grad
    return w + velocity, velocity


def adam_step(w, grad, m, v, step, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One step of ``keras.optimizers.Adam``; ``step`` counts from 1. Returns (w, m, v).

    Kingma & Ba's Algorithm 1, with the bias corrections folded into the step size and
    ``epsilon`` added to sqrt(v) as Keras does. ``v`` is kept in float64, so the square of
    any float32 gradient (up to 3.4e38) cannot overflow. Start with ``m = v = 0``.
    """
    _same_shape(w=w, grad=grad, m=m, v=v)
    if isinstance(step, bool) or not isinstance(step, int | np.integer) or step < 1:
        raise ClassifierInputError("step", repr(step), "an integer >= 1 (the first step is 1)")
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * np.asarray(v, np.float64) + (1 - beta_2) * np.square(grad, dtype=np.float64)
    alpha = lr * np.sqrt(1 - beta_2**step) / (1 - beta_1**step)
    update = alpha * m / (np.sqrt(v) + epsilon)
    return (w - update).astype(np.result_type(w, np.float32), copy=False), m, v


def warmup_cosine(step, initial_lr, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
    """The learning rate at ``step`` (0, 1, ...), as ``keras.optimizers.schedules.CosineDecay``.

    Without ``warmup_target``: cosine from ``initial_lr`` down to ``alpha * initial_lr`` over
    ``decay_steps``. With it: a straight line from ``initial_lr`` up to ``warmup_target`` over
    ``warmup_steps``, then that cosine from ``warmup_target``. Steps past the end stay at the
    floor. ``step`` may be an array. Keras' optimizer asks for step 0 first.

    >>> warmup_cosine(np.arange(6), 0.1, 2, warmup_target=1.0, warmup_steps=2).round(4).tolist()
    [0.1, 0.55, 1.0, 0.5, 0.0, 0.0]
    """
    step = np.asarray(step, dtype=np.float64)
    if np.any(step < 0) or not np.all(np.isfinite(step)):
        raise ClassifierInputError("step", f"{step.min()}", "finite steps >= 0")
    if not decay_steps > 0:
        raise ClassifierInputError("decay_steps", repr(decay_steps), "a number > 0")
    if not 0 <= alpha <= 1:
        raise ClassifierInputError("alpha", repr(alpha), "0 <= alpha <= 1 (the floor's fraction)")
    if warmup_steps < 0:
        raise ClassifierInputError("warmup_steps", repr(warmup_steps), "a number >= 0")

    def cosine(s, start):
        return start * ((1 - alpha) * 0.5 * (1 + np.cos(np.pi * s / decay_steps)) + alpha)

    if warmup_target is None:
        return cosine(np.minimum(step, decay_steps), initial_lr)[()]
    s = np.minimum(step, decay_steps + warmup_steps)
    ramp = initial_lr + (warmup_target - initial_lr) * s / max(warmup_steps, 1)
    return np.where(s < warmup_steps, ramp, cosine(s - warmup_steps, warmup_target))[()]


def init_std(scheme, fan_in, fan_out):
    """Standard deviation of a layer's random weights under an initialisation ``scheme``.

    "glorot": variance 2 / (fan_in + fan_out) (Glorot & Bengio 2010); "he": variance
    2 / fan_in (He et al. 2015); "small" and "large": a fixed 0.01 and 1.0.

    >>> init_std("he", 200, 10)
    0.1
    """
    stds = {
        "small": 0.01,
        "large": 1.0,
        "glorot": np.sqrt(2 / (fan_in + fan_out)),
        "he": np.sqrt(2 / fan_in),
    }
    if scheme not in stds:
        raise ClassifierInputError("scheme", repr(scheme), f"one of {sorted(stds)}")
    return float(stds[scheme])


def activation_spread(init, layers=10, width=256, n=1000, seed=0):
    """Standard deviation of the activations after each of ``layers`` dense ReLU layers.

    ``init`` is a scheme name for ``init_std`` or a callable ``shape -> weights`` (a Keras
    initialiser works). The input is unit-variance noise; biases are zero. Returns an array
    of ``layers + 1`` values, the input's first.
    """
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, width))
    spread = [a.std()]
    for _ in range(layers):
        if callable(init):
            w = np.asarray(init((width, width)), dtype=np.float64)
        else:
            w = init_std(init, width, width) * rng.standard_normal((width, width))
        a = np.maximum(a @ w, 0.0)
        spread.append(a.std())
    return np.array(spread)


def init_classifier(sizes, seed=0, dtype=np.float32):
    """Weights for dense layers of ``sizes``, e.g. ``[784, 10]`` or ``[784, 256, 10]``.

    He-normal weights for every layer followed by a ReLU, Glorot-normal for the last one,
    zero biases. A list of ``(W, b)`` pairs, ``W`` shaped ``(n_in, n_out)`` as in Keras.
    """
    rng = np.random.default_rng(seed)
    params = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        std = init_std("glorot" if i == len(sizes) - 2 else "he", n_in, n_out)
        w = (std * rng.standard_normal((n_in, n_out))).astype(dtype)
        params.append((w, np.zeros(n_out, dtype)))
    return params


def predict_logits(params, x, dropout=0.0, rng=None):
    """Logits of the dense ReLU network ``params`` for inputs ``x`` (batch, features).

    With ``dropout > 0`` (training only) each hidden unit is zeroed with that probability and
    the survivors are scaled by 1 / (1 - dropout), as ``keras.layers.Dropout`` does.
    """
    return _forward(params, x, dropout, rng)[0]


def _forward(params, x, dropout, rng):
    a, acts, masks = x, [x], []
    for i, (w, b) in enumerate(params):
        z = a @ w + b
        if i == len(params) - 1:
            return z, acts, masks
        a = np.maximum(z, 0)
        if dropout:
            mask = (rng.random(a.shape) >= dropout).astype(a.dtype) / (1 - dropout)
            a = a * mask
            masks.append(mask)
        acts.append(a)


def loss_and_gradients(params, x, labels, dropout=0.0, rng=None):
    """Cross-entropy of the network on one batch and its gradients, by backpropagation.

    Returns ``(loss, logits, grads)`` with ``grads`` a list of ``(dW, db)`` like ``params``.
    The first gradient is ``cross_entropy_gradient``: softmax minus one-hot.
    """
    logits, acts, masks = _forward(params, x, dropout, rng)
    loss = cross_entropy(logits, labels)
    delta = cross_entropy_gradient(logits, labels).astype(logits.dtype)
    grads = []
    for i in reversed(range(len(params))):
        grads.append((acts[i].T @ delta, delta.sum(axis=0)))
        if i:
            delta = (delta @ params[i][0].T) * (acts[i] > 0)
            if masks:
                delta = delta * masks[i - 1]
    return loss, logits, grads[::-1]


@dataclass
class TrainLog:
    """What ``train_classifier`` saw: per-batch losses, per-epoch numbers, the wall time."""

    params: list
    batch_losses: list = field(default_factory=list)
    running_accuracy: list = field(default_factory=list)  # mean over the epoch's batches
    train_accuracy: list = field(default_factory=list)  # at the epoch's end, dropout off
    val_accuracy: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    diverged: bool = False
    seconds: float = 0.0


def train_classifier(params, x, y, epochs=1, batch_size=100, lr=0.1, momentum=0.0, dropout=0.0,
                     validation=None, seed=0, max_steps=None):  # fmt: skip
    """Minibatch SGD (with optional momentum and dropout) on a network from ``init_classifier``.

    Each epoch visits the examples in a fresh random order, ``batch_size`` at a time, and
    takes one step per batch. ``lr`` is a number, or a function of the step (0, 1, ...) such as
    a ``warmup_cosine`` schedule. After each epoch, accuracy and loss are measured with dropout off
    on ``(x, y)`` and on ``validation = (x_val, y_val)`` if given. ``max_steps`` ends a run
    early. Stops, with ``diverged=True``, once the loss is no longer finite or passes 100 (a
    random guess over 10 classes scores 2.3). Returns a ``TrainLog``.
    """
    if len(x) != len(y):
        raise ClassifierInputError("y", f"{len(y)} labels", f"one per example ({len(x)})")
    rng = np.random.default_rng(seed)
    log = TrainLog(params=[(w.copy(), b.copy()) for w, b in params])
    velocity = [(np.zeros_like(w), np.zeros_like(b)) for w, b in params]
    start = time.perf_counter()
    for _ in range(epochs):
        order, correct = rng.permutation(len(x)), 0
        for first in range(0, len(x), batch_size):
            batch = order[first : first + batch_size]
            try:
                loss, logits, grads = loss_and_gradients(
                    log.params, x[batch], y[batch], dropout, rng
                )
            except ClassifierInputError:  # the logits overflowed
                loss = np.inf
            if not loss <= 100:
                log.diverged = True
                break
            log.batch_losses.append(loss)
            correct += int(np.sum(logits.argmax(axis=1) == y[batch]))
            rate = float(lr(len(log.batch_losses) - 1) if callable(lr) else lr)  # keeps float32
            for layer, ((w, b), (dw, db)) in enumerate(zip(log.params, grads, strict=True)):
                if momentum:
                    (vw, vb) = velocity[layer]
                    w, vw = momentum_step(w, dw, vw, rate, momentum)
                    b, vb = momentum_step(b, db, vb, rate, momentum)
                    velocity[layer] = (vw, vb)
                else:
                    w, b = sgd_step(w, dw, rate), sgd_step(b, db, rate)
                log.params[layer] = (w, b)
            if max_steps is not None and len(log.batch_losses) >= max_steps:
                break
        if log.diverged:
            break
        log.running_accuracy.append(correct / min(len(x), len(order[: first + batch_size])))
        _evaluate(log.params, (x, y), log.train_accuracy, log.train_loss)
        if validation is not None:
            _evaluate(log.params, validation, log.val_accuracy, log.val_loss)
        if max_steps is not None and len(log.batch_losses) >= max_steps:
            break
    log.seconds = time.perf_counter() - start
    return log


def _evaluate(params, data, accuracies, losses):
    x, y = data
    logits = predict_logits(params, x)
    accuracies.append(float(np.mean(logits.argmax(axis=1) == y)))
    losses.append(cross_entropy(logits, y))


def valley_loss(w, curvature=(0.1, 30.0)):
    """A narrow valley: 0.5 * (a x^2 + b y^2), steep across (b) and nearly flat along (a)."""
    a, b = curvature
    w = np.asarray(w, dtype=np.float64)
    return 0.5 * (a * w[..., 0] ** 2 + b * w[..., 1] ** 2)


def valley_path(optimizer, lr, steps=60, start=(-4.5, 1.0), curvature=(0.1, 30.0), **options):
    """The points visited by ``optimizer`` ("sgd", "momentum" or "adam") on ``valley_loss``.

    ``options`` go to the step function (``momentum=``, ``beta_1=``...). Returns an array of
    ``steps + 1`` points, the start first.

    >>> valley_path("sgd", lr=0.01, steps=1, curvature=(1.0, 10.0)).tolist()
    [[-4.5, 1.0], [-4.455, 0.9]]
    """
    steps_for = {"sgd", "momentum", "adam"}
    if optimizer not in steps_for:
        raise ClassifierInputError("optimizer", repr(optimizer), f"one of {sorted(steps_for)}")
    w = np.array(start, dtype=np.float64)
    state = [np.zeros(2), np.zeros(2)]
    path = [w]
    for t in range(1, steps + 1):
        grad = np.asarray(curvature) * w
        if optimizer == "sgd":
            w = sgd_step(w, grad, lr)
        elif optimizer == "momentum":
            w, state[0] = momentum_step(w, grad, state[0], lr, **options)
        else:
            w, state[0], state[1] = adam_step(w, grad, state[0], state[1], t, lr, **options)
        path.append(w)
    return np.array(path)
