"""Reading the head of a speech file: the lines before its first body paragraph.

`first_line.split_first_line` breaks a first line that runs dateline, title, date,
speaker, salutation and body together (在……上的讲话（2020年1月8日）习近平同志们：……)
into separate lines; `read_head` then walks the head line by line and sorts each line
into title, subtitle, dating, speaker, header metadata or portal furniture,
stopping at the first line of the body. Every rule reads the folded (simplified)
line; what is kept is the line as written.
"""

from __future__ import annotations

import re

from .dates import find_date
from .han import BASIC, basic_char
from .patterns import lazy  # (patterns for rarer heads: compiled when a file needs them)
from .headline import (
    LONG_TITLE,
    OPEN_END,
    anchor,
    continues,
    heads_below,
    is_deck,
    joined_below,
    page_note,
    repeat_at,
    repeats_title,
    header_line,
    skip_furniture,
    title_like,
    undecorated,
)
from .metadata import (
    DASH,
    MAX_TITLE,
    TITLE_WORD,
    TITLE_WORDS,
    Head,
    dating_line,
    lede_after_dateline,
    header_date,
    SENTENCE,
    SUBTITLE_SPEAKER,
    is_salutation,
    intro_line,
    is_title_line,
    meta_line,
    salutation_prefix,
    speaker_label,
    speaker_of,
    strip_markup,
    vocab,
)

# a collected works' note under the title: 这是毛泽东在……上的讲演。
_NOTE_SPEECH = lazy(
    rf"^[*＊•·\s]*这是([{BASIC}·]{{2,8}}?)(?:同志)?(在[^。；]{{2,60}}?(?:上|时|中|期间))(?:的|所作的|发表的)"
    r"(?:讲话|讲演|演讲|演说|报告|发言|谈话|结论|总结|致辞)[^。]{0,12}。$"
)


def _value(value: str, v) -> str | None:
    """A header value up to the next key or separator on the same line (来源：新华社 发布时间：…)."""
    m = v.any_key.search(value)
    value = value[: m.start()] if m else value
    found = find_date(value)  # 来源：市城管局 2022-03-10 11:51
    value = value[: found[1]] if found and found[1] >= 2 else value
    return re.split(r"\s{2,}|[|｜;；。]", value.strip())[0].strip() or None  # 来源：人民网; 作者：…


_CLOCK = re.compile(r"\d{1,2}:\d{2}")  # a posting time's clock (2024-07-07 09:05)
_FULL_STOP = re.compile(r"[。！？]")  # a sentence's end; ；/; only separate a header line's keys


def _opens_text(f: str, v) -> bool:
    """时间：就是生命。…: a paragraph that opens with a key's word is text — a sentence ends in
    it, and its value is neither a source (来源：新华社。) nor a date (时间：2023年5月10日。)."""
    if not _FULL_STOP.search(f.rstrip("。")) or v.source_key.match(f):
        return False
    m = v.date_key.match(f)
    found = find_date(m.group(1).strip()) if m else None
    return not (found and found[1] == 0)


_DATE_CHARS = re.compile(r"[\d\s年月日号时分秒:：/.\-—|｜()（）]|星期.|周[一二三四五六日天]|上午|下午|更新")
_SITE_LABEL = re.compile(rf"[{BASIC}A-Za-z]{{2,}}")


def _reposted(label: str, h: Head, above: list[str]) -> bool:
    """Whether a site's name on a date line (网盟彩票2022-05-03) is a reposting site's, its
    day never the text's: the same name twice above the headline (网盟彩票|网盟彩票), or a
    name other than the page's own source (来源：新华社 above). A portal's banner said once
    (中国政府网 / 政府工作报告 / 中国政府网 2024-03-12) is the page's own: its date stays."""
    from .script import fold

    title = fold(h.title) if h.title else None
    lines = above + ([title] if title and title not in above else [])
    said = sum(part == label for x in lines for part in re.split(r"[|｜\s]+", x))
    src = fold(h.source) if h.source else None
    return said >= 2 or bool(src) and label not in src and src not in label


# A news lede opening on the day, no year (10月29日下午，省委在武昌召开…… / 昨天下午，本市召开……): the lines
# between it and the headline are decks.
_LEDE_DAY = re.compile(r"^(?:\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚间|早上)?|[昨今][天日](?:上午|下午|晚上|晚间|早上))[，,]")
_CELL = re.compile(r"[|｜]")


def _field_row(raw: str, f: str) -> tuple[bool, str | None]:
    """A row of a page's field table, its cells split by | (索引号 | /2025-0000 | 公开目录: | 工作报告 |,
    | 标题:省委书记视察省气象局的讲话 |, 文章名稱 | : | ……致辭全文 |): whether the line is one (its first
    cell a header key), and the title a title field gives, as written (None if it gives none)."""
    if not _CELL.search(f) or len(f) > 200:
        return False, None
    v = vocab()
    fcells, rcells = _CELL.split(f), _CELL.split(raw)
    if len(fcells) != len(rcells):
        rcells = fcells
    cells = [(a.strip(), b.strip()) for a, b in zip(fcells, rcells) if a.strip(" :：")]
    if not cells:
        return False, None
    first, rfirst = cells[0]
    m = v.title_key.match(first)
    if m:
        value = rfirst[m.end():].strip() if len(rfirst) == len(first) else first[m.end():].strip()
        if not value and len(cells) > 1:
            value = cells[1][1]
        return True, value or None
    keys = sum(1 for a, _ in cells if v.cell_key.match(a))  # (two key cells, or a key with its value: a table's header 日期 | 产值 | 增长 is the text's)
    return bool(v.cell_key.match(first)) and (keys >= 2 or bool(re.search(r"[:：]\s*\S", first))), None


def _fold_value(value: str, raw: str, f: str) -> str:
    """`value` (a stretch of `raw`) as `f` (the folded line) writes it."""
    at = raw.find(value)
    return f[at: at + len(value)] if at >= 0 and len(raw) == len(f) else value


def _key_line(h: Head, f: str, lines: list[str], flines: list[str], i: int) -> int:
    """Header key lines (发布时间：… 来源：… 作者：…); returns lines used, 0 if none."""
    v = vocab()
    if len(f) > LONG_TITLE or _opens_text(f, v):
        return 0
    nxt = flines[i + 1] if i + 1 < len(flines) else None
    d, used = header_date(f, nxt)
    if used:
        keyed = bool(v.date_key.match(f))  # 发布日期：2020-04-23 beats a bare 2023年03月29日 星期三 above it
        label = _SITE_LABEL.search(_DATE_CHARS.sub("", f)) if d and not keyed else None
        if label and _reposted(label.group(), h, flines[max(i - 2, 0): i]):
            d = None
        if d and (h.header_date is None or keyed and not h.header_keyed):
            h.header_date, h.header_keyed, h.header_site = d, keyed, keyed or bool(_CLOCK.search(f))
        ms = v.source_key.search(f[f.find("来源"):] if "来源" in f else "")  # 来源：新华社  发布时间：…
        if ms and h.source is None:
            h.source = _value(lines[i][len(f) - len(ms.string) + ms.start(1):], v)
        return used
    for rx, slot in ((v.source_key, "source"), (v.other_key, None)):
        m = rx.match(f)
        if not m:
            continue
        value, used = lines[i][m.start(1): m.end(1)].strip(), 1  # as written (same offsets)
        if not value and nxt is not None and len(nxt) <= 30 and not skip_furniture(nxt, None, None) \
                and not (v.date_key.match(nxt) or v.source_key.match(nxt) or v.other_key.match(nxt)):
            value, used = lines[i + 1].strip(), 2
        if slot == "source" and value:
            found = find_date(value)  # 来源：市城管局 2022-03-10 11:51
            if h.header_date is None and found and found[1] >= 2:
                h.header_date, h.header_site = found[0], True
            h.source = h.source or _value(value, v)
        if h.header_date is None:  # 来源：党史学习 时间：2022-08-04 14:05
            h.header_date = _keyed_date(f, v)
            h.header_site = h.header_date is not None
        return used
    if meta_line(f):  # 领导讲话 发文时间：2019-12-20 08:58:00 浏览次数：: the page's fields on one line
        if h.header_date is None:
            h.header_date = _keyed_date(f, v)
            h.header_site = h.header_date is not None
        at = next((k.start() for k in v.any_key.finditer(f) if v.source_key.match(f[k.start():])), None)
        if at is not None and h.source is None:
            h.source = _value(lines[i][at + len(v.source_key.match(f[at:]).group(0)) - len(v.source_key.match(f[at:]).group(1)):], v)
        return 1
    return 0


def _keyed_date(f: str, v) -> str | None:
    """The date a date key gives further along a line (来源：党史学习 时间：2022-08-04 14:05)."""
    at = next((k.start() for k in v.any_key.finditer(f) if k.start() and v.date_key.match(f[k.start():])), None)
    found = find_date(f[at:]) if at is not None else None
    return found[0] if found else None


def _after_title(h: Head, raw: str, f: str, ftitle: str, prev_sub: bool) -> bool:
    """A line under the title that belongs to the head (subtitle, speaker, repeat)."""
    heading = raw.lstrip().startswith("#")
    raw, f = strip_markup(raw), strip_markup(f)
    if repeats_title(f, ftitle):
        return True  # the title repeated (portal pages and markdown exports show it twice)
    if (DASH.match(f) or heading and h.subtitle is None and h.speech_date is None) and len(f) <= MAX_TITLE + 24 \
            and not SENTENCE.search(f):
        sub = DASH.sub("", raw).strip()
        fsub = DASH.sub("", f).strip()
        found = find_date(fsub) if DASH.match(f) else None
        if found and found[1] <= 1:
            h.speech_date = h.speech_date or found[0]
        m = SUBTITLE_SPEAKER().match(fsub)
        if m and h.speaker is None:
            h.speaker = sub[: len(m.group(1))]
        h.subtitle = h.subtitle or sub
        return True
    if prev_sub and h.subtitle and len(f) <= 40 and not SENTENCE.search(f) and re.search(r"(上|时|中)$", f):
        h.subtitle += raw.strip()  # a subtitle wrapped over two lines
        return True
    sp = speaker_of(f)
    if sp and h.speaker is None:
        h.speaker = _raw_name(raw, f, sp)
        return True
    cut = _kind_then_name(f) if h.subtitle is None and h.speaker is None else 0
    if cut:  # 2022年……工作报告市城管局党组书记、局长 杜宇: the subtitle, then who gave it
        h.subtitle, h.speaker = raw[:cut].strip(), _raw_name(raw[cut:], f[cut:], speaker_of(f[cut:]))
        return True
    m = _NOTE_SPEECH().match(f)
    if m:  # 这是毛泽东在……上的讲演。: who spoke, and where (the line as written: same offsets)
        same = len(raw) == len(f)
        h.speaker = h.speaker or (raw[m.start(1): m.end(1)] if same else m.group(1))
        h.occasion_text = h.occasion_text or (raw[m.start(2): m.end(2)] if same else m.group(2))
        return True
    if is_title_line(f) and TITLE_WORDS.search(f) and not TITLE_WORDS.search(ftitle) and h.subtitle is None:
        h.subtitle = raw.strip()
        return True
    return False


def _kind_then_name(f: str) -> int:
    """Where a subtitle naming its kind of text (……工作报告) runs into its speaker
    (with an office), or 0."""
    if len(f) > MAX_TITLE + 20 or SENTENCE.search(f):
        return 0
    for m in TITLE_WORD.finditer(f):
        rest = f[m.end():]
        if m.end() >= 4 and rest.strip() and vocab().office.search(rest) and speaker_of(rest):
            return m.end()
    return 0


def _raw_name(raw: str, f: str, name: str) -> str:
    """The name as written (traditional script kept), spaces inside it removed."""
    compact_raw, compact_f = raw.replace(" ", ""), f.replace(" ", "")
    at = compact_f.rfind(name)
    return compact_raw[at: at + len(name)] if at >= 0 and len(compact_raw) == len(compact_f) else name


def _titled_question(f: str) -> bool:
    """A title that asks or exclaims (中国的红色政权为什么能够存在？), read as one only
    when a dating line follows it."""
    return len(f) <= MAX_TITLE and not SENTENCE.search(f[:-1]) and not is_salutation(f)


_FRONT_KEY = lazy(rf"^([A-Za-z_{BASIC}]{{1,20}})\s*[:：]\s*(.*)$")


def _front_matter(h: Head, lines: list[str], flines: list[str]) -> tuple[int, str]:
    """A markdown export's front matter (--- / title: … / date: … / ---): (lines used, folded title)."""
    if not flines or flines[0] not in ("---", "+++"):
        return 0, ""
    end = next((k for k in range(1, min(len(flines), 60)) if flines[k] == flines[0]), None)
    if end is None:
        return 0, ""
    ftitle = ""
    for k in range(1, end):
        m = _FRONT_KEY().match(flines[k])
        if not m:
            continue
        key, value = m.group(1).lower(), lines[k][m.start(2):].strip().strip("\"'")
        if key in ("title", "标题", "题目") and value and h.title is None:
            h.title, ftitle = value, flines[k][m.start(2):].strip().strip("\"'")
        elif key in ("date", "日期", "时间", "发布时间") and h.header_date is None:
            found = find_date(value)
            h.header_date = found[0] if found else None
        elif key in ("source", "来源") and value and h.source is None:
            h.source = value
    return end + 1, ftitle


def _title_at(h: Head, lines: list[str], flines: list[str], i: int, headline: int | None) -> tuple[int, str]:
    """(lines the title takes at line `i`, 0 when it is not a title; the folded title):
    a title line (or a question dated on the next line, or a headline of up to
    LONG_TITLE over a date/source line), perhaps wrapped over two lines; or an issuer
    over the kind of its document (……办公厅 / 公告)."""
    f, raw = flines[i], lines[i]
    nxt = flines[i + 1] if i + 1 < len(flines) else None
    after = flines[i + 2] if i + 2 < len(flines) else None
    bare, fbare = strip_markup(raw), strip_markup(f)
    dated_next = nxt is not None and dating_line(nxt) is not None
    if fbare and (is_title_line(fbare) or dated_next and _titled_question(fbare)
                  or (i == headline or header_line(nxt or "", after)) and title_like(fbare, LONG_TITLE)):
        h.title = bare
        if nxt is not None and continues(fbare, strip_markup(nxt), after):  # a title over two lines
            gap = " " if " " in bare and not OPEN_END.search(fbare) else ""
            h.title = bare + gap + strip_markup(lines[i + 1])
            return 2, fbare + gap + strip_markup(nxt)
        return 1, fbare
    if nxt in vocab().document_types and 4 <= len(f) <= 120 and not SENTENCE.search(f):
        h.title = raw.strip() + lines[i + 1].strip()  # issuer + 公告
        return 2, f.strip() + nxt
    return 0, ""


_COUNTER = 16  # a line above the title this short with no Han character may be a page's counter or tag
_TAG_TOKEN = re.compile(r"\S*\d\S*")  # AM594, FM107.8, 0: a station's or a counter's token holds a digit


def _counter(raw: str, f: str) -> bool:
    """A page's counter or station tag above the headline (0, AM594 FM107.8, T+): no Han
    character, short, and every word of it holds a digit, or at most 3 characters not all
    letters. Words (Good morning!, Opening Remarks, OK) are text."""
    s = f.strip()
    if not s or len(s) > _COUNTER or basic_char().search(s) or raw.lstrip().startswith("#"):
        return False
    return all(_TAG_TOKEN.fullmatch(t) for t in s.split()) or len(s) <= 3 and not s.isalpha()


_WRAPPED_DATING = re.compile(r"^[^。！？!?；;，,]{2,38}(?:上|时|中)[）)]?$")  # a dating line's second half (……会议上)


def _bracketed_date(f: str) -> bool:
    found = find_date(f) if f.startswith("〔") else None
    return bool(found) and len(f) - (found[2] - found[1]) <= 4


def read_head(lines: list[str], flines: list[str]) -> Head:
    """Sort the head lines; `Head.body_start` is the first body line."""
    v = vocab()
    h = Head()
    i, ftitle = _front_matter(h, lines, flines)
    headline, front = None, i > 0
    if not front:
        i, headline = anchor(flines)
    anchored = i > 0
    prev_sub = False
    title_end = -1  # the line right under the title line(s)
    while i < min(len(lines), 40):
        f, raw = flines[i], lines[i]
        prev = flines[i - 1] if i else None
        nxt = flines[i + 1] if i + 1 < len(flines) else None
        if skip_furniture(f, prev, nxt) or (prev is not None and f == prev and len(f) <= MAX_TITLE):
            if i == title_end and h.title and re.search(r"位置\s*[:：]|[>＞»›]", f) and v.page_line.search(f) \
                    and ftitle not in f and not (h.subtitle or h.speaker or h.speech_date or h.notes):
                h.title = None  # 四川党史文献网 / 你当前的位置：首页正文: what stands above the crumb is the site's name
            i += 1
            continue
        if h.title is not None and v.head_note.search(f) and not _bracketed_date(f):
            if not page_note(f, flines[i + 1: i + 4]):
                h.notes.append(i)  # a long 导语, a transcriber's note: text, kept before the body
            i += 1  # 〔《毛选》删节本〕, 「导读」 teasers, 导语：…不代表本站观点: the page's (〔2023年1月5日〕 is its date)
            continue
        is_row, row_title = _field_row(raw, f)
        if is_row:  # a page's field table (索引号 | … | 公开目录： | …): the page's; a title field gives the title
            if row_title and h.title is None:
                h.title, ftitle, title_end = row_title, _fold_value(row_title, raw, f), i + 1
            i += 1
            continue
        used = _key_line(h, f, lines, flines, i)
        if used:
            i += used
            continue
        intro = intro_line(f) if h.title is not None or i < 3 else None  # or opening an untitled page
        if intro:  # 以下为行政长官曾荫权今日……的致辞全文：: who spoke; the page's line
            h.speaker = h.speaker or (_raw_name(raw, f, intro[0]) if intro[0] else None)
            i += 1
            continue
        m = v.dateline.match(f)
        if m:
            h.dateline = h.dateline or raw[: m.end()]
            if m.end() >= len(f.rstrip()):
                i += 1
                continue
            if lede_after_dateline(f[m.end():]):
                break  # the report's text follows its dateline: the body, dateline and all
            lines[i], flines[i] = raw[m.end():].strip(), f[m.end():].strip()
            continue
        if is_salutation(f) or salutation_prefix(f):
            break
        label = speaker_label(f) if h.title is not None else None
        if label is not None:  # 署理行政长官： over the text: a transcript's speaker label
            h.speaker = h.speaker or (_raw_name(raw, f, label) if label else None)
            i += 1
            continue
        dl, wrap = dating_line(f), 0
        if dl is None and nxt and len(nxt) <= 40 and _WRAPPED_DATING.search(nxt) and (h.title is not None or i < 3):
            dl = dating_line(f + nxt)  # 2025年3月21日在汉滨区第十九届 / 人民代表大会第四次会议上: one dating line, wrapped
            if dl and dl[1]:
                wrap, raw, f = 1, raw.rstrip() + lines[i + 1].strip(), f + nxt
            else:
                dl = None
        if dl and (h.title is not None or i < 3):
            if h.speech_date is None or len(h.speech_date) == 4 and len(dl[0]) == 10:
                h.speech_date = dl[0]  # (a full dating line under ——在2014年……会议上的报告: its day, not the meeting's year)
            if dl[1] and h.occasion_text is None:
                h.occasion_text = dl[1]
            if dl[2] and h.speaker is None:
                h.speaker = _raw_name(raw, f, dl[2])
            i += 1 + wrap
            continue
        if h.title is None and (_counter(raw, f) or joined_below(flines, i)):
            i += 1  # 0 / AM594 FM107.8 / T+ above the headline: a page's counters and labels
            continue
        retitle = h.title is not None and heads_below(h, flines, i, ftitle, i == title_end)
        if retitle:
            h.title = None  # the line taken for the title was the page's label (网盟彩票, 简体版 英文版…)
        if h.title is None:
            used, ftitle = _title_at(h, lines, flines, i, i if retitle else headline)
            if not used:
                break
            i += used
            title_end = i
            continue
        sub_before = h.subtitle
        if not _after_title(h, raw, f, ftitle, prev_sub):
            rep = repeat_at(flines, i, ftitle)
            if rep is not None:
                i = rep + 1  # the lines between a title and its repeat are the page's
                continue
            page = anchored or h.source or h.dateline or h.header_date \
                or any(v.dateline.match(x) or _LEDE_DAY.match(x) for x in flines[i + 1: i + 5])  # decks over a news item's dateline or its lede's day
            if is_deck(h, f, nxt, not front and bool(page), ftitle):
                i += 1
                continue
            break
        prev_sub = h.subtitle is not None and h.subtitle != sub_before
        i += 1
    if h.title:
        h.title = undecorated(h.title, ftitle)
    h.body_start = i
    return h
