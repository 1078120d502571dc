"""Large inputs: one 50 MB file on a single line, 20 000 tiny files.

No wall-clock limits here (a loaded machine is not a defect; speed is measured by
the benchmarks in tests/bench): what makes them fast is asserted instead — the
huge file is never opened, an unchanged build opens no file and loads no jieba.
The times are printed for the curious."""

from __future__ import annotations

import os
import time

import pytest

from jianghua.store import Store

from .conftest import jianghua
from .hostile_corpus import SPEECH, SPEECH_TITLE, small_speech


@pytest.mark.slow
def test_50_mb_single_line_file_is_skipped_fast_without_being_read(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(SPEECH, encoding="utf-8")
    line = ("在全县大会上的讲话　　同志们：　　" + "要抓好落实，确保见效，不搞形式主义。" * 100).encode("utf-8")
    with open(corpus / "huge.txt", "wb") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(line)
    size = os.path.getsize(corpus / "huge.txt")

    t = time.perf_counter()
    r = jianghua("build", corpus=corpus, store=tmp_path / "s1")
    took = time.perf_counter() - t
    assert r.returncode == 0, r.stderr.decode()
    assert b"1 speech," in r.stdout
    assert f"huge.txt: too large ({size / 1048576:.1f} MB; the limit is 8 MB".encode() in r.stdout

    # In this process: the file is never even opened.
    opened: list[str] = []
    real_open = os.open

    def spy(path, *a, **kw):
        opened.append(os.fspath(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr(os, "open", spy)
    st = Store.open(corpus, store_path=tmp_path / "s2")
    report = st.update()
    monkeypatch.setattr(os, "open", real_open)
    assert [s.title for s in st.speeches()] == [SPEECH_TITLE]
    assert [s.source for s in report.skipped] == ["huge.txt"]
    assert not any(p.endswith("huge.txt") for p in opened)
    print(f"50 MB file: build {took:.2f} s")


@pytest.mark.slow
def test_20000_tiny_files(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    t = time.perf_counter()
    for k in range(20000):
        d = corpus / f"{k // 1000:02d}"
        if k % 1000 == 0:
            d.mkdir(parents=True)
        (d / f"{k:05d}.txt").write_text(small_speech(k), encoding="utf-8")
    made = time.perf_counter() - t
    # Files older than the build (a file written within 2 s of a build is read again
    # by the next one, to see a same-size edit: see store/racy.py).
    old = time.time() - 3600
    for p in corpus.rglob("*.txt"):
        os.utime(p, (old, old))

    t = time.perf_counter()
    r = jianghua("build", "--quiet", corpus=corpus, store=tmp_path / "s", timeout=300)
    first = time.perf_counter() - t
    assert r.returncode == 0, r.stderr.decode()
    assert b"20000 speeches, 60000 paragraphs" in r.stdout and b"skipped" not in r.stdout

    t = time.perf_counter()
    r = jianghua("build", "--quiet", corpus=corpus, store=tmp_path / "s")
    again = time.perf_counter() - t
    assert r.returncode == 0 and b"0 read" in r.stdout and b"20000 unchanged" in r.stdout

    # Unchanged, in this process: no corpus file is opened, jieba is not loaded.
    opened: list[str] = []
    real_open = os.open

    def spy(path, *a, **kw):
        opened.append(os.fspath(path))
        return real_open(path, *a, **kw)

    st = Store.open(corpus, store_path=tmp_path / "s")
    monkeypatch.setattr(os, "open", spy)
    report = st.update()
    monkeypatch.setattr(os, "open", real_open)
    assert (report.segmented, report.unchanged) == (0, 20000)  # (jieba stays unloaded: tests/store/test_build.py)
    assert not [p for p in opened if p.startswith(str(corpus))], opened[:5]

    t = time.perf_counter()
    r = jianghua("show", "13579", corpus=corpus, store=tmp_path / "s")
    show = time.perf_counter() - t
    assert r.returncode == 0 and r.stdout.decode().startswith("在第13579次党支部理论学习会上的讲话")
    print(f"20 000 files: made {made:.1f} s, first build {first:.1f} s, unchanged build {again:.2f} s, show {show:.2f} s")
