"""make bench keeps working: each part runs on a tiny case and reports a ratio."""

import numpy as np

import utils
from bench import conv


def test_conv_bench_runs_and_reports_a_ratio(monkeypatch, capsys):
    tiny = {"tiny conv2d": ((1, 6, 6, 2), (3, 3, 2, 3), utils.conv2d)}
    monkeypatch.setattr(conv, "CASES", tiny)
    result = conv.run()
    row = result["rows"][0]
    assert row["case"] == "tiny conv2d" and np.isclose(
        row["ratio"], row["ours_s"] / row["tensorflow_s"]
    )
    conv.report(result)
    assert "tiny conv2d" in capsys.readouterr().out


def test_training_bench_counts_the_models_multiply_accumulates():
    from bench.training import forward_macs, recipe_model

    utils.setup(tensorflow=True)
    macs = 0
    for layer in recipe_model().layers:
        out = layer.output.shape
        if layer.__class__.__name__ == "Conv2D":
            kh, kw, c_in, c_out = layer.kernel.shape
            macs += out[1] * out[2] * c_out * kh * kw * c_in
        elif layer.__class__.__name__ == "Dense":
            macs += layer.kernel.shape[0] * layer.kernel.shape[1]
    assert forward_macs() == macs


def test_cifar_reference_is_the_tensorflow_tutorial_model():
    """The tutorial's own model.summary() reports 122,570 parameters for this network."""
    from bench.cifar import tutorial_model

    utils.setup(tensorflow=True)
    model = tutorial_model()
    assert model.count_params() == 122_570
    assert [type(la).__name__ for la in model.layers].count("Conv2D") == 3


def test_cifar_report_prints_the_ratio_and_both_targets(capsys):
    from bench import cifar

    result = {
        "reference": "tutorial", "reference_total_s": 300.0, "reference_test_acc": [0.6, 0.7],
        "short_epochs": 1, "short_total_s": 60.0, "short_test_acc_flipped": [0.71],
        "short_to_reference_acc_s": 60.0, "ratio_to_reference_total": 0.2,
        "ours_epochs": 2, "ours_total_s": 120.0, "ours_test_acc_flipped": [0.72, 0.86],
        "ours_test_acc_plain": [0.7, 0.85], "ours_to_85_s": 120.0, "images_per_s": 800.0,
        "achieved_gflops": 100.0, "numpy_matmul_gflops": 200.0,
        "step_s_fused_batch_norm": 0.3, "step_s_keras_batch_norm": 0.4,
    }  # fmt: skip
    cifar.report(result)
    out = capsys.readouterr().out
    assert "0.20x its training time" in out and "85% after 120.0 s" in out and "(50%)" in out
    assert "BatchNormalization 0.400 s (0.75x)" in out
    cifar.report({**result, "ratio_to_reference_total": None})
    assert "reached by the short run: never" in capsys.readouterr().out


def test_the_batch_norm_reference_is_the_same_network_with_keras_layers():
    """Same layers, names and weights; only the batch-norm class differs, and so not the output."""
    import numpy as np

    from bench import cifar
    from utils import photo_training

    utils.setup(tensorflow=True)
    net = photo_training.photo_net(widths=(8, 16), stem=4)
    reference = cifar.with_keras_batch_norm(net)
    reference.set_weights(net.get_weights())
    kinds = lambda m: [type(la).__name__ for la in m.layers]  # noqa: E731
    swapped = [k.replace("FusedBatchNorm", "BatchNormalization") for k in kinds(net)]
    assert kinds(reference) == swapped
    assert "FusedBatchNorm" in kinds(net)
    assert [la.name for la in reference.layers[1:]] == [la.name for la in net.layers[1:]]
    x = np.random.default_rng(0).normal(size=(4, 32, 32, 3)).astype("float32")
    for training in (False, True):
        np.testing.assert_allclose(reference(x, training=training), net(x, training=training),
                                   rtol=1e-4, atol=1e-4)  # fmt: skip


def test_a_seed_that_never_reaches_the_target_counts_as_the_slowest():
    from bench.training import median_or_none

    assert median_or_none([3.0, None, 1.0]) == 3.0  # one miss: the median is the slower hit
    assert median_or_none([None, 2.0, None]) is None  # most missed: the median run never got there
    assert median_or_none([14.8, 22.4, 11.7]) == 14.8
