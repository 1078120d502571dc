"""Sentences and outline headings: how a line of a speech is cut into sentences
(never inside quotes) and which outline level (一、/（一）/一要…) it opens.

Lower than `structure` (which reads a whole file) so that the metadata rules can
use them without an import cycle."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

CN_NUM = "一二三四五六七八九十"

# Outline headings. Level 1: 一、  level 2: （一）  level 3: 一要/一是/第一，/1.
_H1 = re.compile(rf"^[{CN_NUM}]{{1,3}}、")
_H2 = re.compile(rf"^[（(][{CN_NUM}]{{1,3}}[）)]")
_H3 = re.compile(
    rf"^(?:(?:其)?[{CN_NUM}]{{1,2}}(?:要|是|则)(?=[^，,。]{{2,}})|第[{CN_NUM}]{{1,3}}[，,、：:]|[（(]?\d{{1,2}}[）)．.、](?!\d))"
)
_SENT_END = "。！？；!?;"
SENTENCE_MARKS = _SENT_END  # the marks that end a sentence as the reader splits them (a citation's whole title ends at one)
_CLOSE_AFTER = "”’」』）)》"
# The one "ends a sentence" test: a final mark, perhaps followed by closing quotes and
# brackets. Readers of a layout (structure, wrap, markdown) add their own marks to it,
# named where they use it.
SENTENCE_FINAL = _SENT_END + "…"
CLOSERS = _CLOSE_AFTER


def ends_sentence(s: str, extra: str = "", closers: str = CLOSERS) -> bool:
    """Whether `s` ends with a final mark (or one of `extra`) before any of `closers`."""
    s = s.rstrip(closers)
    return bool(s) and s[-1] in SENTENCE_FINAL + extra
_OPEN_Q = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")"}

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



def heading_level(line: str) -> int:
    if _H1.match(line):
        return 1
    if _H2.match(line):
        return 2
    if _H3.match(line):
        return 3
    return 0
