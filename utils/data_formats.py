"""Readers for the official dataset files, each refusing what is not what it claims to be.

Explained in notebook 06_datasets.

- MNIST: Keras' ``mnist.npz``, read with ``allow_pickle=False``.
- Fashion-MNIST: gzipped IDX files (LeCun's format: magic, dimensions, raw uint8).
- CIFAR-10/100: Python pickles, read with a restricted unpickler that can build only the
  plain types those files hold, so a hostile pickle cannot run code.

Every reader checks what a file claims before believing it: sizes on disk against what the
format allows, headers before bodies, array shapes against the dataset's known counts before
anything is allocated, and decompression is read in bounded pieces, so a hostile or broken
file is refused in seconds without exhausting memory.
"""

import gzip
import io
import math
import os
import pickle
import pickletools
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path

import numpy as np

__all__ = [
    "DatasetCorruptError", "DatasetUnavailableError", "DatasetUnreadableError", "refetch_command",
    "read_mnist_npz", "read_npz_images", "read_idx_gz", "read_pickle", "read_cifar10",
    "read_cifar100", "check_split", "check_file_size", "read_limited", "RestrictedUnpickler",
    "MAX_BYTES",
]  # fmt: skip

MB = 1 << 20
# The most bytes each official file or archive member can hold, by name: a little above the
# real size (mnist.npz uncompressed is 55 MB, a CIFAR-10 batch 31 MB, CIFAR-100's train 155 MB).
# A file larger than this is refused before it is hashed, read or decompressed.
MAX_BYTES = {
    "mnist.npz": 64 * MB,
    "train-images-idx3-ubyte.gz": 48 * MB,
    "t10k-images-idx3-ubyte.gz": 8 * MB,
    "train-labels-idx1-ubyte.gz": 1 * MB,
    "t10k-labels-idx1-ubyte.gz": 1 * MB,
    "cifar-10-python.tar.gz": 200 * MB,
    "cifar-100-python.tar.gz": 200 * MB,
    "data_batch": 32 * MB,  # data_batch_1 ... data_batch_5, and test_batch
    "test_batch": 32 * MB,
    "train": 160 * MB,  # CIFAR-100
    "test": 32 * MB,
    "batches.meta": 1 * MB,
    "meta": 1 * MB,
    "sample": 1 * MB,  # samples/<name>-test-head20.npz
}
MAX_IMAGES = 60_000  # the largest split of any of the four datasets


def refetch_command(*names):
    """The command that fetches the official files of ``names`` again.

    >>> refetch_command("mnist")
    'python -m utils.datasets fetch mnist --to DIR'
    """
    return f"python -m utils.datasets fetch {' '.join(names)} --to DIR"


class DatasetCorruptError(ValueError):
    """A dataset file is truncated, malformed, hostile, or fails its checksum.

    ``path`` names the file, ``problem`` says what is wrong with it, ``refetch`` is the
    command that fetches it again. ``kept`` is False when the file is already gone (a
    refused download): then the message does not ask the reader to delete it.

    >>> err = DatasetCorruptError("mnist.npz", "too short", refetch_command("mnist"))
    >>> err.problem, err.short
    ('too short', 'mnist.npz is not a valid dataset file: too short')
    """

    def __init__(self, path, problem, refetch, kept=True):
        self.path, self.problem, self.refetch, self.kept = path, problem, refetch, kept
        advice = "Delete it and fetch it again with" if kept else "Nothing was kept. Try again with"
        super().__init__(f"{self.short}. {advice}: {refetch}")

    @property
    def short(self):
        """The file and its problem, without the advice."""
        return f"{self.path} is not a valid dataset file: {self.problem}"

    def __reduce__(self):
        return type(self), (self.path, self.problem, self.refetch, self.kept)


class DatasetUnavailableError(LookupError):
    """No usable copy of a dataset here, and none could be fetched.

    ``reason`` says why in a few words, ``hint`` what to do; ``str(err)`` is the full message.
    """

    def __init__(self, message, reason="", hint=""):
        self.reason, self.hint = reason or message, hint
        super().__init__(message)

    def __reduce__(self):
        return type(self), (str(self), self.reason, self.hint)


class DatasetUnreadableError(DatasetUnavailableError):
    """A dataset file is here but cannot be opened (permissions, a folder in its place).

    ``path`` names it; ``reason`` says why, ``hint`` what to do.
    """

    def __init__(self, path, reason, hint=""):
        self.path = path
        hint = hint or f"make it readable (chmod a+r {path}) or point WORKSHOP_DATA elsewhere"
        super().__init__(f"{path} cannot be read: {reason}. To fix: {hint}", reason, hint)

    def __reduce__(self):
        return type(self), (self.path, self.reason, self.hint)


def _limit(path):
    """The most bytes the official file or member named like ``path`` can hold."""
    name = Path(str(path).rsplit(":", 1)[-1]).name
    if name.startswith("data_batch"):
        name = "data_batch"
    return MAX_BYTES.get(name, MAX_BYTES["sample"] if name.endswith(".npz") else 200 * MB)


def check_file_size(path, refetch, limit=None):
    """The size of ``path`` in bytes, refusing a file larger than its format allows (or unreadable).

    Checked before a file is hashed or read, so a 1 TiB sparse file is refused at once.
    """
    limit = _limit(path) if limit is None else limit
    try:
        size = os.stat(path).st_size
    except PermissionError as err:
        raise DatasetUnreadableError(path, err.strerror or "permission denied") from None
    if not Path(path).is_file():
        raise DatasetUnreadableError(path, "it is not a file", "put the official file there")
    if size > limit:
        raise DatasetCorruptError(
            path, f"it is {size:,} bytes, more than the {limit:,} its format allows", refetch
        )
    return size


def _open(path, refetch, limit=None):
    """``path`` opened for reading after its size check; unreadable files get a clear error."""
    check_file_size(path, refetch, limit)
    try:
        return open(path, "rb")  # noqa: SIM115 (the caller closes it)
    except OSError as err:
        raise DatasetUnreadableError(path, err.strerror or str(err)) from None


def read_limited(path, refetch, limit=None):
    """The bytes of ``path``, after checking it is no larger than its format allows."""
    with _open(path, refetch, limit) as f:
        return f.read()


# --- MNIST: .npz -------------------------------------------------------------------------


def _npz_member(archive, key, path, refetch, dtypes, shape, max_count):
    """One array of an open .npz, its header checked before its body is read or allocated."""
    try:
        with archive.open(f"{key}.npy") as member:
            version = np.lib.format.read_magic(member)
            header = {(1, 0): np.lib.format.read_array_header_1_0,
                      (2, 0): np.lib.format.read_array_header_2_0}.get(version)  # fmt: skip
            if header is None:
                raise ValueError(f"unknown .npy version {version}")
            found, fortran, dtype = header(member, max_header_size=1024)
            expected = "uint8" if dtypes == "u" else "integers"
            if dtype.kind not in dtypes or dtype.itemsize > (1 if dtypes == "u" else 8):
                raise DatasetCorruptError(
                    path, f"'{key}' has dtype {dtype}, expected {expected}", refetch
                )
            if len(found) != 1 + len(shape) or tuple(found[1:]) != shape or found[0] > max_count:
                raise DatasetCorruptError(
                    path, f"'{key}' claims shape {found}, expected (N <= {max_count:,}, *{shape})",
                    refetch,
                )  # fmt: skip
            count = math.prod(found)
            body = member.read(count * dtype.itemsize + 1)  # decompresses no more than this
    except KeyError:
        raise DatasetCorruptError(path, f"it has no '{key}' array", refetch) from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as err:
        if isinstance(err, DatasetCorruptError):
            raise
        raise DatasetCorruptError(path, f"cannot read '{key}' ({err})", refetch) from None
    if len(body) != count * dtype.itemsize:
        raise DatasetCorruptError(
            path, f"'{key}' holds {len(body):,} bytes, its header promises "
            f"{count * dtype.itemsize:,}", refetch,
        )  # fmt: skip
    array = np.frombuffer(body, dtype=dtype)
    return array.reshape(found[::-1]).T if fortran else array.reshape(found)


def read_npz_images(path, refetch, keys, image_shape, max_count):
    """{key: array} of image/label pairs from an .npz, each header checked before its body.

    ``keys`` are (images key, labels key) pairs; images must be uint8 of ``image_shape``,
    labels integers, at most ``max_count`` of each.
    """
    try:
        with _open(path, refetch) as f, zipfile.ZipFile(f) as archive:
            out = {}
            for x_key, y_key in keys:
                out[x_key] = _npz_member(archive, x_key, path, refetch, "u", image_shape, max_count)
                out[y_key] = _npz_member(archive, y_key, path, refetch, "iu", (), max_count)
            return out
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
        if isinstance(err, DatasetCorruptError | DatasetUnavailableError):
            raise
        raise DatasetCorruptError(
            path, f"cannot read it as an npz archive ({err})", refetch
        ) from None


def read_mnist_npz(path, refetch=None, sizes=None):
    """(x_train, y_train, x_test, y_test) from Keras' mnist.npz, checked for shape and type.

    ``sizes`` (train, test), when given, are the exact counts the file must hold.
    """
    refetch = refetch or refetch_command("mnist")
    keys = (("x_train", "y_train"), ("x_test", "y_test"))
    arrays = read_npz_images(path, refetch, keys, (28, 28), MAX_IMAGES)
    arrays = [arrays[key] for pair in keys for key in pair]
    check_split(path, *arrays[:2], (28, 28), refetch)
    check_split(path, *arrays[2:], (28, 28), refetch)
    _check_counts(path, len(arrays[0]), len(arrays[2]), sizes, refetch)
    return tuple(arrays)


def _check_counts(path, n_train, n_test, sizes, refetch):
    """Refuse a full set whose image counts are not the dataset's known ones."""
    if sizes is not None and (n_train, n_test) != tuple(sizes):
        raise DatasetCorruptError(
            path, f"it holds {n_train:,} training and {n_test:,} test images; the full set has "
            f"{sizes[0]:,} and {sizes[1]:,}", refetch,
        )  # fmt: skip


def check_split(path, x, y, image_shape, refetch, n_classes=10):
    """Images are uint8 of ``image_shape``, one integer label each, in range."""
    if x.dtype != np.uint8 or x.shape[1:] != image_shape:
        raise DatasetCorruptError(
            path, f"images are {x.dtype} {x.shape}, expected uint8 (N, *{image_shape})", refetch
        )
    if y.shape != (len(x),):
        raise DatasetCorruptError(path, f"{len(x)} images but labels of shape {y.shape}", refetch)
    if y.dtype.kind not in "iu":
        raise DatasetCorruptError(path, f"labels are {y.dtype}, expected integers", refetch)
    if len(y) and (y.min() < 0 or y.max() >= n_classes):
        raise DatasetCorruptError(
            path, f"labels outside 0..{n_classes - 1}: {y.min()}..{y.max()}", refetch
        )


# --- Fashion-MNIST: gzipped IDX ----------------------------------------------------------

IDX_MAGIC = {1: 0x00000801, 3: 0x00000803}  # uint8 labels (1 dim), uint8 images (3 dims)


def read_idx_gz(path, ndim, refetch=None, count=None):
    """A uint8 array from a gzipped IDX file, with its header and length checked.

    The header is read first and its dimensions compared with Fashion-MNIST's (28x28 images,
    at most 60,000, exactly ``count`` when given); only then is the body decompressed, and
    never more of it than the header promises.
    """
    refetch = refetch or refetch_command("fashion_mnist")
    header = 4 + 4 * ndim
    try:
        with _open(path, refetch) as raw, gzip.GzipFile(fileobj=raw) as f:
            head = f.read(header)
            if len(head) < header:
                raise DatasetCorruptError(
                    path, f"only {len(head)} bytes, too short for an IDX header", refetch
                )
            magic, *dims = struct.unpack(f">{1 + ndim}I", head)
            if magic != IDX_MAGIC[ndim]:
                raise DatasetCorruptError(
                    path, f"IDX magic 0x{magic:08x}, expected 0x{IDX_MAGIC[ndim]:08x}", refetch
                )
            wanted = [count or MAX_IMAGES, 28, 28][:ndim]
            if dims[1:] != wanted[1:] or dims[0] > wanted[0] or (count and dims[0] != count):
                rule = f"exactly {count:,}" if count else f"at most {MAX_IMAGES:,}"
                raise DatasetCorruptError(
                    path, f"header claims dimensions {dims}; Fashion-MNIST has {rule} "
                    f"{'28x28 images' if ndim == 3 else 'labels'}", refetch,
                )  # fmt: skip
            expected = math.prod(dims)
            data = f.read(expected + 1)  # one byte more shows trailing data
    except (OSError, EOFError, zlib.error) as err:
        if isinstance(err, DatasetUnavailableError):
            raise
        raise DatasetCorruptError(path, f"broken gzip stream ({err})", refetch) from None
    if len(data) != expected:
        raise DatasetCorruptError(
            path, f"header promises {dims} = {expected} bytes, found {len(data)}", refetch
        )
    return np.frombuffer(data, dtype=np.uint8).reshape(dims)


# --- CIFAR: restricted pickles -----------------------------------------------------------


def _latin1_encode(text, encoding):
    """``_codecs.encode`` limited to what NumPy's protocol 2/3 pickles use it for."""
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise pickle.UnpicklingError(f"refused _codecs.encode(..., {encoding!r}): not plain data")
    return text.encode("latin1")


class _ArrayType:
    """Stands in for ``numpy.ndarray`` in a pickle: named as ``_reconstruct``'s first argument.

    A pickle of an array never calls the ndarray constructor itself; a hostile one does, to
    ask for a 1 TiB array in 97 bytes. The stand-in refuses to be called.
    """

    def __call__(self, *args, **kwargs):
        raise pickle.UnpicklingError(
            f"refused numpy.ndarray{args!r:.60}: a pickled array never calls the constructor"
        )


_ARRAY_TYPE = _ArrayType()


def _reconstruct(subtype, shape, dtype):
    """NumPy's ``_reconstruct``, only as array pickles use it: an empty array, filled by BUILD."""
    if subtype is not _ARRAY_TYPE or not (
        isinstance(shape, tuple) and all(type(n) is int for n in shape) and math.prod(shape) <= 1
    ):
        raise pickle.UnpicklingError(f"refused _reconstruct with shape {shape!r:.60}")
    return np._core.multiarray._reconstruct(np.ndarray, shape, dtype)


def _dtype(spec, align=False, copy=False):
    """``numpy.dtype`` for plain numbers only (no objects, no structured or huge types)."""
    if not (isinstance(spec, str | bytes) and len(spec) <= 4):
        raise pickle.UnpicklingError(f"refused numpy.dtype({spec!r:.60})")
    dtype = np.dtype(spec.decode("latin1") if isinstance(spec, bytes) else spec, align, copy)
    if dtype.kind not in "biuf" or dtype.itemsize > 8:
        raise pickle.UnpicklingError(f"refused numpy.dtype({spec!r}): not a plain number type")
    return dtype


class RestrictedUnpickler(pickle.Unpickler):
    """Builds dicts, lists, bytes, str and ints, and NumPy arrays: nothing else.

    A pickle names the callables it wants run; a hostile one names ``os.system``. This
    unpickler refuses every name except the few NumPy needs to rebuild an array, and those
    only in the form array pickles use (no constructor calls, no object dtypes).
    """

    ALLOWED = {
        ("_codecs", "encode"): _latin1_encode,
        ("numpy.core.multiarray", "_reconstruct"): _reconstruct,
        ("numpy._core.multiarray", "_reconstruct"): _reconstruct,
        ("numpy", "ndarray"): _ARRAY_TYPE,
        ("numpy", "dtype"): _dtype,
    }

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"refused to load {module}.{name}: not plain data")
        return self.ALLOWED[(module, name)]


# pickletools' codes for an argument whose length is stored in front of it: (bytes, signed)
_LENGTH_FIELDS = {
    pickletools.TAKEN_FROM_ARGUMENT1: (1, "<B"),
    pickletools.TAKEN_FROM_ARGUMENT4: (4, "<i"),
    pickletools.TAKEN_FROM_ARGUMENT4U: (4, "<I"),
    pickletools.TAKEN_FROM_ARGUMENT8U: (8, "<Q"),
}


def _check_lengths(data):
    """Walk the opcodes of a pickle, refusing any length field larger than the bytes left.

    Nothing is built or copied: long arguments are skipped, so this costs no memory.
    """
    f = io.BytesIO(data)
    while True:
        code = f.read(1)
        op = pickletools.code2op.get(code.decode("latin1"))
        if op is None:
            raise pickle.UnpicklingError(f"unknown opcode {code!r} at byte {f.tell() - 1}")
        if op.arg is not None and op.arg.n in _LENGTH_FIELDS:
            size, fmt = _LENGTH_FIELDS[op.arg.n]
            field = f.read(size)
            if len(field) < size:
                raise pickle.UnpicklingError(f"{op.name} at byte {f.tell()} is cut short")
            (length,) = struct.unpack(fmt, field)
            left = len(data) - f.tell()
            if not 0 <= length <= left:
                raise pickle.UnpicklingError(
                    f"{op.name} claims {length:,} bytes but only {left:,} remain"
                )
            f.seek(length, io.SEEK_CUR)
        elif op.arg is not None:
            op.arg.reader(f)
        if op.name == "STOP":
            return


def read_pickle(data, where, refetch):
    """A dict with str keys from CIFAR pickle bytes, or DatasetCorruptError.

    The opcodes are walked first without building anything, so a length field that claims
    more bytes than the file holds is refused before any memory is reserved for it.
    """
    try:
        _check_lengths(data)
        obj = RestrictedUnpickler(io.BytesIO(data), encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, struct.error, MemoryError, RecursionError,
            OverflowError) as err:  # fmt: skip
        raise DatasetCorruptError(where, f"not a plain-data pickle ({err})", refetch) from None
    if not isinstance(obj, dict):
        raise DatasetCorruptError(where, f"holds a {type(obj).__name__}, expected a dict", refetch)
    return {k.decode() if isinstance(k, bytes) else k: v for k, v in obj.items()}


CIFAR_REFETCH = refetch_command("cifar10", "cifar100")
MAX_MEMBERS = 64  # an official CIFAR archive holds under ten
MAX_UNPACKED = 256 * MB  # every member of an official CIFAR archive together: about 186 MB


class _Capped:
    """A decompressing stream that refuses to go past ``cap`` bytes: bounds any gzip bomb."""

    def __init__(self, stream, cap, path):
        self.stream, self.cap, self.path = stream, cap, path

    def _check(self):
        if self.stream.tell() > self.cap:
            raise DatasetCorruptError(
                self.path, f"it unpacks to more than the {self.cap:,} bytes its format allows",
                CIFAR_REFETCH,
            )  # fmt: skip

    def read(self, size=-1):
        if size < 0 or self.stream.tell() + size > self.cap + 1:  # refuse before reading it
            size = self.cap + 1 - self.stream.tell()
            self.stream.seek(self.cap + 1)
            self._check()
        data = self.stream.read(size)
        self._check()
        return data

    def seek(self, offset, whence=io.SEEK_SET):
        target = offset if whence == io.SEEK_SET else self.stream.tell() + offset
        if whence not in (io.SEEK_SET, io.SEEK_CUR) or target > self.cap + 1:
            self.stream.seek(self.cap + 1)
            self._check()
        return self.stream.seek(target)

    def tell(self):
        return self.stream.tell()


def cifar_members(path, folder, wanted):
    """Yield (member name, bytes) for each wanted member of a CIFAR .tar.gz or folder.

    An archive is read once, front to back, so only one member is in memory at a time; each
    member's claimed size is checked before it is read, and the whole stream is capped.
    """
    path = Path(path)
    if path.is_dir():
        for member in wanted:
            yield member, read_limited(path / member, CIFAR_REFETCH)
        return
    found = set()
    try:
        with _open(path, CIFAR_REFETCH) as raw, gzip.GzipFile(fileobj=raw) as unzipped:
            with tarfile.open(fileobj=_Capped(unzipped, MAX_UNPACKED, path), mode="r:") as tar:
                for count, info in enumerate(tar, start=1):
                    member = info.name.removeprefix(f"{folder}/")
                    limit = _limit(member) if member in wanted else MB
                    if count > MAX_MEMBERS or info.size > limit:
                        problem = (
                            f"more than {MAX_MEMBERS} members"
                            if count > MAX_MEMBERS
                            else f"member {info.name} claims {info.size:,} bytes, more than "
                            f"the {limit:,} its format allows"
                        )
                        raise DatasetCorruptError(path, problem, CIFAR_REFETCH)
                    if member in wanted and info.isfile() and member not in found:
                        found.add(member)
                        yield member, tar.extractfile(info).read()
    except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
        raise DatasetCorruptError(path, f"broken tar.gz archive ({err})", CIFAR_REFETCH) from None
    if missing := sorted(set(wanted) - found):
        raise DatasetCorruptError(path, f"the archive lacks {folder}/{missing}", CIFAR_REFETCH)


def _labels(value, where, key, n, n_classes):
    """Labels as a uint8 array: a flat list of ints or a 1D integer array, one per image."""
    if isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "iu":
        y = value
    elif isinstance(value, list) and all(type(v) is int for v in value):
        y = value
    else:
        found = type(value).__name__ + (f" of {value.dtype}" if hasattr(value, "dtype") else "")
        raise DatasetCorruptError(
            where, f"'{key}' is a {found}, expected a flat list of integer labels", CIFAR_REFETCH
        )
    if len(y) != n:
        raise DatasetCorruptError(where, f"{n} images but {len(y)} '{key}'", CIFAR_REFETCH)
    if len(y) and (min(y) < 0 or max(y) >= n_classes):
        raise DatasetCorruptError(where, f"'{key}' outside 0..{n_classes - 1}", CIFAR_REFETCH)
    return np.asarray(y, dtype=np.uint8)


def cifar_batch(data, where, label_key, n_classes, count=None, max_count=10_000):
    """(images (N, 32, 32, 3) uint8, labels uint8) from one batch pickle.

    N must be ``count`` when given, else at most ``max_count``.
    """
    d = read_pickle(data, where, CIFAR_REFETCH)
    x = d.get("data")
    if not (
        isinstance(x, np.ndarray) and x.dtype == np.uint8 and x.ndim == 2 and x.shape[1] == 3072
    ):
        found = f"{getattr(x, 'dtype', type(x).__name__)} {getattr(x, 'shape', '')}"
        raise DatasetCorruptError(
            where, f"'data' is {found}, expected uint8 (N, 3072)", CIFAR_REFETCH
        )
    if (count is not None and len(x) != count) or len(x) > max_count:
        rule = f"exactly {count:,}" if count is not None else f"at most {max_count:,}"
        raise DatasetCorruptError(
            where, f"{len(x):,} images, the official file holds {rule}", CIFAR_REFETCH
        )
    y = _labels(d.get(label_key), where, label_key, len(x), n_classes)
    # Stored channels-first, one row per image (1024 red, 1024 green, 1024 blue values).
    return x.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), y


def cifar_names(data, where, key, count=None):
    """The class names under ``key`` in a CIFAR meta pickle (exactly ``count`` when given)."""
    names = read_pickle(data, where, CIFAR_REFETCH).get(key)
    if (
        not isinstance(names, list)
        or not 0 < len(names) <= 100
        or not all(isinstance(n, bytes | str) and len(n) <= 100 for n in names)
    ):
        raise DatasetCorruptError(where, f"'{key}' is not a list of names", CIFAR_REFETCH)
    if count is not None and len(names) != count:
        raise DatasetCorruptError(where, f"{len(names)} class names, not {count}", CIFAR_REFETCH)
    return tuple(n.decode("latin1") if isinstance(n, bytes) else n for n in names)


def read_cifar10(path, sizes=None):
    """(x_train, y_train, x_test, y_test, class_names) from the archive or its folder.

    The five training batches go straight into one preallocated array, whose size is
    checked first. ``sizes`` (train, test), when given, are the exact counts required.
    """
    train = [f"data_batch_{i}" for i in range(1, 6)]
    per_batch = None if sizes is None else sizes[0] // 5
    x_train = y_train = x_test = y_test = names = None
    for member, data in cifar_members(
        path, "cifar-10-batches-py", [*train, "test_batch", "batches.meta"]
    ):
        where = f"{path}:{member}"
        if member == "batches.meta":
            names = cifar_names(data, where, "label_names", 10)
            continue
        count = per_batch if member != "test_batch" else (sizes[1] if sizes else None)
        x, y = cifar_batch(data, where, "labels", 10, count)
        del data
        if member == "test_batch":
            x_test, y_test = np.ascontiguousarray(x), y
            continue
        if x_train is None:
            x_train = np.empty((5 * len(x), 32, 32, 3), np.uint8)
            y_train = np.empty(5 * len(x), np.uint8)
        per = len(x_train) // 5
        if len(x) != per:
            raise DatasetCorruptError(
                where, f"{len(x)} images, but the other batches hold {per}", CIFAR_REFETCH
            )
        i = train.index(member)
        x_train[i * per : (i + 1) * per], y_train[i * per : (i + 1) * per] = x, y
    return x_train, y_train, x_test, y_test, names


def read_cifar100(path, label_mode="fine", sizes=None, test_only=False):
    """(x_train, y_train, x_test, y_test, class_names) with fine (100) or coarse (20) labels.

    ``sizes`` (train, test), when given, are the exact counts required. ``test_only`` reads a
    folder that holds only the test split: the training arrays are then empty.
    """
    n_classes = {"fine": 100, "coarse": 20}[label_mode]
    out = {"train": (np.zeros((0, 32, 32, 3), np.uint8), np.zeros(0, np.uint8))}
    wanted = ["test", "meta"] if test_only else ["train", "test", "meta"]
    for member, data in cifar_members(path, "cifar-100-python", wanted):
        where = f"{path}:{member}"
        if member == "meta":
            out["names"] = cifar_names(data, where, f"{label_mode}_label_names", n_classes)
        else:
            count = None if sizes is None else sizes[member == "test"]
            limit = 50_000 if member == "train" else 10_000
            x, y = cifar_batch(data, where, f"{label_mode}_labels", n_classes, count, limit)
            del data
            out[member] = (np.ascontiguousarray(x), y)
    return (*out["train"], *out["test"], out["names"])
