"""Racy files (`store/racy.py`): a file written just before a build may be edited again
within its file system's timestamp tick, unseen by size + mtime. The build reads such
files again once the tick has passed, so the first start after it reads no file — and
an edit within the tick is still seen."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from jianghua.store import Store
from jianghua.store import plan as plan_mod
from tests.conftest import SOURCES

BEFORE = "在全市廉政工作会议上的讲话\n同志们：\n要坚持廉洁自律，守住纪律底线。\n"
AFTER = "在全市廉政工作会议上的讲话\n同志们：\n要坚持安全生产，守住风险底线。\n"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files the check "is the store current?" and the build's plan read."""
    seen: list[str] = []
    real = plan_mod.read_file

    def counting(e, *a, **k):
        seen.append(e.source)
        return real(e, *a, **k)

    monkeypatch.setattr(plan_mod, "read_file", counting)
    return seen


def _just_written(path: Path, text: str | None = None) -> None:
    """Write (or touch) the file now, with a fine mtime: as an editor saving it right before a build."""
    if text is not None:
        path.write_text(text, encoding="utf-8")
    t = time.time_ns()
    t += 1 if t % 10_000_000 == 0 else 0  # (not a whole 10 ms step: that reads as a coarse file system)
    os.utime(path, ns=(t, t))


def _text(st: Store, source: str) -> str:
    sid = next(s.id for s in st.speeches() if s.source == source)
    return "\n".join(p.text for p in st.speech(sid).paragraphs)


def test_the_first_start_after_a_one_file_build_reads_no_file(corpus_copy, tmp_path, reads, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    sdir = tmp_path / "s"
    Store.open(corpus_copy, store_path=sdir).update()
    st = Store.open(corpus_copy, store_path=sdir)
    path = corpus_copy / SOURCES[1]
    _just_written(path, path.read_text(encoding="utf-8") + "\n同志们，要把各项工作抓实抓细。\n")
    assert st.update().segmented == 1  # (that file is racy for this build: written within its tick)
    reads.clear()

    again = Store.open(corpus_copy, store_path=sdir)
    assert again.is_current()
    r = again.update()
    assert (r.segmented, r.unchanged) == (0, 5)
    assert reads == []  # nothing read: the build settled its racy file


def test_the_first_start_after_a_first_build_reads_no_file(corpus_copy, tmp_path, reads, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    for name in SOURCES:
        _just_written(corpus_copy / name)  # (a folder copied in just before its first build)
    sdir = tmp_path / "s"
    Store.open(corpus_copy, store_path=sdir).update()
    reads.clear()
    r = Store.open(corpus_copy, store_path=sdir).update()
    assert (r.segmented, r.unchanged) == (0, 5) and reads == []


def test_an_edit_within_the_tick_during_the_build_is_seen(tmp_path, monkeypatch):
    """The file is edited again (same size, same mtime) after the build read it but
    within its tick: the build's second reading finds it changed and leaves it racy."""
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert len(BEFORE.encode()) == len(AFTER.encode())
    path = corpus / "speech.txt"
    (corpus / "other.txt").write_text("在全市工作会议上的讲话\n同志们：\n要把工作抓实抓细。\n", encoding="utf-8")
    sdir = tmp_path / "s"
    st = Store.open(corpus, store_path=sdir)
    path.write_text(BEFORE, encoding="utf-8")
    _just_written(path)
    stat = path.stat()

    def edit_again(summary) -> None:
        if summary.source == "speech.txt":
            path.write_text(AFTER, encoding="utf-8")
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    st.update(on_speech=edit_again)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert not Store.open(corpus, store_path=sdir).is_current()
    assert Store.open(corpus, store_path=sdir).update().segmented == 1
    text = _text(Store.open(corpus, store_path=sdir), "speech.txt")
    assert "守住风险底线" in text and "纪律底线" not in text


def test_a_same_size_edit_with_the_same_whole_second_mtime_is_seen(tmp_path, reads, monkeypatch):
    """A file system with whole-second (or 2-second) mtimes: an edit within the same
    second after the build keeps size and mtime; the next start reads the file and
    builds it. (The mtime is a whole second a minute ahead — its tick is not over
    however long the build takes on a loaded machine.)"""
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "speech.txt"
    path.write_text(BEFORE, encoding="utf-8")
    (corpus / "other.txt").write_text("在全市工作会议上的讲话\n同志们：\n要把工作抓实抓细。\n", encoding="utf-8")
    second = (time.time_ns() // 1_000_000_000 + 60) * 1_000_000_000
    os.utime(path, ns=(second, second))
    sdir = tmp_path / "s"
    Store.open(corpus, store_path=sdir).update()
    reads.clear()
    assert Store.open(corpus, store_path=sdir).is_current() and reads == ["speech.txt"]  # read: still racy

    path.write_text(AFTER, encoding="utf-8")
    os.utime(path, ns=(second, second))  # same size, same mtime
    assert not Store.open(corpus, store_path=sdir).is_current()
    assert Store.open(corpus, store_path=sdir).update().segmented == 1
    text = _text(Store.open(corpus, store_path=sdir), "speech.txt")
    assert "守住风险底线" in text and "纪律底线" not in text

    # an unchanged file that is read again for that reason is not written again
    stamp = (sdir / "catalog.json").stat().st_mtime_ns
    r = Store.open(corpus, store_path=sdir).update()
    assert (r.segmented, r.unchanged) == (0, 2)
    assert (sdir / "catalog.json").stat().st_mtime_ns == stamp


def test_the_tick_is_fine_only_for_a_fine_mtime_on_a_local_file_system(tmp_path, monkeypatch):
    """50 ms for a sub-10 ms mtime on ext4/xfs/btrfs/tmpfs …; 2 s for a whole-second or
    10 ms-step mtime, a network file system's file (its server's clock), or where the
    file system cannot be told."""
    from jianghua.corpus.ingest import scan
    from jianghua.store import racy

    p = tmp_path / "a.txt"
    p.write_text("同志们：", encoding="utf-8")
    _just_written(p)
    dev = p.stat().st_dev
    if racy._fs_types().get(dev) not in racy._LOCAL:
        pytest.skip("the temporary folder is not on a local file system this knows")
    (e,) = scan(tmp_path)
    assert racy.windows([e]) == {"a.txt": racy.FINE_NS}
    monkeypatch.setattr(racy, "_fs_types", lambda: {dev: "nfs4"})
    assert racy.windows([e]) == {"a.txt": racy.COARSE_NS}
    monkeypatch.setattr(racy, "_fs_types", lambda: {})
    assert racy.windows([e]) == {"a.txt": racy.COARSE_NS}
    monkeypatch.undo()
    for step in (1_000_000_000, 10_000_000):
        t = time.time_ns() // step * step
        os.utime(p, ns=(t, t))
        (e,) = scan(tmp_path)
        assert racy.windows([e]) == {"a.txt": racy.COARSE_NS}


def test_a_build_with_no_racy_file_does_not_read_the_catalogue_to_settle(tmp_path, monkeypatch):
    """Settling (`racy.settle`) costs nothing when no file is near the build's scan:
    the catalogue's stat table (10 000 entries at 10 000 speeches) is not even asked for."""
    from jianghua.corpus.ingest import scan
    from jianghua.store import racy

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    p = corpus / "speech.txt"
    p.write_text(BEFORE, encoding="utf-8")
    old = time.time_ns() - 60 * 1_000_000_000
    os.utime(p, ns=(old, old))

    class Cat:
        def files(self):
            raise AssertionError("the catalogue was read though no file is racy")

        def note_scanned(self, ns):
            raise AssertionError("nothing to record")

    assert racy.settle(Cat(), scan(corpus), time.time_ns(), plan_mod.same_content) is False


def test_a_check_while_a_build_holds_the_store_does_not_write_its_stat_table(corpus_copy, tmp_path, reads, monkeypatch):
    """The check "is the store current?" keeps the time it read the racy files in
    stat.json — but not while another jianghua holds the store's lock (a build about to
    write its own stat.json, which this must not overwrite). Once the lock is free it does."""
    from filelock import FileLock

    from jianghua.store import racy

    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    sdir = tmp_path / "s"
    Store.open(corpus_copy, store_path=sdir).update()
    _just_written(corpus_copy / SOURCES[1], (corpus_copy / SOURCES[1]).read_text(encoding="utf-8") + "\n同志们，要抓落实。\n")
    settle = racy.settle
    monkeypatch.setattr(racy, "settle", lambda *a, **k: False)  # (a build killed before it settled)
    Store.open(corpus_copy, store_path=sdir).update()
    monkeypatch.setattr(racy, "settle", settle)
    time.sleep(0.06)  # (the fine window has passed)
    stat = (sdir / "stat.json").read_bytes()
    st = Store.open(corpus_copy, store_path=sdir)
    lock = FileLock(str(st.catalog.backend.lock_path))
    lock.acquire(timeout=5)
    try:
        assert st.is_current()
        assert (sdir / "stat.json").read_bytes() == stat  # not written under a build's lock
    finally:
        lock.release()
    reads.clear()
    assert Store.open(corpus_copy, store_path=sdir).is_current() and reads == [SOURCES[1]]
    assert (sdir / "stat.json").read_bytes() != stat  # the time of that reading is kept …
    reads.clear()
    assert Store.open(corpus_copy, store_path=sdir).is_current() and reads == []  # … and the file read no more
