"""Fixtures of the store's tests."""

from __future__ import annotations

import shutil

import pytest

from jianghua.corpus.resources import BUNDLED_CORPUS
from jianghua.store import Store


@pytest.fixture()
def built(tmp_path):
    """A copy of the bundled speeches and a store built from it: (corpus folder, store folder)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    store = tmp_path / "store"
    Store.open(corpus, store_path=store).update()
    return corpus, store
