"""The fault suite (issue 14): every bad input a venue, a download or a hostile file can bring.

Each case builds one bad input and checks that it is refused with the right error type, a
message that names the file or value, within a time and memory bound, and without changing
any file that was there before. Test ids start with the issue's class number (c1 ... c9).
"""

import dataclasses
import gzip
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from tests import dataset_fixtures as fx
from tests import fault_helpers as fh
from tests.fault_helpers import refused
from utils import arithmetic as ar
from utils import conv, data_formats, data_sources, datasets, pooling, settings, widgets
from utils.data_formats import DatasetCorruptError, DatasetUnavailableError, DatasetUnreadableError
from utils.settings import SettingError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def online(data, monkeypatch):
    """As ``data``, with downloads allowed and short time limits for the loopback servers."""
    monkeypatch.delenv("WORKSHOP_OFFLINE")
    monkeypatch.setattr(data_sources, "READ_TIMEOUT_S", 0.5)
    monkeypatch.setattr(data_sources, "NETWORK_TIMEOUT_S", 0.5)
    return data


def cifar_folder(data):
    fx.make_cifar10(data, archive=False)
    return data / "cifar-10-batches-py"


# === class 4-5: hostile or corrupt files, checked before they are trusted ==================

# (id, member of an extracted CIFAR-10 folder, its bytes, words the message must hold)
HOSTILE_PICKLES = [
    (
        "ndarray-constructor-1TiB",
        "data_batch_1",
        fh.pickle_ndarray_constructor(),
        "refused numpy.ndarray",
    ),
    (
        "reconstruct-huge-shape",
        "data_batch_2",
        fh.pickle_reconstruct_huge(),
        "refused _reconstruct",
    ),
    ("object-dtype", "data_batch_3", fh.pickle_object_dtype(), "refused numpy.dtype"),
    ("binbytes8-claims-2^60", "data_batch_4", fh.pickle_huge_length(), "claims"),
    ("binunicode8-claims-2^60", "data_batch_5", fh.pickle_huge_length(b"\x8d"), "claims"),
    ("binbytes-claims-4GiB", "test_batch", fh.pickle_huge_length(b"B", 4, 2**32 - 1), "claims"),
    ("binstring-negative", "test_batch", fh.pickle_huge_length(b"T", 4, 2**32 - 1), "claims"),
    (
        "labels-nested-200000",
        "test_batch",
        fh.pickle_deep_labels(n=25),
        "flat list of integer labels",
    ),
    ("labels-float", "data_batch_1", fh.batch(labels=[0.5, 1.0, 2.0, 3.0]), "flat list"),
    ("labels-out-of-range", "data_batch_1", fh.batch(labels=[0, 1, 2, 99]), "outside 0..9"),
    ("labels-negative", "data_batch_1", fh.batch(labels=[0, 1, 2, -1]), "outside 0..9"),
    ("labels-bool", "data_batch_1", fh.batch(labels=[True, 1, 2, 3]), "flat list"),
    ("labels-too-few", "data_batch_1", fh.batch(labels=[0, 1]), "4 images but 2"),
    ("labels-huge-int", "data_batch_1", fh.batch(labels=[0, 1, 2, 2**100]), "outside 0..9"),
    ("data-float", "data_batch_1", fh.batch(data=np.zeros((4, 3072))), "expected uint8"),
    (
        "data-wrong-width",
        "data_batch_1",
        fh.batch(data=np.zeros((4, 3000), np.uint8)),
        "expected uint8 (N, 3072)",
    ),
    ("batch-of-100000-images", "data_batch_1", fh.batch(100_000 // 1000), "images, the official"),
    ("truncated-pickle", "data_batch_1", fh.batch()[:-40], "not a plain-data pickle"),
    ("unknown-opcode", "data_batch_1", b"\x80\x02\xff.", "unknown opcode"),
    ("not-a-dict", "data_batch_1", fx.official_pickle([1, 2, 3]), "expected a dict"),
    ("empty-file", "data_batch_1", b"", "not a plain-data pickle"),
    (
        "meta-names-not-a-list",
        "batches.meta",
        fx.official_pickle({b"label_names": b"x"}),
        "not a list of names",
    ),
    (
        "meta-nine-names",
        "batches.meta",
        fx.official_pickle({b"label_names": [b"a"] * 9}),
        "9 class names",
    ),
]


@pytest.mark.parametrize(
    ("member", "content", "words"),
    [case[1:] for case in HOSTILE_PICKLES],
    ids=[f"c4-pickle-{case[0]}" for case in HOSTILE_PICKLES],
)
def test_hostile_pickle_is_refused_by_load_and_verify(data, capsys, member, content, words):
    folder = cifar_folder(data)
    (folder / member).write_bytes(content)
    refused(lambda: datasets.load("cifar10"), DatasetCorruptError, member, words, watch=data)
    with pytest.raises(SystemExit):
        datasets.main(["verify", str(data)])
    out = capsys.readouterr().out
    assert "BAD cifar-10-batches-py/" in out and member in out, out  # never "ok" without opening


def test_c4_the_real_limits_refuse_five_small_batches_as_a_full_set(data, monkeypatch):
    fx.use_fixture_sizes(monkeypatch, cifar10=(50_000, 10_000))  # the real counts
    cifar_folder(data)
    refused(
        lambda: datasets.load("cifar10"),
        DatasetCorruptError,
        "data_batch_1",
        "4 images, the official file holds exactly 10,000",
        watch=data,
    )


def test_c4_mnist_with_the_wrong_counts_is_not_a_full_set(data, monkeypatch):
    path, _ = fx.make_mnist_npz(data)
    spec = data_sources.SPECS["mnist"]
    trusted = {"mnist.npz": data_sources.sha256(path)}
    monkeypatch.setitem(
        data_sources.SPECS,
        "mnist",
        dataclasses.replace(spec, sha256=trusted, sizes=(60_000, 10_000)),
    )
    refused(
        lambda: datasets.load("mnist"),
        DatasetCorruptError,
        "mnist.npz",
        "holds 12 training and 25 test images; the full set has 60,000 and 10,000",
    )


def fashion(data, name, maker):
    fx.make_fashion(data)
    path = data / "fashion-mnist" / name
    maker(path)
    return path


IDX_FAULTS = [
    (
        "dims-overflow-prod",
        "t10k-images-idx3-ubyte.gz",
        lambda p: fh.idx_gz(p, 0x803, (2**32 - 1,) * 3),
        "header claims dimensions",
    ),
    (
        "dims-wrong-image-size",
        "t10k-images-idx3-ubyte.gz",
        lambda p: fh.idx_gz(p, 0x803, (25, 32, 32), bytes(25 * 1024)),
        "28x28 images",
    ),
    (
        "labels-claim-2^32",
        "t10k-labels-idx1-ubyte.gz",
        lambda p: fh.idx_gz(p, 0x801, (2**32 - 1,)),
        "header claims dimensions",
    ),
    (
        "gzip-bomb-no-magic",
        "train-images-idx3-ubyte.gz",
        lambda p: fh.gzip_of_zeros(p, 256 * fh.MB),
        "IDX magic 0x00000000",
    ),
    (
        "gzip-bomb-after-header",
        "train-images-idx3-ubyte.gz",
        lambda p: fh.gzip_of_zeros(p, 256 * fh.MB, fh.struct.pack(">4I", 0x803, 12, 28, 28)),
        "found 9409",
    ),
    (
        "trailing-bytes",
        "t10k-labels-idx1-ubyte.gz",
        lambda p: fh.idx_gz(p, 0x801, (25,), bytes(30)),
        "found 26",
    ),
    ("not-gzip", "t10k-labels-idx1-ubyte.gz", lambda p: p.write_bytes(b"hello"), "broken gzip"),
    ("empty", "t10k-labels-idx1-ubyte.gz", lambda p: p.write_bytes(b""), "too short"),
    ("sparse-1TiB", "train-images-idx3-ubyte.gz", fh.sparse, "more than the 50,331,648"),
    (
        "labels-out-of-range",
        "t10k-labels-idx1-ubyte.gz",
        lambda p: fh.idx_gz(p, 0x801, (25,), bytes([200] * 25)),
        "labels outside 0..9",
    ),
]


@pytest.mark.parametrize(
    ("name", "maker", "words"),
    [c[1:] for c in IDX_FAULTS],
    ids=[f"c4-idx-{c[0]}" for c in IDX_FAULTS],
)
def test_bad_idx_is_refused_before_its_body_is_read(data, name, maker, words):
    fashion(data, name, maker)
    refused(lambda: datasets.load("fashion_mnist"), DatasetCorruptError, name, words, watch=data)


def good_npz_members(n_train=12, n_test=25):
    arrays = {
        "x_train": fx.images(n_train, (28, 28), 1),
        "y_train": fx.labels(n_train, 10, 2),
        "x_test": fx.images(n_test, (28, 28), 3),
        "y_test": fx.labels(n_test, 10, 4),
    }
    return {k: fh.npy_bytes(v) for k, v in arrays.items()}


NPZ_FAULTS = [
    ("shape-claims-2^40", {"x_train": fh.npy_header((2**40, 28, 28))}, "claims shape"),
    ("shape-wrong-image", {"x_train": fh.npy_header((12, 32, 32))}, "claims shape"),
    ("object-dtype", {"x_train": fh.npy_header((12, 28, 28), "|O")}, "has dtype object"),
    ("float-images", {"x_train": fh.npy_bytes(np.zeros((12, 28, 28)))}, "has dtype float64"),
    ("float-labels", {"y_train": fh.npy_bytes(np.zeros(12))}, "has dtype float64"),
    ("body-short", {"x_train": fh.npy_header((12, 28, 28)) + b"abc"}, "holds 3 bytes"),
    ("missing-array", {"y_test": None}, "has no 'y_test'"),
    ("labels-out-of-range", {"y_test": fh.npy_bytes(np.full(25, 10, np.uint8))}, "outside 0..9"),
    ("labels-count", {"y_test": fh.npy_bytes(np.zeros(24, np.uint8))}, "labels of shape (24,)"),
    ("header-garbage", {"x_train": b"\x93NUMPY\x01\x00\x10\x00{garbage}      \n"}, "cannot read"),
]


@pytest.mark.parametrize(
    ("changes", "words"), [c[1:] for c in NPZ_FAULTS], ids=[f"c4-npz-{c[0]}" for c in NPZ_FAULTS]
)
def test_bad_npz_is_refused_by_its_headers(data, monkeypatch, changes, words):
    members = {k: v for k, v in {**good_npz_members(), **changes}.items() if v is not None}
    path = fh.npz(data / "mnist.npz", members)
    spec = data_sources.SPECS["mnist"]
    trusted = {"mnist.npz": data_sources.sha256(path)}  # even a matching checksum is not enough
    monkeypatch.setitem(data_sources.SPECS, "mnist", dataclasses.replace(spec, sha256=trusted))
    refused(lambda: datasets.load("mnist"), DatasetCorruptError, "mnist.npz", words, watch=data)


SIZE_FAULTS = [  # files far larger than their format allows: refused before hashing or reading
    ("mnist-npz-1TiB", "mnist.npz", "mnist", "more than the 67,108,864"),
    ("cifar10-tar-1TiB", "cifar-10-python.tar.gz", "cifar10", "more than the 209,715,200"),
    ("cifar100-tar-1TiB", "cifar-100-python.tar.gz", "cifar100", "more than the 209,715,200"),
]


@pytest.mark.parametrize(
    ("relname", "name", "words"),
    [c[1:] for c in SIZE_FAULTS],
    ids=[f"c4-size-{c[0]}" for c in SIZE_FAULTS],
)
def test_huge_sparse_file_is_refused_before_hashing(data, capsys, relname, name, words):
    fh.sparse(data / relname)
    refused(lambda: datasets.load(name), DatasetCorruptError, relname, words, watch=data)
    refused(
        lambda: data_sources.check_sha256(data_sources.SPECS[name], relname, data / relname),
        DatasetCorruptError,
        relname,
        words,
        watch=data,
    )
    with pytest.raises(SystemExit):
        datasets.main(["verify", str(data)])
    assert f"BAD {relname}" in capsys.readouterr().out


def test_c4_size_sparse_member_of_an_extracted_folder(data):
    folder = cifar_folder(data)
    (folder / "data_batch_2").unlink()
    fh.sparse(folder / "data_batch_2")
    refused(
        lambda: data_formats.read_cifar10(folder),
        DatasetCorruptError,
        "data_batch_2",
        "more than the 33,554,432",
        watch=data,
    )


TAR_FAULTS = [
    ("member-claims-300MB", {"cifar-10-batches-py/readme.html": 300 * fh.MB}, "claims 314,572,800"),
    ("batch-claims-40MB", {"cifar-10-batches-py/data_batch_1": 40 * fh.MB}, "claims 41,943,040"),
    ("100-members", {f"junk{i}": b"x" for i in range(100)}, "more than 64 members"),
    ("missing-members", {"cifar-10-batches-py/batches.meta": b"x"}, "not a list|lacks|plain-data"),
]


@pytest.mark.parametrize(
    ("members", "words"), [c[1:] for c in TAR_FAULTS], ids=[f"c4-tar-{c[0]}" for c in TAR_FAULTS]
)
def test_bad_tar_is_refused_by_member_headers(data, monkeypatch, members, words):
    path = fh.tar_gz(data / "cifar-10-python.tar.gz", members)
    spec = data_sources.SPECS["cifar10"]
    trusted = {spec.files[0]: data_sources.sha256(path)}
    monkeypatch.setitem(data_sources.SPECS, "cifar10", dataclasses.replace(spec, sha256=trusted))
    err = refused(
        lambda: datasets.load("cifar10"), DatasetCorruptError, "cifar-10-python.tar.gz", watch=data
    )
    assert any(w in err.problem for w in words.split("|")), err.problem


def test_c4_tar_bomb_is_capped(data):
    path = fh.tar_pax_bomb(data / "cifar-10-python.tar.gz", 300 * fh.MB)
    refused(
        lambda: data_formats.read_cifar10(path),
        DatasetCorruptError,
        "cifar-10-python.tar.gz",
        "unpacks to more than",
        seconds=10,
        watch=data,
    )


SAMPLE_FAULTS = [
    ("float-labels", lambda x, y: (x, y.astype(float)), "has dtype float64"),
    ("labels-out-of-range", lambda x, y: (x, np.full(20, 10, np.uint8)), "outside 0..9"),
    ("19-images", lambda x, y: (x[:19], y[:19]), "19 images, expected 20"),
    (
        "21-images",
        lambda x, y: (np.concatenate([x, x[:1]]), np.concatenate([y, y[:1]])),
        "claims shape",
    ),
    ("wrong-shape", lambda x, y: (x[:, :28, :28], y), "claims shape"),
    ("object-array", lambda x, y: (x, np.array([None] * 20)), "has dtype object"),
]


@pytest.mark.parametrize(
    ("change", "words"),
    [c[1:] for c in SAMPLE_FAULTS],
    ids=[f"c5-sample-{c[0]}" for c in SAMPLE_FAULTS],
)
def test_bad_sample_file_is_refused(data, change, words):
    x, y = change(fx.images(20, (32, 32, 3), 5), fx.labels(20, 10, 6))
    (data / "samples").mkdir()
    path = data / "samples" / "cifar10-test-head20.npz"
    fh.npz(path, {"x_test": fh.npy_bytes(x), "y_test": fh.npy_bytes(y)})
    refused(lambda: datasets.sample("cifar10"), DatasetCorruptError, path.name, words, watch=data)


def test_c5_partial_folder_is_partial_in_verify_and_info(data, capsys):
    folder = cifar_folder(data)
    for member in (
        "data_batch_2",
        "data_batch_3",
        "data_batch_4",
        "data_batch_5",
        "test_batch",
        "batches.meta",
    ):
        (folder / member).unlink()
    with pytest.raises(SystemExit):
        datasets.main(["verify", str(data)])
    out = capsys.readouterr().out
    assert "PART cifar-10-batches-py/" in out and "partial: 1 of 7 files" in out, out
    assert "ok  cifar-10-batches-py/" not in out
    datasets.main(["info"])
    info = capsys.readouterr().out
    cifar_line = next(line for line in info.splitlines() if line.startswith("CIFAR-10 "))
    assert "full set" not in cifar_line and "partial, not used" in cifar_line, cifar_line
    assert datasets.where("cifar10").kind == "none"


def test_c5_verify_opens_every_member_it_vouches_for(data, capsys):
    cifar_folder(data)
    datasets.main(["verify", str(data)])
    assert "ok  cifar-10-batches-py/" in capsys.readouterr().out
    (data / "cifar-10-batches-py" / "test_batch").write_bytes(fh.pickle_ndarray_constructor())
    with pytest.raises(SystemExit):
        datasets.main(["verify", str(data)])
    assert "BAD cifar-10-batches-py/" in capsys.readouterr().out


def test_c5_partial_fashion_files_are_partial(data, capsys):
    out_dir, _ = fx.make_fashion(data)
    (out_dir / "train-images-idx3-ubyte.gz").unlink()
    with pytest.raises(SystemExit):
        datasets.main(["verify", str(data)])
    assert "PART Fashion-MNIST files" in capsys.readouterr().out


# === class 2-3: downloads ===================================================================


def serve_raw(request, behaviour):
    server = fh.RawServer(behaviour)
    request.addfinalizer(server.close)
    return server.url


def mirror(monkeypatch, url):
    monkeypatch.setenv("WORKSHOP_DATA_URL", url)


HTML = b"<!DOCTYPE html><html><body>Log in to Hotel Wi-Fi</body></html>"
DOWNLOAD_FAULTS = [  # (id, behaviour, words), downloading mnist.npz from the mirror
    (
        "captive-portal-html",
        fh.answer(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            b"Content-Length: %d\r\n\r\n" % len(HTML) + HTML
        ),
        "web page instead of the file",
    ),
    (
        "html-as-octet-stream",
        fh.answer(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream"
            b"\r\nContent-Length: %d\r\n\r\n" % len(HTML) + HTML
        ),
        "web page instead of the file",
    ),
    (
        "incomplete-read",
        fh.answer(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 10),
        "closed",
    ),
    (
        "chunked-cut-off",
        fh.answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nabc"),
        "closed early",
    ),
    ("bad-status-line", fh.answer(b"garbage garbage\r\n\r\n"), "not valid HTTP"),
    ("empty-reply", fh.answer(b""), "not valid HTTP"),
    ("http-404", fh.answer(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), "HTTP 404"),
    ("http-500", fh.answer(b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n"), "HTTP 500"),
    ("empty-body", fh.answer(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), "empty answer"),
    (
        "too-large",
        fh.answer(b"HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n"),
        "more than the 67,108,864",
    ),
    ("accepts-never-answers", fh.never_answers, "no answer for 0.5 s"),
    (
        "stalls-mid-body",
        fh.stalls_after(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"),
        "no answer for 0.5 s",
    ),
]


@pytest.mark.parametrize(
    ("behaviour", "words"),
    [c[1:] for c in DOWNLOAD_FAULTS],
    ids=[f"c2-download-{c[0]}" for c in DOWNLOAD_FAULTS],
)
def test_download_failure_is_one_clear_message(
    online, request, monkeypatch, tmp_path, behaviour, words
):
    url = serve_raw(request, behaviour)
    mirror(monkeypatch, url)
    cache = tmp_path / "keras" / "datasets"
    err = refused(
        lambda: datasets.load("mnist"),
        DatasetUnavailableError,
        "MNIST",
        url + "mnist.npz",
        words,
        watch=tmp_path,
    )
    assert "download failed" in str(err)
    assert not [p for p in cache.rglob("*") if p.is_file()], "a file was left behind"
    with pytest.raises(SystemExit) as exit_info:
        datasets.main(["fetch", "mnist", "--to", str(tmp_path / "out")])
    assert words in str(exit_info.value.code) and "Cannot fetch MNIST" in str(exit_info.value.code)


def test_c2_refused_port_is_no_connection(online, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    mirror(monkeypatch, f"http://127.0.0.1:{port}/")
    refused(
        lambda: datasets.load("mnist"),
        DatasetUnavailableError,
        f"127.0.0.1:{port}",
        "no connection",
    )


@pytest.fixture
def served(online, tmp_path, request):
    """A mirror of tiny official-format files on 127.0.0.1."""
    root = tmp_path / "served"
    fx.make_mnist_npz(root)
    fx.make_fashion(root)
    server = fh.FileServer(root)
    request.addfinalizer(server.close)
    return root, server


def test_c2_checksum_mismatch_never_says_delete(served, monkeypatch, tmp_path):
    root, server = served
    mirror(monkeypatch, server.url)
    err = refused(
        lambda: datasets.load("mnist"),
        DatasetCorruptError,
        "mnist.npz",
        "has sha256",
        watch=tmp_path,
    )
    assert not err.kept and "Delete it" not in str(err) and "Nothing was kept" in str(err)
    assert not list((tmp_path / "keras" / "datasets").iterdir())


def test_c2_invalid_download_names_the_address_not_the_deleted_part_file(
    served, monkeypatch, tmp_path
):
    root, server = served
    (root / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(b"junk"))
    mirror(monkeypatch, server.url)
    err = refused(
        lambda: datasets.load("fashion_mnist"),
        DatasetCorruptError,
        server.url + "fashion-mnist/t10k-labels-idx1-ubyte.gz",
        watch=tmp_path,
    )
    assert ".part" not in str(err) and "Delete it" not in str(err)


def test_c2_mirror_setting_fetches_and_loads(served, monkeypatch, tmp_path, capsys):
    root, server = served
    mirror(monkeypatch, server.url)
    target = tmp_path / "workshop"
    datasets.main(["fetch", "fashion_mnist", "--to", str(target)])
    assert "Fashion-MNIST: ready in" in capsys.readouterr().out
    assert server.requests == [f"/fashion-mnist/{f.split('/')[1]}" for f in fx_fashion_files()]
    monkeypatch.setenv("WORKSHOP_DATA", str(target))
    assert datasets.load("fashion_mnist").x_train.shape == (12, 28, 28)


def fx_fashion_files():
    return data_sources.SPECS["fashion_mnist"].files


@pytest.mark.parametrize(
    "value",
    ["ftp://example.org/", "example.org", "http://"],
    ids=lambda v: f"c3-bad-mirror-setting-{v}",
)
def test_bad_mirror_setting_is_refused(online, monkeypatch, value):
    monkeypatch.setenv("WORKSHOP_DATA_URL", value)
    refused(lambda: datasets.load("mnist"), SettingError, "WORKSHOP_DATA_URL", value)


def test_c3_proxy_is_used_and_no_proxy_is_honoured(served, monkeypatch, tmp_path, request):
    root, _ = served
    proxy = fh.FileServer(root)  # answers absolute-URL requests, as a proxy does
    request.addfinalizer(proxy.close)
    monkeypatch.setenv("WORKSHOP_DATA_URL", "http://mirror.invalid/")  # reachable only by proxy
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    target = tmp_path / "via-proxy"
    datasets._fetch(data_sources.SPECS["fashion_mnist"], target)
    assert proxy.requests[0] == "http://mirror.invalid/fashion-mnist/train-images-idx3-ubyte.gz"
    assert len(list((target / "fashion-mnist").iterdir())) == 4
    assert data_sources.proxy_for("http://mirror.invalid/x") == proxy.url
    monkeypatch.setenv("NO_PROXY", "mirror.invalid")
    assert data_sources.proxy_for("http://mirror.invalid/x") is None


def test_c3_a_silent_proxy_times_out_and_says_so(online, monkeypatch, request):
    url = serve_raw(request, fh.never_answers)
    monkeypatch.setenv("WORKSHOP_DATA_URL", "http://mirror.invalid/")
    monkeypatch.setenv("HTTP_PROXY", url)
    refused(lambda: datasets.load("mnist"), DatasetUnavailableError, "no answer for 0.5 s")


def test_c3_an_unreachable_proxy_is_named(online, monkeypatch):
    monkeypatch.setenv("WORKSHOP_DATA_URL", "http://mirror.invalid/")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9/")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9/")
    refused(lambda: datasets.load("mnist"), DatasetUnavailableError, "proxy http://127.0.0.1:9/")


def test_c2_stale_part_files_are_cleaned_on_the_next_run(served, monkeypatch, tmp_path):
    root, server = served
    cache = tmp_path / "keras" / "datasets"
    cache.mkdir(parents=True)
    stale = cache / f".mnist.npz.part-{fh.dead_pid()}"
    stale.write_bytes(b"half")
    live = cache / f".mnist.npz.part-{os.getppid()}"  # a running download: left alone
    live.write_bytes(b"busy")
    mirror(monkeypatch, server.url)
    with pytest.raises(DatasetCorruptError):  # the fixture is not the official file
        datasets.load("mnist")
    assert not stale.exists() and live.exists()


def test_c2_a_fetch_killed_by_sigterm_is_cleaned_up_next_time(online, tmp_path, request):
    url = serve_raw(request, fh.stalls_after(b"HTTP/1.1 200 OK\r\nContent-Length: 9999\r\n\r\nab"))
    target = tmp_path / "killed"
    env = {**os.environ, "WORKSHOP_DATA_URL": url, "PYTHONPATH": str(ROOT)}
    env.pop("WORKSHOP_OFFLINE", None)
    child = subprocess.Popen(
        [sys.executable, "-m", "utils.datasets", "fetch", "mnist", "--to", str(target)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not list(target.glob(".mnist.npz.part-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGTERM)
    child.wait(10)
    left = list(target.glob(".mnist.npz.part-*"))
    assert left, "the killed fetch left no part file (nothing to prove)"
    assert data_sources.clean_stale_parts(target) == left and not list(target.iterdir())


# === class 6: misleading messages ===========================================================


def test_c6_data_folder_is_a_file(data, monkeypatch, tmp_path, capsys):
    a_file = tmp_path / "data.txt"
    a_file.write_text("x")
    monkeypatch.setenv("WORKSHOP_DATA", str(a_file))
    refused(lambda: datasets.load("mnist"), SettingError, str(a_file), "names a file")
    with pytest.raises(SystemExit) as exit_info:
        datasets.main(["info"])
    assert "names a file" in str(exit_info.value.code)


def test_c6_data_folder_missing(data, monkeypatch, tmp_path):
    monkeypatch.setenv("WORKSHOP_DATA", str(tmp_path / "nowhere"))
    refused(lambda: datasets.where("mnist"), SettingError, "nowhere", "nothing is there")


def test_c6_keras_home_with_a_tilde_means_home(data, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KERAS_HOME", "~/x")
    monkeypatch.chdir(tmp_path)
    assert data_sources.keras_cache() == tmp_path / "home" / "x" / "datasets"
    with pytest.raises(DatasetUnavailableError):
        datasets.load("mnist")
    assert not (tmp_path / "~").exists()


@pytest.mark.parametrize(
    "name",
    [["mnist"], None, 3, b"mnist", {"mnist"}],
    ids=lambda v: f"c6-load-name-{type(v).__name__}",
)
def test_dataset_name_of_the_wrong_type(data, name):
    refused(lambda: datasets.load(name), TypeError, repr(name), "one dataset per call")


@pytest.mark.parametrize("mode", [["fine"], None, "Fine"], ids=lambda v: f"c6-label-mode-{v}")
def test_label_mode_of_the_wrong_kind(data, mode):
    refused(lambda: datasets.load("cifar100", label_mode=mode), ValueError, repr(mode))


def test_c6_sample_without_data_never_claims_a_download(data):
    err = refused(
        lambda: datasets.sample("cifar10"),
        DatasetUnavailableError,
        "CIFAR-10",
        "nothing was downloaded",
    )
    assert "could not download" not in str(err) and "download failed" not in str(err)


def test_c6_fetch_to_a_file(data, tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(SystemExit) as exit_info:
        datasets.main(["fetch", "mnist", "--to", str(a_file)])
    text = str(exit_info.value.code)
    assert "is a file, not a folder" in text and "internet" not in text


def test_c6_unreadable_file(data, monkeypatch):
    fx.make_fashion(data)

    def no_permission(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(data_formats, "open", no_permission, raising=False)
    refused(
        lambda: datasets.load("fashion_mnist"),
        DatasetUnreadableError,
        "train-images-idx3-ubyte.gz cannot be read: Permission denied",
        "chmod a+r",
    )


def test_c6_verify_a_missing_folder(data, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        datasets.main(["verify", str(tmp_path / "nowhere")])
    assert "nowhere is not a folder" in str(exit_info.value.code)


# === class 7: the plain functions behind the explorers ======================================

VIEW_FAULTS = [
    (widgets.arithmetic_view, {"stride": 0}, "stride=0"),
    (widgets.arithmetic_view, {"n": -3}, "n=-3"),
    (widgets.arithmetic_view, {"n": 7.5}, "n=7.5"),
    (widgets.arithmetic_view, {"kernel_size": 2.0}, "size=2.0"),
    (widgets.arithmetic_view, {"padding": -1}, "padding=-1"),
    (widgets.arithmetic_view, {"padding": "half"}, "padding='half'"),
    (widgets.arithmetic_view, {"n": 8, "padding": "same"}, "padding='same'"),
    (widgets.arithmetic_view, {"dilation": 0}, "dilation=0"),
    (widgets.arithmetic_view, {"n": 3000}, "3000"),
    (widgets.arithmetic_view, {"n": 10**400}, "too many to draw"),
    (widgets.arithmetic_view, {"n": None}, "n=None"),
    (widgets.arithmetic_view, {"stride": True}, "stride=True"),
    (widgets.conv_view, {"preset": "emboss"}, "'emboss'"),
    (widgets.conv_view, {"preset": ["sharpen"]}, "['sharpen']"),
    (widgets.conv_view, {"image": "dog"}, "'dog'"),
    (widgets.conv_view, {"kernel": np.full((3, 3), 1e39)}, "1e+39"),
    (widgets.conv_view, {"kernel": np.full((3, 3), 3e38)}, "overflows float32"),
    (widgets.conv_view, {"kernel": [[10**400] * 3] * 3}, "3x3 finite numbers"),
    (widgets.conv_view, {"kernel": np.ones((2, 2))}, "3x3 finite numbers"),
    (widgets.conv_view, {"kernel": "abc"}, "'abc'"),
    (widgets.conv_view, {"kernel": [[1, 2, 3], [4, 5]]}, "3x3 finite numbers"),
    (widgets.pooling_view, {"kind": "median"}, "'median'"),
    (widgets.pooling_view, {"kind": None}, "None"),
    (widgets.pooling_view, {"source": "video"}, "'video'"),
    (widgets.pooling_view, {"pool_size": 0}, "size=0"),
    (widgets.pooling_view, {"pool_size": 61}, "larger than the padded input"),
    (widgets.pooling_view, {"stride": -2}, "stride=-2"),
    (widgets.pooling_view, {"pool_size": 2.5}, "size=2.5"),
]


@pytest.mark.parametrize(
    ("view", "kwargs", "words"),
    VIEW_FAULTS,
    ids=[f"c7-{i:02d}-{v.__name__}" for i, (v, _, _) in enumerate(VIEW_FAULTS)],
)
def test_view_refuses_with_a_message_within_a_second(view, kwargs, words):
    view(**{"arithmetic_view": {"n": 5}, "conv_view": {}, "pooling_view": {}}[view.__name__])
    start = time.perf_counter()
    ok, text, fig = view(**kwargs)
    assert time.perf_counter() - start < 1.0
    assert not ok and words in text, text
    assert fig is not None


def test_c7_numpy_integers_work_in_the_views():
    ok, text, _ = widgets.arithmetic_view(np.int64(7), np.int32(3), np.int64(2))
    assert ok and text.endswith("= 3 outputs")
    ok, text, _ = widgets.pooling_view(pool_size=np.int64(3), stride=np.int64(3))
    assert ok and "20x20" in text


# === class 8: arithmetic and kernels ========================================================

ARITHMETIC_FAULTS = [
    (lambda: ar.conv_output_shape((8, 8, -1), 3, 4), "channels C=-1"),
    (lambda: ar.conv_params(3, -2, 4), "in_channels=-2"),
    (lambda: ar.conv_macs((8, 8, 3), 3, 4, groups=2), "groups=2 must divide"),
    (lambda: ar.conv_output_size(8, 3, dilation=0), "dilation=0"),
    (lambda: ar.conv_output_size(8, 3, dilation=-2), "dilation=-2"),
    (lambda: ar.effective_kernel(3, 0), "dilation=0"),
    (lambda: ar.transposed_conv_output_size(4, 3, 2, 1, 0.5), "output_padding=0.5"),
    (lambda: ar.transposed_conv_output_size(4, 3, 2, "half"), "padding='half'"),
    (lambda: ar.conv_output_shape((8, 8), 3, 4), "(8, 8)"),
    (lambda: ar.conv_params(3, 1, 1, bias="yes"), "bias='yes'"),
    (lambda: ar.receptive_field([(3,)]), "(3,)"),
    (lambda: ar.receptive_field(5), "got 5"),
    (lambda: ar.receptive_field([(3, 1, 0)]), "dilation=0"),
    (lambda: ar.resolve_padding("same", 3), "padding='same'"),
    (lambda: ar.conv_output_size(8, 3, padding=1.5), "padding=1.5"),
    (lambda: conv.conv2d(np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), padding=(1,)), "(1,)"),
    (
        lambda: conv.conv2d(np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), padding=(1, 1, 1)),
        "(1, 1, 1)",
    ),
    (
        lambda: conv.conv2d(np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), padding=((1, 2), 0)),
        "(1, 2)",
    ),
    (lambda: conv.conv2d(np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), dilation=0), "dilation=0"),
    (lambda: conv.conv2d(np.array([[[["a"]]]]), np.ones((1, 1, 1, 1))), "dtype <U1"),
    (lambda: conv.conv2d_naive(np.ones((1, 0, 5, 1)), np.ones((1, 1, 1, 1))), "empty axis"),
    (lambda: conv.conv2d(np.ones((1, 4, 4, 1)), np.ones((1, 1, 1, 1)), padding=10**6), "stops at"),
    (
        lambda: conv.conv2d(np.full((1, 3, 3, 1), 2**62, np.int64), np.full((3, 3, 1, 1), 4)),
        "could overflow int64",
    ),
    (lambda: pooling.max_pool2d(np.ones((1, 4, 4, 1)), 2, 1, padding=2), "padding 2"),
    (lambda: pooling.avg_pool2d(np.ones((1, 4, 4, 1)), 2, 1, padding=3), "padding 3"),
    (lambda: pooling.max_pool2d(np.ones((1, 4, 4, 1)), 2, padding=(1, 1)), "padding=(1, 1)"),
    (lambda: pooling.max_pool2d(np.array([[[[None]]]]), 1), "dtype object"),
    (lambda: pooling.fractional_boundaries(10, float("nan"), np.random.default_rng()), "nan"),
    (lambda: pooling.fractional_boundaries(-4, 1.5, np.random.default_rng()), "n=-4"),
    (lambda: pooling.stochastic_pool2d(np.full((1, 2, 2, 1), np.nan)), "finite"),
    (lambda: pooling.global_avg_pool2d(np.ones((1, 0, 2, 1))), "empty axis"),
]


@pytest.mark.parametrize(
    ("call", "words"), ARITHMETIC_FAULTS, ids=[f"c8-{i:02d}" for i in range(len(ARITHMETIC_FAULTS))]
)
def test_arithmetic_and_kernels_refuse_nonsense(call, words):
    refused(call, (ValueError, TypeError), words, seconds=2)


def test_c8_numpy_integers_are_integers():
    assert ar.conv_output_size(np.int64(7), np.int64(3)) == 5
    assert ar.conv_params(np.int32(3), np.int64(2), np.uint8(4)) == 76
    assert ar.conv_output_shape((np.int64(8), 8, 3), 3, np.int64(4), padding=np.int64(1)) == (
        8,
        8,
        4,
    )
    assert pooling.max_pool2d(np.ones((1, 4, 4, 1)), np.int64(2)).shape == (1, 2, 2, 1)


def test_c8_uint8_inputs_never_wrap_and_both_convolutions_agree():
    x = np.full((1, 4, 4, 3), 255, np.uint8)
    w = np.full((3, 3, 3, 2), 200, np.uint8)
    expected = np.full((1, 2, 2, 2), 255 * 200 * 27)
    for f in (conv.conv2d, conv.conv2d_naive):
        out = f(x, w, np.array([7, 7], np.uint8))
        assert out.dtype == np.int64
        np.testing.assert_array_equal(out, expected + 7)
    assert conv.conv1d(np.array([200, 200], np.uint8), np.array([2, 2], np.uint8)).tolist() == [800]


def test_c8_pooling_never_returns_minus_infinity():
    x = np.arange(16.0).reshape(1, 4, 4, 1)
    for padding in (0, 1, "same", "full"):
        out = pooling.max_pool2d(x, 3, 1, padding=padding, strict=False)
        assert np.isfinite(out).all()


# === class 1 and 9: make env offline, make lab =============================================

FAKE_PYTHON = textwrap.dedent("""\
    #!/usr/bin/env bash
    # A fake python3.11: "-c" passes; "-m venv DIR" makes DIR with a python whose pip works
    # unless FAKE_OFFLINE=1.
    if [ "$1" = "-c" ]; then exit 0; fi
    if [ "$1 $2" = "-m venv" ]; then
      mkdir -p "$3/bin"
      printf '#!/usr/bin/env bash\\nif [ "$1 $2" = "-m pip" ] && [ "${FAKE_OFFLINE:-0}" = 1 ];'\\
    ' then echo "ERROR: offline" >&2; exit 1; fi\\nexit 0\\n' > "$3/bin/python"
      chmod +x "$3/bin/python"
      echo "#!$(cd "$3" && pwd)/bin/python" > "$3/bin/jupyter"
      exit 0
    fi
    exit 1
""")
FAKE_NPM = textwrap.dedent("""\
    #!/usr/bin/env bash
    # A fake npm: "ci" installs one package unless FAKE_OFFLINE=1.
    if [ "${FAKE_OFFLINE:-0}" = 1 ]; then echo "npm ERR! network" >&2; exit 1; fi
    mkdir -p node_modules/reveal.js && echo "$(cat package-lock.json)" > node_modules/reveal.js/v
""")


@pytest.fixture
def checkout(tmp_path):
    """A copy of the Makefile and build script, with fake pip and npm on the PATH."""
    shutil.which("make") or pytest.skip("needs make")
    root = tmp_path / "checkout"
    (root / "tools").mkdir(parents=True)
    (root / "slides").mkdir()
    shutil.copy(ROOT / "Makefile", root)
    shutil.copy(ROOT / "tools" / "build_env.sh", root / "tools")
    (root / "requirements.txt").write_text("numpy==2.0.0\nkeras==3.0.0\n")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (root / "slides" / "package.json").write_text("{}\n")
    (root / "slides" / "package-lock.json").write_text('{"reveal.js": "5.0.0"}\n')
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("python3.11", FAKE_PYTHON), ("npm", FAKE_NPM)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return root, bin_dir


def make(checkout, target, offline=False):
    root, bin_dir = checkout
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "FAKE_OFFLINE": "1" if offline else "0",
    }
    return subprocess.run(
        ["make", "-s", target, f"PYTHON={bin_dir / 'python3.11'}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_c1_offline_make_env_after_a_pin_change_keeps_the_old_env(checkout):
    root, _ = checkout
    assert make(checkout, "env").returncode == 0
    (root / ".venv" / "marker").write_text("the working environment")
    assert (root / ".venv" / "bin" / "jupyter").read_text().startswith(f"#!{root}/.venv/bin/")
    (root / "requirements.txt").write_text("numpy==2.1.0\nkeras==3.0.0\n")
    result = make(checkout, "env", offline=True)
    assert result.returncode == 0, result.stderr
    assert (root / ".venv" / "marker").read_text() == "the working environment"
    assert "STALE" in result.stdout and "-numpy==2.0.0" in result.stdout
    assert "+numpy==2.1.0" in result.stdout and "keras" not in result.stdout
    assert not (root / ".venv.new").exists()
    online = make(checkout, "env")
    assert online.returncode == 0 and not (root / ".venv" / "marker").exists()
    assert (root / ".venv" / ".pins" / "requirements.txt").read_text().startswith("numpy==2.1.0")


def test_c1_offline_with_no_env_at_all_fails_and_says_so(checkout):
    result = make(checkout, "env", offline=True)
    assert result.returncode != 0 and "no previous one" in result.stderr
    assert not (checkout[0] / ".venv").exists() and not (checkout[0] / ".venv.new").exists()


def test_c1_offline_npm_after_a_lockfile_change_keeps_node_modules(checkout):
    root, _ = checkout
    make(checkout, "env")
    node_stamp = "slides/node_modules/.installed-"
    make(checkout, "slides-build")  # the fake python does not build decks: npm is what counts
    assert (root / "slides" / "node_modules" / "reveal.js" / "v").exists()
    assert list((root / "slides" / "node_modules").glob(".installed-*")), node_stamp
    (root / "slides" / "package-lock.json").write_text('{"reveal.js": "5.1.0"}\n')
    result = make(checkout, "slides-build", offline=True)
    assert "STALE" in result.stdout and '+{"reveal.js": "5.1.0"}' in result.stdout
    assert "5.0.0" in (root / "slides" / "node_modules" / "reveal.js" / "v").read_text()
    assert not (root / "slides" / ".node_modules.build").exists()


def test_c9_make_lab_uses_a_free_port_and_prints_it():
    import socket

    from tools import lab

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        port = lab.free_port(taken)
        assert port != taken
    argv, notes = lab.lab_command(port, ["--no-browser"], is_root=False)
    assert f"--port={port}" in argv and "--ServerApp.port_retries=0" in argv and not notes


def test_c9_make_lab_as_root_passes_allow_root_with_a_note():
    from tools import lab

    argv, notes = lab.lab_command(8888, is_root=True)
    assert argv.count("--allow-root") == 1 and "root" in notes[0]
    argv, _ = lab.lab_command(8888, ["--allow-root"], is_root=True)
    assert argv.count("--allow-root") == 1


def test_c9_make_lab_prints_the_real_address(monkeypatch, capsys):
    import socket

    from tools import lab

    ran = []
    monkeypatch.setattr(os, "execv", lambda path, argv: ran.append(argv))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        lab.main(["--port", str(taken), "--args=--no-browser"])
    out = capsys.readouterr().out
    port = int(next(a for a in ran[0] if a.startswith("--port=")).split("=")[1])
    assert f"Port {taken} is busy; using {port}" in out
    assert f"http://127.0.0.1:{port}/lab/tree/notebooks/00_index.ipynb" in out


# Settings module sanity: the errors carry their data.
def test_c6_setting_error_carries_data():
    err = SettingError("WORKSHOP_DATA", "/x", "is not a folder", "Point it at one")
    assert (err.name, err.value, err.problem) == ("WORKSHOP_DATA", "/x", "is not a folder")
    assert settings.DATA_URL_ENV == "WORKSHOP_DATA_URL"
