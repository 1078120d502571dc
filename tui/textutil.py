"""Small text helpers for showing untrusted corpus text safely.

Corpus text is never parsed as markup: everything here returns plain `str` for
`rich.text.Text` / `textual.content.Content(...)`. What a terminal could act on
(control characters, escape sequences, bidi and zero-width format characters) is
removed by `jianghua.corpus.clean.sanitize` — the store does it on ingest; `clean`
here is the second line of defence, with the same definition. Widths are
`jianghua.corpus.cells`.
"""

from __future__ import annotations

import re

from rich.text import Text

from jianghua.corpus.cells import char_width
from jianghua.corpus.clean import PLACEHOLDER, sanitize


def clean(text: str | None, *, single_line: bool = False) -> str:
    """`text` without anything a terminal could act on; tabs/newlines become spaces if single_line."""
    if not text:
        return ""
    text = sanitize(text)
    if single_line:
        text = text.replace("\t", " ").replace("\n", " ")
    return text


def opening(text: str, chars: int = 18) -> str:
    """The first words of `text` for a notice: one line, at most `chars` characters."""
    text = clean(text, single_line=True).strip()
    return text if len(text) <= chars else text[:chars] + "…"


def count_chars(text: str) -> int:
    """字数: characters without whitespace (the usual count for Chinese text)."""
    return sum(1 for ch in text if not ch.isspace())


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


def marked(text: str, placeholder_style: str = "reverse bold", *, single_line: bool = True) -> Text:
    """Plain text (one line unless single_line=False) with its redaction placeholders marked."""
    t = Text(clean(text, single_line=single_line), end="")
    for m in PLACEHOLDER.finditer(t.plain):
        t.stylize(placeholder_style, m.start(), m.end())
    return t


# Line-breaking rules for Chinese text (禁则): these never start a line ...
NO_LINE_START = set("，。、；：？！,.;:?!)]}）》〉」』】〕〗〙’”…—～%·‰℃")
# ... and these never end one.
NO_LINE_END = set("（《〈「『【〔〖〘‘“([{")


# Characters two cells wide (`char_width`; tests/tui/test_wrap_fast.py checks every one of them)
_WIDE_RANGES = "\u3000-\u3029\u3030-\u303e\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6"
_NOT_WIDE = re.compile(f"[^{_WIDE_RANGES}]")


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "._-/%")


def wrap(text: str, width: int, first_width: int | None = None) -> list[tuple[int, int]]:
    """Break `text` into lines of at most `width` cells; returns (start, end) offsets.

    CJK wraps between any two characters (by cell width), with the usual rules:
    closing punctuation does not start a line, opening punctuation does not end
    one, and a short Latin word or number is not split.
    """
    width = max(2, width)
    first = max(2, first_width if first_width is not None else width)
    n = len(text)
    if n == 0:
        return [(0, 0)]
    lines: list[tuple[int, int]] = []
    start = 0
    limit = first
    while start < n:
        # Characters up to the first that is not two cells wide (or half the line) are
        # counted at once: a long speech is mostly such characters (Han, full-width
        # punctuation), and a character-by-character count of a 20 MB one takes seconds.
        i = start + limit // 2
        narrow = _NOT_WIDE.search(text, start, i)
        i = narrow.start() if narrow else min(i, n)
        used = 2 * (i - start)
        while i < n:
            w = char_width(text[i])
            if used + w > limit:
                break
            used += w
            i += 1
        if i >= n:
            lines.append((start, n))
            break
        if i == start:  # a character wider than the line: take it anyway
            i += 1
        else:
            i = line_break(text, start, i)
        lines.append((start, i))
        start = i
        limit = width
    return lines


def _word_start(text: str, start: int, brk: int) -> int:
    """`brk`, or the start of the short Latin word / number it would split."""
    if _is_word(text[brk]) and _is_word(text[brk - 1]):
        j = brk
        while j > start and _is_word(text[j - 1]):
            j -= 1
        if j > start and brk - j < 16:
            return j
    return brk


def line_break(text: str, start: int, brk: int) -> int:
    """Where a line from `start` that has room up to `brk` (not included) ends, by the rules."""
    brk = _word_start(text, start, brk)  # keep a short Latin word / number whole
    # closing punctuation must not start the next line: pull a character down
    back = 0
    while brk - back > start + 1 and text[brk - back] in NO_LINE_START and back < 2:
        back += 1
    if back:
        brk = _word_start(text, start, brk - back)  # (…最强者的3 / 4%。: the number pulled down whole)
    # opening punctuation must not end this line
    while brk - 1 > start and text[brk - 1] in NO_LINE_END:
        brk -= 1
    return max(brk, start + 1)


def wrap_text(text: Text, width: int) -> Text:
    """`text` broken into lines of at most `width` cells by the reader's rules
    (`wrap`: no line starts with closing punctuation …), its styles kept; the
    newlines already in it stay. Show it with no_wrap (Rich would wrap again)."""
    out = Text(end="", no_wrap=True, overflow="crop")
    for k, line in enumerate(text.split("\n", allow_blank=True)):
        if k:
            out.append("\n")
        pieces = line.divide(e for _a, e in wrap(line.plain, width)[:-1])
        out.append_text(Text("\n").join(pieces))
    return out


def theme_id_shown(theme_id: str) -> str | None:
    """A theme's id next to its name, or None: the Chinese interface shows only the
    Chinese name (the id, a word of English, still finds the theme when typed)."""
    from jianghua import i18n

    return None if i18n.is_chinese() else clean(theme_id, single_line=True)
