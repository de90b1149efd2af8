"""Readers for the official dataset files, each refusing what is not what it claims to be.

Explained in notebook 06_datasets.

- MNIST: Keras' ``mnist.npz``, read with ``allow_pickle=False``.
- Fashion-MNIST: gzipped IDX files (LeCun's format: magic, dimensions, raw uint8).
- CIFAR-10/100: Python pickles, read with a restricted unpickler that can build only the
  plain types those files hold, so a hostile pickle cannot run code.
"""

import gzip
import io
import pickle
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path

import numpy as np

__all__ = [
    "DatasetCorruptError", "refetch_command", "read_mnist_npz", "read_idx_gz", "read_pickle",
    "read_cifar10", "read_cifar100", "check_split", "RestrictedUnpickler",
]  # fmt: skip


def refetch_command(*names):
    """The command that fetches the official files of ``names`` again.

    >>> refetch_command("mnist")
    'python -m utils.datasets fetch mnist --to DIR'
    """
    return f"python -m utils.datasets fetch {' '.join(names)} --to DIR"


class DatasetCorruptError(ValueError):
    """A dataset file is truncated, malformed, hostile, or fails its checksum.

    ``path`` names the file, ``problem`` says what is wrong with it, ``refetch`` is the
    command that fetches it again.

    >>> err = DatasetCorruptError("mnist.npz", "too short", refetch_command("mnist"))
    >>> err.problem, err.short
    ('too short', 'mnist.npz is not a valid dataset file: too short')
    """

    def __init__(self, path, problem, refetch):
        self.path, self.problem, self.refetch = path, problem, refetch
        super().__init__(f"{self.short}. Delete it and fetch it again with: {refetch}")

    @property
    def short(self):
        """The file and its problem, without the advice."""
        return f"{self.path} is not a valid dataset file: {self.problem}"

    def __reduce__(self):
        return type(self), (self.path, self.problem, self.refetch)


# --- MNIST: .npz -------------------------------------------------------------------------


def read_mnist_npz(path, refetch=None):
    """(x_train, y_train, x_test, y_test) from Keras' mnist.npz, checked for shape and type."""
    refetch = refetch or refetch_command("mnist")
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = [f[key] for key in ("x_train", "y_train", "x_test", "y_test")]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error) as err:
        raise DatasetCorruptError(
            path, f"cannot read it as an npz archive ({err})", refetch
        ) from None
    check_split(path, *arrays[:2], (28, 28), refetch)
    check_split(path, *arrays[2:], (28, 28), refetch)
    return tuple(arrays)


def check_split(path, x, y, image_shape, refetch, n_classes=10):
    """Images are uint8 of ``image_shape``, one integer label each, in range."""
    if x.dtype != np.uint8 or x.shape[1:] != image_shape:
        raise DatasetCorruptError(
            path, f"images are {x.dtype} {x.shape}, expected uint8 (N, *{image_shape})", refetch
        )
    if y.shape != (len(x),):
        raise DatasetCorruptError(path, f"{len(x)} images but labels of shape {y.shape}", refetch)
    if len(y) and (y.min() < 0 or y.max() >= n_classes):
        raise DatasetCorruptError(
            path, f"labels outside 0..{n_classes - 1}: {y.min()}..{y.max()}", refetch
        )


# --- Fashion-MNIST: gzipped IDX ----------------------------------------------------------

IDX_MAGIC = {1: 0x00000801, 3: 0x00000803}  # uint8 labels (1 dim), uint8 images (3 dims)


def read_idx_gz(path, ndim, refetch=None):
    """A uint8 array from a gzipped IDX file, with its header and length checked."""
    refetch = refetch or refetch_command("fashion_mnist")
    try:
        with gzip.open(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError, zlib.error) as err:
        raise DatasetCorruptError(path, f"broken gzip stream ({err})", refetch) from None
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DatasetCorruptError(
            path, f"only {len(data)} bytes, too short for an IDX header", refetch
        )
    magic, *dims = struct.unpack(f">{1 + ndim}I", data[:header])
    if magic != IDX_MAGIC[ndim]:
        raise DatasetCorruptError(
            path, f"IDX magic 0x{magic:08x}, expected 0x{IDX_MAGIC[ndim]:08x}", refetch
        )
    expected = int(np.prod(dims))
    if len(data) - header != expected:
        raise DatasetCorruptError(
            path, f"header promises {dims} = {expected} bytes, found {len(data) - header}", refetch
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


# --- CIFAR: restricted pickles -----------------------------------------------------------


def _latin1_encode(text, encoding):
    """``_codecs.encode`` limited to what NumPy's protocol 2/3 pickles use it for."""
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise pickle.UnpicklingError(f"refused _codecs.encode(..., {encoding!r}): not plain data")
    return text.encode("latin1")


class RestrictedUnpickler(pickle.Unpickler):
    """Builds dicts, lists, bytes, str and ints, and NumPy arrays: nothing else.

    A pickle names the callables it wants run; a hostile one names ``os.system``. This
    unpickler refuses every name except the few NumPy needs to rebuild an array.
    """

    ALLOWED = {
        ("_codecs", "encode"): _latin1_encode,
        ("numpy.core.multiarray", "_reconstruct"): np._core.multiarray._reconstruct,
        ("numpy._core.multiarray", "_reconstruct"): np._core.multiarray._reconstruct,
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
    }

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"refused to load {module}.{name}: not plain data")
        return self.ALLOWED[(module, name)]


def read_pickle(data, where, refetch):
    """A dict with str keys from CIFAR pickle bytes, or DatasetCorruptError."""
    try:
        obj = RestrictedUnpickler(io.BytesIO(data), encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, struct.error) as err:  # fmt: skip
        raise DatasetCorruptError(where, f"not a plain-data pickle ({err})", refetch) from None
    if not isinstance(obj, dict):
        raise DatasetCorruptError(where, f"holds a {type(obj).__name__}, expected a dict", refetch)
    return {k.decode() if isinstance(k, bytes) else k: v for k, v in obj.items()}


CIFAR_REFETCH = refetch_command("cifar10", "cifar100")


def cifar_members(path, folder, wanted):
    """Yield (member name, bytes) for each wanted member of a CIFAR .tar.gz or folder.

    An archive is read once, front to back, so only one member is in memory at a time.
    """
    path = Path(path)
    if path.is_dir():
        for member in wanted:
            yield member, (path / member).read_bytes()
        return
    found = set()
    try:
        with tarfile.open(path, "r:gz") as tar:
            for info in tar:
                member = info.name.removeprefix(f"{folder}/")
                if member in wanted and info.isfile() and member not in found:
                    found.add(member)
                    yield member, tar.extractfile(info).read()
    except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
        raise DatasetCorruptError(path, f"broken tar.gz archive ({err})", CIFAR_REFETCH) from None
    if missing := sorted(set(wanted) - found):
        raise DatasetCorruptError(path, f"the archive lacks {folder}/{missing}", CIFAR_REFETCH)


def cifar_batch(data, where, label_key, n_classes):
    """(images (N, 32, 32, 3) uint8, labels uint8) from one batch pickle."""
    d = read_pickle(data, where, CIFAR_REFETCH)
    x, y = d.get("data"), np.asarray(d.get(label_key, []))
    if not (
        isinstance(x, np.ndarray) and x.dtype == np.uint8 and x.ndim == 2 and x.shape[1] == 3072
    ):
        found = f"{getattr(x, 'dtype', type(x).__name__)} {getattr(x, 'shape', '')}"
        raise DatasetCorruptError(
            where, f"'data' is {found}, expected uint8 (N, 3072)", CIFAR_REFETCH
        )
    if y.shape != (len(x),) or (len(y) and not np.issubdtype(y.dtype, np.integer)):
        raise DatasetCorruptError(
            where, f"{len(x)} images but '{label_key}' of shape {y.shape}", CIFAR_REFETCH
        )
    if len(y) and (y.min() < 0 or y.max() >= n_classes):
        raise DatasetCorruptError(where, f"'{label_key}' outside 0..{n_classes - 1}", CIFAR_REFETCH)
    # Stored channels-first, one row per image (1024 red, 1024 green, 1024 blue values).
    return x.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), y.astype(np.uint8)


def cifar_names(data, where, key):
    names = read_pickle(data, where, CIFAR_REFETCH).get(key)
    if not isinstance(names, list) or not all(isinstance(n, bytes | str) for n in names):
        raise DatasetCorruptError(where, f"'{key}' is not a list of names", CIFAR_REFETCH)
    return tuple(n.decode() if isinstance(n, bytes) else n for n in names)


def read_cifar10(path):
    """(x_train, y_train, x_test, y_test, class_names) from the archive or its folder.

    The five training batches go straight into one preallocated array.
    """
    train = [f"data_batch_{i}" for i in range(1, 6)]
    x_train = y_train = x_test = y_test = names = None
    for member, data in cifar_members(
        path, "cifar-10-batches-py", [*train, "test_batch", "batches.meta"]
    ):
        where = f"{path}:{member}"
        if member == "batches.meta":
            names = cifar_names(data, where, "label_names")
            continue
        x, y = cifar_batch(data, where, "labels", 10)
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


def read_cifar100(path, label_mode="fine"):
    """(x_train, y_train, x_test, y_test, class_names) with fine (100) or coarse (20) labels."""
    n_classes = {"fine": 100, "coarse": 20}[label_mode]
    out = {}
    for member, data in cifar_members(path, "cifar-100-python", ["train", "test", "meta"]):
        where = f"{path}:{member}"
        if member == "meta":
            out["names"] = cifar_names(data, where, f"{label_mode}_label_names")
        else:
            x, y = cifar_batch(data, where, f"{label_mode}_labels", n_classes)
            del data
            out[member] = (np.ascontiguousarray(x), y)
    return (*out["train"], *out["test"], out["names"])
