"""An edit that keeps a file's size AND its mtime, long after the build (touch -r, cp -p
or rsync -t then rename, a scraper setting the mtime to the publication date; in
Chinese a one-character fix is often the same size) is seen: the store keeps each
file's ctime and inode number too (`racy.same_stat`)."""

from __future__ import annotations

import os
import time

import orjson

from jianghua.store import Store

BEFORE = "在全市廉政工作会议上的讲话\n同志们：\n要坚持廉洁自律，守住纪律底线。\n"
AFTER = "在全市廉政工作会议上的讲话\n同志们：\n要坚持安全生产，守住风险底线。\n"
OTHER = "在全市工作会议上的讲话\n同志们：\n要把工作抓实抓细。\n"


def _corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "other.txt").write_text(OTHER, encoding="utf-8")
    path = corpus / "speech.txt"
    path.write_text(BEFORE, encoding="utf-8")
    day = 1_700_000_000_000_000_000  # (the publication date, as a scraper sets it)
    os.utime(path, ns=(day, day))
    sdir = tmp_path / "s"
    Store.open(corpus, store_path=sdir).update()
    assert Store.open(corpus, store_path=sdir).is_current()
    assert len(BEFORE.encode()) == len(AFTER.encode())
    return corpus, sdir, path


def _text(st: Store, source: str) -> str:
    sid = next(s.id for s in st.speeches() if s.source == source)
    return "\n".join(p.text for p in st.speech(sid).paragraphs)


def _seen(corpus, sdir) -> None:
    assert not Store.open(corpus, store_path=sdir).is_current()
    r = Store.open(corpus, store_path=sdir).update()
    assert r.segmented == 1
    text = _text(Store.open(corpus, store_path=sdir), "speech.txt")
    assert "守住风险底线" in text and "纪律底线" not in text
    r = Store.open(corpus, store_path=sdir).update()
    assert (r.segmented, r.unchanged) == (0, 2)


def test_an_edit_in_place_with_the_mtime_put_back_is_seen(tmp_path, monkeypatch):
    corpus, sdir, path = _corpus(tmp_path, monkeypatch)
    time.sleep(0.01)
    st = path.stat()
    path.write_text(AFTER, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    _seen(corpus, sdir)


def test_a_file_replaced_by_one_of_the_same_size_and_mtime_is_seen(tmp_path, monkeypatch):
    corpus, sdir, path = _corpus(tmp_path, monkeypatch)
    st = path.stat()
    new = corpus / ".speech.txt.part"  # cp -p / rsync -t: a new file, then renamed over the old one
    new.write_text(AFTER, encoding="utf-8")
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(new, path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    _seen(corpus, sdir)


def test_a_store_of_the_previous_version_is_current_without_reading_a_file(tmp_path, monkeypatch):
    """A stat table written before ctimes and inodes were kept (version 2) is read as
    before: nothing is read again or rebuilt for them."""
    from jianghua.store import plan as plan_mod

    corpus, sdir, path = _corpus(tmp_path, monkeypatch)
    d = orjson.loads((sdir / "stat.json").read_bytes())
    d["v"] = 2
    del d["ctime_ns"], d["ino"]
    (sdir / "stat.json").write_bytes(orjson.dumps(d))
    reads = []
    real = plan_mod.read_file
    monkeypatch.setattr(plan_mod, "read_file", lambda e, *a, **k: reads.append(e.source) or real(e, *a, **k))
    st = Store.open(corpus, store_path=sdir)
    assert st.is_current() and st.catalog.stat_table() is not None  # (the catalogue not read whole)
    r = Store.open(corpus, store_path=sdir).update()
    assert (r.segmented, r.unchanged) == (0, 2) and reads == []
