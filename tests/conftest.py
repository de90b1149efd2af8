"""Fixtures shared by the dataset tests."""

import pytest

from tests import dataset_fixtures as fx

PROXY_VARS = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")


@pytest.fixture
def data(tmp_path, monkeypatch):
    """An empty data folder and Keras cache, no network, no proxies, the fixtures' sizes."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("WORKSHOP_DATA", str(folder))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("WORKSHOP_OFFLINE", "1")
    for name in (*PROXY_VARS, "WORKSHOP_DATA_URL"):
        monkeypatch.delenv(name, raising=False)
    fx.use_fixture_sizes(monkeypatch)
    return folder
