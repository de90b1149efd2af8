"""Tiny datasets in the official formats, so the real loading code can be tested anywhere."""

import dataclasses
import gzip
import io
import pickle
import struct
import tarfile
from pathlib import Path

import numpy as np


def images(n, shape, seed):
    return np.random.default_rng(seed).integers(0, 256, size=(n, *shape), dtype=np.uint8)


def labels(n, classes, seed):
    return np.random.default_rng(seed).integers(0, classes, size=n, dtype=np.uint8)


def make_mnist_npz(folder, n_train=12, n_test=25):
    arrays = {"x_train": images(n_train, (28, 28), 1), "y_train": labels(n_train, 10, 2),
              "x_test": images(n_test, (28, 28), 3), "y_test": labels(n_test, 10, 4)}  # fmt: skip
    path = Path(folder) / "mnist.npz"
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return path, arrays


def idx_bytes(array):
    magic = 0x801 if array.ndim == 1 else 0x803
    return struct.pack(f">{1 + array.ndim}I", magic, *array.shape) + array.tobytes()


def make_fashion(folder, n_train=12, n_test=25):
    arrays = {
        "train-images-idx3": images(n_train, (28, 28), 5),
        "train-labels-idx1": labels(n_train, 10, 6),
        "t10k-images-idx3": images(n_test, (28, 28), 7),
        "t10k-labels-idx1": labels(n_test, 10, 8),
    }
    out = Path(folder) / "fashion-mnist"
    out.mkdir(parents=True, exist_ok=True)
    for stem, array in arrays.items():
        (out / f"{stem}-ubyte.gz").write_bytes(gzip.compress(idx_bytes(array)))
    return out, arrays


def official_pickle(obj):
    """Pickle as the CIFAR files were: protocol 2, arrays rebuilt via numpy.core.multiarray."""
    return pickle.dumps(obj, protocol=2).replace(
        b"numpy._core.multiarray", b"numpy.core.multiarray"
    )


def cifar_batch(n, label_key, classes, seed):
    """(pickle bytes, images channels-last, labels) for one CIFAR batch."""
    x = images(n, (32, 32, 3), seed)
    y = labels(n, classes, seed + 1)
    data = x.transpose(0, 3, 1, 2).reshape(n, 3072)  # official layout: R, G, B planes
    batch = {b"batch_label": b"fixture", label_key: [int(v) for v in y], b"data": data,
             b"filenames": [f"img{i}.png".encode() for i in range(n)]}  # fmt: skip
    return official_pickle(batch), x, y


def write_cifar(folder, members, inner, archive_name=None):
    """Write ``members`` (name -> bytes) as an extracted folder, or as the official .tar.gz."""
    folder = Path(folder)
    if archive_name is None:
        out = folder / inner
        out.mkdir(parents=True, exist_ok=True)
        for name, data in members.items():
            (out / name).write_bytes(data)
        return out
    path = folder / archive_name
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(f"{inner}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


CIFAR10_NAMES = [b"airplane", b"automobile", b"bird", b"cat", b"deer",
                 b"dog", b"frog", b"horse", b"ship", b"truck"]  # fmt: skip


def make_cifar10(folder, per_batch=4, n_test=25, archive=True):
    members, xs, ys = {}, [], []
    for i in range(1, 6):
        members[f"data_batch_{i}"], x, y = cifar_batch(per_batch, b"labels", 10, 10 * i)
        xs.append(x)
        ys.append(y)
    members["test_batch"], x_test, y_test = cifar_batch(n_test, b"labels", 10, 99)
    members["batches.meta"] = official_pickle(
        {b"num_cases_per_batch": per_batch, b"label_names": CIFAR10_NAMES, b"num_vis": 3072}
    )
    name = "cifar-10-python.tar.gz" if archive else None
    path = write_cifar(folder, members, "cifar-10-batches-py", name)
    return path, {
        "x_train": np.concatenate(xs),
        "y_train": np.concatenate(ys),
        "x_test": x_test,
        "y_test": y_test,
    }


def make_cifar100(folder, n_train=6, n_test=25, archive=True):
    members, arrays = {}, {}
    for split, n, seed in (("train", n_train, 200), ("test", n_test, 300)):
        x = images(n, (32, 32, 3), seed)
        fine, coarse = labels(n, 100, seed + 1), labels(n, 20, seed + 2)
        batch = {b"fine_labels": [int(v) for v in fine], b"coarse_labels": [int(v) for v in coarse],
                 b"data": x.transpose(0, 3, 1, 2).reshape(n, 3072)}  # fmt: skip
        members[split] = official_pickle(batch)
        arrays[split] = (x, fine, coarse)
    members["meta"] = official_pickle(
        {
            b"fine_label_names": [f"fine{i}".encode() for i in range(100)],
            b"coarse_label_names": [f"coarse{i}".encode() for i in range(20)],
        }  # fmt: skip
    )
    name = "cifar-100-python.tar.gz" if archive else None
    return write_cifar(folder, members, "cifar-100-python", name), arrays


# What the make_* functions below write by default: (train, test) images of each dataset.
FIXTURE_SIZES = {"mnist": (12, 25), "fashion_mnist": (12, 25), "cifar10": (20, 25),
                 "cifar100": (6, 25)}  # fmt: skip


def use_fixture_sizes(monkeypatch, **sizes):
    """Let the tiny fixtures pass as full sets: a full set must hold exactly the known counts."""
    from utils import data_sources

    for name, size in {**FIXTURE_SIZES, **sizes}.items():
        spec = data_sources.SPECS[name]
        monkeypatch.setitem(data_sources.SPECS, name, dataclasses.replace(spec, sizes=size))
