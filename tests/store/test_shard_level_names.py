"""Shard files are named by their JSON and their compression level (`storage.SHARD_LEVEL`):
an older jianghua (level 6, named without a level, writing a name only when it is not there)
and this one, working on the same store in turn, never take each other's files for their own —
neither start finds part of the index "missing or damaged"."""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

import orjson

from jianghua.store import Store, backends, storage
from tests.conftest import SOURCES
from tests.store.test_incremental import edit, everything


def _older_shard_bytes(what: str, data: dict) -> tuple[str, bytes]:
    raw = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    return f"{what}-{hashlib.sha1(raw).hexdigest()[:20]}.json", zlib.compress(raw, 6)


def _older_write(shards: Path, name: str, raw: bytes) -> bool:
    path = Path(shards) / name
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    storage.atomic_write(path, raw, sync=False)
    return True


def _as_older(monkeypatch) -> None:
    monkeypatch.setattr(backends, "shard_bytes", _older_shard_bytes)
    monkeypatch.setattr(storage, "write_shard_file", _older_write)


def test_the_same_shard_compressed_at_another_level_has_another_name(monkeypatch):
    data = {"a": [1, 2, 3], "b": "同志们"}
    name1, raw1 = storage.shard_bytes("passages", data)
    monkeypatch.setattr(storage, "SHARD_LEVEL", 6)
    name6, raw6 = storage.shard_bytes("passages", data)
    assert name1 != name6 and storage.parse_shard(raw1) == storage.parse_shard(raw6) == data


def test_an_older_version_editing_a_store_built_by_this_one_finds_nothing_damaged(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    sdir = tmp_path / "s"
    Store.open(corpus_copy, store_path=sdir).update()  # this version builds
    with monkeypatch.context() as m:
        _as_older(m)  # then an older jianghua edits and undoes an edit: its shards, this version's names again
        path = corpus_copy / SOURCES[2]
        before = path.read_bytes()
        edit(path)
        assert Store.open(corpus_copy, store_path=sdir).update().segmented == 1
        path.write_bytes(before)
        assert Store.open(corpus_copy, store_path=sdir).update().messages == []
        edit(corpus_copy / SOURCES[0])
        assert Store.open(corpus_copy, store_path=sdir).update().messages == []  # its next start
    edit(corpus_copy / SOURCES[1])  # this version again, on the store the older one wrote
    r = Store.open(corpus_copy, store_path=sdir).update()
    assert r.messages == [] and r.segmented == 1
    fresh = Store.open(corpus_copy, store_path=tmp_path / "fresh")
    fresh.update()
    assert everything(Store.open(corpus_copy, store_path=sdir)) == everything(fresh)
