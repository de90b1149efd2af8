"""Helpers for the CNN workshop notebooks: the lessons' code, checked against TensorFlow.

Every notebook starts with ``import utils; utils.setup()`` and reaches everything through
``utils``: ``utils.conv2d(...)`` for a public name, ``utils.datasets.load(...)`` for a
module. The public names are those in each module's ``__all__``; they are found by reading the
modules' source, and each module is imported only when one of its names is first used, so
``import utils`` stays fast and never imports TensorFlow or matplotlib.

How to run the series is explained in notebook 00_index.
"""

import ast
import re
from importlib import import_module
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ALL = re.compile(r"^__all__ = (\[.*?\])", re.DOTALL | re.MULTILINE)


def _exports():
    """Public name -> the submodule that declares it in ``__all__``."""
    found = {}
    for path in sorted(_HERE.glob("[a-z]*.py")):
        match = _ALL.search(path.read_text(encoding="utf-8"))
        for name in ast.literal_eval(match.group(1)) if match else ():
            found.setdefault(name, path.stem)
    return found


_EXPORTS = _exports()
MODULES = tuple(sorted(p.stem for p in _HERE.glob("[a-z]*.py")))
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    elif name in MODULES:
        value = import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'utils' has no attribute {name!r}")
    globals()[name] = value  # cache: the next lookup is a plain attribute
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | set(MODULES))
