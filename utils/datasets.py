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
from .data_formats import (
    DatasetCorruptError,
    DatasetUnavailableError,
    DatasetUnreadableError,
    refetch_command,
)
from .data_sources import (
    DEBIAN_RECOMPRESSED,
    SPECS,
    candidates,
    check_sha256,
    clean_stale_parts,
    download,
    keras_cache,
    locate,
    locate_test_split,
    looked_in,
    sha256,
    url_for,
)
from .settings import DATA_ENV, SettingError, data_dir

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
    if not isinstance(name, str):
        raise TypeError(
            f"the dataset name must be a string such as 'mnist', got {name!r} "
            f"({type(name).__name__}); load one dataset per call"
        )
    if name not in SPECS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(NAMES)}")
    return SPECS[name]


def _check_label_mode(name, label_mode):
    if not isinstance(label_mode, str) or label_mode not in ("fine", "coarse"):
        raise ValueError(f"label_mode must be 'fine' or 'coarse', got {label_mode!r}")
    if label_mode == "coarse" and name != "cifar100":
        raise ValueError(f"label_mode='coarse' applies to cifar100 only, not to {name!r}")


def _read_mnist(spec, path, label_mode):
    check_sha256(spec, "mnist.npz", path)
    return (*formats.read_mnist_npz(path, sizes=spec.sizes), CLASS_NAMES["mnist"])


def _read_fashion_mnist(spec, path, label_mode):
    arrays = [
        formats.read_idx_gz(path / f, 3 if "images" in f else 1, count=spec.sizes["t10k" in f])
        for f in spec.files
    ]
    for x, y, f in ((*arrays[:2], spec.files[1]), (*arrays[2:], spec.files[3])):
        formats.check_split(path / f, x, y, (28, 28), refetch_command(spec.name))
    return (*arrays, CLASS_NAMES["fashion_mnist"])


def _read_cifar10(spec, path, label_mode):
    if path.is_file():
        check_sha256(spec, spec.files[0], path)
    return formats.read_cifar10(path, spec.sizes)


def _read_cifar100(spec, path, label_mode):
    if path.is_file():
        check_sha256(spec, spec.files[0], path)
    return formats.read_cifar100(path, label_mode, spec.sizes)


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


def _unavailable(spec, why, tried=True):
    """The dataset is not here: say where we looked, what happened, and how to get it.

    ``why`` is a reason, or the DatasetUnavailableError of a download that was tried.
    """
    reason = getattr(why, "reason", why)
    hint = getattr(why, "hint", "")
    happened = (
        f"and the download failed: {why}.\n"
        if tried
        else f"and nothing was downloaded ({reason}).\n"
    )
    return DatasetUnavailableError(
        f"{spec.title} is not available here. Looked for its files in:\n{looked_in(spec)}\n"
        f"{happened}{f'To fix: {hint}.' + chr(10) if hint else ''}To get it: on a machine with "
        f"internet, run\n  {refetch_command(spec.name)}\n"
        f"then copy DIR to this machine and set {DATA_ENV}=DIR.",
        str(reason),
        hint or f"run {refetch_command(spec.name)} where there is internet",
    )


def _fetch(spec, folder):
    """Download the official files of ``spec`` into ``folder`` (a mirror in $WORKSHOP_DATA_URL
    first, if set). Leftover part files of killed downloads are removed first."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise DatasetUnavailableError(
            f"{folder} is a file, not a folder: the downloads need a folder to go in",
            "the target is a file", "name a folder (it is created if missing)",
        )  # fmt: skip
    clean_stale_parts(folder)
    for relname in spec.files:
        target = folder / relname
        if not target.exists():
            download(url_for(spec, relname), target, _validator(relname),
                     spec.sha256.get(relname), refetch=refetch_command(spec.name))  # fmt: skip


def load(name, label_mode="fine"):
    """The full dataset ``name``: one of mnist, fashion_mnist, cifar10, cifar100.

    ``label_mode`` ("fine" or "coarse") applies to CIFAR-100 only. A full set must hold
    exactly the dataset's known numbers of images (``SPECS[name].sizes``).
    """
    spec = _spec(name)
    _check_label_mode(name, label_mode)
    found = locate(spec)
    if found is None and (split := locate_test_split(spec)):
        return _load_test_split(spec, *split, label_mode)
    if found is None:
        try:
            _fetch(spec, keras_cache())
        except DatasetUnreadableError:
            raise
        except DatasetUnavailableError as err:
            raise _unavailable(spec, err) from None
        found = locate(spec)
        if found is None:
            raise _unavailable(spec, "the downloaded files are not where they should be")
    label, path = found
    x_train, y_train, x_test, y_test, class_names = _read(spec, path, label_mode)
    note = ", coarse labels" if label_mode == "coarse" else ""
    shown = Path(path).name if len(spec.files) == 1 else f"{Path(spec.files[0]).parent}/"
    source = f"{spec.title} full set{note}, from {shown} in {label}"
    return Dataset(name, x_train, y_train, x_test, y_test, tuple(class_names), source)


def _load_test_split(spec, place, folder, label_mode):
    """The test split alone, when that is all a folder holds (CIFAR-100 here): the training
    arrays are empty, and the source says so."""
    *arrays, names = formats.read_cifar100(folder, label_mode, spec.sizes, test_only=True)
    note = ", coarse labels" if label_mode == "coarse" else ""
    source = (f"{spec.title} test split only{note}, from {folder.name}/ in {place}: the training "
              f"split is not here ({refetch_command(spec.name)} fetches it)")  # fmt: skip
    return Dataset(spec.name, *arrays, tuple(names), source)


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
            data = formats.read_limited(meta, formats.CIFAR_REFETCH)
            return formats.cifar_names(data, meta, META_KEYS[name][label_mode])
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
    if where(name).kind in ("full", "test"):
        full = load(name)
        return Sample(name, full.x_test[:n], full.y_test[:n], full.class_names,
                      f"first {n} test images of the {full.source}")  # fmt: skip
    path = _sample_file(name)
    if path is None or not path.is_file():
        raise _unavailable(
            spec, f"there is no full set and no sample file {path or 'samples/...'}", tried=False
        )
    x, y = read_sample(name, path)
    return Sample(name, x[:n], y[:n], class_names(name),
                  f"first {n} test images, from the {SAMPLE_SIZE}-image sample in ${DATA_ENV} "
                  f"(the full {spec.title} set is not here)")  # fmt: skip


def read_sample(name, path):
    """(x, y) from a sample file: exactly 20 images of the dataset's shape, labels in range."""
    again = f"copy {Path(path).name} again"
    arrays = formats.read_npz_images(
        path, again, [("x_test", "y_test")], IMAGE_SHAPES[name], SAMPLE_SIZE
    )
    x, y = arrays["x_test"], arrays["y_test"]
    formats.check_split(path, x, y, IMAGE_SHAPES[name], again, 100 if name == "cifar100" else 10)
    if len(x) != SAMPLE_SIZE:
        raise DatasetCorruptError(path, f"{len(x)} images, expected {SAMPLE_SIZE}", again)
    return x, y


def describe(name, label_mode="fine"):
    """The facts a slide shows, computed from the data, or from the sample and metadata."""
    spec = _spec(name)
    kind = where(name).kind
    if kind in ("full", "test"):
        d = load(name, label_mode)
        x, test, names = d.x_test, len(d.x_test), d.class_names
        train, basis = len(d.x_train), "the data"
        if kind == "test":  # the training split is not here: its size is the documented one
            train, basis = spec.sizes[0], "the test split; training size as documented"
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
    """Where a dataset would load from: ``kind`` is "full", "test" (the test split alone),
    "sample" or "none".

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
    if split := locate_test_split(spec):
        place, path = split
        label = f"{spec.title}: the test split only, from {place} (the training split is not here)"
        return Where(name, "test", Path(path), place, label)
    sample_path = _sample_file(name)
    if sample_path and sample_path.is_file():
        label = f"{spec.title}: only the {SAMPLE_SIZE}-image sample, from ${DATA_ENV}"
        return Where(name, "sample", sample_path, f"${DATA_ENV}", label)
    return Where(name, "none", None, "", f"{spec.title}: not here ({refetch_command(name)})")


def availability(name):
    """Where ``name`` would load from, in words without paths: for slides."""
    return where(name).label


# --- command line ------------------------------------------------------------------------


def partial_copies(spec):
    """(path, present, missing) for each place that holds some, but not all, of a copy."""
    found = []
    for _, path, kind in candidates(spec):
        names = spec.files if kind == "files" else spec.folder_members if kind == "folder" else ()
        present = [n for n in names if (path / n).exists()]
        if present and len(present) < len(names):
            found.append((path, present, [n for n in names if n not in present]))
    return found


def _check_member(spec, path, member):
    """Open and check one member of an extracted CIFAR folder."""
    data = formats.read_limited(path / member, formats.CIFAR_REFETCH)
    where = f"{path}:{member}"
    if member in ("batches.meta", "meta"):
        for mode, key in META_KEYS[spec.name].items():
            count = {"cifar10": 10, "cifar100": 100 if mode == "fine" else 20}[spec.name]
            formats.cifar_names(data, where, key, count)
    elif spec.name == "cifar10":
        count = spec.sizes[1] if member == "test_batch" else spec.sizes[0] // 5
        formats.cifar_batch(data, where, "labels", 10, count)
    else:
        count = spec.sizes[member == "test"]
        for key, classes in (("fine_labels", 100), ("coarse_labels", 20)):
            formats.cifar_batch(data, where, key, classes, count, 50_000)


def _check_file(spec, folder, relname):
    """The verdict on one official file, after opening and checking it."""
    path = folder / relname
    if relname in spec.sha256:
        check_sha256(spec, relname, path)
        return "sha256 matches the official file"
    formats.read_idx_gz(path, 3 if "images" in relname else 1, count=spec.sizes["t10k" in relname])
    known = sha256(path) in DEBIAN_RECOMPRESSED
    return "valid IDX" + (" (Debian's recompressed archive)" if known else "")


def verify_folder(folder):
    """(file, verdict, status) for every dataset file in ``folder``; status is ok, BAD or PART.

    Every file reported ok was opened and checked: official archives by their sha256 (size
    first), IDX files and every member of an extracted CIFAR folder by reading their structure
    and counts, sample files likewise. A dataset with only some of its files is PART (partial).
    """
    folder = Path(folder)
    rows = []
    problems = (DatasetCorruptError, DatasetUnavailableError)
    for spec in SPECS.values():
        present = [f for f in spec.files if (folder / f).exists()]
        for relname in present:
            try:
                rows.append((relname, _check_file(spec, folder, relname), "ok"))
            except problems as err:
                rows.append((relname, str(err), "BAD"))
        if 0 < len(present) < len(spec.files):
            missing = [f for f in spec.files if f not in present]
            rows.append((f"{spec.title} files", f"partial: {len(present)} of {len(spec.files)} "
                         f"files; missing {', '.join(missing)}", "PART"))  # fmt: skip
        inner = folder / spec.folder if spec.folder else None
        if inner and inner.is_dir():
            members = [m for m in spec.folder_members if (inner / m).exists()]
            bad = []
            for member in members:
                try:
                    _check_member(spec, inner, member)
                except problems as err:
                    bad.append(str(err))
            missing = [m for m in spec.folder_members if m not in members]
            total = len(spec.folder_members)
            if bad:
                rows.append((f"{spec.folder}/", "; ".join(bad), "BAD"))
            elif missing:
                rows.append((f"{spec.folder}/", f"partial: {len(members)} of {total} files "
                             f"checked; missing {', '.join(missing)}", "PART"))  # fmt: skip
            else:
                rows.append(
                    (f"{spec.folder}/", f"extracted folder, all {total} files checked", "ok")
                )
        sample_path = folder / "samples" / f"{spec.name}-test-head{SAMPLE_SIZE}.npz"
        if sample_path.exists():
            try:
                read_sample(spec.name, sample_path)
                rows.append((f"samples/{sample_path.name}", f"{SAMPLE_SIZE}-image sample", "ok"))
            except problems as err:
                rows.append((f"samples/{sample_path.name}", str(err), "BAD"))
    return rows


def main(argv=None):
    """The command line: fetch, verify, info. Every failure is one message, never a traceback."""
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
    try:
        {"fetch": _main_fetch, "verify": _main_verify, "info": _main_info}[args.command](args)
    except (SettingError, DatasetUnavailableError, DatasetCorruptError) as err:
        sys.exit(str(err))


def _main_fetch(args):
    target = args.to.expanduser()
    if target.exists() and not target.is_dir():
        sys.exit(
            f"--to {args.to} is a file, not a folder. Name a folder (it is created if missing)."
        )
    for name in args.names or NAMES:
        try:
            _fetch(SPECS[name], target)
        except DatasetUnavailableError as err:
            sys.exit(f"Cannot fetch {SPECS[name].title}: {err}. To fix: {err.hint}.")
        print(f"{SPECS[name].title}: ready in {target}")


def _main_verify(args):
    folder = args.folder or data_dir()
    if folder is None:
        sys.exit(f"Name a folder, or set {DATA_ENV}.")
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        sys.exit(f"{folder} is not a folder. Name the folder that holds the dataset files.")
    rows = verify_folder(folder)
    for relname, verdict, status in rows:
        print(f"{status:<3} {relname:<42} {verdict}")
    if not rows:
        sys.exit(f"No dataset files in {folder}.")
    if any(status != "ok" for *_, status in rows):
        sys.exit(1)


def _main_info(args):
    for name, spec in SPECS.items():
        found = where(name)
        shown = {
            "full": f"full set: {found.path} ({found.place})",
            "test": f"test split only: {found.path} ({found.place}); no training split",
            "sample": f"sample only: {found.path}; full set not found",
            "none": "not here: run `python -m utils.datasets fetch` where there is internet",
        }[found.kind]
        if found.kind not in ("full", "test"):  # a test split alone is used, not partial
            for path, present, missing in partial_copies(spec):
                total = len(present) + len(missing)
                shown += (
                    f"; partial, not used: {path} has {len(present)} of {total} files "
                    f"(missing {', '.join(missing)})"
                )
        print(f"{spec.title:<14} {shown}")


if __name__ == "__main__":
    main()
