"""Clean text → title, metadata, sections, paragraphs and sentences.

Chinese official speeches share a layout: a title line (在……上的讲话), sometimes a
subtitle (——在……上的讲话), a date and a speaker, the salutation 同志们：, then
an outline of 一、 headings, （一） sub-headings and 一要…/一是… points that open
paragraphs. This module recovers that layout with positions the reader can point
at and a copy can cite.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

CN_NUM = "一二三四五六七八九十"

# Outline headings. Level 1: 一、  level 2: （一）  level 3: 一要/一是/第一，/1.
_H1 = re.compile(rf"^[{CN_NUM}]{{1,3}}、")
_H2 = re.compile(rf"^[（(][{CN_NUM}]{{1,3}}[）)]")
_H3 = re.compile(
    rf"^(?:(?:其)?[{CN_NUM}]{{1,2}}(?:要|是|则)(?=[^，,。]{{2,}})|第[{CN_NUM}]{{1,3}}[，,、：:]|[（(]?\d{{1,2}}[）)．.、](?!\d))"
)
_SALUTATION = re.compile(
    r"^(?:(?:尊敬的)?(?:同志们|各位(?:领导|同志|同事|来宾|嘉宾|代表|委员|老师|同学|朋友)[^：:，,。]{0,20}|"
    r"同志们、朋友们|女士们、先生们|同志们，朋友们)[：:，,！!]?)+"
)
_TITLE_WORDS = re.compile(
    r"(讲话|报告|发言|致辞|讲稿|党课|主持词|总结|提纲|述职|汇报|发言材料|心得体会|辅导报告)(稿|提纲|材料)?[）)]?$"
)
_DATE_LINE = re.compile(r"^[（(]?\s*(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日\s*[）)]?$|^[（(]?\s*(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?\s*[）)]?$")
_SPEAKER_LINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}$|^[\u4e00-\u9fff]{1,12}\s+[\u4e00-\u9fff·]{2,4}$")
_YEAR = re.compile(r"(?<![\d０-９])((?:19|20)\d{2})\s*年")
_SENT_END = "。！？；!?;"
_CLOSE_AFTER = "”’」』）)》"
_OPEN_Q = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")"}

# Occasions, longest first so 专题组织生活会 wins over 组织生活会.
OCCASIONS = sorted(
    """组织生活会 民主生活会 专题民主生活会 专题组织生活会 座谈会 主任会议 工作会议 全体会议 全会
    常委会 常委会议 党组会议 党委会议 理论学习中心组 中心组学习 专题研讨班 研讨班 培训班 开班式 结业式
    党课 专题党课 主题党日 主题党日活动 表彰大会 动员大会 部署会 推进会 调度会 务虚会 述职评议 廉政谈话
    集体谈话 谈心谈话 警示教育大会 警示教育 纪念大会 报告会 交流会 分析会 总结会 誓师大会 见面会 汇报会
    经济工作会议 安全生产会议 政府工作报告 工作报告 代表大会 开幕式 闭幕式""".split(),
    key=len,
    reverse=True,
)
_OCCASION = re.compile("|".join(OCCASIONS))
_LEVELS = [
    ("中央", re.compile(r"中央|全国|国务院")),
    ("省", re.compile(r"省委|省政府|全省|省直|省级|省人大|省政协|省纪委|(?:^|在)省")),
    ("市", re.compile(r"市委|市政府|全市|市直|市级|市人大|市政协|市纪委|(?:^|在)市|州委|盟委")),
    ("县", re.compile(r"县委|县政府|全县|县直|县级|县人大|县政协|县纪委|(?:^|在)县|旗委")),
    ("区", re.compile(r"区委|区政府|全区|区直|(?:^|在)区")),
    ("乡镇", re.compile(r"乡党委|镇党委|乡政府|镇政府|全乡|全镇|街道")),
]
# Placeholders for redacted names: **, ***, ×××, XX, a lone X.
from .clean import PLACEHOLDER  # noqa: E402,F401 - (re-exported: where parsing looks for it)

MAX_TITLE = 60


def _is_salutation(line: str) -> bool:
    """The whole line is a salutation. Long lines never are: `_SALUTATION` can
    split a run of 各位领导各位领导… in exponentially many ways when asked to
    match a whole line, so it only ever sees a short one."""
    return len(line) <= MAX_TITLE and _SALUTATION.fullmatch(line) is not None


@dataclass
class ParagraphData:
    text: str
    section: int
    sentences: list[tuple[int, int]]  # (start, end) offsets into text


@dataclass
class SectionData:
    heading: str | None
    level: int
    parent: int | None
    paragraphs: list[int] = field(default_factory=list)


@dataclass
class Parsed:
    title: str
    title_derived: bool
    year: int | None
    occasion: str | None
    level: str | None
    salutation: str | None
    speaker: str | None
    date: str | None
    sections: list[SectionData]
    paragraphs: list[ParagraphData]

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


# --------------------------------------------------------------------- sentences


_QUOTE_MARKS = re.compile("[" + re.escape("".join(_OPEN_Q) + "".join(_OPEN_Q.values()) + '"') + "]")
_CLOSE_Q = "”’」』"
_SENT_MARKS = re.compile("[" + re.escape(_SENT_END + _CLOSE_Q) + "]")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Matched quotation spans (open index, close index); unmatched marks are ignored.

    A closing mark pairs with the innermost open mark of its kind and closes the
    marks opened inside it. Linear time: a closing mark whose kind is not open is
    ignored without searching, and every open mark is popped at most once. Only
    the quotation marks are visited (found by a regex), not every character.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    open_count: dict[str, int] = dict.fromkeys(_OPEN_Q, 0)
    closers = {v: k for k, v in _OPEN_Q.items()}
    ascii_pos: list[int] = []
    for m in _QUOTE_MARKS.finditer(text):
        ch, i = m.group(), m.start()
        if ch == '"':
            ascii_pos.append(i)
        elif ch in _OPEN_Q and not (ch in "（(" and stack and stack[-1][0] in "“‘「『"):
            stack.append((ch, i))
            open_count[ch] += 1
        elif ch in closers:
            want = closers[ch]
            if not open_count[want]:
                continue
            while True:
                och, at = stack.pop()
                open_count[och] -= 1
                if och == want:
                    spans.append((at, i))
                    break
    # ASCII double quotes pair up in order when they are balanced.
    if ascii_pos and len(ascii_pos) % 2 == 0:
        spans.extend(zip(ascii_pos[::2], ascii_pos[1::2]))
    return spans


def _inside_quotes(text: str) -> Callable[[int], bool]:
    """A test: does position k lie strictly inside a quotation?"""
    edges = []
    for a, b in _quote_spans(text):
        # A quotation longer than a paragraph's worth is probably a run-on quote
        # mark; still never split inside it unless it is absurdly long.
        if 2 <= b - a <= 2000:
            edges.append((a + 1, b))
    if not edges:
        return lambda k: False
    edges.sort()
    merged: list[list[int]] = []
    for a, b in edges:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def inside(k: int) -> bool:
        at = bisect_right(starts, k) - 1
        return at >= 0 and k < merged[at][1]

    return inside


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split after 。！？； (and a closing quote that follows them),
    never inside a quotation. Only sentence marks and closing quotes are visited."""
    n = len(text)
    inside = _inside_quotes(text)
    spans: list[tuple[int, int]] = []
    start = 0
    i = 0
    while True:
        m = _SENT_MARKS.search(text, i)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch in _SENT_END and not inside(i):
            j = i + 1
            while j < n and (text[j] in _SENT_END or text[j] in _CLOSE_Q and not inside(j)):
                j += 1
            spans.append((start, j))
            start = j
            i = j
            continue
        if ch in _CLOSE_Q and not inside(i) and i > 0 and text[i - 1] in _SENT_END:
            # 。” — the quotation closed a sentence.
            j = i + 1
            while j < n and text[j] in _CLOSE_AFTER:
                j += 1
            if j < n and text[j] in _SENT_END:
                i = j
                continue
            spans.append((start, j))
            start = j
            i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    # Trim whitespace at the edges of every sentence; drop empty ones.
    out: list[tuple[int, int]] = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


# --------------------------------------------------------------------- lines


_FW_BREAK = re.compile(r"(?<=\S)[ \t]*[\u3000]{2,}[ \t\u3000]*")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000\u202f\u205f]+")


def _lines(text: str) -> list[str]:
    """Non-empty logical lines; a long line holding several paragraphs separated
    only by full-width spaces (　　) becomes several lines."""
    out: list[str] = []
    for raw in text.split("\n"):
        s = raw.strip(" \t\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")
        if not s:
            continue
        parts = _FW_BREAK.split(s) if "\u3000\u3000" in s else [s]
        for p in parts:
            p = _WS.sub(lambda m: " " if len(m.group()) == 1 and m.group() == " " else "", p).strip()
            if p:
                out.append(p)
    return out


def _ends_sentence(s: str) -> bool:
    s = s.rstrip("”’」』）)》")
    return bool(s) and s[-1] in "。！？；!?;，,：:…"


def heading_level(line: str) -> int:
    if _H1.match(line):
        return 1
    if _H2.match(line):
        return 2
    if _H3.match(line):
        return 3
    return 0


def _heading_text(line: str, level: int) -> tuple[str, bool]:
    """(heading, standalone): a short line is a heading on its own; a heading that
    opens a paragraph gives its first sentence (or clause) as the heading."""
    if len(line) <= MAX_TITLE and not re.search(r"[。！？!?]", line[:-1]) and (
        level < 3 or not _ends_sentence(line)
    ):
        return line.rstrip("。；;"), True
    spans = split_sentences(line)
    first = line[spans[0][0]: spans[0][1]] if spans else line
    if len(first) > MAX_TITLE:
        cut = re.search(r"[，,：:]", first[4:])
        first = first[: 4 + cut.start()] if cut and cut.start() + 4 <= MAX_TITLE else first[:MAX_TITLE] + "…"
    return first.rstrip("。；;！？"), False


# --------------------------------------------------------------------- metadata


def _is_title_line(line: str) -> bool:
    if len(line) > MAX_TITLE or heading_level(line) or _is_salutation(line):
        return False
    if _TITLE_WORDS.search(line):
        return True
    # A short line without sentence punctuation at the top reads as a title.
    return len(line) <= 40 and not re.search(r"[。！？!?；;]", line) and not line.endswith(("：", ":"))


_OPENING_OCCASION = re.compile(
    r"([^，。；：,;:！？]{0,24}?)(?:召开|举行|参加|出席|举办|开展)(?:了)?(?:这次|本次|今天的|今年的|此次)?"
    r"([^，。；：,;:！？]{0,30}(?:会议|会|活动|研讨班|培训班|仪式|典礼|论坛|党课|党日))"
)
_DROP_LEAD = re.compile(r"^(?:今天|今年|这是|我们|我|咱们|大家|在这里|很高兴|非常高兴|这次|本次|第一次|首先|以[^，。]{0,10}身份)+")


def derive_title(paragraphs: list[str]) -> str:
    """A readable title for a speech that has none, from the occasion its opening names."""
    opening = "".join(paragraphs[:2])[:400]
    for sentence_end in (split_sentences(opening) or [(0, len(opening))])[:3]:
        sent = opening[sentence_end[0]: sentence_end[1]]
        m = _OPENING_OCCASION.search(sent)
        if m:
            who = _DROP_LEAD.sub("", m.group(1)).strip()
            who = re.sub(r"^(?:第一次|一起|共同|专门|专题)+", "", who)
            what = m.group(2).strip()
            if len(who) > 12 or re.search(r"[我你他她]|同志们", who):
                who = ""
            place = (who + what).strip()
            if len(place) >= 4:
                return f"在{place}上的讲话"
    first = split_sentences(opening)
    text = opening[first[0][0]: first[0][1]] if first else opening
    text = re.sub(r"^[^，,]{0,6}[，,]", "", text) if len(text) > 30 else text
    text = text.rstrip("。！？；")
    return (text[:28] + "…") if len(text) > 28 else (text or "无题讲话")


def find_year(*texts: str | None) -> int | None:
    for t in texts:
        if not t:
            continue
        m = _YEAR.search(t)
        if m:
            return int(m.group(1))
    return None


def find_occasion(*texts: str | None) -> str | None:
    for t in texts:
        if not t:
            continue
        m = _OCCASION.search(t)
        if m:
            return m.group(0)
    return None


def find_level(*texts: str | None) -> str | None:
    for t in texts:
        if not t:
            continue
        best: tuple[int, str] | None = None
        for name, rx in _LEVELS:
            m = rx.search(t)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), name)
        if best:
            return best[1]
    return None


# --------------------------------------------------------------------- parse


def parse(text: str) -> Parsed:
    """Parse cleaned speech text."""
    lines = _lines(text)
    title: str | None = None
    subtitle: str | None = None
    speaker = date = salutation = None
    i = 0
    # Title: the first short line that reads as a title, among the first lines
    # before any body paragraph.
    for k, line in enumerate(lines[:4]):
        if len(line) > MAX_TITLE or heading_level(line) or _is_salutation(line):
            break
        if _is_title_line(line):
            title = line
            i = k + 1
            break
    if title is not None:
        # Subtitle, date and speaker lines under the title.
        while i < len(lines) and i < 8:
            line = lines[i]
            if line.startswith(("——", "--", "—")) and len(line) <= MAX_TITLE + 4:
                subtitle = line.lstrip("—-").strip()
            elif _DATE_LINE.match(line):
                date = line.strip("（）() ")
            elif speaker is None and _SPEAKER_LINE.match(line) and not _is_salutation(line) and not heading_level(line) and not _TITLE_WORDS.search(line):
                speaker = line
            elif title and _is_title_line(line) and _TITLE_WORDS.search(line) and not _TITLE_WORDS.search(title) and subtitle is None:
                subtitle = line
            else:
                break
            i += 1
    body = lines[i:]
    # Salutation: 同志们： on its own line, or opening the first paragraph.
    if body:
        m = _SALUTATION.match(body[0])
        if m and m.group(0):
            salutation = m.group(0)
            rest = body[0][m.end():].strip()
            body = ([rest] if rest else []) + body[1:]

    sections: list[SectionData] = [SectionData(None, 0, None)]
    paragraphs: list[ParagraphData] = []
    current = {0: 0}  # level -> section index of the innermost open section
    for line in body:
        level = heading_level(line)
        if level:
            heading, standalone = _heading_text(line, level)
            # parent: the innermost open section of a lower level
            candidates = [current[lv] for lv in sorted(current) if 0 < lv < level]
            parent = candidates[-1] if candidates else None
            sections.append(SectionData(heading, level, parent))
            idx = len(sections) - 1
            current = {lv: s for lv, s in current.items() if lv < level}
            current[level] = idx
            if standalone:
                continue
        sec = current[max(current)]
        sections[sec].paragraphs.append(len(paragraphs))
        paragraphs.append(ParagraphData(line, sec, split_sentences(line)))

    if title is None:
        title = derive_title([p.text for p in paragraphs])
        derived = True
    else:
        derived = False
        if subtitle and not _TITLE_WORDS.search(title):
            title = f"{title}——{subtitle}"
    opening = paragraphs[0].text[:300] if paragraphs else ""
    return Parsed(
        title=title,
        title_derived=derived,
        year=find_year(title, subtitle, date, opening if derived else None),
        occasion=find_occasion(title, subtitle, opening),
        level=find_level(title, subtitle),
        salutation=salutation,
        speaker=speaker,
        date=date,
        sections=sections,
        paragraphs=paragraphs,
    )


def inline_heading(heading: str | None, first_paragraph: str | None) -> bool:
    """Whether a section's heading is part of its first paragraph (一要…、一是… open
    the paragraph they head): then it is shown once, inside the paragraph, not as a
    line of its own. The one rule for the reader, copies and `jianghua show`."""
    return bool(heading) and first_paragraph is not None and first_paragraph.startswith(heading or "")
