import codecs

import pytest

from jianghua.corpus.clean import clean_text
from jianghua.corpus.decode import Decoded, Undecodable, decode_bytes
from jianghua.corpus.structure import parse
from tests.conftest import SOURCES, raw

TEXT = "在县委办党支部2022年度组织生活会上的讲话\n\n同志们：\n组织生活会是严肃党内政治生活的重要法宝。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8 (BOM)"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "UTF-16LE"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16BE"),
        (TEXT.encode("gbk"), "GB18030"),
        (TEXT.encode("gb18030"), "GB18030"),
    ],
)
def test_each_encoding_gives_the_same_text(data, encoding):
    d = decode_bytes(data)
    assert d.encoding == encoding
    assert d.text == TEXT


def test_big5_traditional_is_not_mojibake():
    trad = "在縣委辦黨支部組織生活會上的講話。同志們：組織生活會是嚴肅黨內政治生活的重要法寶。"
    d = decode_bytes(trad.encode("big5"))
    assert d.encoding == "Big5"
    assert d.text == trad


def test_utf8_is_never_taken_for_gbk():
    # Short UTF-8 strings are also valid GB18030 byte sequences: UTF-8 must win.
    for s in ("讲话", "同志们：", "一、", "国之大者"):
        assert decode_bytes(s.encode("utf-8")).text == s


@pytest.mark.parametrize("name", SOURCES)
def test_gbk_and_crlf_copies_give_the_same_paragraphs(name):
    text = raw(name).decode("utf-8")
    original = parse(clean_text(text))
    for variant in (text.replace("\xa0", " ").encode("gbk"), text.replace("\n", "\r\n").encode("utf-8"),
                    text.replace("\n", "\r\n").encode("gb18030"), text.replace("\n", "\r").encode("utf-8")):
        got = parse(clean_text(decode_bytes(variant).text))
        assert got.title == original.title
        assert [p.text for p in got.paragraphs] == [p.text for p in original.paragraphs]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"abc\x00def\x00" * 100, "NUL"),
        (b"%PDF-1.4\n" + bytes(range(256)), "PDF"),
        (bytes(range(128, 256)) * 50, "not text"),
    ],
)
def test_binary_is_refused_with_a_reason(data, reason):
    with pytest.raises(Undecodable) as e:
        decode_bytes(data)
    assert reason in str(e.value)


def test_a_few_broken_bytes_keep_the_text():
    data = TEXT.encode("utf-8") * 20 + b"\xff" + TEXT.encode("utf-8")
    d = decode_bytes(data)
    assert d.replaced == 1 and "组织生活会" in d.text


# (Tests below kill mutants that survived a mutmut run on corpus/decode.py.)
MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff\xe0", "a JPEG image"),
    (b"%PDF-1.7\n", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc)"),
    (b"\x7fELF\x02\x01\x01", "an executable"),
    (b"\x1f\x8b\x08", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"{\\rtf1\\ansi ", "an RTF document"),
]


@pytest.mark.parametrize("magic, what", MAGIC)
def test_known_file_types_are_named_even_when_the_rest_reads_as_text(magic, what):
    # no NUL byte and a readable body: only the magic number tells
    with pytest.raises(Undecodable) as e:
        decode_bytes(magic + TEXT.encode("utf-8") * 3)
    assert str(e.value) == f"binary file ({what})"


def test_nothing_replaced_in_clean_decodings():
    assert decode_bytes(b"") == Decoded("", "empty", 0)
    assert decode_bytes(TEXT.encode("utf-8")) == Decoded(TEXT, "UTF-8", 0)
    assert decode_bytes(TEXT.encode("gbk")).replaced == 0


def test_nul_bytes_are_named():
    with pytest.raises(Undecodable) as e:
        decode_bytes(TEXT.encode("utf-8") + b"\x00\x01")
    assert str(e.value) == "binary file (contains NUL bytes)"


def test_control_characters_and_replacements_make_a_file_binary():
    body = "要抓好落实确保见效。" * 10  # 100 characters
    # behind a byte-order mark: 20 % control characters, or 20 % undecodable bytes
    with pytest.raises(Undecodable, match="behind a UTF-16LE byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + (body + "\x01" * 25).encode("utf-16-le"))
    with pytest.raises(Undecodable, match=r"behind a UTF-8 \(BOM\) byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + body.encode("utf-8") + b"\xff" * 25)
    # a GBK file (not UTF-8) with 20 % control characters
    with pytest.raises(Undecodable) as e:
        decode_bytes((body + "\x02" * 25).encode("gbk"))
    assert str(e.value) == "binary file (mostly control characters)"
    # up to 5 % is text; spaces, tabs, form feeds and ESC never count
    assert decode_bytes((body + "\x02" * 5).encode("gbk")).text == body + "\x02" * 5
    spaced = (body + " \t\f\x1b" * 20).encode("gbk")
    assert decode_bytes(spaced).encoding == "GB18030"


def test_a_byte_order_mark_before_something_that_is_not_text():
    # private-use characters: neither control characters nor Chinese, Latin or punctuation
    with pytest.raises(Undecodable, match="behind a UTF-16LE byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + ("\ue000" * 80 + "讲话").encode("utf-16-le"))


@pytest.mark.parametrize("bom, codec, name", [(codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32LE"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32BE")])
def test_utf32_with_its_byte_order_mark(bom, codec, name):
    # (the UTF-32LE mark begins with the UTF-16LE one: it must be tried first)
    assert decode_bytes(bom + TEXT.encode(codec)) == Decoded(TEXT, name, 0)


def test_damage_is_counted_and_named():
    body = TEXT * 20  # ~900 characters: up to 4 broken bytes are damage, not a wrong encoding
    d = decode_bytes(codecs.BOM_UTF8 + body.encode("utf-8")[:-1] + b"\xff")
    assert d.encoding == "UTF-8 (BOM)" and d.replaced == d.text.count("\ufffd") >= 1
    broken = body.encode("utf-8") + b"\xff\xfe\xff"
    d = decode_bytes(broken)
    assert (d.encoding, d.replaced) == ("UTF-8 (damaged)", 3) and d.text.startswith(body)
    with pytest.raises(Undecodable) as e:  # far too many broken bytes
        decode_bytes(body.encode("utf-8") + b"\xff" * 200)
    assert str(e.value) == "not text in UTF-8, UTF-16, GB18030/GBK or Big5"
