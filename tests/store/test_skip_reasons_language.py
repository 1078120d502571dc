"""Why a file was skipped is shown in the language of whoever looks, not the
language of the build that found it (issue 12 §1: problem reasons)."""

from __future__ import annotations

import os

from jianghua.store import Store


def _corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "讲话.txt").write_text("在会议上的讲话\n\n同志们：\n\n要抓好落实。这是第二句。\n", encoding="utf-8")
    (d / "空白.txt").write_bytes(b"")
    (d / "图片.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    os.mkfifo(d / "管道.txt")
    return d


def test_reasons_follow_the_reader_s_language(tmp_path, lang):
    corpus = _corpus(tmp_path)
    store = Store.open(corpus_dir=corpus, store_path=tmp_path / "store")
    report = store.update()  # built in English
    english = {s.source: s.reason for s in report.skipped}
    assert english == {
        "空白.txt": "empty file",
        "图片.txt": "binary file (a PNG image)",
        "管道.txt": "not a regular file (a FIFO)",
    }
    lang("zh")
    again = Store.open(corpus_dir=corpus, store_path=tmp_path / "store")
    chinese = {s.source: s.reason for s in again.skipped()}
    assert chinese["空白.txt"] == "空文件"
    assert "PNG" in chinese["图片.txt"] and chinese["图片.txt"] != english["图片.txt"]
    assert chinese["管道.txt"].startswith("不是普通文件")
    # an update in the other language is no change to the skipped files
    catalog = (tmp_path / "store" / "catalog.json").read_bytes()
    report = again.update()
    assert (report.segmented, report.removed) == (0, 0)
    assert (tmp_path / "store" / "catalog.json").read_bytes() == catalog
    assert {s.source: s.reason for s in report.skipped} == chinese


def test_a_damaged_stored_reason_falls_back_to_the_text(tmp_path, lang):
    from jianghua.i18n import render

    assert render(["empty file", {}]) == "empty file"
    assert render(["not a regular file ({kind})", {}]) is None  # missing argument
    assert render(["x", {"a": {"b": 1}}]) is None
    assert render("empty file") is None
    lang("zh")
    shown = render(["binary file ({what})", {"what": ["a PNG image", {}]}])
    assert shown and "PNG" in shown and "binary" not in shown
