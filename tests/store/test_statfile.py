"""The stat table (store/statfile.py) and the catalogue's cheaper writing: a current
store is found current without reading catalog.json; a stat table that is not its
catalogue's (stale, damaged) is never trusted; what an incremental build writes
(catalog.json, list.json, stat.json) is what a build from scratch writes."""

from __future__ import annotations

import os

import orjson
import pytest

from jianghua.store import Store, listfile, statfile, storage
from tests.conftest import SOURCES
from tests.store.test_catalog_splice import _unscanned
from tests.store.tinydb_reference import tinydb_bytes

EXTRA = "\n同志们，要坚持廉洁自律，严守纪律规矩，把全面从严治党落到实处。\n"


def _edit(path, extra: str = EXTRA) -> None:
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def _tables(store) -> dict:
    d = orjson.loads((store / "catalog.json").read_bytes())
    return {t: list(d.get(t, {}).values()) for t in ("speeches", "skipped")}


def _spy_syncs(monkeypatch) -> list[str]:
    """The paths fsynced from now on, in order ("everything" for an os.sync)."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "sync", lambda: synced.append("everything"))
    return synced


def test_a_current_store_is_found_current_without_reading_the_catalogue(built):
    corpus, store = built
    assert (store / statfile.NAME).exists()
    st = Store.open(corpus, store_path=store)
    assert st.is_current() and not st.catalog._whole
    r = st.update()  # nothing changed
    assert (r.speeches, r.unchanged, r.segmented) == (5, 5, 0) and not st.catalog._whole
    whole = Store.open(corpus, store_path=store)
    assert r.paragraphs == sum(row["paragraphs"] for row in whole.catalog.rows.values())
    _edit(corpus / SOURCES[1])
    assert not Store.open(corpus, store_path=store).is_current()


def test_a_stat_table_of_another_catalogue_is_not_used(built):
    """The stat table of the generation before, put back, would call the store current
    for the file as it was then: it names another catalogue, so it is not read."""
    corpus, store = built
    path = corpus / SOURCES[2]
    old_text, old_stat = path.read_bytes(), path.stat()
    old_table = (store / statfile.NAME).read_bytes()
    _edit(path)
    assert Store.open(corpus, store_path=store).update().segmented == 1
    path.write_bytes(old_text)
    os.utime(path, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))
    (store / statfile.NAME).write_bytes(old_table)
    st = Store.open(corpus, store_path=store)
    assert not st.is_current()
    r = st.update()
    assert r.speeches == 5 and "纪律规矩" not in _text(st, SOURCES[2])


@pytest.mark.parametrize("damage", ["empty", "garbled", "no columns", "wrong types", "short column"])
def test_a_damaged_stat_table_is_not_used_and_is_written_again(built, damage):
    corpus, store = built
    path = store / statfile.NAME
    d = orjson.loads(path.read_bytes())
    if damage == "wrong types":
        d["size"] = [str(n) for n in d["size"]]
    elif damage == "short column":
        d["mtime_ns"] = d["mtime_ns"][:-1]
    elif damage == "no columns":
        d = {k: v for k, v in d.items() if k in ("v", "schema", "stamp")}
    raw = {"empty": b"", "garbled": b'{"v": 1, "stamp": [1'}
    path.write_bytes(raw[damage] if damage in raw else orjson.dumps(d))
    st = Store.open(corpus, store_path=store)
    assert st.is_current() and st.catalog._whole  # read whole instead, with the right answer
    assert st.update().segmented == 0  # nothing changed: the stat table is written again
    again = Store.open(corpus, store_path=store)
    assert again.is_current() and not again.catalog._whole
    _edit(corpus / SOURCES[0])
    assert not Store.open(corpus, store_path=store).is_current()


def test_an_update_writes_what_a_build_from_scratch_writes(built, tmp_path):
    """catalog.json's tables, list.json and stat.json after one edited file (the
    list's theme entries partly reused from the list read at start) are those a
    fresh build, or a list written from the whole catalogue, gives."""
    corpus, store = built
    sid_before = {s.source: s.themes for s in Store.open(corpus, store_path=store).speeches()}
    _edit(corpus / SOURCES[3])
    st = Store.open(corpus, store_path=store)
    assert st.catalog.listed is not None  # opened from the list
    assert st.update().segmented == 1
    assert {s.source: s.themes for s in st.speeches()}[SOURCES[3]] != sid_before[SOURCES[3]]
    fresh = tmp_path / "fresh"
    Store.open(corpus, store_path=fresh).update()
    assert _tables(store) == _tables(fresh)
    written = {n: (store / n).read_bytes() for n in (listfile.NAME, statfile.NAME)}
    for n in written:
        (store / n).unlink()
    Store.open(corpus, store_path=store).update()  # nothing changed: both written from the whole catalogue
    assert {n: _unscanned(store / n) for n in written} == {n: _unscanned(b) for n, b in written.items()}


def test_the_catalogue_is_the_file_tinydb_writes(tmp_path):
    from jianghua.store.tinydb_files import write_tables

    for tables in (
        {"meta": [{"schema": 2, "gen": 3}], "speeches": [{"id": "a", "t": "讲话"}, {"id": "b", "x": [1.5, None]}], "skipped": []},
        {"meta": [{"schema": 2}], "speeches": [], "skipped": [{"source": "x.txt", "reason": "empty"}]},
    ):
        write_tables(tmp_path / "tinydb.json", tables)
        assert tinydb_bytes(tables) == (tmp_path / "tinydb.json").read_bytes()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names the files fsynced through /proc")
def test_one_changed_file_flushes_its_own_files_before_the_catalogue_names_them(built, monkeypatch):
    """Not every file system at once (os.sync waits for every program's writes)."""
    corpus, store = built
    synced = _spy_syncs(monkeypatch)
    _edit(corpus / SOURCES[4])
    st = Store.open(corpus, store_path=store)
    assert st.update().segmented == 1
    key = next(r["key"] for r in st.catalog.rows.values() if r["source"] == SOURCES[4])
    body = str(storage.body_file(store / "bodies", key))
    cat_at = next(i for i, p in enumerate(synced) if os.path.basename(p).startswith(".catalog.json."))
    assert "everything" not in synced
    assert body in synced[:cat_at] and os.path.dirname(body) in synced[:cat_at]
    meta = orjson.loads((store / "catalog.json").read_bytes())["meta"]["1"]
    passages = {str(store / "shards" / e[0]) for e in meta["shards"]["passages"] if e}
    assert passages & set(synced[:cat_at])  # the passage shard the edit changed



class _Killed(BaseException):
    """The build is killed (nothing catches it)."""


def _named_shards(store) -> set[str]:
    meta = orjson.loads((store / "catalog.json").read_bytes())["meta"]["1"]
    return {e[0] for entries in meta["shards"].values() if isinstance(entries, list)
            for e in entries if isinstance(e, list) and e and isinstance(e[0], str)}


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names the files fsynced through /proc")
def test_files_a_killed_build_left_are_flushed_before_the_catalogue_names_them(built, monkeypatch):
    """A build killed after writing a changed file's body and shards, before its
    catalogue: the next build reuses that body and finds the very same shard files
    there. Nothing says they reached the disk, so they are flushed before the
    catalogue names them (as os.sync did), not trusted as they are."""
    from jianghua.store.backends import DiskBackend

    corpus, store = built
    before = _named_shards(store)
    _edit(corpus / SOURCES[4])
    real_sync = DiskBackend.sync

    def killed(self):
        raise _Killed

    monkeypatch.setattr(DiskBackend, "sync", killed)
    with pytest.raises(_Killed):
        Store.open(corpus, store_path=store).update()
    monkeypatch.setattr(DiskBackend, "sync", real_sync)
    synced = _spy_syncs(monkeypatch)
    st = Store.open(corpus, store_path=store)
    st.update()
    assert SOURCES[4] in {s.source for s in st.speeches()}
    key = next(r["key"] for r in st.catalog.rows.values() if r["source"] == SOURCES[4])
    body = str(storage.body_file(store / "bodies", key))
    cat_at = next(i for i, p in enumerate(synced) if os.path.basename(p).startswith(".catalog.json."))
    assert "everything" not in synced
    flushed = set(synced[:cat_at])
    assert body in flushed  # the body the killed build left
    new = {str(store / "shards" / n) for n in _named_shards(store) - before}
    assert new and new <= flushed  # the shards it left, now named


def _text(st: Store, source: str) -> str:
    sid = next(s.id for s in st.speeches() if s.source == source)
    return "\n".join(p.text for p in st.speech(sid).paragraphs)


def test_edited_cleaning_rules_make_the_store_stale_and_every_speech_is_read_again(built, tmp_path, monkeypatch):
    """The current-store check compares the rules' fingerprint without compiling them:
    an edit of the head-reading vocabulary (part of it) is still seen."""
    from jianghua.corpus import clean

    corpus, store = built
    assert Store.open(corpus, store_path=store).is_current()
    edited = tmp_path / "metadata.toml"
    edited.write_bytes(clean.METADATA.read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(clean, "METADATA", edited)
    monkeypatch.setattr(clean, "_checked", {})  # (a second later: the rules' files are looked at again)
    monkeypatch.setattr(clean, "_fp_seen", {})
    st = Store.open(corpus, store_path=store)
    assert not st.is_current()
    r = st.update()  # every file read again (their text is the same: nothing segmented again)
    assert r.speeches == 5 and not r.skipped
    after = Store.open(corpus, store_path=store)
    assert after.is_current() and after.catalog.meta["rules"] == clean.load_rules().fingerprint
