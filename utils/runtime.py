"""The setup every notebook runs first: seeds, quiet TensorFlow, projector-sized plots.

Explained in notebook 00_index (how to run the series).
"""

import contextlib
import io
import os
import random
import sys
import warnings

import numpy as np

from .style import apply_projector_style

__all__ = [
    "setup", "quiet_stderr", "import_tensorflow", "show_source", "check_environment", "refusal",
]  # fmt: skip


def setup(seed: int = 0, tensorflow: bool | None = None) -> None:
    """Make a notebook reproducible and readable on a projector.

    Fixes the Python and NumPy seeds, sets the plot style, and quiets TensorFlow's logs.
    TensorFlow is configured (seeded, deterministic ops) when ``tensorflow=True``, or when
    it was already imported; otherwise it is not imported, so NumPy notebooks start fast.
    Prints and returns nothing.
    """
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # C++ INFO and WARNING lines
    os.environ["TF_DETERMINISTIC_OPS"] = "1"  # honoured by a TensorFlow imported later
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002  (the global generator learners call)
    np.set_printoptions(precision=4, suppress=True, linewidth=90)
    apply_projector_style()
    # Keras warns that fit(shuffle=True) is ignored for a tf.data pipeline; ours reshuffles itself.
    warnings.filterwarnings("ignore", message="`shuffle=True` was passed", category=UserWarning)
    if tensorflow or (
        tensorflow is None and ("tensorflow" in sys.modules or "keras" in sys.modules)
    ):
        tf = import_tensorflow()
        import keras

        keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow generators
        tf.config.experimental.enable_op_determinism()


@contextlib.contextmanager
def quiet_stderr():
    """Silence everything written to stderr, at the file-descriptor level too.

    TensorFlow's C++ core logs through absl before ``TF_CPP_MIN_LOG_LEVEL`` takes effect
    ("All log messages before absl::InitializeLog() ..."), straight to file descriptor 2,
    so redirecting ``sys.stderr`` alone does not catch it.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_tensorflow():
    """Import TensorFlow (once) without its start-up log lines, and return the module."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with quiet_stderr():
        import keras  # noqa: F401  (Keras logs on first import too)
        import tensorflow as tf
    tf.get_logger().setLevel("ERROR")
    return tf


def show_source(obj) -> None:
    """Display a function's source on a slide, highlighted, instead of pasting a copy."""
    import inspect

    from IPython.display import Code, display

    display(Code(inspect.getsource(obj), language="python"))


def check_environment() -> None:
    """Print whether the installed packages match the pins in requirements.txt."""
    from importlib import metadata

    from .settings import repo_root

    problems = []
    for name, wanted in _pins(repo_root() / "requirements.txt"):
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}: missing (want {wanted})")
            continue
        if found != wanted:
            problems.append(f"{name}: {found} installed, {wanted} pinned")
    print(f"Python {sys.version_info.major}.{sys.version_info.minor}", end=": ")
    if problems:
        print("these packages differ from requirements.txt:\n  " + "\n  ".join(problems))
        print("Run `make env` (or `make lab`) from the repository to fix them.")
    else:
        print("every pinned package is installed at its pinned version. Ready.")


def _pins(path):
    """(name, version) for each ``name==version`` line that applies to this platform."""
    from packaging.markers import Marker

    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" not in line:
            continue
        spec, _, marker = line.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate():
            continue
        name, version = (part.strip() for part in spec.split("=="))
        yield name, version


def refusal(fn, *args, **kwargs):
    """The ``ValueError`` that ``fn(*args, **kwargs)`` raises, for slides that show a refusal.

    Print it for the whole message, or read its attributes (``reason``, ``formula`` and
    ``hint`` of a ``GeometryError``). If the call succeeds instead, that is an error.

    >>> from utils.arithmetic import conv_output_size
    >>> refusal(conv_output_size, 6, 3, stride=2).formula
    '(6 - 3 + 2*0)/2 + 1 = 2.50, not an integer'
    """
    try:
        fn(*args, **kwargs)
    except ValueError as err:
        return err
    raise AssertionError(f"{fn.__name__} accepted {args} {kwargs}, which should be refused")
