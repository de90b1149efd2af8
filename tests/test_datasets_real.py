"""The real files in $WORKSHOP_DATA (CI: ../shared/data) load with their true facts."""

import os
from pathlib import Path

import numpy as np
import pytest

from utils import data_formats, datasets

DATA = Path(os.environ.get("WORKSHOP_DATA", "/nonexistent"))
pytestmark = pytest.mark.skipif(
    not (DATA / "mnist.npz").is_file(),
    reason="needs the real dataset files in $WORKSHOP_DATA; .ci/run points it at ../shared/data",
)
# Per-class counts published with MNIST (LeCun, Cortes & Burges).
MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_real_mnist():
    ds = datasets.load("mnist")
    assert ds.x_train.shape == (60_000, 28, 28) and ds.x_test.shape == (10_000, 28, 28)
    assert np.bincount(ds.y_train).tolist() == MNIST_TRAIN_COUNTS
    assert np.bincount(ds.y_test).tolist() == MNIST_TEST_COUNTS
    np.testing.assert_array_equal(datasets.sample("mnist").x, ds.x_test[:20])


def test_real_fashion_mnist():
    ds = datasets.load("fashion_mnist")
    assert ds.x_train.shape == (60_000, 28, 28) and ds.x_test.shape == (10_000, 28, 28)
    assert np.bincount(ds.y_train).tolist() == [6000] * 10  # balanced by design
    assert np.bincount(ds.y_test).tolist() == [1000] * 10
    np.testing.assert_array_equal(datasets.sample("fashion_mnist").y, ds.y_test[:20])


@pytest.mark.parametrize(("name", "classes"), [("cifar10", 10), ("cifar100", 100)])
def test_real_cifar_samples_and_meta(name, classes):
    s = datasets.sample(name)
    assert s.x.shape == (20, 32, 32, 3) and s.x.dtype == np.uint8 and s.y.max() < classes
    assert len(s.class_names) == classes
    if name == "cifar10":
        meta = (DATA / "cifar-10-batches-py" / "batches.meta").read_bytes()
        real = data_formats.cifar_names(meta, "batches.meta", "label_names")
        assert datasets.CLASS_NAMES["cifar10"] == real == s.class_names
    facts = datasets.describe(name)
    kind = datasets.where(name).kind
    basis = {"full": "the data", "test": "the test split"}.get(kind, "the 20-image sample")
    assert facts["classes"] == classes and facts["computed_from"].startswith(basis)
    if kind in ("full", "test"):  # the sample file holds exactly the first 20 test images
        np.testing.assert_array_equal(datasets.read_sample(name, DATA / "samples" /
                                      f"{name}-test-head20.npz")[0], s.x)  # fmt: skip
