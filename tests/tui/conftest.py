"""Fixtures for the browser tests: the bundled corpus built once per session and
copied per test, a private state file, and helpers to read the screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jianghua.store import Store
from jianghua.tui.app import JianghuaApp

@pytest.fixture(scope="session")
def tui_built(tmp_path_factory) -> Path:
    """The bundled corpus built once into a session tmp store."""
    path = tmp_path_factory.mktemp("tui-bundled") / "store"
    s = Store.open(store_path=path)
    s.update()
    assert len(s.speeches()) == 5
    return path


@pytest.fixture
def store(tui_built, tmp_path) -> Store:
    path = tmp_path / "store"
    shutil.copytree(tui_built, path)
    s = Store.open(store_path=path)
    assert s.is_current()
    return s


@pytest.fixture
def state_path(tmp_path) -> Path:
    return tmp_path / "state" / "state.json"


@pytest.fixture
def make_app(store, state_path, tmp_path):
    def make(s: Store | None = None, path: Path | None = None) -> JianghuaApp:
        app = JianghuaApp(s or store, state_path=path or state_path)
        app.browser.export_dir = tmp_path / "exports"
        return app

    return make


@pytest.fixture(autouse=True)
def _kept_count_read_at_once(monkeypatch):
    """The app reads a current store's kept formulations count 1 s after start (so the
    first keys typed go first); tests that wait for the app's workers needn't wait."""
    from jianghua.tui import app_workers

    monkeypatch.setattr(app_workers, "READ_KEPT_AFTER", 0.0)
