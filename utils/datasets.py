"""MNIST, Fashion-MNIST, CIFAR-10 and CIFAR-100: offline first, checked, never unpickled blindly.

Explained in notebook 06_datasets. ``load(name)`` looks in ``$WORKSHOP_DATA``, then the Keras
cache, then downloads the official archive (checked, written under a temporary name). Images
are uint8 and channels-last: (N, 28, 28) or (N, 32, 32, 3).

Command line (``python -m utils.datasets``)::

    fetch [NAMES] --to DIR   download the official files into DIR, for offline laptops
    verify [DIR]             check every file in DIR (default: $WORKSHOP_DATA)
    info                     what is available here, and from where
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import data_formats as formats
from .data_formats import DatasetCorruptError, refetch_command
from .data_sources import (
    DEBIAN_RECOMPRESSED,
    SPECS,
    DatasetUnavailableError,
    check_sha256,
    download,
    keras_cache,
    locate,
    looked_in,
    sha256,
)
from .settings import DATA_ENV, data_dir

__all__ = ["load", "sample", "describe", "where", "availability", "class_names", "Dataset",
           "Sample", "Where", "NAMES", "CLASS_NAMES", "IMAGE_SHAPES", "SAMPLE_SIZE"]  # fmt: skip

NAMES = tuple(SPECS)
SAMPLE_SIZE = 20
CLASS_NAMES = {
    "mnist": tuple(str(d) for d in range(10)),
    "fashion_mnist": ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                      "Sneaker", "Bag", "Ankle boot"),
    "cifar10": ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                "truck"),
}  # fmt: skip
# The key of the class names in each CIFAR meta file, by label mode.
META_KEYS = {
    "cifar10": {"fine": "label_names"},
    "cifar100": {"fine": "fine_label_names", "coarse": "coarse_label_names"},
}
IMAGE_SHAPES = {
    "mnist": (28, 28),
    "fashion_mnist": (28, 28),
    "cifar10": (32, 32, 3),
    "cifar100": (32, 32, 3),
}


@dataclass(frozen=True, repr=False)
class Dataset:
    """A full dataset: uint8 images, uint8 labels, class names and where it came from."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    source: str

    def __repr__(self):
        return (
            f"Dataset({self.name!r}: train {self.x_train.shape}, test {self.x_test.shape}, "
            f"{len(self.class_names)} classes; {self.source})"
        )


@dataclass(frozen=True, repr=False)
class Sample:
    """The first few test images and labels, identical from the full set or the sample file."""

    name: str
    x: np.ndarray
    y: np.ndarray
    class_names: tuple[str, ...]
    source: str

    def __repr__(self):
        return f"Sample({self.name!r}: {self.x.shape}, {self.source})"


def _spec(name):
    if name not in SPECS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(NAMES)}")
    return SPECS[name]


def _check_label_mode(name, label_mode):
    if label_mode not in ("fine", "coarse"):
        raise ValueError(f"label_mode must be 'fine' or 'coarse', got {label_mode!r}")
    if label_mode == "coarse" and name != "cifar100":
        raise ValueError(f"label_mode='coarse' applies to cifar100 only, not to {name!r}")


def _read_mnist(spec, path, label_mode):
    check_sha256(spec, "mnist.npz", path)
    return (*formats.read_mnist_npz(path), CLASS_NAMES["mnist"])


def _read_fashion_mnist(spec, path, label_mode):
    arrays = [formats.read_idx_gz(path / f, 3 if "images" in f else 1) for f in spec.files]
    for x, y, f in ((*arrays[:2], spec.files[0]), (*arrays[2:], spec.files[2])):
        formats.check_split(path / f, x, y, (28, 28), refetch_command(spec.name))
    return (*arrays, CLASS_NAMES["fashion_mnist"])


def _read_cifar10(spec, path, label_mode):
    if path.is_file():
        check_sha256(spec, spec.files[0], path)
    return formats.read_cifar10(path)


def _read_cifar100(spec, path, label_mode):
    if path.is_file():
        check_sha256(spec, spec.files[0], path)
    return formats.read_cifar100(path, label_mode)


# dataset name -> reader of a located copy: (x_train, y_train, x_test, y_test, class_names)
READERS = {
    "mnist": _read_mnist,
    "fashion_mnist": _read_fashion_mnist,
    "cifar10": _read_cifar10,
    "cifar100": _read_cifar100,
}


def _read(spec, path, label_mode):
    """(x_train, y_train, x_test, y_test, class_names) from a located copy."""
    return READERS[spec.name](spec, Path(path), label_mode)


def _validator(relname):
    """Checks a downloaded file's structure, for files with no known upstream checksum."""
    if relname.endswith("ubyte.gz"):
        return lambda tmp: formats.read_idx_gz(tmp, 3 if "images" in relname else 1)
    return None


def _unavailable(spec, why):
    return DatasetUnavailableError(
        f"{spec.title} is not available here. Looked for its files in:\n{looked_in(spec)}\n"
        f"and could not download it ({why}).\nTo get it: on a machine with internet, run\n"
        f"  {refetch_command(spec.name)}\n"
        f"then copy DIR to this machine and set {DATA_ENV}=DIR."
    )


def _fetch(spec, folder):
    """Download the official files of ``spec`` into ``folder``; returns the located copy."""
    for relname in spec.files:
        target = Path(folder) / relname
        if not target.exists():
            download(spec.urls[relname], target, _validator(relname), spec.sha256.get(relname))


def load(name, label_mode="fine"):
    """The full dataset ``name``: one of mnist, fashion_mnist, cifar10, cifar100.

    ``label_mode`` ("fine" or "coarse") applies to CIFAR-100 only.
    """
    spec = _spec(name)
    _check_label_mode(name, label_mode)
    found = locate(spec)
    if found is None:
        try:
            _fetch(spec, keras_cache())
        except OSError as err:
            raise _unavailable(spec, err) from None
        found = locate(spec)
    label, path = found
    x_train, y_train, x_test, y_test, class_names = _read(spec, path, label_mode)
    note = ", coarse labels" if label_mode == "coarse" else ""
    shown = Path(path).name if len(spec.files) == 1 else f"{Path(spec.files[0]).parent}/"
    source = f"{spec.title} full set{note}, from {shown} in {label}"
    return Dataset(name, x_train, y_train, x_test, y_test, tuple(class_names), source)


def _sample_file(name):
    folder = data_dir()
    return folder / "samples" / f"{name}-test-head{SAMPLE_SIZE}.npz" if folder else None


def class_names(name, label_mode="fine"):
    """Class names from the dataset's own metadata when a local copy has it, else built in."""
    spec = _spec(name)
    _check_label_mode(name, label_mode)
    if spec.folder and (folder := data_dir()):
        meta = folder / spec.folder / spec.folder_members[0]
        if meta.is_file():
            return formats.cifar_names(meta.read_bytes(), meta, META_KEYS[name][label_mode])
    if name not in CLASS_NAMES:  # CIFAR-100's names live only in its meta file
        raise DatasetUnavailableError(
            f"CIFAR-100 class names come from its meta file; put {spec.folder}/meta in ${DATA_ENV}"
        )
    return CLASS_NAMES[name]


def sample(name, n=SAMPLE_SIZE):
    """The first ``n`` (at most 20) test images and labels (fine labels for CIFAR-100).

    From the full set when one is here, else from ``$WORKSHOP_DATA/samples/<name>-test-head20.npz``,
    which holds exactly ``x_test[:20]``: the result is the same either way.
    """
    spec = _spec(name)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= SAMPLE_SIZE:
        raise ValueError(f"n must be an integer from 1 to {SAMPLE_SIZE}, got n={n!r}")
    if where(name).kind == "full":
        full = load(name)
        return Sample(name, full.x_test[:n], full.y_test[:n], full.class_names,
                      f"first {n} test images of the {full.source}")  # fmt: skip
    path = _sample_file(name)
    if path is None or not path.is_file():
        raise _unavailable(spec, f"no full set, and no sample file {path or 'samples/...'}")
    try:
        with np.load(path, allow_pickle=False) as f:
            x, y = f["x_test"], f["y_test"]
    except (OSError, ValueError, KeyError, EOFError) as err:
        raise DatasetCorruptError(
            path, f"cannot read the sample ({err})", f"copy {path.name} again"
        ) from None
    formats.check_split(path, x, y, IMAGE_SHAPES[name], f"copy {path.name} again", 100)
    if len(x) != SAMPLE_SIZE:
        raise DatasetCorruptError(
            path, f"{len(x)} images, expected {SAMPLE_SIZE}", f"copy {path.name} again"
        )
    return Sample(name, x[:n], y[:n], class_names(name),
                  f"first {n} test images, from the {SAMPLE_SIZE}-image sample in ${DATA_ENV} "
                  f"(the full {spec.title} set is not here)")  # fmt: skip


def describe(name, label_mode="fine"):
    """The facts a slide shows, computed from the data, or from the sample and metadata."""
    spec = _spec(name)
    if where(name).kind == "full":
        d = load(name, label_mode)
        x, train, test, names, basis = (
            d.x_test,
            len(d.x_train),
            len(d.x_test),
            d.class_names,
            "the data",
        )
    else:
        s = sample(name)
        x, (train, test), basis = s.x, spec.sizes, "the 20-image sample; sizes as documented"
        names = class_names(name, label_mode)
    return {
        "name": spec.title, "origin": spec.origin, "train": train, "test": test,
        "image_shape": x.shape[1:], "dtype": str(x.dtype), "range": (int(x.min()), int(x.max())),
        "classes": len(names), "class_names": tuple(names), "computed_from": basis,
    }  # fmt: skip


@dataclass(frozen=True)
class Where:
    """Where a dataset would load from: ``kind`` is "full", "sample" or "none".

    ``path`` is the file or folder that would be read (None when nothing is here),
    ``place`` the setting that found it ("$WORKSHOP_DATA", "the Keras cache"), and
    ``label`` one line for a slide, without paths.
    """

    name: str
    kind: str
    path: Path | None
    place: str
    label: str


def where(name):
    """Whether the full set, the 20-image sample or nothing of ``name`` is here, and where."""
    spec = _spec(name)
    if found := locate(spec):
        place, path = found
        return Where(name, "full", Path(path), place, f"{spec.title}: full set, from {place}")
    sample_path = _sample_file(name)
    if sample_path and sample_path.is_file():
        label = f"{spec.title}: only the {SAMPLE_SIZE}-image sample, from ${DATA_ENV}"
        return Where(name, "sample", sample_path, f"${DATA_ENV}", label)
    return Where(name, "none", None, "", f"{spec.title}: not here ({refetch_command(name)})")


def availability(name):
    """Where ``name`` would load from, in words without paths: for slides."""
    return where(name).label


# --- command line ------------------------------------------------------------------------


def verify_folder(folder):
    """(file, verdict, ok) for every official file present in ``folder``."""
    folder = Path(folder)
    rows = []
    for spec in SPECS.values():
        for relname in spec.files:
            path = folder / relname
            if not path.is_file():
                continue
            try:
                if relname in spec.sha256:
                    check_sha256(spec, relname, path)
                    verdict = "sha256 matches the official file"
                else:
                    formats.read_idx_gz(path, 3 if "images" in relname else 1)
                    known = sha256(path) in DEBIAN_RECOMPRESSED
                    verdict = "valid IDX" + (" (Debian's recompressed archive)" if known else "")
                rows.append((relname, verdict, True))
            except DatasetCorruptError as err:
                rows.append((relname, str(err), False))
        if spec.folder and (folder / spec.folder).is_dir():
            members = [m for m in spec.folder_members if (folder / spec.folder / m).is_file()]
            rows.append((f"{spec.folder}/", f"extracted folder with {len(members)} of "
                         f"{len(spec.folder_members)} files", True))  # fmt: skip
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m utils.datasets", description="Workshop datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    fetch = sub.add_parser("fetch", help="download the official files into a folder")
    fetch.add_argument(
        "names", nargs="*", choices=[[], *NAMES], default=list(NAMES), metavar="NAME"
    )
    fetch.add_argument("--to", required=True, type=Path, metavar="DIR")
    verify = sub.add_parser("verify", help="check the files in a folder")
    verify.add_argument("folder", nargs="?", type=Path)
    sub.add_parser("info", help="what is available here, and from where")
    args = parser.parse_args(argv)

    if args.command == "fetch":
        for name in args.names or NAMES:
            try:
                _fetch(SPECS[name], args.to)
            except OSError as err:
                title = SPECS[name].title
                sys.exit(f"Cannot download {title}: {err}. Run this on a machine with internet.")
            print(f"{SPECS[name].title}: ready in {args.to}")
    elif args.command == "verify":
        folder = args.folder or data_dir()
        if folder is None:
            sys.exit(f"Name a folder, or set {DATA_ENV}.")
        rows = verify_folder(folder)
        for relname, verdict, ok in rows:
            print(f"{'ok ' if ok else 'BAD'} {relname:<42} {verdict}")
        if not rows:
            sys.exit(f"No dataset files in {folder}.")
        if not all(ok for *_, ok in rows):
            sys.exit(1)
    else:
        for name, spec in SPECS.items():
            found = where(name)
            shown = {
                "full": f"full set: {found.path} ({found.place})",
                "sample": f"sample only: {found.path}; full set not found",
                "none": "not here: run `python -m utils.datasets fetch` where there is internet",
            }[found.kind]
            print(f"{spec.title:<14} {shown}")


if __name__ == "__main__":
    main()
