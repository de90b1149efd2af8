"""Where things live: the repository, its figures, and the dataset folder.

The dataset folder (``$WORKSHOP_DATA``) is explained in notebook 06_datasets.
"""

import os
from pathlib import Path

__all__ = [
    "DATA_ENV", "DATA_URL_ENV", "SettingError", "repo_root", "img_dir", "notebooks_dir",
    "data_dir", "data_url",
]  # fmt: skip

DATA_ENV = "WORKSHOP_DATA"
# A mirror of the official files, laid out like a data folder (mnist.npz, fashion-mnist/...,
# cifar-10-python.tar.gz): for tests, and for instructors who serve one on a local network.
DATA_URL_ENV = "WORKSHOP_DATA_URL"


class SettingError(ValueError):
    """An environment setting that cannot be used: ``name``, its ``value``, the ``problem``
    and a ``hint`` saying what to do.

    >>> str(SettingError("WORKSHOP_DATA", "/x", "is not a folder", "Point it at one"))
    "WORKSHOP_DATA='/x' is not a folder. Point it at one"
    """

    def __init__(self, name, value, problem, hint):
        self.name, self.value, self.problem, self.hint = name, value, problem, hint
        super().__init__(f"{name}={value!r} {problem}. {hint}")

    def __reduce__(self):
        return type(self), (self.name, self.value, self.problem, self.hint)


def repo_root() -> Path:
    """The checkout that holds ``utils/``, ``notebooks/`` and ``img/``."""
    return Path(__file__).resolve().parent.parent


def img_dir() -> Path:
    return repo_root() / "img"


def notebooks_dir() -> Path:
    return repo_root() / "notebooks"


def data_dir() -> Path | None:
    """The folder named by ``$WORKSHOP_DATA``, or None when it is unset.

    It holds dataset files under their official names (see the README). A value that is
    set but is not a folder is an error, so a typo is caught before any download starts.
    """
    value = os.environ.get(DATA_ENV, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    hint = (
        "Point it at a folder of dataset files, or unset it to use the Keras cache and downloads."
    )
    if path.is_file():
        raise SettingError(DATA_ENV, value, "is not a folder: it names a file", hint)
    if not path.is_dir():
        raise SettingError(DATA_ENV, value, "is not a folder: nothing is there", hint)
    if not os.access(path, os.R_OK | os.X_OK):
        raise SettingError(DATA_ENV, value, "is a folder this user cannot read", hint)
    return path.resolve()


def data_url() -> str | None:
    """The base address of a mirror named by ``$WORKSHOP_DATA_URL`` (ending in /), or None."""
    value = os.environ.get(DATA_URL_ENV, "").strip()
    if not value:
        return None
    if not (value.startswith(("http://", "https://")) and len(value.split("/")[2]) > 0):
        raise SettingError(
            DATA_URL_ENV, value, "is not an http:// or https:// address",
            "Set it to the address of a folder of official files, e.g. http://10.0.0.2:8000/, "
            "or unset it to download from the official sites.",
        )  # fmt: skip
    return value.rstrip("/") + "/"
