"""Time to 99% MNIST test accuracy: our recipe against Keras' simple MNIST convnet.

Both train in this process on the same data. The reference runs its published configuration
(batch 128, Adam, 15 epochs, validation_split 0.1); ours runs ``utils.training.MNIST_RECIPE``
for one epoch, with three seeds. Target (issue 17): 99.0% after the first epoch for every seed,
and the time to 99% at most 0.12 times the reference's 15-epoch training time. Our time is the
median over the three seeds: a single run on this shared 2-core machine varies by up to half
(14.8 to 21.7 s for the same seed in two runs of the bench).
"""

import time

import numpy as np

import utils
from utils import training

MNIST_EPOCHS, FASHION_EPOCHS, FASHION_BATCH, SEEDS = 1, 7, 256, (0, 1, 2)


def recipe_model(x=None):
    """The one-epoch recipe's network; with training images ``x``, it standardises by them."""
    r = training.MNIST_RECIPE
    mean_std = None if x is None else (float(x.mean()), float(x.std()))
    return training.fast_model(dense=r["dense"], dropout=r["dropout"], mean_std=mean_std)


def forward_macs():
    """Multiply-accumulates of one forward pass of the recipe's model on a 28x28 image."""
    return int(utils.models.layer_table(recipe_model())["MACs"].sum())


def matmul_gflops(n=1024, repeats=5):
    a = np.random.default_rng(0).random((n, n), dtype=np.float32)
    seconds = utils.time_call(lambda: a @ a, repeats)
    return 2 * n**3 / seconds / 1e9


def our_recipe(data, epochs, target, seed=0):
    """The one-epoch MNIST recipe (``MNIST_RECIPE``), timed epoch by epoch."""
    import keras

    r = training.MNIST_RECIPE
    keras.utils.set_random_seed(seed)
    x, y = training.as_inputs(data.x_train), data.y_train
    test = (training.as_inputs(data.x_test), data.y_test)
    steps = epochs * training.steps_per_epoch(len(x), r["batch_size"])
    model = training.compile_fast(recipe_model(x), steps, r["peak_lr"], r["beta_1"], r["warmup"])
    ds = training.batches(x, y, r["batch_size"], seed)
    return training.time_to_accuracy(
        model, lambda m: m.fit(ds, epochs=1, verbose=0), test, target, epochs
    )


def fashion_recipe(data, epochs, target, seed=0, peak_lr=5e-3, dropout=0.1):
    """Notebook 08's Fashion-MNIST run: batch 256, the default Adam, ``epochs`` epochs."""
    import keras

    keras.utils.set_random_seed(seed)
    x, y = training.as_inputs(data.x_train), data.y_train
    test = (training.as_inputs(data.x_test), data.y_test)
    steps = epochs * training.steps_per_epoch(len(x), FASHION_BATCH)
    model = training.compile_fast(training.fast_model(dropout=dropout), steps, peak_lr)
    ds = training.batches(x, y, FASHION_BATCH, seed)
    return training.time_to_accuracy(
        model, lambda m: m.fit(ds, epochs=1, verbose=0), test, target, epochs
    )


def run():
    utils.setup(tensorflow=True)
    import keras

    macs = forward_macs()
    mnist = utils.load("mnist")
    x, y = training.as_inputs(mnist.x_train), mnist.y_train
    test = (training.as_inputs(mnist.x_test), mnist.y_test)

    keras.utils.set_random_seed(0)
    ref = training.reference_model()
    ref_reached, ref_total, ref_accs = training.time_to_accuracy(
        ref, lambda m: m.fit(x, y, batch_size=128, epochs=1, validation_split=0.1, verbose=0),
        test, 0.99, 15)  # fmt: skip
    print(f"reference: {ref_total:.1f} s, 99% after {seconds(ref_reached)}, {ref_accs}", flush=True)
    runs = [our_recipe(mnist, MNIST_EPOCHS, 0.99, seed) for seed in SEEDS]
    for seed, (reached, total, accs) in zip(SEEDS, runs, strict=True):
        print(f"ours, seed {seed}: {total:.1f} s, 99% after {seconds(reached)}, {accs}", flush=True)
    reached_each = [reached for reached, _, _ in runs]
    ours_reached = median_or_none(reached_each)
    ours_total = float(np.median([total for _, total, _ in runs]))
    ours_accs = runs[0][2]
    fashion = utils.load("fashion_mnist")  # harder: a higher peak rate, lighter dropout
    fashion_reached, fashion_total, fashion_accs = fashion_recipe(fashion, FASHION_EPOCHS, 0.91)

    images_per_s = MNIST_EPOCHS * len(x) / ours_total
    achieved = 3 * 2 * macs * images_per_s / 1e9  # training ~ 3x the forward FLOPs
    both = ours_reached and ref_reached
    return {
        "reference": "Keras simple MNIST convnet, batch 128, Adam, 15 epochs, validation_split 0.1",
        "reference_total_s": ref_total,
        "reference_to_99_s": ref_reached,
        "reference_test_acc": ref_accs,
        "ours_to_99_s": ours_reached,
        "ours_total_s": ours_total,
        "ours_test_acc": ours_accs,
        "seeds": list(SEEDS),
        "seed_first_epoch_acc": [accs[0] for _, _, accs in runs],
        "seed_total_s": [total for _, total, _ in runs],
        "ratio_to_reference_total": ours_reached / ref_total if ours_reached else None,
        "ratio_to_reference_to_99": ours_reached / ref_reached if both else None,
        "images_per_s": images_per_s,
        "achieved_gflops": achieved,
        "numpy_matmul_gflops": matmul_gflops(),
        "fashion_total_s": fashion_total,
        "fashion_test_acc": fashion_accs,
        "fashion_to_91_s": fashion_reached,
        "timestamp": time.strftime("%Y-%m-%d %H:%M"),
    }


def median_or_none(times):
    """The median of times to a target, a run that never reached it counting as infinitely long;
    None when the median run never reached it.

    >>> median_or_none([3.0, None, 1.0]), median_or_none([None, None, 1.0])
    (3.0, None)
    """
    middle = float(np.median([np.inf if t is None else t for t in times]))
    return None if np.isinf(middle) else middle


def seconds(value):
    return "never" if value is None else f"{value:.1f} s"


def report(r):
    ref_final, ours_final = r["reference_test_acc"][-1], r["ours_test_acc"][-1]
    print(f"\nTraining, same process; reference: {r['reference']}")
    print(
        f"  reference: 15 epochs {r['reference_total_s']:.1f} s, "
        f"99% after {seconds(r['reference_to_99_s'])}, final test accuracy {ref_final:.4f}"
    )
    print(
        f"  ours: {MNIST_EPOCHS} epoch {r['ours_total_s']:.1f} s, 99% after "
        f"{seconds(r['ours_to_99_s'])} (medians of the seeds), final test accuracy {ours_final:.4f}"
    )
    firsts = ", ".join(f"{a:.4f}" for a in r["seed_first_epoch_acc"])
    print(f"  after the first epoch, seeds {r['seeds']}: {firsts} (target: each >= 0.9900)")
    if r["ratio_to_reference_total"]:
        own = r["ratio_to_reference_to_99"]
        print(
            f"  time to 99%: {r['ratio_to_reference_total']:.2f}x the reference's training time"
            f" ({own:.2f}x its own time to 99%); target <= 0.12x"
            if own
            else ""
        )
    share = r["achieved_gflops"] / r["numpy_matmul_gflops"]
    print(
        f"  throughput {r['images_per_s']:,.0f} images/s; {r['achieved_gflops']:.1f} GFLOP/s "
        f"vs NumPy float32 matmul {r['numpy_matmul_gflops']:.1f} GFLOP/s ({share:.0%})"
    )
    print(
        f"  Fashion-MNIST: {FASHION_EPOCHS} epochs {r['fashion_total_s']:.1f} s, "
        f"test accuracy {r['fashion_test_acc'][-1]:.4f} (targets: >= 0.91 within 90 s)"
    )
