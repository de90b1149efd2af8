"""Where each dataset's official files are: the data folder, the Keras cache, or a download.

Explained in notebook 06_datasets. Files keep their official names; archives whose
upstream bytes are known are checked against their sha256 before use.
"""

import hashlib
import http.client
import os
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .data_formats import (
    DatasetCorruptError,
    DatasetUnavailableError,
    _limit,
    check_file_size,
    refetch_command,
)
from .settings import DATA_ENV, data_dir, data_url

__all__ = [
    "Spec", "SPECS", "keras_cache", "candidates", "locate", "looked_in", "url_for", "sha256",
    "check_sha256", "download_progress", "check_online", "proxy_for", "download",
    "clean_stale_parts", "DEBIAN_RECOMPRESSED", "locate_test_split",
]  # fmt: skip

KERAS_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
TORONTO_BASE = "https://www.cs.toronto.edu/~kriz/"
FASHION_FILES = tuple(
    f"fashion-mnist/{split}-{kind}-ubyte.gz"
    for split in ("train", "t10k")
    for kind in ("images-idx3", "labels-idx1")
)
NETWORK_TIMEOUT_S = 3.0  # to resolve a name and open a connection (to the host or its proxy)
READ_TIMEOUT_S = 30.0  # the longest wait for the next bytes of a response


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
    test_members: tuple[str, ...] = ()  # the members of a folder that hold the test split alone


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
        ("meta", "test"),
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


def keras_cache() -> Path:
    """Where Keras keeps downloads: ``$KERAS_HOME/datasets`` or ``~/.keras/datasets``.

    A ``~`` in ``$KERAS_HOME`` means the home folder, as in a shell.
    """
    home = os.environ.get("KERAS_HOME", "").strip() or os.path.join("~", ".keras")
    return Path(home).expanduser() / "datasets"


def url_for(spec, relname):
    """Where to fetch ``relname``: the mirror in ``$WORKSHOP_DATA_URL``, else the official site."""
    base = data_url()
    return base + relname if base else spec.urls[relname]


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
    """The first complete local copy as (label, path to read), or None.

    Complete means every official file (or every member of an extracted folder) is there; a
    partial folder is not a copy. Whether the files are what they claim is the readers' job.
    """
    for label, path, kind in candidates(spec):
        if kind == "files" and all((path / f).is_file() for f in spec.files):
            return label, path if len(spec.files) > 1 else path / spec.files[0]
        if kind == "folder" and all((path / m).is_file() for m in spec.folder_members):
            return label, path
        if kind == "archive" and path.is_file():
            return label, path
    return None


def locate_test_split(spec):
    """(label, folder) of an extracted folder that holds the test split but not the training
    split (CIFAR-100's test file and metadata alone), or None."""
    if not spec.test_members:
        return None
    for label, path, kind in candidates(spec):
        if kind == "folder" and all((path / m).is_file() for m in spec.test_members):
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
    """Refuse an upstream archive whose bytes are not the known ones (its size is checked first)."""
    check_file_size(path, refetch_command(spec.name), _limit(relname))
    expected = spec.sha256.get(relname)
    if expected and (actual := sha256(path)) != expected:
        raise DatasetCorruptError(
            path,
            f"it fails its checksum (sha256 {actual[:16]}..., expected {expected[:16]}...): "
            f"truncated or not the official file",
            refetch_command(spec.name),
        )


def download_progress(label, done, total, out=None):
    """One line, redrawn in place: label, bar, percent, megabytes."""
    out = out or sys.stderr
    frac = done / total if total else 1.0
    bar = "#" * int(frac * 30)
    out.write(f"\r  {label:<38} [{bar:<30}] {frac:4.0%} {done / 1e6:6.1f}/{total / 1e6:.1f} MB")
    if done >= total:
        out.write("\n")
    out.flush()


def proxy_for(url):
    """The proxy address that ``$HTTPS_PROXY``/``$HTTP_PROXY`` name for ``url``, or None.

    ``$NO_PROXY`` hosts go direct, as in curl and pip.
    """
    parts = urllib.parse.urlsplit(url)
    proxy = urllib.request.getproxies_environment().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass_environment(parts.hostname or ""):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def check_online(url):
    """Fail within a few seconds when the host (or its proxy) cannot be reached, not hang."""
    if os.environ.get("WORKSHOP_OFFLINE") == "1":
        raise OSError("WORKSHOP_OFFLINE=1 is set")
    parts = urllib.parse.urlsplit(proxy_for(url) or url)
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


_PART = re.compile(r"^\.(?P<name>.+)\.part-(?P<pid>\d+)$")


def clean_stale_parts(folder):
    """Remove hidden ``.NAME.part-PID`` files left by a download that was killed; return them.

    A part file whose process is still running is left alone.
    """
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        match = _PART.match(path.name)
        if not match or int(match["pid"]) == os.getpid() and path.name in _ACTIVE:
            continue
        if int(match["pid"]) != os.getpid() and _alive(int(match["pid"])):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


_ACTIVE = set()  # part files this process is writing now


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _unavailable(url, reason, hint=""):
    hint = hint or "check the network (a browser may show a login page), or copy the files over"
    return DatasetUnavailableError(f"cannot download {url}: {reason}", reason, hint)


def _looks_like_html(first):
    head = first.lstrip()[:15].lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml"))


def download(url, dest, validate=None, expected_sha256=None, max_bytes=None, refetch=None):
    """Download ``url`` to ``dest`` through a temporary name; rename only when complete.

    Honours ``$HTTPS_PROXY``/``$HTTP_PROXY``/``$NO_PROXY``, waits at most ``READ_TIMEOUT_S``
    for any next bytes, and refuses a body larger than ``max_bytes``. Every failure is a
    ``DatasetUnavailableError`` (nothing usable arrived: network, proxy, captive portal,
    truncated or garbled answer) or a ``DatasetCorruptError`` (the bytes arrived but are
    wrong), and the temporary file is removed, so no half-written file is left behind.
    Part files of downloads that were killed earlier are removed first.
    """
    dest = Path(dest)
    refetch = refetch or "python -m utils.datasets fetch --to DIR"
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DatasetUnavailableError(
            f"cannot create the folder {dest.parent}: {err.strerror or err}",
            err.strerror or str(err), "choose a folder you can write to",
        ) from None  # fmt: skip
    clean_stale_parts(dest.parent)
    tmp = dest.with_name(f".{dest.name}.part-{os.getpid()}")
    _ACTIVE.add(tmp.name)
    try:
        _download_to(url, tmp, dest.name, max_bytes or _limit(dest))
        if expected_sha256 and (actual := sha256(tmp)) != expected_sha256:
            raise DatasetCorruptError(
                url, f"the download has sha256 {actual}, expected {expected_sha256}", refetch,
                kept=False,
            )  # fmt: skip
        if validate:
            try:
                validate(tmp)
            except DatasetCorruptError as err:  # name the address, not the deleted part file
                raise DatasetCorruptError(url, err.problem, refetch, kept=False) from None
        os.replace(tmp, dest)
    finally:
        _ACTIVE.discard(tmp.name)
        tmp.unlink(missing_ok=True)
    return dest


def _download_to(url, tmp, label, max_bytes):
    """Write the body of ``url`` to ``tmp``, or raise DatasetUnavailableError saying why."""
    try:
        check_online(url)
    except OSError as err:
        via = f" (through the proxy {proxy_for(url)})" if proxy_for(url) else ""
        raise _unavailable(url, f"no connection{via}: {err}") from None
    try:
        f = open(tmp, "wb")  # noqa: SIM115 (closed below)
    except OSError as err:
        raise DatasetUnavailableError(
            f"cannot write {tmp.parent}: {err.strerror or err}", err.strerror or str(err),
            "choose a folder you can write to",
        ) from None  # fmt: skip
    started = time.monotonic()
    try:
        # A fresh opener reads $HTTPS_PROXY, $HTTP_PROXY and $NO_PROXY now (urlopen caches them).
        opener = urllib.request.build_opener()
        with f, opener.open(url, timeout=READ_TIMEOUT_S) as response:
            kind = response.headers.get("Content-Type", "")
            total = int(response.headers.get("Content-Length") or 0)
            if total > max_bytes:
                raise _unavailable(url, f"the server offers {total:,} bytes, more than the "
                                   f"{max_bytes:,} this file can hold")  # fmt: skip
            done = 0
            while chunk := response.read(1 << 20):
                if done == 0 and ("text/html" in kind or _looks_like_html(chunk)):
                    raise _unavailable(
                        url, "the network answered with a web page instead of the file",
                        "a captive portal (hotel, conference or campus Wi-Fi) may want you to "
                        "log in: open any web page in a browser, then try again",
                    )  # fmt: skip
                done += len(chunk)
                if done > max_bytes:
                    raise _unavailable(url, f"the answer is larger than {max_bytes:,} bytes")
                try:
                    f.write(chunk)
                except OSError as err:
                    raise DatasetUnavailableError(
                        f"cannot write {tmp.parent}: {err.strerror or err}",
                        err.strerror or str(err), "free some space, or choose another folder",
                    ) from None  # fmt: skip
                download_progress(label, done, total or done)
            if total and done != total:
                raise _unavailable(url, f"the connection closed after {done:,} of {total:,} bytes")
            if done == 0:
                raise _unavailable(url, "the server sent an empty answer")
    except urllib.error.HTTPError as err:
        raise _unavailable(url, f"the server answered HTTP {err.code} {err.reason}") from None
    except TimeoutError:
        waited = time.monotonic() - started
        raise _unavailable(
            url, f"no answer for {READ_TIMEOUT_S:g} s (after {waited:.0f} s in all)"
        ) from None
    except urllib.error.URLError as err:
        raise _unavailable(url, f"cannot connect ({err.reason})") from None
    except http.client.IncompleteRead as err:
        raise _unavailable(url, f"the connection closed early ({len(err.partial):,} bytes "
                           "of a chunk arrived)") from None  # fmt: skip
    except http.client.HTTPException as err:
        raise _unavailable(
            url, f"the server's answer is not valid HTTP ({type(err).__name__}: {err!s:.80})"
        ) from None
    except OSError as err:
        raise _unavailable(url, f"the connection failed ({err})") from None
