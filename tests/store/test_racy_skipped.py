"""A file skipped at a build (empty, binary, half written) that is finished within its
file system's timestamp tick keeps size and mtime: it is racy like any other file and
read again, so the speech it has become is seen (`store/racy.py`)."""

from __future__ import annotations

import os
import time

from jianghua.store import Store
from jianghua.store import build as build_mod
from jianghua.store import racy

SPEECH = "在全市廉政工作会议上的讲话\n同志们：\n要坚持安全生产，守住风险底线。\n"
OTHER = "在全市工作会议上的讲话\n同志们：\n要把工作抓实抓细。\n"


def _finish(path) -> None:
    """The download is finished within the same tick: same size, same mtime."""
    st = path.stat()
    path.write_text(SPEECH, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)


def _seen(corpus, sdir) -> None:
    assert not Store.open(corpus, store_path=sdir).is_current()
    again = Store.open(corpus, store_path=sdir)
    r = again.update()
    assert r.segmented == 1 and not r.skipped
    assert sorted(s.source for s in again.speeches()) == ["download.txt", "other.txt"]


def _store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "other.txt").write_text(OTHER, encoding="utf-8")
    sdir = tmp_path / "s"
    Store.open(corpus, store_path=sdir).update()
    return corpus, sdir, corpus / "download.txt"


def test_a_skipped_file_finished_within_its_whole_second_is_seen(tmp_path, monkeypatch):
    """A file system with whole-second mtimes (FAT, an SMB share): the file is all
    zeros at the build (a downloader preallocates it), the speech is written within
    the same second. (The second is a minute ahead: its tick is not over however
    long the build takes on a loaded machine.)"""
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    corpus, sdir, path = _store(tmp_path)
    path.write_bytes(b"\0" * len(SPEECH.encode()))
    second = (time.time_ns() // 1_000_000_000 + 60) * 1_000_000_000
    os.utime(path, ns=(second, second))
    report = Store.open(corpus, store_path=sdir).update()
    assert [r.source for r in report.skipped] == ["download.txt"]
    _finish(path)
    _seen(corpus, sdir)


def test_a_skipped_file_finished_within_its_tick_during_the_build_is_seen(tmp_path, monkeypatch):
    """A fine-mtime file system: the speech is written after the build looked at the
    zeros, within their tick, before the build settles its racy files."""
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    corpus, sdir, path = _store(tmp_path)
    real = build_mod.check_corpus

    def preallocated(cat):  # the downloader made the file just before the build's scan
        path.write_bytes(b"\0" * len(SPEECH.encode()))
        t = time.time_ns()
        t += 1 if t % 10_000_000 == 0 else 0
        os.utime(path, ns=(t, t))
        return real(cat)

    settle = racy.settle

    def finished_then_settle(*a, **k):
        _finish(path)
        return settle(*a, **k)

    monkeypatch.setattr(build_mod, "check_corpus", preallocated)
    monkeypatch.setattr(racy, "settle", finished_then_settle)
    report = Store.open(corpus, store_path=sdir).update()
    monkeypatch.setattr(build_mod, "check_corpus", real)
    monkeypatch.setattr(racy, "settle", settle)
    assert [r.source for r in report.skipped] == ["download.txt"]
    _seen(corpus, sdir)


def test_a_racy_file_still_skipped_is_no_change(tmp_path, monkeypatch):
    """Read again, a skipped racy file that is still no speech keeps the store current."""
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "other.txt").write_text(OTHER, encoding="utf-8")
    path = corpus / "empty.txt"
    path.write_bytes(b"")
    sdir = tmp_path / "s"
    Store.open(corpus, store_path=sdir).update()
    t = time.time_ns()
    t += 1 if t % 10_000_000 == 0 else 0
    os.utime(path, ns=(t, t))
    r = Store.open(corpus, store_path=sdir).update()
    assert [s.source for s in r.skipped] == ["empty.txt"]
    assert Store.open(corpus, store_path=sdir).is_current()
    r = Store.open(corpus, store_path=sdir).update()
    assert (r.segmented, r.unchanged) == (0, 1) and [s.source for s in r.skipped] == ["empty.txt"]
