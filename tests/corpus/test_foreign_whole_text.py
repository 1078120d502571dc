"""A file is skipped as 'no Chinese text' only when the text a reader would see has none:
Han characters anywhere in the file count (not only in its first 20 000 characters), and
Markdown images and HTML entities are converted first (review of session 21)."""

from __future__ import annotations

import base64
import os

import pytest

from jianghua.corpus.ingest import Skip, ingest_bytes

ZH = "同志们：\n\n今天我们召开全市经济工作会议，主要任务是总结今年工作，分析当前形势，部署明年任务。\n\n" * 20
EN = "Ladies and gentlemen, friends, it is a great pleasure to join you today in this beautiful city. "


def _read(text: str, source: str) -> dict:
    return ingest_bytes(text.encode("utf-8"), segment=False, source=source)["body"]


def _paras(body: dict) -> list[str]:
    return [p[0] for p in body["paragraphs"]]


def test_a_bilingual_speech_with_a_long_english_part_first_is_read():
    body = _read("Speech at the Opening of the Forum\n\n" + EN * 260 + "\n\n在论坛开幕式上的致辞\n\n" + ZH, "speech.txt")
    assert any(p.startswith("今天我们召开全市经济工作会议") for p in _paras(body))


def test_a_markdown_speech_under_an_inline_image_is_read():
    image = "![](data:image/png;base64," + base64.b64encode(os.urandom(16000)).decode() + ")\n\n"
    body = _read(image + "# 在全市经济工作会议上的讲话\n\n" + ZH, "speech.md")
    assert body["title"] == "在全市经济工作会议上的讲话"


def test_a_markdown_speech_written_as_entities_is_read():
    def ent(s: str) -> str:
        return "".join(f"&#x{ord(c):X};" if "\u4e00" <= c <= "\u9fff" else c for c in s)

    body = _read("# " + ent("在全市经济工作会议上的讲话") + "\n\n" + ent(ZH), "speech.md")
    assert body["title"] == "在全市经济工作会议上的讲话"
    assert _paras(body)[0].startswith("今天我们召开")


def test_long_foreign_notes_are_still_skipped():
    with pytest.raises(Skip, match="no Chinese text"):
        _read("NOTICE\n\n" + EN * 400, "NOTICE.txt")
    with pytest.raises(Skip, match="no Chinese text"):  # one Chinese name deep in a long licence
        _read("LICENSE\n\n" + EN * 400 + "\nTranslated by 张三.\n" + EN * 100, "LICENSE.md")


def test_yijing_hexagram_symbols_are_no_chinese_text():
    """U+4DC0–U+4DFF (䷀ ䷁ …) sit between extension A and the basic block but are symbols,
    not Han (corpus/han.py): notes on the I Ching in English are still skipped."""
    with pytest.raises(Skip, match="no Chinese text"):
        _read("# ䷀ The Creative, ䷁ The Receptive\n\n" + EN * 40, "hexagrams.md")
