"""The reader's line breaking counts runs of double-width characters at once
(textutil._WIDE_RANGES): every character in those ranges must be two cells wide, and
the lines must be those of a count character by character."""

from __future__ import annotations

import random
import re

from jianghua.corpus.cells import char_width
from jianghua.tui import textutil
from jianghua.tui.textutil import wrap


def _ranges() -> list[tuple[int, int]]:
    return [(ord(a), ord(b)) for a, b in re.findall(r"(.)-(.)", textutil._WIDE_RANGES)]


def test_every_wide_range_character_is_two_cells():
    ranges = _ranges()
    assert ranges
    for a, b in ranges:
        narrow = [hex(c) for c in range(a, b + 1) if char_width(chr(c)) != 2]
        assert not narrow, (hex(a), hex(b), narrow[:5])


def _slow_wrap(text: str, width: int, first_width: int | None = None) -> list[tuple[int, int]]:
    """The count spelled out character by character (textutil.wrap before its fast path)."""
    width = max(2, width)
    limit = max(2, first_width if first_width is not None else width)
    n, start, lines = len(text), 0, []
    if n == 0:
        return [(0, 0)]
    while start < n:
        used, i = 0, start
        while i < n and used + char_width(text[i]) <= limit:
            used += char_width(text[i])
            i += 1
        if i >= n:
            lines.append((start, n))
            break
        if i == start:
            i += 1
        else:
            i = textutil.line_break(text, start, i)  # (where a full line ends: the rules, shared)
        lines.append((start, i))
        start = i
        limit = width
    return lines


def test_lines_as_counted_one_by_one():
    rng = random.Random(7)
    pieces = ["中", "国", "，", "。", "“", "”", "（", "）", "《", "》", "a", "B", "1", "2", " ", "—", "…", "·", "\u200b", "😀", "한", "ｘ", "、"]
    texts = ["中" * 200, "一二三四五六七八九十" * 13 + "abc", "。" * 30, "“" + "中" * 41 + "”", ""]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 300))) for _ in range(400)]
    for t in texts:
        for width, first in ((86, 82), (41, 37), (8, 4), (3, None), (2, 2)):
            assert wrap(t, width, first) == _slow_wrap(t, width, first), (t[:30], width, first)
