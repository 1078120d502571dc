"""Encodings the first decoder refused: UTF-16 saved without a byte-order mark, and
a file pasted together from UTF-8 and GBK (or Big5) pieces. Both were skipped as
"binary" / "not text" — a speech lost. And the guard: no GBK, Big5 or binary file
is taken for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from jianghua.corpus.decode import Undecodable, decode_bytes
from jianghua.store import Store

from .hostile_corpus import BUNDLED, SPEECH, SPEECH_TITLE, TRAD

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(BUNDLED.glob("*.txt")) + sorted(REAL.glob("*"))[:30] if p.is_file()]


@pytest.mark.parametrize("text", [SPEECH, TRAD, SPEECH.replace("\n", "\r\n")])
@pytest.mark.parametrize("codec, name", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_a_byte_order_mark(text, codec, name):
    d = decode_bytes(text.encode(codec))
    assert (d.text, d.encoding) == (text, name)


@pytest.mark.parametrize("first, second, name", [
    ("gbk", "utf-8", "UTF-8 + GB18030"),
    ("utf-8", "gbk", "UTF-8 + GB18030"),
    ("utf-8", "big5", "UTF-8 + Big5"),
])
def test_a_file_of_utf8_and_gbk_or_big5_lines(first, second, name):
    k = SPEECH.index("\n", len(SPEECH) // 2) + 1  # (pasted at a line end)
    text = SPEECH[:k] + (TRAD if second == "big5" else SPEECH[k:])
    data = text[:k].encode(first) + text[k:].encode(second)
    d = decode_bytes(data)
    assert (d.text, d.encoding, d.replaced) == (text, name, 0)


def test_gbk_and_big5_files_are_still_read_whole():
    # Real texts in a legacy encoding: one encoding for the whole file, never "mixed".
    assert len(TEXTS) > 20
    for text in TEXTS:
        for codec, name in (("gb18030", "GB18030"), ("big5hkscs", "Big5")):
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue
            d = decode_bytes(data)
            assert d.text == text and d.encoding == name, (text[:30], codec, d.encoding)


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 40,
    b"abc\x00def\x00" * 100,
    "在会议上的讲话".encode("utf-16-le") + bytes(range(256)) * 4,
    b"\x00\x01" * 5000,
])
def test_binary_is_not_taken_for_utf16(data):
    with pytest.raises(Undecodable):
        decode_bytes(data)


def test_they_are_indexed_by_a_build(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "utf16.txt").write_bytes(SPEECH.encode("utf-16-le"))
    k = SPEECH.index("\n", len(SPEECH) // 2) + 1
    (corpus / "mixed.txt").write_bytes(SPEECH[:k].encode("gbk") + SPEECH[k:].encode("utf-8"))
    st = Store.open(corpus, store_path=tmp_path / "store")
    report = st.update()
    assert not report.skipped
    assert sorted(s.title for s in st.speeches()) == [SPEECH_TITLE, SPEECH_TITLE]
