"""utils.setup(), the data-folder setting, and a fast ``import utils``."""

import random
import subprocess
import sys

import matplotlib as mpl
import numpy as np
import pytest

import utils
from utils.style import PROJECTOR_STYLE


def run_python(code, **env):
    import os

    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )


def test_import_utils_is_fast_and_skips_tensorflow():
    out = run_python(
        "import sys, time; t = time.perf_counter(); import utils; dt = time.perf_counter() - t;"
        "print(dt, 'tensorflow' in sys.modules, 'matplotlib' in sys.modules)"
    ).stdout.split()
    assert out[1:] == ["False", "False"], "import utils must not pull in TensorFlow or matplotlib"
    assert float(out[0]) < 0.3, f"import utils took {float(out[0]):.2f} s (target 0.3 s)"


def test_setup_fixes_seeds_styles_plots_and_is_silent(capsys):
    draws = []
    for _ in range(2):
        assert utils.setup(seed=7) is None
        draws.append((random.random(), np.random.random()))  # noqa: NPY002
    assert draws[0] == draws[1]
    assert mpl.rcParams["font.size"] == PROJECTOR_STYLE["font.size"]
    assert capsys.readouterr() == ("", "")


def test_setup_with_tensorflow_is_deterministic_and_quiet():
    code = (
        "import utils; utils.setup(seed=3, tensorflow=True)\n"
        "import tensorflow as tf\n"
        "from tensorflow.python.framework import config\n"
        "a = tf.random.uniform((3,)).numpy()\n"
        "utils.setup(seed=3, tensorflow=True)\n"
        "b = tf.random.uniform((3,)).numpy()\n"
        "print(config.is_op_determinism_enabled(), (a == b).all())\n"
    )
    result = run_python(code)
    assert result.stdout.split() == ["True", "True"]
    assert "absl" not in result.stderr and "oneDNN" not in result.stderr, result.stderr


def test_quiet_stderr_silences_the_file_descriptor():
    code = (
        "import os, utils\n"
        "with utils.quiet_stderr():\n    os.write(2, b'hidden')\n"
        "os.write(2, b'shown')"
    )
    assert run_python(code).stderr == "shown"


def test_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("WORKSHOP_DATA", raising=False)
    assert utils.data_dir() is None
    monkeypatch.setenv("WORKSHOP_DATA", str(tmp_path))
    assert utils.data_dir() == tmp_path.resolve()
    monkeypatch.setenv("WORKSHOP_DATA", str(tmp_path / "missing"))
    with pytest.raises(utils.SettingError, match="WORKSHOP_DATA=.*missing.* is not a folder"):
        utils.data_dir()


def test_check_environment_reports_ready_in_the_pinned_env(capsys):
    utils.check_environment()
    assert capsys.readouterr().out.endswith("pinned version. Ready.\n")


def test_refusal_returns_the_error_or_fails():
    err = utils.refusal(utils.conv_output_size, 5, 3, stride=3, padding=1)
    assert isinstance(err, utils.GeometryError)
    assert err.reason == "stride 3 does not fit"
    assert err.formula == "(5 - 3 + 2*1)/3 + 1 = 2.33, not an integer"
    assert err.hint.startswith("Change the stride or padding")
    assert str(err) == f"{err.reason}: {err.formula}. {err.hint}"
    with pytest.raises(AssertionError, match="should be refused"):
        utils.refusal(utils.conv_output_size, 5, 3, stride=2, padding=1)
