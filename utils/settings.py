"""Where things live: the repository, its figures, and the dataset folder.

The dataset folder (``$WORKSHOP_DATA``) is explained in notebook 06_datasets.
"""

import os
from pathlib import Path

__all__ = ["DATA_ENV", "repo_root", "img_dir", "notebooks_dir", "data_dir"]

DATA_ENV = "WORKSHOP_DATA"


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
    if not path.is_dir():
        raise NotADirectoryError(
            f"{DATA_ENV}={value!r} is not a folder. Point it at a folder of dataset files, "
            f"or unset it to use the Keras cache and downloads."
        )
    return path.resolve()
