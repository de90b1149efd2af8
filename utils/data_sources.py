"""Where each dataset's official files are: the data folder, the Keras cache, or a download.

Explained in notebook 06_datasets. Files keep their official names; archives whose
upstream bytes are known are checked against their sha256 before use.
"""

import hashlib
import os
import socket
import sys
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .data_formats import DatasetCorruptError, refetch_command
from .settings import DATA_ENV, data_dir

__all__ = [
    "Spec", "SPECS", "DatasetUnavailableError", "keras_cache", "candidates", "locate", "looked_in",
    "sha256", "check_sha256", "progress_bar", "check_online", "download", "DEBIAN_RECOMPRESSED",
]  # fmt: skip

KERAS_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
TORONTO_BASE = "https://www.cs.toronto.edu/~kriz/"
FASHION_FILES = tuple(
    f"fashion-mnist/{split}-{kind}-ubyte.gz"
    for split in ("train", "t10k")
    for kind in ("images-idx3", "labels-idx1")
)
NETWORK_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Spec:
    """What a dataset is and which official files hold it."""

    name: str
    title: str
    origin: str  # who made it, and the reference
    files: tuple[str, ...]  # official names, relative to a data folder
    urls: dict[str, str]  # file -> download address
    sha256: dict[str, str] = field(default_factory=dict)  # upstream bytes, where known
    folder: str | None = None  # CIFAR: the folder inside the archive
    folder_members: tuple[str, ...] = ()
    keras_names: tuple[str, ...] = ()  # other names the Keras cache uses
    sizes: tuple[int, int] = (0, 0)  # (train, test) as documented by the authors


SPECS = {
    "mnist": Spec(
        "mnist", "MNIST",
        "Handwritten digits; LeCun, Cortes & Burges, from NIST data (LeCun et al. 1998)",
        ("mnist.npz",),
        {"mnist.npz": KERAS_BASE + "mnist.npz"},
        {"mnist.npz": "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"},
        sizes=(60_000, 10_000),
    ),
    "fashion_mnist": Spec(
        "fashion_mnist", "Fashion-MNIST",
        "Zalando article photos; Xiao, Rasul & Vollgraf (2017), arXiv:1708.07747",
        FASHION_FILES,
        {f: KERAS_BASE + f.split("/")[1] for f in FASHION_FILES},
        sizes=(60_000, 10_000),
    ),
    "cifar10": Spec(
        "cifar10", "CIFAR-10",
        "Tiny images, 10 classes; Krizhevsky (2009), Learning Multiple Layers of Features "
        "from Tiny Images",
        ("cifar-10-python.tar.gz",),
        {"cifar-10-python.tar.gz": TORONTO_BASE + "cifar-10-python.tar.gz"},
        {"cifar-10-python.tar.gz":
            "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"},
        "cifar-10-batches-py",
        ("batches.meta", "test_batch", *(f"data_batch_{i}" for i in range(1, 6))),
        ("cifar-10-batches-py-target_archive",),
        (50_000, 10_000),
    ),
    "cifar100": Spec(
        "cifar100", "CIFAR-100",
        "Tiny images, 100 classes in 20 superclasses; Krizhevsky (2009)",
        ("cifar-100-python.tar.gz",),
        {"cifar-100-python.tar.gz": TORONTO_BASE + "cifar-100-python.tar.gz"},
        {"cifar-100-python.tar.gz":
            "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"},
        "cifar-100-python",
        ("meta", "train", "test"),
        ("cifar-100-python-target_archive",),
        (50_000, 10_000),
    ),
}  # fmt: skip

# Debian's dataset-fashion-mnist recompresses the upstream gzip files: same content, other
# bytes. They are validated by structure; `verify` names them when it recognises them.
DEBIAN_RECOMPRESSED = {
    "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
}


class DatasetUnavailableError(LookupError):
    """No copy of the dataset here, and none could be downloaded."""


def keras_cache() -> Path:
    """Where Keras keeps downloads: ``$KERAS_HOME/datasets`` or ``~/.keras/datasets``."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def candidates(spec):
    """(label, path, kind) for every place a full copy may be, in the order they are tried.

    ``kind`` is "files" (the official files under a folder) or "folder" (extracted CIFAR).
    """
    places = []
    folder = data_dir()
    if folder:
        places.append((f"${DATA_ENV}", folder))
    places.append(("the Keras cache", keras_cache()))
    found = []
    for label, root in places:
        found.append((label, root, "files"))
        if spec.folder:
            found.append((label, root / spec.folder, "folder"))
            if label == "the Keras cache":
                found.append((label, root / f"{spec.folder}-target" / spec.folder, "folder"))
                found += [(label, root / name, "archive") for name in spec.keras_names]
    return found


def locate(spec):
    """The first complete local copy as (label, path to read), or None."""
    for label, path, kind in candidates(spec):
        if kind == "files" and all((path / f).is_file() for f in spec.files):
            return label, path if len(spec.files) > 1 else path / spec.files[0]
        if kind == "folder" and all((path / m).is_file() for m in spec.folder_members):
            return label, path
        if kind == "archive" and path.is_file():
            return label, path
    return None


def looked_in(spec):
    """A readable list of the places ``locate`` tried."""
    lines = []
    for label, path, kind in candidates(spec):
        what = (
            ", ".join(spec.files)
            if kind == "files"
            else ("extracted folder" if kind == "folder" else "archive")
        )
        lines.append(f"  - {path} ({label}): {what}")
    return "\n".join(lines)


def sha256(path):
    """The hex sha256 of a file, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check_sha256(spec, relname, path):
    """Refuse an upstream archive whose bytes are not the known ones."""
    expected = spec.sha256.get(relname)
    if expected and (actual := sha256(path)) != expected:
        raise DatasetCorruptError(
            path,
            f"it fails its checksum (sha256 {actual[:16]}..., expected {expected[:16]}...): "
            f"truncated or not the official file",
            refetch_command(spec.name),
        )


def progress_bar(label, done, total, out=None):
    """One line, redrawn in place: label, bar, percent, megabytes."""
    out = out or sys.stderr
    frac = done / total if total else 1.0
    bar = "#" * int(frac * 30)
    out.write(f"\r  {label:<38} [{bar:<30}] {frac:4.0%} {done / 1e6:6.1f}/{total / 1e6:.1f} MB")
    if done >= total:
        out.write("\n")
    out.flush()


def check_online(url):
    """Fail within a few seconds when the host cannot be reached, instead of hanging."""
    if os.environ.get("WORKSHOP_OFFLINE") == "1":
        raise OSError("WORKSHOP_OFFLINE=1 is set")
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    result = {}

    def resolve():
        try:
            result["addr"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4]
        except OSError as err:
            result["error"] = err

    thread = threading.Thread(target=resolve, daemon=True)
    thread.start()
    thread.join(NETWORK_TIMEOUT_S)
    if "addr" not in result:
        raise OSError(f"cannot resolve {host} ({result.get('error', 'timed out')})")
    socket.create_connection(result["addr"][:2], timeout=NETWORK_TIMEOUT_S).close()


def download(url, dest, validate=None, expected_sha256=None):
    """Download ``url`` to ``dest`` through a temporary name; rename only when complete.

    The temporary file is removed on any failure, so no half-written file is left behind.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part-{os.getpid()}")
    try:
        check_online(url)
        with urllib.request.urlopen(url, timeout=30) as response, open(tmp, "wb") as f:
            total, done = int(response.headers.get("Content-Length") or 0), 0
            while chunk := response.read(1 << 20):
                f.write(chunk)
                done += len(chunk)
                progress_bar(dest.name, done, total or done)
        if expected_sha256 and (actual := sha256(tmp)) != expected_sha256:
            raise DatasetCorruptError(
                url,
                f"the download has sha256 {actual}, expected {expected_sha256}",
                "try the download again later, or copy the file from a machine that has it",
            )
        if validate:
            validate(tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest
