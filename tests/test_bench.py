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
