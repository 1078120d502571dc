"""Hard-wrapped text → one line per paragraph, before the outline is read.

Collected works and reports converted from PDF or old web pages, and texts from
mailing lists, break every paragraph into lines of a fixed width (30–80
columns). The parser reads one line as one paragraph, so such a file is first
rejoined here. The rule, per file:

1. **Is the file hard-wrapped?** Widths are display columns (a Chinese
   character counts 2, a Latin letter 1), of the line as written (indent
   included). Among the *long* lines (≥ 20 columns) the wrap width W is the
   mode of the line widths (W counted with W − 1: a wide character that does
   not fit leaves a line one column short); the band is [W − tolerance, W + 2] (tolerance:
   4 columns, or W/8 when larger: Latin words wrap raggedly; +2: a 。 pulled
   up to the end of a line; punctuation a wrapper lets hang past the margin,
   as in ），, is not counted). The file is wrapped when at least 6 lines lie in
   the band, they are most (≥ 60 %) of the long lines and ≥ 40 % of all lines,
   and at least half of them end without punctuation (。！？!?…；;，,、：:
   behind any closing quote), and W is at least 30 columns — a file of one
   paragraph per line ends nearly every line with 。 and has lines of every
   length; a poem or a list has lines of one length, but short ones, or
   ending in ，/。 (a wrapper cuts a line anywhere: after a mark about one
   time in six; a typesetter that keeps marks off the start of a line, as PDFs
   of official documents do, cuts after one nearly every other time).
2. **Which lines are joined?** A line is joined to the next line when it is at
   the wrap width (in the band). A line that may close a paragraph — it ends a
   sentence, ends with ： (a salutation, 尊敬的……：), or is a heading of its own
   (一、…) — must be W − 1 or more: a wrapper fills a line to W, or W − 1 when a
   wide character does not fit, while a paragraph's last line can have any length —
   unless the next line is blank, is indented more than the file's wrapped
   lines are, opens a heading or a numbered point (一、 （一） 第X章/第X节/第X条
   1. （1） 1、 — not 一是/一要, which run inside paragraphs), or is one
   parenthesis (（一九三七年七月） under a title). Short lines (titles, dates, salutations,
   headings, the lines of a poem or a list) are never joined.
3. **How?** Chinese lines join with nothing between them; a space is put only
   between a Latin letter, digit or Latin punctuation and a Latin letter or digit
   (`join_pair`, the same rule `corpus.markdown` uses for soft breaks).

A file that is not wrapped is returned as it is (the same string), so its parse
does not change. A Markdown file that is hard-wrapped keeps its lines in
`corpus.markdown` and is rejoined here by the same rule, its heading lines
(`keep`) never joined; otherwise CommonMark says where its paragraphs end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from .sentences import CLOSERS, SENTENCE_FINAL, ends_sentence

LONG = 20  # columns: shorter lines never decide the wrap width
MIN_WIDTH = 30  # columns: the narrowest wrap width (15 Chinese characters)
MIN_BAND = 6  # lines at the wrap width needed to call a file wrapped
_WS = " \t\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_FINAL = SENTENCE_FINAL
_PUNCT = _FINAL + "，,、：:"
_CLOSERS = CLOSERS + "\"'"  # straight quotes close too
_HANGING = _PUNCT + _CLOSERS  # may not start a line: a wrapper hangs them at the end of the line above
_LATIN = re.compile(r"[A-Za-z0-9]")
# the last word of a line, when it is a Latin word written between spaces (or the whole line)
_LATIN_WORD_END = re.compile(r"(?:\A|\s)[A-Za-z0-9'\"(\-]*[A-Za-z0-9][,.;:!?)'\"%]*\Z")
_CN = "一二三四五六七八九十百零〇"
# a line that opens a heading or a numbered point: never joined to the line above
# (一是/一要 are not: they run inside paragraphs and often open a wrapped line), or a line
# that is one parenthesis (a date under a title: （一九三七年七月）, a note)
_OPENS = re.compile(
    rf"[{_CN}]{{1,3}}、|[（(][{_CN}\d]{{1,3}}[）)]|第[{_CN}\d]{{1,4}}[章节条部篇编讲]|\d{{1,2}}[．.、](?!\d)"
    r"|[（(][^（）()]*[）)]\Z"
)


def width(s: str) -> int:
    """Display columns, fast: 1 for ASCII, 2 for a CJK character (3 UTF-8 bytes)."""
    n = len(s)
    return n if s.isascii() else n + (len(s.encode("utf-8")) - n) // 2


def join_pair(a: str, b: str, at_words: bool = False) -> str:
    """Two lines of one paragraph: no space in Chinese, one between Latin words.

    A line broken by a fixed-width wrapper may break anywhere in Chinese text,
    inside a number too (5.|67万亿元, 20|25年): a space goes in only when `a`
    ends with a Latin word written between spaces (… the GDP | grew). With
    `at_words` (breaks an author typed, as Markdown soft breaks are) a space goes
    between any Latin letter or digit and the next."""
    if not (a and b and _LATIN.match(b)):
        return a + b
    if (_LATIN.match(a[-1]) if at_words else _LATIN_WORD_END.search(a)):
        return a + " " + b
    return a + b


def _ends_sentence(s: str) -> bool:
    return ends_sentence(s, closers=_CLOSERS)


def _indent(raw: str) -> int:
    return width(raw[: len(raw) - len(raw.lstrip(_WS))])


# A table of contents' line: a dot leader and a page number (河北省新闻通报会推介词....................2)
# Each leader is tried only from its first character (the look-behinds): tried from every dot of a long line of
# dots, the search took time growing with the square of the line (a 1 MB line of dots: hours).
_TOC_LINE = re.compile(r"(?:(?<!\.)\.{4,}|(?<!…)…{2,}|(?<!·)·{4,}|(?<!-)-{6,})\s*\d{1,4}\s*$")


def wrap_width(lines: list[str]) -> int | None:
    """The file's wrap width in columns, or None when it is not hard-wrapped (rule 1)."""
    widths = [0 if _TOC_LINE.search(s) else width(s) for s in lines]  # a contents line is as wide as its leader makes it
    nonempty = sum(1 for s in lines if s.strip(_WS))
    counts = Counter(w for w in widths if w >= LONG)
    n_long = sum(counts.values())
    if n_long < MIN_BAND:
        return None
    # the mode of the widths (a width and the one below it: a wide character that does not fit)
    best = max(counts, key=lambda w: (counts[w] + counts[w - 1], w))
    lo, hi = best - _tol(best), best + 2
    band = [s for s, w in zip(lines, widths) if _in_band(s, w, lo, hi)]
    best_n = len(band)
    if best < MIN_WIDTH or best_n < MIN_BAND or best_n < 0.6 * n_long or best_n < 0.4 * nonempty:
        return None
    open_ended = sum(1 for s in band if s.rstrip(_CLOSERS)[-1:] not in _PUNCT)
    return best if open_ended >= 0.5 * len(band) else None


def _tol(w: int) -> int:
    return max(4, w // 8)


def _in_band(s: str, w: int, lo: int, hi: int) -> bool:
    """At the wrap width: marks a wrapper let hang past the margin (），” after 。) do not count."""
    return lo <= w and (w <= hi or width(s.rstrip(_HANGING)) <= hi)


def unwrap(text: str, keep: Collection[str] = ()) -> str:
    """The text with each hard-wrapped paragraph on one line (see the module's doc);
    `text` itself when the file is not hard-wrapped. Lines in `keep` (headings a
    markup marked) are never joined to a neighbour."""
    if text.count("\n") < MIN_BAND:
        return text
    lines = [s.rstrip(_WS) for s in text.split("\n")]
    w = wrap_width(lines)
    if w is None:
        return text
    lo, hi, tight = w - _tol(w), w + 2, w - 1
    indents = Counter(_indent(s) for s in lines if _in_band(s, width(s), lo, hi))
    base = indents.most_common(1)[0][0] if indents else 0
    out: list[str] = []
    joining = False  # the last line in `out` continues on the next line
    for s in lines:
        body = s.lstrip(_WS)
        kept = body in keep
        opens = bool(_OPENS.match(body))
        joined = joining and bool(body) and not kept and _indent(s) <= base and not opens
        if joined:
            out[-1] = join_pair(out[-1], body)
        else:
            out.append(s)
        ws = width(s)
        # a line that may close its paragraph: a sentence's end, a salutation's ：, a heading's own line
        closed = _ends_sentence(s) or s.endswith(("：", ":")) or (opens and not joined)
        joining = bool(body) and not kept and _in_band(s, ws, lo, hi) and (ws >= tight or not closed)
    return "\n".join(out)
