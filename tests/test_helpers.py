"""Photos, kernels, timing and model summaries used by the notebooks."""

import re
from pathlib import Path

import numpy as np
import pytest

import utils
from utils import images, kernels, timing

ROOT = Path(__file__).resolve().parent.parent


def test_photos_are_square_float_images():
    gray, rgb = images.photo("astronaut", size=64), images.photo("astronaut", size=64, gray=False)
    assert gray.shape == (64, 64) and rgb.shape == (64, 64, 3)
    assert gray.dtype == np.float32 and 0 <= gray.min() and gray.max() <= 1
    with pytest.raises(ValueError, match="unknown photo 'lena'"):
        images.photo("lena")


def test_shift_moves_and_fills_with_zeros():
    x = np.arange(16.0).reshape(4, 4)
    moved = images.shift(x, dy=1, dx=-1)
    np.testing.assert_array_equal(moved[1:, :-1], x[:-1, 1:])
    assert moved[0].sum() == 0 and moved[:, -1].sum() == 0


def test_filter2d_is_conv2d_on_one_channel():
    x = images.photo("coins", size=32)
    np.testing.assert_allclose(kernels.filter2d(x, kernels.KERNELS["identity"]), x)
    expected = utils.conv2d(
        x[None, :, :, None], kernels.KERNELS["sharpen"][:, :, None, None], padding=1
    )
    np.testing.assert_allclose(
        kernels.filter2d(x, kernels.KERNELS["sharpen"]), expected[0, :, :, 0]
    )
    with pytest.raises(ValueError, match=r"2D image and a 2D kernel, got \(32, 32, 1\)"):
        kernels.filter2d(x[..., None], kernels.KERNELS["sharpen"])


def test_timings_are_masked_by_the_nbval_sanitizer():
    rules = re.findall(
        r"^regex: (.*)$\n^replace: (.*)$", (ROOT / "tests/nbval_sanitize.cfg").read_text(), re.M
    )

    def sanitize(text):
        for pattern, replacement in rules:
            text = re.sub(pattern, replacement, text)
        return text

    fast = f"conv2d {timing.wall_time(0.0123)}, ratio {1.5:.1f}x"
    slow = f"conv2d {timing.wall_time(4.2)}, ratio {113.0:.1f}x"
    assert fast != slow and sanitize(fast) == sanitize(slow)
    assert timing.time_call(lambda: None, repeats=2) >= 0


def test_summary_rows_match_hand_counts():
    utils.setup(tensorflow=True)
    import keras

    layers = [
        keras.layers.Conv2D(3, 3, name="c"),
        keras.layers.Flatten(name="f"),
        keras.layers.Dense(4, name="d"),
    ]
    model = keras.Sequential([keras.Input((8, 8, 2)), *layers])
    assert utils.summary_rows(model) == [("c", (6, 6, 3), 3 * 3 * 2 * 3 + 3), ("f", (108,), 0),
                                         ("d", (4,), 108 * 4 + 4)]  # fmt: skip
    assert "Total params: 493" in utils.summary_text(model)


def test_timer_reports_wall_time():
    import time

    from utils.timing import timer

    with timer() as clock:
        time.sleep(0.02)
    assert 0.02 <= clock.seconds < 1 and str(clock).startswith("wall time ") and "ms" in str(clock)


def test_smooth_is_a_trailing_mean():
    from utils.training import smooth

    np.testing.assert_allclose(smooth([1, 2, 3, 4, 5], window=2), [1, 1.5, 2.5, 3.5, 4.5])
    np.testing.assert_allclose(smooth([3.0] * 7, window=3), [3.0] * 7)


def test_batch_losses_recovers_each_batch_from_running_means():
    from utils.training import batch_losses

    callback = batch_losses()
    own = [[4.0, 2.0, 3.0], [1.0, 5.0]]
    for epoch in own:
        callback.on_epoch_begin(0)
        for i in range(len(epoch)):
            callback.on_train_batch_end(i, {"loss": np.mean(epoch[: i + 1])})
    np.testing.assert_allclose(callback.losses, [4.0, 2.0, 3.0, 1.0, 5.0])
