"""Softmax, cross-entropy, top-k, the optimiser steps and the schedule against Keras.

Random cases come from hypothesis and include extreme finite logits (up to +-3e38) and
gradients. Keras runs in float64 where it can (the loss, the optimisers), so the comparison
tests our arithmetic rather than float32 rounding.
"""

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import utils
from utils import classifier as cl
from utils import learning_plots as lp
from utils.nn import numerical_gradient, relative_error

CASES = settings(max_examples=60, deadline=None)
RATES = st.sampled_from([2**-10, 0.125])  # exact in float32, in which Keras keeps the rate
EXTREMES = [0.0, 1.0, -1.0, 1e4, -1e4, 1e30, -1e30, 3e38, -3e38]


@pytest.fixture(scope="module")
def keras():
    utils.setup(tensorflow=True)
    import keras

    return keras


@st.composite
def logits_and_labels(draw, extreme=True):
    n, classes = draw(st.integers(1, 6)), draw(st.integers(1, 7))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    scale = draw(st.sampled_from([1.0, 10.0, 1e4] + ([1e30, 3e38] if extreme else [])))
    z = rng.uniform(-1, 1, (n, classes)) * scale
    if extreme:  # sprinkle exact extremes and ties
        mask = rng.random(z.shape) < 0.3
        z[mask] = rng.choice(EXTREMES, size=mask.sum())
    return z, rng.integers(0, classes, n)


@pytest.mark.filterwarnings("ignore:You are using a softmax over axis")  # one class: fine here
@given(case=logits_and_labels(), dtype=st.sampled_from([np.float32, np.float64]))
@CASES
def test_softmax_matches_keras_and_stays_finite(keras, case, dtype):
    z = case[0].astype(dtype)
    ours = cl.softmax(z)
    assert ours.dtype == dtype and np.all(np.isfinite(ours))
    np.testing.assert_allclose(ours.sum(axis=-1), 1, rtol=1e-6)
    np.testing.assert_allclose(ours, keras.ops.softmax(z), atol=1e-6)


@pytest.mark.filterwarnings("ignore:You are using a softmax over axis")
@given(case=logits_and_labels(extreme=False), shift=st.sampled_from([-1e3, 0.5, 700.0]))
@CASES
def test_softmax_ignores_a_shift_and_works_along_any_axis(keras, case, shift):
    z = case[0]
    np.testing.assert_allclose(cl.softmax(z + shift), cl.softmax(z), atol=1e-9)
    np.testing.assert_allclose(cl.softmax(z, axis=0), keras.ops.softmax(z, axis=0), atol=1e-9)


def test_naive_softmax_overflows_where_the_stable_one_does_not():
    z = np.array([1000.0, 0.0])
    assert np.isnan(cl.naive_softmax(z)[0])
    np.testing.assert_array_equal(cl.softmax(z), [1.0, 0.0])
    np.testing.assert_allclose(cl.naive_softmax(z - 1000), cl.softmax(z))


@given(case=logits_and_labels())
@CASES
def test_log_sum_exp_matches_keras(keras, case):
    z = case[0]
    np.testing.assert_allclose(cl.log_sum_exp(z), keras.ops.logsumexp(z, axis=-1), rtol=1e-12)


@given(case=logits_and_labels())
@CASES
def test_cross_entropy_matches_keras_including_extreme_logits(keras, case):
    z, y = case
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    ours = cl.cross_entropy(z, y)
    assert np.isfinite(ours) and ours >= 0
    np.testing.assert_allclose(ours, float(loss(y, z)), rtol=1e-12, atol=1e-12)


@given(case=logits_and_labels())
@CASES
def test_cross_entropy_gradient_matches_tensorflow(keras, case):
    import tensorflow as tf

    z, y = case
    var = tf.Variable(z)
    with tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")(y, var)
    np.testing.assert_allclose(
        cl.cross_entropy_gradient(z, y), tape.gradient(loss, var), atol=1e-12
    )


@given(case=logits_and_labels(extreme=False))
@CASES
def test_both_gradients_match_numerical_gradients(case):
    z, y = case[0] % 7.0, case[1]  # moderate logits: finite differences need a smooth region
    for loss, grad in [
        (cl.cross_entropy, cl.cross_entropy_gradient),
        (_squared_error, cl.squared_error_gradient),
    ]:
        numeric = numerical_gradient(lambda loss=loss: loss(z, y), z)
        assert relative_error(grad(z, y), numeric) < 1e-6


def _squared_error(z, y):
    p = cl.softmax(z)
    onehot = np.eye(z.shape[1])[y]
    return 0.5 * np.mean(np.sum((p - onehot) ** 2, axis=1))


def test_squared_error_barely_pushes_a_confidently_wrong_prediction():
    z, y = np.array([[10.0, 0.0]]), np.array([1])  # p(true) = 4.5e-5
    ce, se = cl.cross_entropy_gradient(z, y)[0, 1], cl.squared_error_gradient(z, y)[0, 1]
    assert ce < -0.99 and -1e-4 < se < 0


@given(
    n=st.integers(1, 8),
    classes=st.integers(1, 8),
    seed=st.integers(0, 2**16),
    values=st.sampled_from([[0.0, 1.0], [-3e38, 0.0, 3e38], [-1e4, 1e4, 2.5], None]),
    data=st.data(),
)
@CASES
def test_top_k_matches_keras_including_ties(keras, n, classes, seed, values, data):
    rng = np.random.default_rng(seed)
    # few distinct values make many ties at the top-k boundary
    z = rng.choice(values, (n, classes)) if values else rng.standard_normal((n, classes))
    z, y = z.astype(np.float32), rng.integers(0, classes, n)
    k = data.draw(st.integers(1, classes))
    metric = keras.metrics.SparseTopKCategoricalAccuracy(k=k)
    metric.update_state(y, z)
    assert cl.top_k_accuracy(z, y, k) == pytest.approx(float(metric.result()), abs=1e-6)


def test_top_k_counts_ties_generously_and_grows_with_k():
    z = np.array([[1.0, 1.0, 1.0, 0.0], [0.0, 3.0, 2.0, 1.0]])
    assert cl.top_k_accuracy(z, np.array([2, 0]), 1) == 0.5  # row 0: a three-way tie for top-1
    assert [cl.top_k_accuracy(z, np.array([3, 0]), k) for k in (1, 2, 3, 4)] == [0, 0, 0, 1]


def _keras_steps(keras, optimizer, w0, grads):
    w = keras.Variable(w0, dtype="float64")
    for g in grads:
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g, dtype="float64"), w)])
    return w.numpy()


def _same_steps(ours, theirs, w0, exact):
    """Equal to 1e-12, or (betas rounded to float32) to 1e-4 of the distance moved."""
    moved = np.max(np.abs(theirs - w0))
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0 if exact else 1e-4 * moved)


@st.composite
def weights_and_gradients(draw):
    seed, steps = draw(st.integers(0, 2**16)), draw(st.integers(1, 4))
    size = draw(st.integers(1, 6))
    rng = np.random.default_rng(seed)
    scale = draw(st.sampled_from([1e-30, 1e-3, 1.0, 1e4, 1e30, 3e38]))
    grads = [rng.uniform(-1, 1, size) * scale for _ in range(steps)]
    return rng.standard_normal(size), grads


# Keras turns a Python momentum or beta into a float32 tensor before casting it to the variable's
# dtype, so 0.9 becomes 0.89999998 and 1 - 0.999 is off by 1.3e-5. Values exact in float32 compare
# to 1e-12; Keras' defaults to 1e-6 (momentum) and 1e-4 (Adam's sqrt(1 - beta_2 ** t)).
EXACT_BETAS = st.sampled_from([(0.5, 0.75), (0.875, 0.9375), (0.75, 1 - 2**-9)])


@given(case=weights_and_gradients(), lr=RATES, momentum=st.sampled_from([0.5, 0.875, 0.9]))
@CASES
def test_sgd_and_momentum_steps_match_keras(keras, case, lr, momentum):
    w0, grads = case
    w = w0.copy()
    for g in grads:
        w = cl.sgd_step(w, g, lr)
    np.testing.assert_allclose(w, _keras_steps(keras, keras.optimizers.SGD(lr), w0, grads))
    w, velocity = w0.copy(), np.zeros_like(w0)
    for g in grads:
        w, velocity = cl.momentum_step(w, g, velocity, lr, momentum)
    theirs = _keras_steps(keras, keras.optimizers.SGD(lr, momentum=momentum), w0, grads)
    _same_steps(w, theirs, w0, exact=momentum != 0.9)


@given(case=weights_and_gradients(), lr=RATES, betas=st.one_of(EXACT_BETAS, st.just(None)))
@CASES
def test_adam_steps_match_keras(keras, case, lr, betas):
    w0, grads = case
    beta_1, beta_2 = betas or (0.9, 0.999)  # None: Keras' defaults
    w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    for t, g in enumerate(grads, start=1):
        w, m, v = cl.adam_step(w, g, m, v, t, lr, beta_1, beta_2)
    assert np.all(np.isfinite(w))
    adam = keras.optimizers.Adam(lr, beta_1=beta_1, beta_2=beta_2)
    _same_steps(w, _keras_steps(keras, adam, w0, grads), w0, exact=betas is not None)


def test_adam_squares_float32_gradients_without_overflow():
    w = np.zeros(2, np.float32)
    g = np.array([3e38, -3e38], np.float32)  # g**2 overflows float32
    w, _, v = cl.adam_step(w, g, np.zeros(2, np.float32), np.zeros(2, np.float32), 1, lr=0.01)
    assert w.dtype == np.float32 and np.isfinite(v).all()
    np.testing.assert_allclose(w, [-0.01, 0.01], rtol=1e-5)  # the first step is lr in size


@given(
    initial=st.sampled_from([1e-4, 3e-4, 0.1]),
    decay_steps=st.integers(1, 300),
    alpha=st.sampled_from([0.0, 0.02, 0.5]),
    warmup=st.sampled_from([None, (0, 3e-3), (1, 3e-3), (17, 1e-2), (50, 0.1)]),
)
@CASES
def test_warmup_cosine_equals_keras_cosine_decay_at_every_step(
    keras, initial, decay_steps, alpha, warmup
):
    warmup_steps, target = warmup or (0, None)
    schedule = keras.optimizers.schedules.CosineDecay(  # float64 inputs: Keras computes in float64
        np.float64(initial),
        decay_steps,
        alpha,
        warmup_target=target and np.float64(target),
        warmup_steps=warmup_steps,
    )
    steps = np.arange(decay_steps + warmup_steps + 5)  # past the end, too
    ours = cl.warmup_cosine(steps, initial, decay_steps, alpha, target, warmup_steps)
    theirs = [float(schedule(s)) for s in steps]
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-18)


def test_the_schedule_of_compile_fast(keras):
    """The warm-up and cosine that utils.training.compile_fast gives Adam."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    steps, peak = 60, 3e-3
    utils.training.compile_fast(model, steps, peak)
    warmup = max(steps // 6, 1)
    ours = cl.warmup_cosine(np.arange(steps), peak / 10, steps - warmup, 0.02, peak, warmup)
    theirs = [float(model.optimizer._learning_rate(s)) for s in range(steps)]
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6 * peak)  # Keras: float32


@pytest.mark.parametrize(
    ("scheme", "make", "fan_in", "fan_out"),
    [("glorot", "GlorotUniform", 300, 100), ("glorot", "GlorotNormal", 300, 100),
     ("he", "HeNormal", 300, 100), ("he", "HeUniform", 300, 100)],
)  # fmt: skip
def test_init_std_matches_keras_initialisers(keras, scheme, make, fan_in, fan_out):
    weights = getattr(keras.initializers, make)(seed=0)((fan_in, fan_out)).numpy()
    assert weights.std() == pytest.approx(cl.init_std(scheme, fan_in, fan_out), rel=0.02)


def test_activation_spread_vanishes_explodes_or_holds():
    he, small, large = (cl.activation_spread(s) for s in ("he", "small", "large"))
    assert len(he) == 11 and 0.3 < he[-1] / he[0] < 3
    assert small[-1] < 1e-6 < 1e6 < large[-1]


def test_activation_spread_accepts_a_keras_initialiser(keras):
    spread = cl.activation_spread(keras.initializers.HeNormal(seed=0))
    assert 0.3 < spread[-1] / spread[0] < 3


@pytest.mark.parametrize("dropout", [0.0, 0.5])
def test_backprop_matches_the_numerical_gradient(dropout):
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((5, 4)), rng.integers(0, 3, 5)
    params = cl.init_classifier([4, 6, 3], seed=1, dtype=np.float64)

    def loss():  # the same dropout mask on every call
        return cl.loss_and_gradients(params, x, y, dropout, np.random.default_rng(7))[0]

    _, _, grads = cl.loss_and_gradients(params, x, y, dropout, np.random.default_rng(7))
    for (w, b), (dw, db) in zip(params, grads, strict=True):
        assert relative_error(dw, numerical_gradient(loss, w)) < 1e-6
        assert relative_error(db, numerical_gradient(loss, b)) < 1e-6


def test_training_learns_a_separable_problem_and_reports_divergence():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((400, 5)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(int)
    log = cl.train_classifier(cl.init_classifier([5, 16, 2]), x, y, 10, 20, 0.3, validation=(x, y))
    assert log.train_accuracy[-1] > 0.95 and log.val_accuracy == log.train_accuracy
    assert len(log.batch_losses) == 10 * 20 and len(log.running_accuracy) == 10
    assert log.batch_losses[-1] < log.batch_losses[0] and not log.diverged
    wild = cl.train_classifier(cl.init_classifier([5, 16, 2]), x * 1e3, y, 3, 20, 1e3)
    assert wild.diverged and len(wild.batch_losses) < 60


def test_momentum_and_adam_reach_the_valley_floor_sooner():
    sgd = cl.valley_path("sgd", 0.06)
    momentum = cl.valley_path("momentum", 0.06, momentum=0.9)
    adam = cl.valley_path("adam", 0.3)
    dist = [np.linalg.norm(p[-1]) for p in (sgd, momentum, adam)]
    assert dist[1] < dist[0] / 5 and dist[2] < dist[0] / 5


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: cl.softmax(np.float64(3.0)), "logits"),
        (lambda: cl.softmax(np.array([1.0, np.nan])), "logits"),
        (lambda: cl.cross_entropy(np.zeros(3), np.array([0])), "logits"),
        (lambda: cl.cross_entropy(np.zeros((2, 3)), np.array([0])), "labels"),
        (lambda: cl.cross_entropy(np.zeros((2, 3)), np.array([0, 3])), "labels"),
        (lambda: cl.cross_entropy(np.zeros((1, 3)), np.array([0.0])), "labels"),
        (lambda: cl.top_k_accuracy(np.zeros((2, 3)), np.array([0, 1]), 4), "k"),
        (lambda: cl.top_k_accuracy(np.zeros((2, 3)), np.array([0, 1]), 0), "k"),
        (lambda: cl.sgd_step(np.zeros(3), np.zeros(2), 0.1), "shapes"),
        (lambda: cl.adam_step(np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2), 0), "step"),
        (lambda: cl.warmup_cosine(5, 0.1, 0), "decay_steps"),
        (lambda: cl.warmup_cosine(-1, 0.1, 10), "step"),
        (lambda: cl.warmup_cosine(1, 0.1, 10, alpha=2), "alpha"),
        (lambda: cl.init_std("xavier", 3, 3), "scheme"),
        (lambda: cl.valley_path("rmsprop", 0.1), "optimizer"),
        (lambda: cl.train_classifier([], np.zeros((3, 2)), np.zeros(2, int)), "y"),
    ],
)
def test_bad_inputs_are_refused_with_the_argument_named(call, argument):
    with pytest.raises(cl.ClassifierInputError) as info:
        call()
    assert info.value.argument == argument and "but need" in str(info.value)


def test_labels_out_of_range_say_the_rule():
    err = utils.refusal(cl.cross_entropy, np.zeros((2, 3)), np.array([0, 5]))
    assert (err.got, err.rule) == ("label 5", "0 <= label < 3 classes")


def _all_text_sizes(fig):
    texts = [t for ax in fig.axes for t in (ax.title, ax.xaxis.label, ax.yaxis.label)]
    texts += [t for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()]
    texts += [t for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    return [t.get_fontsize() for t in texts if t.get_text()]


def test_every_plot_draws_readable_text():
    utils.apply_projector_style()
    log = cl.TrainLog(params=[], train_loss=[1.0, 0.5, 0.4], val_loss=[1.1, 0.9, 1.0])
    figures = [
        lp.plot_true_class_gradients(np.geomspace(1e-4, 0.99, 20)),
        lp.plot_loss_runs({"a": (np.arange(5), np.ones(5)), "b diverged": ([0, 1], [2, 200])}),
        lp.plot_valley({"sgd": cl.valley_path("sgd", 0.06, steps=5)}),
        lp.plot_schedule(cl.warmup_cosine(np.arange(20), 0.1, 15, 0.0, 1.0, 5), 5),
        lp.plot_spread({"he": cl.activation_spread("he", layers=3, n=50)}),
        lp.plot_overfitting(log.train_loss, log.val_loss),
    ]
    for fig in figures:
        assert isinstance(fig, matplotlib.figure.Figure) and not matplotlib.pyplot.fignum_exists(
            fig.number
        )
        sizes = _all_text_sizes(fig)
        assert sizes and min(sizes) >= 13, sizes


@given(labels=st.lists(st.integers(0, 11), max_size=40), extra=st.integers(0, 3))
@CASES
def test_class_counts_matches_tensorflow_and_keeps_missing_classes(keras, labels, extra):
    import tensorflow as tf

    n_classes = max(labels, default=0) + 1 + extra  # `extra` classes that never occur
    ours = cl.class_counts(np.array(labels, dtype=np.int64), n_classes)
    theirs = tf.math.bincount(tf.constant(labels, tf.int32), minlength=n_classes).numpy()
    assert ours.shape == (n_classes,) and np.array_equal(ours, theirs)


@pytest.mark.parametrize("labels", [[0, 4], [-1], [[0, 1]], [0.5]])
def test_class_counts_refuses_labels_it_cannot_count(labels):
    with pytest.raises(cl.ClassifierInputError) as err:
        cl.class_counts(labels, 4)
    assert err.value.argument == "labels"
