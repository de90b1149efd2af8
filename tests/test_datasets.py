"""utils.datasets: one code path for the official formats, and every refusal proven."""

import dataclasses
import functools
import gzip
import http.server
import os
import pickle
import re
import socket
import threading
import time
import tracemalloc

import numpy as np
import pytest

from tests import dataset_fixtures as fx
from utils import data_formats, data_sources, datasets
from utils.datasets import DatasetCorruptError, DatasetUnavailableError


def trust(monkeypatch, name, path):
    """Let a fixture archive pass the checksum that guards the real one."""
    spec = data_sources.SPECS[name]
    relname = spec.files[0]
    patched = dataclasses.replace(spec, sha256={relname: data_sources.sha256(path)})
    monkeypatch.setitem(data_sources.SPECS, name, patched)


def assert_same(ds, arrays, keys=("x_train", "y_train", "x_test", "y_test")):
    for key in keys:
        np.testing.assert_array_equal(getattr(ds, key), arrays[key])


# --- every format through the same loader -------------------------------------------------


def test_mnist_npz(data, monkeypatch):
    path, arrays = fx.make_mnist_npz(data)
    trust(monkeypatch, "mnist", path)
    ds = datasets.load("mnist")
    assert_same(ds, arrays)
    assert ds.source == "MNIST full set, from mnist.npz in $WORKSHOP_DATA"
    assert ds.x_train.dtype == np.uint8 and ds.class_names[3] == "3"


def test_fashion_mnist_idx(data):
    _, arrays = fx.make_fashion(data)
    ds = datasets.load("fashion_mnist")
    for ours, theirs in zip(
        ("x_train", "y_train", "x_test", "y_test"), arrays.values(), strict=True
    ):
        np.testing.assert_array_equal(getattr(ds, ours), theirs)
    assert ds.class_names[9] == "Ankle boot" and "fashion-mnist/" in ds.source


@pytest.mark.parametrize("archive", [True, False], ids=["tar.gz", "extracted"])
def test_cifar10(data, monkeypatch, archive):
    path, arrays = fx.make_cifar10(data, archive=archive)
    if archive:
        trust(monkeypatch, "cifar10", path)
    ds = datasets.load("cifar10")
    assert ds.x_train.shape == (20, 32, 32, 3) and ds.x_train.flags.c_contiguous
    assert_same(ds, arrays)  # channels-first rows became channels-last images
    assert ds.class_names == tuple(n.decode() for n in fx.CIFAR10_NAMES)


@pytest.mark.parametrize("mode", ["fine", "coarse"])
def test_cifar100_label_modes(data, monkeypatch, mode):
    path, arrays = fx.make_cifar100(data)
    trust(monkeypatch, "cifar100", path)
    ds = datasets.load("cifar100", label_mode=mode)
    column = 1 if mode == "fine" else 2
    np.testing.assert_array_equal(ds.x_train, arrays["train"][0])
    np.testing.assert_array_equal(ds.y_test, arrays["test"][column])
    assert len(ds.class_names) == (100 if mode == "fine" else 20)


def test_keras_cache_is_used_when_the_data_folder_lacks_a_file(data, monkeypatch, tmp_path):
    path, arrays = fx.make_mnist_npz(tmp_path / "keras" / "datasets")
    trust(monkeypatch, "mnist", path)
    ds = datasets.load("mnist")
    assert_same(ds, arrays)
    assert ds.source.endswith("in the Keras cache")


def test_sample_is_identical_from_the_full_set_and_from_the_sample_file(data, monkeypatch):
    path, arrays = fx.make_cifar10(data)
    trust(monkeypatch, "cifar10", path)
    full = datasets.sample("cifar10")
    (data / "samples").mkdir()
    np.savez(
        data / "samples" / "cifar10-test-head20.npz",
        x_test=arrays["x_test"][:20],
        y_test=arrays["y_test"][:20],
    )
    path.unlink()
    alone = datasets.sample("cifar10", n=20)
    np.testing.assert_array_equal(full.x, alone.x)
    np.testing.assert_array_equal(full.y, alone.y)
    assert "full CIFAR-10 set is not here" in alone.source and "full set" in full.source
    assert datasets.sample("cifar10", n=3).x.shape == (3, 32, 32, 3)
    with pytest.raises(ValueError, match="n must be an integer from 1 to 20, got n=21"):
        datasets.sample("cifar10", n=21)


def test_describe_computes_from_the_data(data, monkeypatch):
    path, arrays = fx.make_mnist_npz(data)
    trust(monkeypatch, "mnist", path)
    facts = datasets.describe("mnist")
    assert (facts["train"], facts["test"], facts["image_shape"]) == (12, 25, (28, 28))
    assert facts["range"] == (int(arrays["x_test"].min()), int(arrays["x_test"].max()))


def test_bad_names_and_label_modes(data):
    with pytest.raises(ValueError, match="unknown dataset 'imagenet'; choose one of mnist"):
        datasets.load("imagenet")
    with pytest.raises(ValueError, match="label_mode='coarse' applies to cifar100 only"):
        datasets.load("mnist", label_mode="coarse")


# --- refusals -----------------------------------------------------------------------------


class Exploit:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_hostile_pickle_is_refused_and_never_runs(data, tmp_path):
    marker = tmp_path / "pwned"
    fx.make_cifar10(data, archive=False)
    (data / "cifar-10-batches-py" / "data_batch_3").write_bytes(
        pickle.dumps({b"data": Exploit(marker)})
    )
    with pytest.raises(DatasetCorruptError, match=r"data_batch_3.*refused to load posix\.system"):
        datasets.load("cifar10")
    assert not marker.exists()
    pickle.loads(pickle.dumps(Exploit(marker)))  # the same bytes, unpickled blindly, do run
    assert marker.exists()


def test_truncated_gzip_is_refused(data):
    out, _ = fx.make_fashion(data)
    path = out / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-50])
    with pytest.raises(
        DatasetCorruptError, match=r"train-images-idx3-ubyte\.gz .*broken gzip.*fetch fashion_mnist"
    ):
        datasets.load("fashion_mnist")


@pytest.mark.parametrize(
    ("header", "message"),
    [(struct_args := (0x802, 25, 28, 28), r"IDX magic 0x00000802, expected 0x00000803"),
     ((0x803, 26, 28, 28), r"header promises \[26, 28, 28\] = 20384 bytes, found 19600")],
)  # fmt: skip
def test_bad_idx_header_is_refused(data, monkeypatch, header, message):
    fx.use_fixture_sizes(monkeypatch, fashion_mnist=(12, header[1]))  # the count itself fits
    out, arrays = fx.make_fashion(data)
    body = arrays["t10k-images-idx3"].tobytes()
    (out / "t10k-images-idx3-ubyte.gz").write_bytes(
        gzip.compress(fx.struct.pack(">4I", *header) + body)
    )
    with pytest.raises(DatasetCorruptError, match=message):
        datasets.load("fashion_mnist")


def test_wrong_checksum_is_refused(data):
    fx.make_mnist_npz(data)  # not the official bytes, and not trusted here
    checksum = r"mnist\.npz is not a valid dataset file: it fails its checksum.*fetch mnist"
    with pytest.raises(DatasetCorruptError, match=checksum):
        datasets.load("mnist")


def test_wrong_array_sizes_are_refused(data):
    fx.make_cifar10(data, archive=False)
    batch = {b"data": np.zeros((4, 3000), np.uint8), b"labels": [0, 1, 2, 3]}
    (data / "cifar-10-batches-py" / "test_batch").write_bytes(fx.official_pickle(batch))
    with pytest.raises(DatasetCorruptError, match=r"test_batch.*expected uint8 \(N, 3072\)"):
        datasets.load("cifar10")


def test_truncated_archive_is_refused(data, monkeypatch):
    path, _ = fx.make_cifar10(data)
    path.write_bytes(path.read_bytes()[:-200])
    trust(monkeypatch, "cifar10", path)  # even with a matching checksum, the structure is checked
    with pytest.raises(
        DatasetCorruptError, match=r"cifar-10-python\.tar\.gz.*(broken tar\.gz|lacks)"
    ):
        datasets.load("cifar10")


def test_offline_with_no_data_fails_fast_and_says_how_to_get_it(data, monkeypatch):
    monkeypatch.delenv("WORKSHOP_OFFLINE")

    def no_network(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    start = time.perf_counter()
    with pytest.raises(DatasetUnavailableError) as err:
        datasets.load("cifar100")
    assert time.perf_counter() - start < 5
    text = str(err.value)
    assert "cifar-100-python.tar.gz" in text and str(data) in text and "keras" in text
    assert "python -m utils.datasets fetch cifar100 --to DIR" in text


def test_a_hanging_name_lookup_is_cut_short(monkeypatch):
    monkeypatch.delenv("WORKSHOP_OFFLINE", raising=False)

    def hanging_lookup(*args, **kwargs):
        time.sleep(5)
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    monkeypatch.setattr(data_sources, "NETWORK_TIMEOUT_S", 0.5)
    start = time.perf_counter()
    with pytest.raises(OSError, match="cannot resolve .*timed out"):
        data_sources.check_online("https://example.invalid/file")
    assert time.perf_counter() - start < 3


# --- downloads: temporary name, checked, renamed only when complete ------------------------


@pytest.fixture
def server(tmp_path):
    """A loopback HTTP server over tmp_path/served."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


def serve_mnist(monkeypatch, server, tamper=False):
    root, url = server
    path, arrays = fx.make_mnist_npz(root)
    trust(monkeypatch, "mnist", path)
    if tamper:
        path.write_bytes(path.read_bytes()[:-10])
    spec = data_sources.SPECS["mnist"]
    monkeypatch.setitem(
        data_sources.SPECS,
        "mnist",
        dataclasses.replace(spec, urls={"mnist.npz": url + "mnist.npz"}),
    )
    return arrays


def test_fetch_downloads_checks_and_renames(data, monkeypatch, server, tmp_path, capsys):
    monkeypatch.delenv("WORKSHOP_OFFLINE")
    arrays = serve_mnist(monkeypatch, server)
    target = tmp_path / "workshop"
    datasets.main(["fetch", "mnist", "--to", str(target)])
    assert sorted(p.name for p in target.iterdir()) == ["mnist.npz"]
    assert "MNIST: ready in" in capsys.readouterr().out
    monkeypatch.setenv("WORKSHOP_DATA", str(target))
    assert_same(datasets.load("mnist"), arrays)


def test_a_bad_download_leaves_nothing_behind(data, monkeypatch, server, tmp_path):
    monkeypatch.delenv("WORKSHOP_OFFLINE")
    serve_mnist(monkeypatch, server, tamper=True)
    with pytest.raises(DatasetCorruptError, match="has sha256"):
        datasets.load("mnist")  # not in the data folder or the cache, so it downloads
    cache = tmp_path / "keras" / "datasets"
    assert list(cache.iterdir()) == []  # no mnist.npz and no .part file


def test_verify_reports_each_file(data, monkeypatch, capsys):
    path, _ = fx.make_mnist_npz(data)
    fx.make_fashion(data)
    with pytest.raises(SystemExit):
        datasets.main(["verify", str(data)])  # the fixture mnist.npz is not the official file
    out = capsys.readouterr().out
    assert "BAD mnist.npz" in out and "fails its checksum" in out
    assert re.search(r"ok +fashion-mnist/t10k-images-idx3-ubyte\.gz +valid IDX", out)
    trust(monkeypatch, "mnist", path)
    datasets.main(["verify", str(data)])
    assert "ok  mnist.npz" in capsys.readouterr().out


# --- memory -------------------------------------------------------------------------------


def test_cifar10_loads_within_twice_its_final_size(data, monkeypatch):
    path, _ = fx.make_cifar10(data, per_batch=400, n_test=400)
    fx.use_fixture_sizes(monkeypatch, cifar10=(2000, 400))
    trust(monkeypatch, "cifar10", path)
    tracemalloc.start()
    ds = datasets.load("cifar10")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    final = sum(a.nbytes for a in (ds.x_train, ds.y_train, ds.x_test, ds.y_test))
    assert peak < 2.1 * final, f"peak {peak / 1e6:.1f} MB for {final / 1e6:.1f} MB of arrays"


def test_restricted_unpickler_allows_only_plain_data():
    ok = fx.official_pickle({b"data": np.arange(3, dtype=np.uint8), b"names": [b"a"], b"n": 1})
    assert data_formats.read_pickle(ok, "x", "refetch")["n"] == 1
    for hostile in (pickle.dumps(Exploit("/nonexistent/x")), pickle.dumps(dataclasses.field)):
        with pytest.raises(DatasetCorruptError, match="refused to load"):
            data_formats.read_pickle(hostile, "x", "refetch")


@pytest.mark.parametrize("mode", ["fine", "coarse"])
def test_cifar100_test_split_alone_is_served_and_says_the_training_split_is_missing(data, mode):
    folder, arrays = fx.make_cifar100(data, archive=False)
    (folder / "train").unlink()  # as in ../shared/data: the test file and the metadata only
    found = datasets.where("cifar100")
    assert found.kind == "test" and "the training split is not here" in found.label
    ds = datasets.load("cifar100", label_mode=mode)
    x, fine, coarse = arrays["test"]
    np.testing.assert_array_equal(ds.x_test, x)
    np.testing.assert_array_equal(ds.y_test, fine if mode == "fine" else coarse)
    assert ds.x_train.shape == (0, 32, 32, 3) and len(ds.y_train) == 0
    assert "test split only" in ds.source and "fetch cifar100" in ds.source
    facts = datasets.describe("cifar100")
    assert facts["test"] == len(x) and facts["computed_from"].startswith("the test split")
    np.testing.assert_array_equal(datasets.sample("cifar100", 3).x, x[:3])
