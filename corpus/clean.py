"""Text hygiene: control characters, line endings and pasted boilerplate.

`sanitize` makes any string safe to put on a terminal: it removes whole escape
sequences (CSI, OSC, DCS …), every other C0/C1 control character but newline and
tab, and zero-width / bidi-override characters. Full-width punctuation is kept
as it is (no NFKC).

`strip_boilerplate` drops advert blocks and web-portal furniture according to
the rules in ``data/boilerplate.toml``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from time import monotonic as _monotonic
from functools import lru_cache
from pathlib import Path

from ._toml import toml
from .han import basic_char
from .resources import BOILERPLATE, METADATA

# ESC-introduced sequences (7-bit) and their 8-bit C1 forms.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?          # CSI … final
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])    # OSC, DCS, SOS, PM, APC …
    [^\x07\x1b\x90\x98\x9c-\x9f\n]{0,4096}(?:\x07|\x1b\\|\x9c)  # … up to BEL / ST on the same line (one never
                                               # ended is only its opening: the text after it stays)
  | \x1b[ -/]*[0-~]?                           # other two/three-byte escapes
    """,
    re.VERBOSE,
)
# C0 except \t \n, DEL, C1; zero-width and bidi controls (with the Arabic letter
# mark and the Mongolian vowel separator); BOMs; line/para separators are turned
# into newlines before this runs.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


def sanitize(text: str) -> str:
    """Normalise newlines and remove everything a terminal could act on."""
    if _CONTROLS.search(text) is None and "\u2028" not in text and "\u2029" not in text:
        return text  # (every escape and every other newline starts with a control character: 6x faster)
    text = _NEWLINES.sub("\n", text)
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def sanitize_line(text: str) -> str:
    """`sanitize` for one-line strings (titles, file names): newlines become spaces."""
    return sanitize(text).replace("\n", " ").replace("\t", " ")


def one_line(reason: object, limit: int = 200) -> str:
    """A message or skip reason that is safe to print: one line, no control characters."""
    text = sanitize_line(str(reason)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Redaction placeholders in published speeches: **, ×××, XX局, xx, 某某, and a lone X
# where a name, a place or a number stands (X同志, X县, X月X日, 第X条) — never inside
# a word (X光机, X射线, X型, XML). What may follow a lone X: a title, an
# administrative unit, a unit of counting or of time.
_SLOT_AFTER_X = (
    "同志|书记|主任|局长|县长|市长|省长|部长|厅长|处长|科长|主席|委员|代表|先生|女士|老师|某|"
    "省|市|县|区|州|盟|旗|镇|乡|村|街道|社区|局|厅|处|科|室|部|委|办|院|所|校|公司|集团|单位|中心|站|队|组|社|"
    "年|月|日|号|时|分|名|人|个|次|件|项|户|家|万|亿|千|百|元|%|％|届|期|条|款|章|节|批|位|起|例|吨|亩|公里|米|岁|级|天|周|季度|小时"
)
# (The leading lookahead names the character every match starts with: the regex engine then
# skips to those characters instead of trying each alternative at every position — ten times
# faster over a long text, the same matches.)
PLACEHOLDER = re.compile(
    r"(?=[*＊×ＸXx某])(?:"
    r"[*＊]{2,}|[×Ｘ]{2,}|(?<![A-Za-z])X{2,3}(?![A-Za-z])|(?<![A-Za-z])x{2,3}(?![A-Za-z])|某某"
    rf"|(?<![A-Za-z])X(?=(?:{_SLOT_AFTER_X})))"
)


@dataclass(frozen=True)
class Rules:
    max_line: int
    advert: re.Pattern[str]
    advert_window: int
    advert_gap: int
    drop: re.Pattern[str]
    credit_end: re.Pattern[str]  # a photo credit ending a line (a caption's, or run on after text)
    credit_inline: re.Pattern[str]  # a bracketed photo credit anywhere in a line
    inline: re.Pattern[str]
    blurb: re.Pattern[str]  # a site's blurb over a 范文, a whole line up to blurb_line characters (read by the parser)
    blurb_line: int
    toneless: re.Pattern[str]  # toneless pinyin strewn after characters (大(da)家(jia)好): stripped from a text holding
    toneless_min: int  # at least this many, never from one glossing a word
    translation_words: int  # a line with no Han and this many Latin words is a translation's or the page's…
    translation_min_han: int  # …in a text holding at least this many Han characters
    fingerprint: str


def _union(patterns: list[str]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_checked: dict[Path, tuple[float, Rules]] = {}  # path -> (when its files were last looked at, rules)
# path -> (when `rules_fingerprint` read the files, their fingerprint): asked while no rules are loaded
# (a plan keys every file). The same once-a-second clock as `_checked`: `load_rules` drops it when it reads
# the files again, so a fingerprint and the rules a body is cleaned with never disagree within a process.
_fp_seen: dict[Path, tuple[float, str]] = {}


def _fresh(path: Path, now: float) -> Rules | None:
    """The rules of `path` if its files were looked at less than a second before `now`."""
    seen = _checked.get(path)
    return seen[1] if seen and now - seen[0] < 1.0 else None


def load_rules(path: Path = BOILERPLATE) -> Rules:
    """The cleaning rules of `path`, read again when the file (or the metadata
    vocabulary, part of the fingerprint) changed: a long-running browser sees an
    edit. The files are looked at (stat) at most once a second: this is called per file."""
    now = _monotonic()
    fresh = _fresh(path, now)
    if fresh is not None:
        return fresh

    def stamp(p: Path) -> tuple[int, int] | None:
        try:
            st = os.stat(p)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    rules = _load_rules(path, stamp(path), stamp(METADATA))
    _checked[path] = (now, rules)
    _fp_seen.pop(path, None)
    return rules


def rules_fingerprint(path: Path = BOILERPLATE) -> str:
    """`load_rules(path).fingerprint` without parsing the rules or compiling their
    patterns (a current store's check needs only this); the rules `load_rules` holds
    while it does not look at the files again (one fingerprint for both). Read at most
    once a second on the same clock: `content_key` asks it for every file."""
    now = _monotonic()
    fresh = _fresh(path, now)
    if fresh is not None:
        return fresh.fingerprint
    seen = _fp_seen.get(path)
    if seen and now - seen[0] < 1.0:
        return seen[1]
    fp = _fingerprint(path.read_bytes())
    _fp_seen[path] = (now, fp)
    return fp


def _fingerprint(raw: bytes) -> str:
    import hashlib

    # the head-reading vocabulary is part of what a build depends on: editing either file re-ingests
    return hashlib.sha1(raw + b"\0" + METADATA.read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=4)
def _load_rules(path: Path, *_stamps: object) -> Rules:
    raw = path.read_bytes()
    data = toml.loads(raw.decode("utf-8"))
    credit = data.get("photo_credit") or r"(?!x)x"
    return Rules(
        max_line=int(data.get("max_line", 60)),
        advert=_union(list(data.get("advert_markers", []))),
        advert_window=int(data.get("advert_window", 30)),
        advert_gap=int(data.get("advert_gap", 2)),
        drop=_union(list(data.get("drop_lines", []))),
        credit_end=re.compile(rf"\s*(?P<open>[（(])?(?:{credit})(?(open)[)）])\s*$"),
        credit_inline=re.compile(rf"\s*[（(](?:{credit})[)）]"),
        inline=_union(list(data.get("strip_inline", []))),
        blurb=_union(list(data.get("site_blurbs", []))),
        blurb_line=int(data.get("blurb_line", 200)),
        toneless=re.compile(data.get("toneless_pinyin") or r"(?!x)x"),
        toneless_min=int(data.get("toneless_min", 8)),
        translation_words=int(data.get("translation_words", 4)),
        translation_min_han=int(data.get("translation_min_han", 100)),
        fingerprint=_fingerprint(raw),
    )


# A line that ends an advert scan: a title, an outline heading, a salutation.
_STOP_ADVERT = re.compile(
    r"(讲话|报告|发言|致辞|讲稿|党课|主持词)(稿|提纲)?[)）]?$|^[一二三四五六七八九十]{1,3}、|^同志们|^各位"
)


# A portal's breadcrumbs (首页 > 新闻中心 > 领导讲话, 当前位置：……): no title, though they may end in one.
_CRUMBS = re.compile(r"\s[>»›]\s|^(?:当前位置|您的位置|你的位置|所在位置)[:：]")


def _advert_cut(lines: list[str], rules: Rules, gap: int | None = None) -> int:
    """Number of leading lines that form an advert block (0 if none). With `gap`,
    the block is only markers with at most `gap` other lines between them (and
    before the first): the scan from the bottom of a speech, whose closing lines
    are short body text, where one marker word (订阅, 扫码…) must not take the
    lines below it."""
    last = -1
    seen = 0
    since = 0  # non-empty lines since the last marker
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        seen += 1
        if seen > rules.advert_window or len(s) > rules.max_line or _STOP_ADVERT.search(s) and not _CRUMBS.search(s):
            break
        if rules.advert.search(s):
            last, since = i, 0
        else:
            since += 1
            if gap is not None and since > gap:
                break
    return last + 1



def _strip_inline(line: str, fline: str, *rxs: re.Pattern[str]) -> str:
    """Remove the fragments the patterns find in the folded line from the line as written."""
    spans = sorted(m.span() for rx in rxs for m in rx.finditer(fline) if m.end() > m.start())
    spans = [sp for k, sp in enumerate(spans) if not k or sp[0] >= spans[k - 1][1]]  # overlaps: the first
    if not spans or len(fline) != len(line):
        for rx in rxs:
            line = rx.sub("", line)
        return line
    out, at = [], 0
    for a, b in spans:
        out.append(line[at:a])
        at = b
    out.append(line[at:])
    return "".join(out)


_INITIAL = re.compile(r"[bcdfghjklmnpqrstwxyz]")  # (a pinyin syllable's initial: (ji), not (a))
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_URL = re.compile(r"(?:https?://|www\.)[!-~]+")  # a web address (printable ASCII up to the next space or Han character)
_URL_END = re.compile(r"(?:https?://|www\.)[!-~]+$")  # (a footer's link ends its line)
_URL_OR_FIELD = re.compile(r"(?:https?://|www\.)\S+|^[\w\-]{1,20}\s*[:：]")  # an address; a front matter's or page's field


def _translation_line(s: str, words: int) -> bool:
    """A line of a Chinese text that has no Han and reads as Latin prose (a bilingual page's English, a
    site's machine translation): `words` words or more, leaving out addresses; never a field (title: …)."""
    if basic_char().search(s) or _URL_OR_FIELD.match(s) or s in ("---", "+++"):
        return False
    return len(_LATIN_WORD.findall(_URL_OR_FIELD.sub(" ", s))) >= words


def strip_boilerplate(text: str, rules: Rules | None = None) -> str:
    """Remove advert blocks at either end and portal lines anywhere. The rules read
    the simplified form of each line (traditional script is folded first)."""
    from .script import fold

    rules = rules or load_rules()
    lines = text.split("\n")
    flines = fold(text).split("\n")
    if len(flines) != len(lines):
        flines = [fold(line) for line in lines]
    head = _advert_cut(flines, rules)
    lines, flines = lines[head:], flines[head:]
    tail = _advert_cut(flines[::-1], rules, gap=rules.advert_gap)
    if tail:
        lines, flines = lines[: len(lines) - tail], flines[: len(flines) - tail]
    inline = (rules.inline, rules.credit_end, rules.credit_inline)
    # a page that strews toneless pinyin: (ji) (xin) are its, not the text's. (Counted: syllables with an initial,
    # one for every 20 Han characters at least; an enumeration (a)…(e) and a gloss 太阳(sun) are the text's)
    strewn = sum(1 for m in rules.toneless.findall("\n".join(flines), 0) if _INITIAL.search(m))
    han = len(basic_char().findall(text))  # (Han characters of the basic block: corpus/han.py)
    if strewn >= max(rules.toneless_min, han / 20):
        inline += (rules.toneless,)
    # a bilingual page: English lines among Chinese ones, a fifth of the lines at least (an English paragraph
    # quoted in a speech stays: a line under one introducing a quote, ……说过一句话： / Stay hungry, stay foolish., is the speech's; a page
    # in two languages alternates line for line: two lines and a fifth of the lines at least)
    from .metadata import SENTENCE_END, is_header_key, is_salutation  # (parsing only: keeps its regexes off the store's start-up)

    english, before = [], ""
    for fl in flines:
        t = fl.strip()
        quoted = before.endswith(("：", ":")) and not is_salutation(before)  # (尊敬的……: over its translation)
        english.append(bool(t) and not quoted and _translation_line(t, rules.translation_words))
        before = t or before
    chinese = han >= rules.translation_min_han \
        and sum(english) >= max(2, 0.2 * sum(1 for s in flines if s.strip()))
    out: list[str] = []
    head = True  # header-block lines (发布时间：… 来源：…) at the top are metadata the parser reads
    for line, fline, foreign in zip(lines, flines, english):
        s = fline.strip()
        # (a web address counts as one character: 链接地址：http://www.……/detail_id/434810.html is a short line)
        n = len(_URL.sub("u", s)) if ("://" in s or "www." in s) and _URL_END.search(s) else len(s)
        if s and n > rules.max_line:
            head = False
        if s and n <= rules.max_line:
            if rules.drop.search(s) and not (head and is_header_key(s)):
                continue
        if s and chinese and foreign:
            continue  # (Delivered at the Second Session…), Speech by Chief Executive…: a bilingual page's English
        if s:
            credit = rules.credit_end.search(s)
            if credit and not (credit.group("open") and SENTENCE_END.search(s[: credit.start()])):
                continue  # a photo's caption: ……挥手致意。 新华社记者 庞兴雷/摄, 图为会议现场（记者 王五 摄）
            line = _strip_inline(line, fline, *inline)
            if not line.strip():
                continue
        out.append(line)
    return "\n".join(out)


def clean_text(text: str, rules: Rules | None = None) -> str:
    """sanitize + strip_boilerplate: what the structure parser reads."""
    return strip_boilerplate(sanitize(text), rules)
