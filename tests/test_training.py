"""Training helpers: data preparation, the pipeline, confusion counts, and a tiny real fit."""

import numpy as np
import pytest

import utils
from utils import training


def test_as_inputs_scales_and_adds_a_channel():
    x = training.as_inputs(np.array([[[0, 255]]], dtype=np.uint8))
    assert x.shape == (1, 1, 2, 1) and x.dtype == np.float32 and x.max() == 1.0
    assert training.as_inputs(np.zeros((2, 4, 4, 3), np.uint8)).shape == (2, 4, 4, 3)


def test_confusion_matrix_and_worst_pairs():
    counts = training.confusion_matrix([0, 0, 1, 1, 1, 2], [0, 1, 2, 2, 1, 2], 3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 2], [0, 0, 1]]
    assert training.worst_pairs(counts, ["a", "b", "c"], k=2) == [("b", "c", 2), ("a", "b", 1)]


def test_batches_cover_every_example_once_per_epoch():
    utils.setup(tensorflow=True)
    x = np.arange(10, dtype=np.float32)[:, None]
    y = np.arange(10)
    seen = [
        sorted(int(v) for b in training.batches(x, y, 4) for v in b[1].numpy()) for _ in range(2)
    ]
    assert seen == [list(range(10))] * 2


def test_recipe_learns_a_toy_problem_and_times_it():
    utils.setup(tensorflow=True)
    rng = np.random.default_rng(0)
    x = 0.1 * rng.random((512, 28, 28, 1)).astype(np.float32)
    y = rng.integers(0, 2, 512)
    for image, label, col in zip(x, y, rng.integers(0, 20, 512), strict=True):
        top = 2 if label == 0 else 18  # a bright square in the top or the bottom half
        image[top : top + 8, col : col + 8] = 1.0
    model = training.compile_fast(training.fast_model(n_classes=2), steps=8 * 4, peak_lr=3e-3)
    ds = training.batches(x, y, 128)
    reached, total, accuracies = training.time_to_accuracy(
        model, lambda m: m.fit(ds, epochs=1, verbose=0), (x, y), 0.9, 8
    )
    assert accuracies[-1] >= 0.9 and reached is not None and 0 < reached <= total
    assert training.estimate_seconds(lambda: training.fast_model(n_classes=2), x, y, 128, 1) > 0


def test_fit_draws_one_progress_bar_that_ends_full_and_refuses_unknown_reports(monkeypatch):
    utils.setup(tensorflow=True)
    shown = []

    class Handle:
        def update(self, obj):
            shown.append(obj.data)

    def fake_display(obj, display_id=None):
        shown.append(obj.data)
        return Handle()

    monkeypatch.setattr("IPython.display.display", fake_display)
    x = np.random.default_rng(0).random((64, 28, 28, 1), dtype=np.float32)
    y = np.arange(64) % 10
    history, seconds = training.fit(training.fast_model(), x, y, 2, batch_size=16, report="bar")
    assert len(history.history["loss"]) == 2 and seconds > 0
    assert "width:100%" in shown[-1] and "2 epochs, wall time" in shown[-1]
    with pytest.raises(ValueError, match="report must be"):
        training.fit(training.fast_model(), x, y, 1, report="table")
