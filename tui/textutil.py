"""Small text helpers for showing untrusted corpus text safely.

Corpus text is never parsed as markup: everything here returns plain `str` for
`rich.text.Text` / `textual.content.Content(...)`, and strips control characters
(the store does it on ingest; this is the second line of defence).
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

# The redaction placeholders the store flags (`Sentence.placeholders`): one definition,
# in corpus.clean (a plain regular expression: no jieba, no store).
from jianghua.corpus.clean import PLACEHOLDER  # noqa: E402

# C0 (but tab/newline), DEL, C1, and the bidi/zero-width format characters that can
# reorder or hide text on a terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(text: str | None, *, single_line: bool = False) -> str:
    """`text` without control characters; tabs/newlines become spaces if single_line."""
    if not text:
        return ""
    text = _CONTROL.sub("", text)
    if single_line:
        text = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return text


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `width` terminal cells (CJK counts 2), ending with … if cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    limit = width - cell_len(ellipsis)
    for ch in text:
        w = get_character_cell_size(ch)
        if used + w > limit:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis


def opening(text: str, chars: int = 18) -> str:
    """The first words of `text` for a notice: one line, at most `chars` characters."""
    text = clean(text, single_line=True).strip()
    return text if len(text) <= chars else text[:chars] + "…"


def count_chars(text: str) -> int:
    """字数: characters without whitespace (the usual count for Chinese text)."""
    return sum(1 for ch in text if not ch.isspace())


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


def marked(text: str, placeholder_style: str = "reverse bold") -> Text:
    """One line of plain text with its redaction placeholders marked."""
    t = Text(clean(text, single_line=True), end="")
    for m in PLACEHOLDER.finditer(t.plain):
        t.stylize(placeholder_style, m.start(), m.end())
    return t


# Line-breaking rules for Chinese text (禁则): these never start a line ...
NO_LINE_START = set("，。、；：？！,.;:?!)]}）》〉」』】〕〗〙’”…—～%·‰℃")
# ... and these never end one.
NO_LINE_END = set("（《〈「『【〔〖〘‘“([{")


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
        used = 0
        i = start
        while i < n:
            w = get_character_cell_size(text[i])
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
            brk = i
            # keep a short Latin word / number whole
            if _is_word(text[brk]) and _is_word(text[brk - 1]):
                j = brk
                while j > start and _is_word(text[j - 1]):
                    j -= 1
                if j > start and brk - j < 16:
                    brk = j
            # closing punctuation must not start the next line: pull a character down
            back = 0
            while brk - back > start + 1 and text[brk - back] in NO_LINE_START and back < 2:
                back += 1
            brk -= back
            # opening punctuation must not end this line
            while brk - 1 > start and text[brk - 1] in NO_LINE_END:
                brk -= 1
            i = max(brk, start + 1)
        lines.append((start, i))
        start = i
        limit = width
    return lines
