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
    from bench.training import forward_macs
    from utils.training import fast_model

    utils.setup(tensorflow=True)
    macs = 0
    for layer in fast_model().layers:
        out = layer.output.shape
        if layer.__class__.__name__ == "Conv2D":
            kh, kw, c_in, c_out = layer.kernel.shape
            macs += out[1] * out[2] * c_out * kh * kw * c_in
        elif layer.__class__.__name__ == "Dense":
            macs += layer.kernel.shape[0] * layer.kernel.shape[1]
    assert forward_macs() == macs
