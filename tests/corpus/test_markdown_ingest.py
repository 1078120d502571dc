"""Markdown files are read as Markdown: the same speech as .txt and as .md gives
the same title, date, speaker, outline, paragraphs and sentences (issue 12, defect 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jianghua.corpus.clean import clean_text
from jianghua.corpus.decode import decode_bytes
from jianghua.corpus.ingest import content_key, ingest_bytes
from jianghua.corpus.markdown import to_text

BUNDLED = sorted((Path(__file__).resolve().parents[2] / "corpus" / "bundled").glob("*.txt"))
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escape(s: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", s)


def _as_markdown(raw: bytes, body: dict) -> str:
    """The speech written as a person would in Markdown: # title, ## / ### headings,
    emphasis, a link, a line broken inside each paragraph, blank lines between blocks."""
    standalone = {h: lv for h, lv, _ in body["sections"] if h and lv < 3}
    out = []
    for line in clean_text(decode_bytes(raw).text).split("\n"):
        s = line.strip()
        if not s:
            continue
        if s == body["title"]:
            out.append("# " + _escape(s))
        elif s.rstrip("。；;") in standalone:
            out.append("#" * (standalone[s.rstrip("。；;")] + 1) + " " + _escape(s))
        elif len(s) > 12:
            a, b, rest = _escape(s[:4]), _escape(s[4:8]), s[8:]
            mid = len(rest) // 2
            out.append(f"**{a}**[{b}](https://example.org/x?a=1)*{_escape(rest[:mid])}*\n{_escape(rest[mid:])}")
        else:
            out.append(_escape(s))
    return "\n\n".join(out) + "\n"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name[:3])
def test_a_markdown_copy_reads_like_the_text(path: Path):
    raw = path.read_bytes()
    txt = ingest_bytes(raw, segment=False, source=path.name)["body"]
    md_source = path.with_suffix(".md").name
    md = ingest_bytes(_as_markdown(raw, txt).encode(), segment=False, source=md_source)["body"]
    for field in ("title", "date", "year", "speaker", "occasion", "salutation", "sections"):
        assert md[field] == txt[field], field
    assert [p[0] for p in md["paragraphs"]] == [p[0] for p in txt["paragraphs"]]
    assert md["paragraphs"] == txt["paragraphs"]
    assert any(s[0] for s in md["sections"])  # the outline is there, not flattened


def test_marks_do_not_show_and_headings_are_sections():
    md = (
        "# 在全县经济工作会议上的讲话\n\n（2024年1月5日）\n\n同志们：\n\n"
        "今年是**关键**之年，要*抓好*[项目建设](http://x.cn)。![图](a.png)\n\n"
        "## 抓好项目建设\n\n"
        "- 坚持项目为王。\n- 强化要素保障。\n\n"
        "1. 第一条措施。\n2. 第二条措施。\n\n"
        "### 重点项目\n\n> 引用的一段话。\n\n"
        "| 指标 | 数值 |\n|---|---|\n| 增长 | 5% |\n\n"
        "## 改进工作作风\n\n要`真抓实干`，<b>不</b>搞形式主义。\n"
    )
    body = ingest_bytes(md.encode(), segment=False, source="讲话.md")["body"]
    assert body["title"] == "在全县经济工作会议上的讲话"
    assert body["date"] == "2024-01-05"
    assert body["salutation"] == "同志们："
    # numbered list items open paragraphs as 1. does in a .txt (a level-3 point)
    assert [(h, lv) for h, lv, _ in body["sections"][1:] if lv < 3] == [("抓好项目建设", 1), ("重点项目", 2), ("改进工作作风", 1)]
    texts = [p[0] for p in body["paragraphs"]]
    assert texts[0] == "今年是关键之年，要抓好项目建设。图"
    assert "坚持项目为王。" in texts and "1. 第一条措施。" in texts and "引用的一段话。" in texts
    assert "指标 数值" in texts and "增长 5%" in texts
    assert texts[-1] == "要真抓实干，不搞形式主义。"
    assert not any(c in "".join(texts) for c in "*#[]()`<>")


def test_front_matter_is_metadata_and_entities_cannot_smuggle_escapes():
    md = "---\ntitle: 在市委理论学习中心组学习会上的讲话\ndate: 2023-03-02\n---\n\n学习&#27;[31m贯彻&amp;落实。\n\n第二段。\n"
    body = ingest_bytes(md.encode(), segment=False, source="a.md")["body"]
    assert body["title"] == "在市委理论学习中心组学习会上的讲话"
    assert body["year"] == 2023
    texts = [p[0] for p in body["paragraphs"]]
    assert texts[0].startswith("学习") and texts[0].endswith("[31m贯彻&落实。")
    assert "\x1b" not in "".join(texts)


def test_only_markdown_files_are_read_as_markdown():
    text = "在会议上的讲话\n\n**要** 抓好落实。\n"
    assert "**要**" in ingest_bytes(text.encode(), segment=False, source="a.txt")["body"]["paragraphs"][0][0]
    assert ingest_bytes(text.encode(), segment=False, source="a.md")["body"]["paragraphs"][0][0] == "要 抓好落实。"
    assert content_key(text.encode(), "a.txt") != content_key(text.encode(), "a.md")


def test_soft_breaks_join_chinese_without_spaces_and_latin_with_one():
    c = to_text("第一行\n第二行 GDP\ngrowth 数据\n")
    assert c.text.strip() == "第一行第二行 GDP growth 数据"


def test_a_plain_text_speech_saved_as_md_keeps_its_paragraphs():
    """One paragraph per line, no blank lines (a .txt renamed .md): lines stay paragraphs."""
    raw = BUNDLED[1].read_bytes()
    txt = ingest_bytes(raw, segment=False, source=BUNDLED[1].name)["body"]
    md = ingest_bytes(raw, segment=False, source="renamed.md")["body"]
    assert [p[0] for p in md["paragraphs"]] == [p[0] for p in txt["paragraphs"]]
    assert md["sections"] == txt["sections"]
