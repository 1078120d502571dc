"""Shared fixtures: a private cache/state dir for the whole run, the bundled
corpus built once, and helpers to make small corpora on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus" / "bundled"
SOURCES = sorted(p.name for p in BUNDLED.glob("*.txt"))


@pytest.fixture(scope="session", autouse=True)
def _private_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("jianghua-home")
    old = {k: os.environ.get(k) for k in ("JIANGHUA_CACHE_DIR", "JIANGHUA_STATE_DIR")}
    os.environ["JIANGHUA_CACHE_DIR"] = str(base / "cache")
    os.environ["JIANGHUA_STATE_DIR"] = str(base / "state")
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(autouse=True)
def _english_interface():
    """Tests read English unless they ask (`lang("zh")`): whatever LANG the machine has."""
    from jianghua import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def lang():
    """Switch the interface language for this test: `lang("zh")`."""
    from jianghua import i18n

    return i18n.set_language


@pytest.fixture(scope="session")
def built_bundled(tmp_path_factory):
    """The bundled corpus built once; copy it with `bundled_store` to modify."""
    from jianghua.store import Store

    path = tmp_path_factory.mktemp("bundled-store") / "store"
    s = Store.open(store_path=path)
    s.update()
    return path


@pytest.fixture
def bundled_store(built_bundled, tmp_path):
    from jianghua.store import Store

    path = tmp_path / "store"
    shutil.copytree(built_bundled, path)
    return Store.open(store_path=path)


@pytest.fixture
def corpus_copy(tmp_path):
    """A writable copy of the bundled corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(BUNDLED, dest)
    return dest


def raw(name: str) -> bytes:
    return (BUNDLED / name).read_bytes()
