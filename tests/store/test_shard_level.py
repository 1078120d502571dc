"""Shard files are compressed at level 1 (`storage.SHARD_LEVEL`) and named with their level:
shards an older level wrote stay readable, and a shard made again at this level is a file of its
own (the catalogue's size for it is that file's) — an edit undone brings the first build's shards
back, and the next start finds nothing damaged."""

from __future__ import annotations

from jianghua.store import Store, storage
from tests.conftest import SOURCES
from tests.store.test_incremental import edit, everything


def test_an_edit_undone_over_shards_of_an_older_level_leaves_nothing_damaged(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    monkeypatch.setattr(storage, "SHARD_LEVEL", 6)  # (an older jianghua's)
    st = Store.open(corpus_copy, store_path=tmp_path / "s")
    st.update()
    monkeypatch.setattr(storage, "SHARD_LEVEL", 1)
    path = corpus_copy / SOURCES[2]
    before = path.read_bytes()
    edit(path)
    assert st.update().segmented == 1
    path.write_bytes(before)  # undone: the first build's shards again (their files are still there)
    r = st.update()
    assert r.messages == []
    again = Store.open(corpus_copy, store_path=tmp_path / "s").update()
    assert again.messages == [] and again.unchanged == 5 and again.retagged == 0
    fresh = Store.open(corpus_copy, store_path=tmp_path / "fresh")
    fresh.update()
    assert everything(Store.open(corpus_copy, store_path=tmp_path / "s")) == everything(fresh)
