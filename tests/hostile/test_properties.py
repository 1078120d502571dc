"""Property tests of the ingestion path: any bytes, any file name.

* any bytes → `ingest_bytes` returns a body or raises `Skip` (nothing else), and
  no string of the body holds a control character but newline and tab;
* any file name (bytes) → scan + build neither crash nor store a name a terminal
  could act on, and every file is either indexed or skipped.
"""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from jianghua.corpus.clean import sanitize, sanitize_line
from jianghua.corpus.decode import Decoded, Undecodable, decode_bytes
from jianghua.corpus.ingest import Skip, display_source, ingest_bytes, scan
from jianghua.corpus.structure import parse, split_sentences

from .hostile_corpus import ADVERT, HOSTILE_SEQUENCES, MARKUP, SPEECH, TRAD, printable_problems

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text made of the pieces that matter: speech lines, outline markers, quotes,
# salutations, escape sequences, markup, invisible characters, odd newlines.
PIECES = (
    SPEECH.split("\n")[:12] + TRAD.split("\n") + ADVERT.split("\n") + HOSTILE_SEQUENCES + MARKUP
    + ["一、", "（一）", "一是", "第一，", "1.", "同志们：", "各位领导", "——在", "2023年5月4日", "张三",
       "“", "”", "（", "）", "「", "」", "《", "》", '"', "。", "！", "？", "；", "，", "…",
       "\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\t", " ", "\u3000\u3000", "\ufffd",
       "\x1b", "\x1b[", "\x1b]", "\x9b", "\x9d", "\x90", "\x9c", "下载", "打印", "【字号：加大 还原 减小】", "仅供学习"]
)
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=60).map("".join)
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]


@st.composite
def encoded(draw):
    text = draw(texts)
    enc = draw(st.sampled_from(ENCODINGS))
    data = text.encode(enc, errors="replace")
    if enc in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if enc.endswith("le") else codecs.BOM_UTF16_BE) + data
    # Sometimes damage it.
    if data and draw(st.booleans()):
        k = draw(st.integers(0, len(data) - 1))
        data = data[:k] + draw(st.binary(max_size=8)) + data[k + draw(st.integers(0, 8)):]
    return data


any_bytes = st.one_of(st.binary(max_size=4000), encoded())


def check_body(body: dict) -> None:
    strings = [body["title"], body.get("salutation") or "", body.get("speaker") or "", body.get("date") or "",
               body.get("occasion") or "", body.get("level") or "", body.get("encoding") or ""]
    strings += [h for h, _, _ in body["sections"] if h]
    for text, sec, spans in body["paragraphs"]:
        strings.append(text)
        assert 0 <= sec < len(body["sections"])
        last = 0
        for a, b in spans:
            assert last <= a < b <= len(text)
            last = b
            strings.append(text[a:b])
    for s in strings:
        assert not printable_problems(s), (s[:80], printable_problems(s))
    assert "\n" not in body["title"] and "\t" not in body["title"]
    assert body["title"].strip()
    assert body["paragraphs"]


@SETTINGS
@given(any_bytes)
def test_any_bytes_give_a_clean_body_or_a_skip(data):
    try:
        rec = ingest_bytes(data, segment=False)
    except Skip as e:
        reason = str(e)
        assert reason and "\n" not in reason and not printable_problems(reason)
        return
    check_body(rec["body"])


@settings(max_examples=60, deadline=None)
@given(encoded())
def test_with_segmentation_too(data):
    try:
        rec = ingest_bytes(data, segment=True)
    except Skip:
        return
    check_body(rec["body"])
    for term, weight, *written in rec["candidates"]:  # (a traditional text's term as written, third)
        assert isinstance(term, str) and not printable_problems(term) and weight >= 0
        assert all(isinstance(w, str) and len(w) == len(term) and not printable_problems(w) for w in written)


@SETTINGS
@given(any_bytes)
@example(b"\x81@\n" + ("\u3000" * 12 + "一\u1000一" + "\u3000" * 3).encode())  # (a GB18030 line, a UTF-8 line)
@example(("同志们，今天我们召开全县党风廉政建设工作会议，主要任务是总结工作。" * 5 + "\ufffd\n").encode("utf-16-le"))  # (UTF-16 without BOM, a U+FFFD in it)
def test_decode_gives_text_or_a_reason(data):
    try:
        d = decode_bytes(data)
    except Undecodable as e:
        assert str(e) and "\n" not in str(e)
        return
    assert isinstance(d, Decoded) and isinstance(d.text, str)
    check_decoded(data, d)


# The strict decodings give back exactly the bytes; the others count what they replaced.
STRICT = {"UTF-8": "utf-8", "GB18030": "gb18030"}


def check_decoded(data: bytes, d: Decoded) -> None:
    if d.encoding == "empty":
        assert data == b"" and d.text == ""
    elif d.encoding in STRICT:
        assert d.replaced == 0 and d.text.encode(STRICT[d.encoding]) == data
    elif d.encoding == "Big5":
        assert d.replaced == 0 and data.decode("big5hkscs") == d.text
    elif d.encoding.startswith("UTF-8 + "):  # a file pasted together from UTF-8 and GBK/Big5 lines
        assert d.encoding in ("UTF-8 + GB18030", "UTF-8 + Big5") and d.replaced == d.text.count("\ufffd")
        assert d.text.count("\n") == data.count(b"\n")  # line by line: no line lost or merged
    else:
        assert d.encoding.endswith(("(damaged)", "(BOM)")) or d.encoding.startswith(("UTF-16", "UTF-32")), d.encoding
        assert d.replaced == d.text.count("\ufffd")
        if d.encoding.endswith("(damaged)"):
            assert 0 < d.replaced <= max(2, len(d.text) // 200)
    assert decode_bytes(data) == d  # the same answer every time


@SETTINGS
@given(texts, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_decode_gives_back_the_text_that_was_encoded(text, codec):
    assume("\x00" not in text and not text.startswith("\ufeff"))
    data = text.encode(codec)
    try:
        d = decode_bytes(data)
    except Undecodable:
        return  # binary-looking text (control characters, magic numbers): refused with a reason
    check_decoded(data, d)
    if codec != "gb18030":  # (GB18030 bytes may also be valid UTF-8 or Big5: only the round trip holds)
        assert d.text == text


@SETTINGS
@given(texts)
def test_sanitize_leaves_nothing_a_terminal_acts_on(text):
    clean = sanitize(text)
    assert not printable_problems(clean)
    assert "\r" not in clean
    assert sanitize(clean) == clean
    line = sanitize_line(text)
    assert "\n" not in line and "\t" not in line and not printable_problems(line)


@SETTINGS
@given(texts)
def test_parse_and_sentences_of_any_clean_text(text):
    clean = sanitize(text)
    parsed = parse(clean)
    for p in parsed.paragraphs:
        spans = split_sentences(p.text)
        assert spans == p.sentences
        last = 0
        for a, b in spans:
            assert last <= a < b <= len(p.text)
            last = b


names = st.binary(min_size=1, max_size=120).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(names, min_size=1, max_size=6, unique=True), st.sampled_from([b".txt", b".md", b".TXT"]))
def test_any_file_name_scans_and_builds(tmp_path_factory, stems, suffix):
    from jianghua.store import Store

    base = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    try:
        folder = base / "c"
        folder.mkdir()
        made = []
        for k, stem in enumerate(stems):
            name = stem + suffix
            assume(not name.startswith(b"."))
            try:
                with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
                    fh.write(f"在第{k}次会议上的讲话\n同志们：\n要抓好落实，确保见效。\n".encode())
            except OSError:  # e.g. a name over 255 bytes
                continue
            made.append(name)
        assume(made)
        entries = scan(folder)
        assert len(entries) == len(made)
        for e in entries:
            assert not printable_problems(e.source) and "\n" not in e.source and "\t" not in e.source
        st_ = Store.open(folder, store_path=base / "s")
        report = st_.update()
        sources = [s.source for s in st_.speeches()] + [s.source for s in report.skipped]
        assert len(sources) == len(made) == len(set(sources))
        assert len(st_.speeches()) == len(made)
        for s in sources:
            assert not printable_problems(s)
        expected = {display_source(os.fsdecode(n)) for n in made}
        for s in sources:  # the shown name, or the shown name #2, #3 … when escaping made two names equal
            assert s in expected or s.rsplit("#", 1)[0] in expected, (s, expected)
        for s in st_.speeches():
            assert st_.speech(s.id).paragraphs
    finally:
        shutil.rmtree(base, ignore_errors=True)
