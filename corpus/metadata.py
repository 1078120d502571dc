"""Title, date, speaker and source of a speech, from the signals a reader uses.

A reader looks at the head of the file (a title line, a subtitle ——在……上的讲话,
a date line, a name line, a portal's 发布时间/来源 block), then at the file name,
and only then at the opening of the speech. This module does the same, in that
order of trust, with the vocabularies in ``data/metadata.toml``:

* title:   a title line at the top > the file name when it reads as a title
           (Han characters; not a hash, a number or 000_…) > a title derived
           from the opening, only when every slot is filled > the opening
           clause, clipped. Never a salutation, never a dateline.
* date:    the speech's own dating (a date line or subtitle under the title,
           a date in parentheses after it) > a dateline's date in the year the
           header or file name gives > a header date (发布时间, a timestamp line,
           front matter) > a year in the title line > a date or year in the file
           name. Never a year from a number in the body.
* speaker: a name line under the title, a name after the date, a subtitle
           ——某某在……上的讲话.

This module holds the vocabulary, the kinds of head line and what a file name
gives; the head is walked in `head` (a run-together first line split first in
`first_line`), a title derived from the opening in `derived_title`, a news
report's lede read in `lede`.

Every rule sees the simplified form of a line (`script.fold`), so traditional-
script files are read like simplified ones; what is kept is the text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from ._toml import toml
from .dates import find_date
from .han import BASIC, basic_char
from .patterns import lazy
from .resources import METADATA

MAX_TITLE = 60
HEAD_LINES = 40  # the head of a file: at most this many lines before the body


@dataclass(frozen=True)
class Vocab:
    furniture: re.Pattern[str]
    page_line: re.Pattern[str]  # navigation: furniture even when it ends with a title
    date_key: re.Pattern[str]
    source_key: re.Pattern[str]
    other_key: re.Pattern[str]
    dateline: re.Pattern[str]
    salutation: re.Pattern[str]
    office: re.Pattern[str]
    organisation: re.Pattern[str]  # an organisation's name ending (……市委, ……办公厅, ……协会), at the end
    separators: tuple[str, ...]
    any_key: re.Pattern[str]  # any header key with its colon, anywhere in a line
    cell_key: re.Pattern[str]  # a table cell that is a header key, alone or with its value (索引号, 公开目录：…)
    title_key: re.Pattern[str]  # a table cell naming the title field, its value after it or in the next cell
    not_speakers: frozenset[str]
    document_types: frozenset[str]
    head_note: re.Pattern[str]  # a note about the text in its head (编者按：…, 〔…〕)
    page_notice: re.Pattern[str]  # a site's words to its readers about the page (下载文档前…, 不代表本站观点)
    intro: tuple[re.Pattern[str], ...]  # an editor's line introducing the text (以下为……的致辞全文：); each may name `who`
    title_decoration: re.Pattern[str]  # a document site's tag on a title: （精选文档）
    fingerprint: str


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else r"(?!x)x")


def _key_rx(keys: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    # (a list bullet may lead: • 發布時間:2019-04-01)
    return re.compile(rf"^[•·●■◆▪\s]*[【\[]?(?:{alts})[】\]]?\s*[:：]\s*(.*)$")


@lru_cache(maxsize=2)
def vocab(path=METADATA) -> Vocab:
    import hashlib

    raw = path.read_bytes()
    d = toml.loads(raw.decode("utf-8"))
    words = "|".join(re.escape(w) for w in d.get("salutation_words", []))
    offices = "|".join(re.escape(w) for w in sorted(d.get("offices", []), key=len, reverse=True))
    return Vocab(
        furniture=_union(d.get("furniture", [])),
        page_line=_union(d.get("page_lines", [])),
        date_key=_key_rx(d.get("date_keys", [])),
        source_key=_key_rx(d.get("source_keys", [])),
        other_key=_key_rx(d.get("other_keys", [])),
        dateline=_union(d.get("datelines", [])),
        salutation=re.compile(rf"^(?:{words})" if words else r"(?!x)x"),
        office=re.compile(rf"(?:{offices})" if offices else r"(?!x)x"),
        organisation=re.compile("(?:" + "|".join(re.escape(w) for w in d.get("organisation_endings", [])) + ")$"
                                if d.get("organisation_endings") else r"(?!x)x"),
        separators=tuple(d.get("title_author_separators", [])),
        not_speakers=frozenset(d.get("not_speakers", [])),
        document_types=frozenset(d.get("document_types", [])),
        head_note=_union(d.get("head_notes", [])),
        page_notice=_union(d.get("page_notices", [])),
        intro=tuple(re.compile(p) for p in d.get("intro_lines", [])),
        title_decoration=_union(d.get("title_decorations", [])),
        any_key=re.compile("(?:" + "|".join(re.escape(k) for k in sorted(
            d.get("date_keys", []) + d.get("source_keys", []) + d.get("other_keys", []), key=len, reverse=True)) + r")\s*[:：]"),
        cell_key=re.compile(r"^[•·●■◆▪\s]*(?:" + "|".join(re.escape(k) for k in sorted(
            d.get("date_keys", []) + d.get("source_keys", []) + d.get("other_keys", []), key=len, reverse=True))
            + r")\s*(?:[:：].*)?$"),
        title_key=re.compile(r"^[•·●■◆▪\s]*(?:" + "|".join(re.escape(k) for k in d.get("title_keys", []))
                             + r")\s*[:：]?\s*") if d.get("title_keys") else re.compile(r"(?!x)x"),
        fingerprint=hashlib.sha1(raw).hexdigest()[:12],
    )


@dataclass
class Head:
    """What the head of a file says. `body_start`: index of the first body line."""

    title: str | None = None
    subtitle: str | None = None
    speech_date: str | None = None  # the speech's own dating
    header_date: str | None = None  # a portal's 发布时间 / timestamp
    header_keyed: bool = False  # the header date has its key (发布日期：…): it beats a bare date line
    header_site: bool = False  # … or a clock (2024-07-07 09:05): a site's field, a posting time on a 范文 site
    speaker: str | None = None
    source: str | None = None  # 来源: who published it
    dateline: str | None = None  # 新华社北京10月25日电 / 本报讯
    occasion_text: str | None = None  # 在……上 from a dating line
    body_start: int = 0
    notes: list[int] = field(default_factory=list)  # head lines that are text (a long 导语): kept before the body


# ------------------------------------------------------------------ line kinds

# the kind of text a title names (……上的讲话, ……工作报告), anywhere in a line; at its end
TITLE_WORD = re.compile(
    r"(讲话|报告|发言|致辞|致词|讲稿|党课|主持词|开幕词|闭幕词|欢迎词|答谢词|祝酒词|总结|提纲|述职|汇报|发言材料|心得体会|辅导报告|演讲|主旨演讲|贺信|贺词|回信|书面致辞|献辞)"
    r"(稿|提纲|材料|全文)?"
)
TITLE_WORDS = re.compile(TITLE_WORD.pattern + r"[）)]?$")
SENTENCE = re.compile(r"[。！？!?；;]")
SENTENCE_END = re.compile(r"[。！？!?]")
DASH = re.compile(r"^[—\-―–━─]{1,3}")  # a subtitle's or dating line's lead (——在……上的讲话, ——2026年2月3日)
URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_NAME = rf"[{BASIC}·]{{2,8}}"
# (compiled when a subtitle is read: `patterns.lazy`)
SUBTITLE_SPEAKER = lazy(rf"^([{BASIC}]{{2,4}})在[^，。]{{2,60}}(?:上|时|中)的(?:讲话|报告|致辞|发言|演讲|主旨演讲)$")
# A title that names who spoke: 莊華平在政协……闭幕时的讲话, 政府县长周峰在……大会上的主持词 (an office
# may stand before the name; a bare office — 市长在……上的讲话 — names nobody).
_TITLE_SPEAKER = r"在[^，。；]{2,80}(?:上|时|中)的(?:讲话|报告|致辞|发言|演讲|主旨演讲|主持词|讲话稿|总结讲话|表态发言)$"


def title_speaker(ftitle: str) -> tuple[int, int] | None:
    """Where a title (folded) names its speaker: the name's span, or None."""
    v = vocab()
    ftitle = re.sub(r"\s*[(（][^()（）]{4,24}[)）]$", "", ftitle)  # ……的讲话(1978.11.28)
    m = re.match(rf"^(?:[{BASIC}、]{{0,16}}?(?:{v.office.pattern}))?([{BASIC}·]{{2,3}})(?:同志)?{_TITLE_SPEAKER}", ftitle)
    if not m:
        return None
    name = m.group(1)
    if (name in v.not_speakers or v.office.fullmatch(name) or v.organisation.search(name)
            or re.search(r"[们领导同志代表委]|^[县市区省镇乡]", name)):
        return None
    return m.span(1)


_OCCASION_PART = re.compile(r"^[，,、\s]*(在[^，。；]{2,80}?(?:上|时|中|期间))(?:的(?:讲话|报告|致辞|发言|演讲|主旨演讲))?")


def meta_line(f: str) -> bool:
    """A page's line of header fields that need not open with its key (领导讲话 发文时间：2019-12-20
    08:58 浏览次数：, 投稿人：小珍 发布时间：2009/2/12 投稿交换, 【收藏】 作者：佚名 来源：作者原创 阅读
    次): two keys or more with their colons, no sentence."""
    return len(f) <= 90 and not SENTENCE_END.search(f) and len(vocab().any_key.findall(f)) >= 2


def is_header_key(line: str) -> bool:
    """A header-block line: 发布时间：… / 来源：… / 作者：… (kept by the cleaner in the head)."""
    v = vocab()
    return bool(v.date_key.match(line) or v.source_key.match(line) or v.other_key.match(line))


# An address that opens with those addressed (全国同胞们，同志们，朋友们！), and a greeting that
# ends one (……全体国人同胞，大家早安，大家好。)
_ADDRESSEES = re.compile(
    r"^(?:[^，,、。！!：:；;]{0,10}(?:同胞们|同志们|朋友们|代表们|来宾们|女士们|先生们|委员们|乡亲们|同学们)[，,、\s]*){1,6}[！!]")
_GREETING_END = re.compile(r"大家(?:早上|上午|下午|晚上)?(?:好|早安|午安|晚安)[。！!]?$")


def is_salutation(line: str) -> bool:
    """A whole line that greets the audience: 同志们： / 尊敬的……，女士们，先生们： / 各位代表：,
    大会主席……，大家早安，大家好。"""
    v = vocab()
    s = line.strip()
    if len(s) > 300 or not (v.salutation.match(s) or _ADDRESSEES.match(s)):
        return False
    return s.endswith(("：", ":", "！", "!", "，", ",")) or len(s) <= 12 or bool(re.search(r"[：:]\s*$", s)) \
        or len(s) <= 120 and bool(_GREETING_END.search(s)) and not SENTENCE.search(_GREETING_END.sub("", s))


def salutation_prefix(line: str) -> int:
    """Length of a salutation opening `line` (同志们：…, 全国同胞们，同志们，朋友们！…), 0 if none."""
    v = vocab()
    if not v.salutation.match(line):
        m = _ADDRESSEES.match(line)
        return m.end() if m else 0
    m = re.search(r"[：:]", line[:300])
    if m and not SENTENCE.search(line[: m.start()]):
        return m.end()
    m = re.match(r"^(?:同志们|朋友们|大家好)[！!，,]", line) or _ADDRESSEES.match(line)
    return m.end() if m else 0


def speaker_of(line: str) -> str | None:
    """The name in a speaker line (上海市市长 龚 正 → 龚正; 习近平 → 习近平), or None."""
    s = line.strip().strip("（）()")
    names = s.split("、")
    if 1 < len(names) <= 6 and all(re.fullmatch(rf"[{BASIC}·]{{2,4}}", n) for n in names):
        return s  # 戚本禹、张春桥、谢富治: speakers together
    if not s or len(s) > 40 or re.search(r"[，,。：:！？；\d“”《》]", s):
        return None
    if "、" in s and not vocab().office.search(s):
        return None  # (市城管局党组书记、局长 杜宇: offices listed before a name)
    if TITLE_WORD.search(s) or vocab().salutation.match(s) or s.replace(" ", "") in vocab().not_speakers:
        return None
    m = None
    for m in vocab().office.finditer(s):
        pass
    if m is not None:
        rest = s[m.end():]
        name = rest.replace(" ", "")
        # (run straight on after the office, a Han name has at most four characters, a longer one is written with ·:
        # 温家宝总统认真回答记者提问 names no one; set apart by a space it may be longer: 副委员长 乌云其木格)
        return name if re.fullmatch(_NAME, name) and (len(name) <= 4 or "·" in name or rest[:1].isspace()) else None
    parts = s.split()
    if len(parts) == 2 and re.fullmatch(rf"[{BASIC}]{{2,16}}", parts[0]) and re.fullmatch(_NAME, parts[1]):
        return parts[1]
    compact = s.replace(" ", "")
    if re.fullmatch(rf"[{BASIC}·]{{2,4}}", compact) and len(parts) <= 3:
        return compact
    return None


_SALUTATION_AFTER = re.compile(r"(?<!\s)\s+(?=(?:各位|同志们|尊敬的|代表们|委员们|女士们|亲爱的))")


def speaker_over(flines: list[str], greet: int) -> tuple[int, str] | None:
    """Who a speech's head names in an office and a name right over its salutation (湖北省高级人民法院院长游全荣 /
    代表们：, 益阳市……局党组书记、局长  李晓跃 / 同志们：) or run into it (最高人民检察院检察长贾春旺 各位代表：……):
    (the line's index, the name) or None. An office must stand before the name (张三 alone over 同志们 may be a
    line of the page)."""
    v = vocab()
    candidates = [(greet - 1, flines[greet - 1])] if greet >= 1 else []
    candidates += [(k, f[: m.start()]) for k, f in enumerate(flines[:greet + 1 if greet else 12])
                   if (m := _SALUTATION_AFTER.search(f[:60])) and salutation_prefix(f[m.end():])]
    for k, f in candidates:
        if DASH.match(f) or "在" in f or "会议" in f:
            continue  # ━━在……大会第四次会议上: a subtitle, not an office (人民代表) and a name
        name = speaker_of(f) if v.office.search(f) else None
        if name:  # (speaker_of caps a name run on after its office)
            return k, name
    return None


def intro_line(f: str) -> tuple[str | None] | None:
    """An editor's line introducing the text below it (以下为行政长官曾荫权今日……的致辞全文：,
    总统致词全文如下：): (the speaker's name it gives, or None), or None when `f` is not one."""
    m = next((m for rx in vocab().intro if (m := rx.search(f))), None)
    if not m:
        return None
    who = m.groupdict().get("who")
    return (speaker_of(who) if who else None,)


def speaker_label(f: str) -> str | None:
    """A transcript's speaker label alone on its line, an office with or without a name
    (署理行政长官： / 市长 张三：): the name it gives ("" for an office alone), or None when
    `f` is not one (全县人民： addresses the readers)."""
    m = re.fullmatch(rf"([{BASIC}· ]{{2,16}})[:：]", f.strip())
    if not m or is_salutation(f) or not vocab().office.search(m.group(1)):
        return None
    name = speaker_of(m.group(1).strip())
    if name:
        return name
    return "" if _office_at_end().search(m.group(1)) else None


@lru_cache(maxsize=1)
def _office_at_end() -> re.Pattern[str]:
    return re.compile("(?:" + vocab().office.pattern + r")\s*$")


# (bounded host and path: tried from every www. of a junk line, an unbounded lazy run made it quadratic)
_PAGE_ADDRESS = re.compile(
    r"(?:https?://|www\.)[\w.-]{1,100}?\.(?:com|cn|net|org|gov|edu|hk|tw|mo|info|co)(?:\.[a-z]{2})?(?![a-z])"
    r"(?:/[\x21-\x7e]{0,300}?)?(?=(?:19|20)\d{2}|\s|[^\x21-\x7e]|$)|[|｜]")
_HEADER_MAX = 400  # (a header line is short: a longer one is text, never read for a page's date)


def header_date(f: str, nxt: str | None) -> tuple[str | None, int]:
    """A header date line: 发布时间：…, a bare timestamp, 上海市 2026 2026-02-09.
    Returns (date, lines used) or (None, 0)."""
    v = vocab()
    m = v.date_key.match(f)
    if m:
        value = m.group(1).strip()
        if not value and nxt is not None:
            found = find_date(nxt)
            return (found[0] if found else None), 2
        found = find_date(value)
        return (found[0] if found else None), 1
    if f[:1] in "（(—―-[【":
        return None, 0  # （2020年1月8日） / ——2026年2月3日在……上: the speech's own dating
    # the page's address and a table's pipes beside its date (http://www.sina.com.cn 2006年03月19日 新华网 |||;
    # the address may run into the date when the spaces between went: http://wmf.fjsen.com2008-01-21)
    if len(f) > _HEADER_MAX:
        return None, 0
    g = _PAGE_ADDRESS.sub(" ", f).strip()
    found = find_date(g)
    if found and len(g) <= 40 and not SENTENCE.search(f) and "在" not in f:
        rest = (g[: found[1]] + g[found[2]:]).strip()
        # 2022-10-25 21:36:07 / 2026年02月10日 07时41分 / 上海市 2026 2026-02-09 / …来源：新华社
        rest = re.sub(r"\d{1,2}[:：时]\d{1,2}(?:[:：分]\d{1,2}秒?)?分?|\s+", "", rest)
        rest = re.sub(r"(?:19|20)\d{2}", "", rest)
        rest = re.sub(r"(?:来源|稿源|作者|编辑|责任编辑)[:：].*$", "", rest)
        # a line that is all date (a year alone only with nothing else: 一九五七年夏季的形势 is a title)
        if len(rest) <= 8 and not TITLE_WORDS.search(f) and (len(found[0]) > 4 or not rest):
            return found[0], 1
    return None, 0


def dating_line(f: str) -> tuple[str, str | None, str | None] | None:
    """A speech's dating line under its title: （2020年1月8日）, ——2026年2月3日在……上,
    2026年1月14日在……会议上 陕西省省长 赵刚. Returns (date, occasion part, speaker)."""
    s = f.strip()
    s = DASH.sub("", s).lstrip()
    paren = s[:1] in "（("
    if paren:
        s = s[1:]
    found = find_date(s)
    if not found or found[1] > 2:
        return None
    date, _, end = found
    rest = s[end:]
    if paren:
        close = re.search(r"[）)]", rest)
        if not close:
            return None
        inner, rest = rest[: close.start()], rest[close.end():]
        occ = _OCCASION_PART.match(inner)
        adopted = None if occ else _ADOPTED.match(inner)
        if inner.strip(" ，,、") and not occ and not adopted and len(inner) > 12:
            return None
        occasion = occ.group(1) if occ else adopted.group(1) if adopted else None
        speaker = speaker_of(rest) if rest.strip() else None
        if rest.strip() and speaker is None:
            return None
        return date, occasion, speaker
    adopted = _ADOPTED.match(rest)
    if adopted:  # 2018年1月7日巴中市第四届人民代表大会第二次会议通过: a resolution's adoption line
        return (date, adopted.group(1), None) if not SENTENCE.search(f) else None
    occ = _OCCASION_PART.match(rest)
    if occ:
        rest = rest[occ.end():]
    # (a name run straight on after the date is a heading's words, not who spoke: 2009年工作回顾, 2024年主要工作)
    speaker = speaker_of(rest) if rest.strip() and (rest[:1].isspace() or vocab().office.search(rest)) else None
    if rest.strip(" ，,") and speaker is None:
        return None
    if SENTENCE.search(f):
        return None
    return date, (occ.group(1) if occ else None), speaker


# a resolution's adoption line after its date: (2023年1月7日宣城市宣州区第十七届人民代表大会第三次会议通过) — the meeting
_ADOPTED = re.compile(r"^\s*([^，,。；;：:！？\s]{2,60}?(?:会议|大会))通过$")


def lede_after_dateline(rest: str) -> bool:
    """Whether what follows a dateline on its line is the report's text (新华社北京1月1日电（记者张三）欢声笑语
    辞旧岁，……。 / 本报讯 “……”。): a sentence, or a reporter's byline in brackets. Then the dateline stays at
    the head of the first paragraph, as printed; a headline after a dateline is no sentence."""
    rest = rest.strip()
    return len(rest) > 20 and bool(SENTENCE_END.search(rest[:200]) or re.match(r"[（(][^（）()]{0,20}记者", rest))


# A speech's dating inside a head line: ——2006年3月11日在……上 after a title on the same line,
# （2003年3月3日在……上） under it, ……的讲话（2008年2月5日） closing it.
_DATING_AT = re.compile(r"(?:^|[—━―–]{1,3}|-{2,3}|[（(])\s*(?=(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})")


def dating_in(flines: list[str]) -> tuple[str, str | None] | None:
    """The first whole date a head's lines (folded) give as the speech's own dating: a date followed
    by 在……上 (the meeting, returned as well), or a bracketed date closing a short line. None if none.
    It beats a page's posting date (发布时间：2007-09-29 over a report given on 2003-03-03)."""
    for f in flines:
        if len(f) > 160 or SENTENCE_END.search(f):
            continue  # (a body sentence may name a day and a meeting: 2019年3月2日在全县大会上，我们……。)
        for m in _DATING_AT.finditer(f):
            found = find_date(f[m.end(): m.end() + 24])
            if not found or found[1] or len(found[0]) != 10:
                continue
            rest = f[m.end() + found[2]:]
            occ = _OCCASION_PART.match(rest)
            if occ and occ.group(1).startswith("在"):
                return found[0], occ.group(1)
            if f[m.start():m.end()].strip()[:1] in "（(" and len(f) <= 80 and re.fullmatch(r"\s*[）)]\s*", rest):
                return found[0], None
    return None


def is_title_line(f: str) -> bool:
    from .sentences import heading_level

    if len(f) > MAX_TITLE or heading_level(f) or is_salutation(f) or vocab().dateline.match(f):
        return False
    if TITLE_WORDS.search(f):
        return True
    return len(f) <= 40 and not SENTENCE.search(f) and not f.endswith(("：", ":", "，", ","))


def strip_markup(s: str) -> str:
    """A markdown heading's # marks and a title's 《》/【】 wrapping are not the title."""
    s = re.sub(r"^#{1,6}\s*", "", s).strip()
    if len(s) > 2 and s[0] + s[-1] in ("《》", "【】", "“”"):
        s = s[1:-1].strip()
    return s


# ------------------------------------------------------------------ file names

_NAME_JUNK = re.compile(r"^[\d_\-\s.、]+|[\d_\-\s.]+$")


def dateline_date(origin: str | None, known: str | None) -> str | None:
    """The date of a dateline (新华社北京1月19日电) in the year another date gives
    (a file name's 2020-01-20): 2020-01-19. A dateline in a later month than the
    known date is from the year before (12月31日电 in a file of 2021-01-01)."""
    if not origin or not known:
        return None
    from .dates import CN_N, cn_number, iso

    m = re.search(rf"(\d{{1,2}}|{CN_N})月(\d{{1,2}}|{CN_N})日", origin)
    if not m:
        return None
    year, month = int(known[:4]), cn_number(m.group(1))
    if len(known) >= 7 and month > int(known[5:7]):
        year -= 1
    return iso(year, month, cn_number(m.group(2)))


def from_filename(source: str | None) -> tuple[str | None, str | None]:
    """(title, date) a file name gives: 1988年国务院政府工作报告.txt → (国务院政府工作报告, 1988);
    2020-11-12_02.txt → (None, 2020-11-12); 000_b3064409eaf5df0b.txt → (None, None)."""
    if not source:
        return None, None
    stem = PurePosixPath(source.replace("\\", "/")).name
    stem = re.sub(r"\.(txt|md|text|markdown)$", "", stem, flags=re.I)
    stem = re.sub(r"\.(gbk|gb2312|gb18030|big5|big-5|utf-?8|utf-?16)$", "", stem, flags=re.I)  # 讲话.gbk.txt: the encoding
    stem = re.sub(r"#\d+$", "", stem)
    found = find_date(stem, bare_year=True)
    date = found[0] if found else None
    rest = stem
    # a year inside the name, words on both sides, is the title's own (南開區2010年政府工作報告, 县长在2017年县政府……讲话);
    # a full date or a date code is the file's date, not its title's words (张三2020年3月5日讲话, 县长20200305讲话稿)
    inside = found and len(found[0]) == 4 and found[1] > 0 and basic_char().match(stem[found[1] - 1]) and found[2] < len(stem) \
        and basic_char().match(stem[found[2]])
    if found and not inside:
        rest = stem[: found[1]] + " " + stem[found[2]:]
        rest = re.sub(r"[（(\[【]\s*[）)\]】]", "", rest)  # the brackets the date stood in
    rest = re.sub(r"^[\s_\-—.、]*年?(度)?", "", rest) if found and not inside else rest
    rest = _NAME_JUNK.sub("", rest.strip()).strip()
    rest = re.sub(r"\s*[_]+\s*", "", rest)
    rest = re.sub(r"^[\d]{1,4}[-_.、\s]+", "", rest).strip(" -_")
    han = len(basic_char().findall(rest))
    if han < 4 or han < 0.6 * len(rest.replace(" ", "")):
        return None, date
    return rest, date


# A named session of a people's congress or a CPPCC committee: the meeting a work report (or a
# speech) was given at, more telling than the kind of text (工作报告) — 第十四届全国人民代表大会第一次会议,
# 武汉市第十五届人民代表大会第五次会议, 十四届全国人大三次会议, 政协第十三届全国委员会第一次会议,
# 全国政协十四届三次会议, 县政协九届一次会议, 第十二届全国人民代表大会常务委员会第三十次会议.
# Folded (simplified) text. An optional place in front (省/市/区/县… names, up to two levels), cut
# after a preposition or verb it swallowed (日在上海市… → 上海市…, 检察长向区… → 区…).
_N = r"[一二三四五六七八九十百零〇两\d]{1,4}"
PLACE = rf"(?:[{BASIC}]{{0,6}}?(?:省|自治区|特别行政区|市|州|盟|区|县|旗)){{0,2}}"
_SESSION = re.compile(
    rf"(?P<a>{PLACE}|全国)?第?{_N}届(?:全国)?(?:人民代表大会|人大)(?:常务委员会|常委会)?第?{_N}次(?:全体)?会议"
    rf"|(?:中国人民政治协商会议|政协){PLACE}第{_N}届(?:全国)?委员会(?:常务委员会)?第{_N}次(?:全体)?会议"
    rf"|(?P<b>{PLACE}|全国)?政协{PLACE}{_N}届{_N}次(?:全体|常委)?会议"
)
_SESSION_CUT = re.compile(r"^.*[在于向日了的和与及是为到、]")


def find_session(*texts: str | None) -> str | None:
    """The first congress or CPPCC session the texts name (folded), not one whose spirit or
    resolution is being carried out (贯彻十四届全国人大二次会议精神: another meeting's)."""
    for t in texts:
        for m in _SESSION.finditer(t or ""):
            if re.match(r"(?:的)?(?:精神|决议|决定|以来|召开以来)", t[m.end():]):
                continue
            place = m.group("a") or m.group("b") or ""
            return _SESSION_CUT.sub("", place) + m.group(0)[len(place):]
    return None


def as_written(value: str | None, pairs) -> str | None:
    """`value` (read from folded text) as the text writes it: sliced from the first (folded, written)
    pair whose folded text holds it, at the same offsets (fold keeps lengths); else `value`."""
    if not value:
        return value
    for f, w in pairs:
        if f and w and len(f) == len(w):
            i = f.find(value)
            if i >= 0:
                return w[i: i + len(value)]
    return value
