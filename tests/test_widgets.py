"""The explorers, driven without a browser: set values, read what a learner would see."""

import numpy as np
import pytest

from utils import widgets
from utils.kernels import KERNELS


def test_arithmetic_explorer_refuses_a_stride_that_does_not_fit():
    e = widgets.arithmetic_explorer()
    e.controls["n"].value, e.controls["padding"].value = 5, 1
    e.controls["stride"].value = 2
    assert e.ok and "(5 - 3 + 2*1)/2 + 1 = 3 outputs" in e.message.value
    e.controls["stride"].value = 3
    assert not e.ok
    assert (
        "Impossible" in e.message.value
        and "(5 - 3 + 2*1)/3 + 1 = 2.33, not an integer" in e.message.value
    )
    assert e.picture.value == e.png and e.png.startswith(b"\x89PNG")  # the drawing shows why


def test_arithmetic_explorer_kernel_larger_than_input():
    e = widgets.arithmetic_explorer()
    e.controls["n"].value, e.controls["kernel_size"].value, e.controls["dilation"].value = 3, 3, 2
    assert not e.ok and "larger than the padded input" in e.message.value


@pytest.mark.parametrize(
    ("n", "k", "s", "p", "d"), [(7, 3, 2, 0, 1), (8, 3, 1, 1, 2), (24, 9, 5, 4, 1)]
)
def test_arithmetic_view_agrees_with_the_formula(n, k, s, p, d):
    ok, text, _ = widgets.arithmetic_view(n, k, s, p, d)
    k_eff = k + (k - 1) * (d - 1)
    assert ok == ((n + 2 * p - k_eff) % s == 0)
    if ok:
        assert text.endswith(f"= {(n + 2 * p - k_eff) // s + 1} outputs")


def test_conv_explorer_presets_and_typed_kernels():
    e = widgets.conv_explorer(preset="identity")
    first = e.png
    e.controls["preset_name"].value = "box blur"
    typed = [e.controls[f"k{i}"].value for i in range(9)]
    np.testing.assert_allclose(typed, KERNELS["box blur"].ravel(), rtol=1e-6)
    assert e.ok and e.png != first
    e.controls["k4"].value = float("nan")
    assert not e.ok and "3x3 finite numbers" in e.message.value


def test_pooling_explorer_counts_and_refuses():
    e = widgets.pooling_explorer()
    assert e.ok and "60x60 -&gt; 30x30, keeps 25%" in e.message.value
    e.controls["pool_size"].value = 3
    assert not e.ok and "(60 - 3 + 2*0)/2 + 1 = 29.50, not an integer" in e.message.value
    e.controls["stride"].value = 3
    e.controls["kind"].value = "average"
    assert e.ok and "average 3x3, stride 3: 60x60 -&gt; 20x20" in e.message.value


def test_explorer_display_carries_a_static_png(monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "display", lambda data, raw: shown.append(data))
    e = widgets.pooling_explorer()
    e._ipython_display_()
    bundle = shown[0]
    assert set(bundle) == {"text/plain", "image/png", "application/vnd.jupyter.widget-view+json"}
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == e.model_id
