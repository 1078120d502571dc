"""A full disk: the indexed copy of jieba's IDF table (7 MB, written into the cache
folder at the first build) failed half-written and its temp file stayed — on a small
disk that alone kept the disk full, so no store could ever be saved there again
(found on a 1 MB tmpfs: `mount -t tmpfs -o size=1m`)."""

from __future__ import annotations

import errno

from jianghua.corpus import keywords


def test_a_cache_copy_that_cannot_be_written_leaves_nothing(tmp_path, monkeypatch):
    def pieces(*args):
        yield b"x" * 100_000  # part of it written, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(keywords, "_indexed", pieces)
    cache = tmp_path / "cache" / "jieba-idf.table"
    table, median = keywords.jieba_idf(cache)
    assert len(table) > 100_000 and median > 0  # the table itself is there
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []  # and no temp file


def _files(store):
    return sorted(str(p.relative_to(store)) for p in store.rglob("*") if p.is_file() and p.name != "lock")


def test_a_build_that_fills_the_disk_takes_back_what_it_wrote(tmp_path, monkeypatch):
    # The disk fills when the catalogue is written (the bodies and shards fit): the build
    # goes on in memory, and removes the files it wrote — no catalogue names them, and
    # left there they keep the disk full (the settings file next to it cannot be saved).
    import shutil

    from jianghua.store import Store, storage

    from .hostile_corpus import BUNDLED, small_speech

    corpus, store = tmp_path / "corpus", tmp_path / "store"
    shutil.copytree(BUNDLED, corpus)
    Store.open(corpus, store_path=store).update()
    before = _files(store)
    for k in range(3):
        (corpus / f"new{k}.txt").write_text(small_speech(k), encoding="utf-8")
    real_write = storage.atomic_write

    def full(path, data, sync=True):
        if str(path).endswith("catalog.json"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, data, sync)

    monkeypatch.setattr(storage, "atomic_write", full)
    st = Store.open(corpus, store_path=store)
    report = st.update()
    assert report.speeches == 8 and any("the disk is full" in m for m in report.messages)
    assert st.speech(st.resolve("new1.txt")).title == "在第1次党支部理论学习会上的讲话"
    assert _files(store) == before  # nothing of the failed build is left …
    monkeypatch.setattr(storage, "atomic_write", real_write)
    again = Store.open(corpus, store_path=store)
    assert len(again.speeches()) == 5 and not again.messages  # … and the store on disk is whole
    assert again.update().speeches == 8
