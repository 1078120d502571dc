"""The set formulations a speech spells by rule: numbered (四个意识, 八项规定),
paired (三会一课), quoted (“国之大者”) and those of the user dictionary —
found by regular expressions on the folded text (`formulations.in_speech`)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from .formulation_rules import _HAN, Rules

# Short text in quotation marks, without sentence punctuation or "*", holding a Han
# character (the look-ahead stays inside the quotation: it stops at a quotation mark).
_HAN_CHAR = re.compile(f"[{_HAN}]").fullmatch
_QUOTES = re.compile(f"[“「](?=[^”」“「\n]*?[{_HAN}])([^”」“「\n，。；！？：,.;!?:*]{{1,40}})[”」]")


def _head(run: str, rules: Rules, boundaries: Sequence[int] | _WordEnds | None, start: int, tags=None) -> str:
    """The head of a numbered formulation: the run of Han characters after the
    measure word, cut before grammar words, at most `max_head` characters, and
    ending where a word ends (when the text was segmented; `boundaries`: the
    sorted offsets where words end, `_word_boundaries`): at the last word end
    within the head, if one is at least `min_head` characters in. In segmented
    text a head stop inside a word (服从), or opening a word jieba's dictionary
    tags as a noun (`tags`: 中心), is no grammar word: 四个服从, 四个中心."""
    m = rules.head_stop.search(run)
    while m is not None and boundaries is not None and not _grammar_at(run, m.start(), start, rules, boundaries, tags):
        m = rules.head_stop.search(run, m.start() + 1)
    head = run[: m.start()] if m else run
    head = head[: rules.max_head]
    if boundaries is not None and len(head) > rules.min_head:
        end = _last(boundaries, start + len(head)) - start
        if end >= rules.min_head:
            head = head[:end]
    return head


def _grammar_at(run: str, i: int, start: int, rules: Rules, boundaries: Sequence[int] | _WordEnds, tags) -> bool:
    """Whether the head stop at run[i] is a grammar word: it opens a word, one
    not tagged as a noun (`head_noun_tags`) — 的, 和, 以及, 对于, 上午 — when the tags are known."""
    at = start + i
    if _last(boundaries, at) != at:
        return False  # (inside a word: 服从)
    end = _next(boundaries, at)
    if tags is None or end is None or end - at < 2:
        return True
    return tags.get(run[i:end - start]) not in rules.head_noun_tags


def _last(boundaries: Sequence[int] | _WordEnds, at: int) -> int:
    """The last offset at or before `at` where a word starts or ends."""
    return boundaries.last(at) if isinstance(boundaries, _WordEnds) else boundaries[bisect_right(boundaries, at) - 1]


def _next(boundaries: Sequence[int] | _WordEnds, at: int) -> int | None:
    """The first offset after `at` where a word ends, if one."""
    if isinstance(boundaries, _WordEnds):
        return boundaries.next(at)
    i = bisect_right(boundaries, at)
    return boundaries[i] if i < len(boundaries) else None


def numbered(text: str, rules: Rules, boundaries: Sequence[int] | _WordEnds | None = None,
             tags=None) -> list[tuple[int, str]]:
    """(start, formulation) of each numbered formulation in `text`. `tags`: jieba's
    tag of a word (`formulation_tags.word_tags`), when the text was segmented
    (`boundaries`): a head of several words loses a last word of `head_end_tags`."""
    out = []
    for m in rules.numbered.finditer(text):
        numeral, measure, run = m.groups()
        if measure in rules.single_numeral and len(numeral) > 1:
            continue
        if m.start() and text[m.start() - 1] in rules.ordinal:
            continue
        head = _head(run, rules, boundaries, m.start(3), tags)
        # A dictionary word that holds the numeral and ends in the head is the
        # formulation (八项规定|精神, 中央八项规定|精神, 三个代表|重要思想).
        end = _next(boundaries, m.start()) if boundaries is not None and len(head) > rules.min_head else None
        if end is not None and m.start(3) + rules.min_head <= end < m.start(3) + len(head):
            head = run[:end - m.start(3)]
        elif tags is not None and boundaries is not None and len(head) > rules.min_head:
            head = _head_end(text, _head_trim(text, head, m.start(3), rules, boundaries, tags), m.start(3), rules, boundaries, tags)
        if len(head) < rules.min_head or head.startswith(rules.counting):
            continue
        out.append((m.start(), numeral + measure + head))
    return out


def _head_trim(text: str, head: str, start: int, rules: Rules, boundaries: Sequence[int] | _WordEnds, tags) -> str:
    """The head without a last word that jieba's dictionary tags as a grammar word
    (`head_cut_tags`: a conjunction, adverb, preposition …) when the words before
    it are a head (四个服从|既反映了民主: 四个服从)."""
    end = start + len(head)
    at = _last(boundaries, end - 1)
    if at - start >= rules.min_head and tags.get(text[at:end]) in rules.head_cut_tags:
        return head[:at - start]
    return head


def _head_end(text: str, head: str, start: int, rules: Rules, boundaries: Sequence[int] | _WordEnds, tags) -> str:
    """The head, or "" when it is cut mid-sentence: its last word is a word of its
    own (the head holds another before it) whose tag is one of `head_end_tags`, and
    what that word acts on follows it — a Han character that is no head stop, or
    an aspect mark (两大势力|作|最后斗争, 两大势力|竖起|了)."""
    end = start + len(head)
    at = boundaries.last(end - 1) if isinstance(boundaries, _WordEnds) else boundaries[bisect_right(boundaries, end - 1) - 1]
    if at <= start or tags.get(text[at:end]) not in rules.head_end_tags:
        return head  # (one word — or a word begun before the head: a formulation of the user dictionary)
    nxt = text[end:end + 1]
    goes_on = nxt in rules.aspect_marks or (_HAN_CHAR(nxt) is not None and rules.head_stop.match(nxt) is None)
    return "" if nxt and goes_on else head


def paired(text: str, rules: Rules, boundaries: Sequence[int] | _WordEnds | None = None) -> list[tuple[int, str]]:
    """(start, formulation) of each paired formulation (三会一课) in `text`; in
    segmented text (`boundaries`) one that starts inside a word is a piece of
    other words (长三角|一体化 holds no 三角一体)."""
    out = []
    for m in rules.paired.finditer(text):
        s = m.group(0)
        if s in rules.idioms or (s[0] == "一" and s[2] == "一"):
            continue
        at = m.start()
        if boundaries is not None and at and _HAN_CHAR(text[at - 1]) is not None and _last(boundaries, at) != at:
            continue
        out.append((m.start(), s))
    return out


def quoted(text: str, rules: Rules) -> dict[int, str]:
    """{start of the quoted text: quoted text} for each short quotation in `text`."""
    q = rules.quoted
    out = {}
    for m in _QUOTES.finditer(text):
        s = m.group(1)
        if q["min_chars"] <= len(s) <= q["max_chars"]:
            out[m.start(1)] = s
    return out


def _whole(found: list[tuple[int, str]], quotes: dict[int, str], rules: Rules) -> list[str]:
    """A numbered or paired formulation that opens a quotation is the whole
    quotation when that is short (“五比五不比”, not 五比五不)."""
    out = []
    for start, s in found:
        q = quotes.get(start)
        out.append(q if q and q.startswith(s) and len(q) <= rules.max_head + 4 else s)
    return out


def dictionary(text: str, rules: Rules) -> list[str]:
    """The user dictionary's set formulations in `text` (longest first, no overlaps)."""
    return rules.dictionary_re.findall(text) if rules.dictionary else []


class _WordEnds:
    """Where words start or end in paragraphs joined by line breaks (`tokens`: the
    words of each paragraph, which spell it), worked out for a paragraph only when
    a numbered formulation there asks: the same offsets as `_word_boundaries`."""

    def __init__(self, paragraphs: Sequence[str], tokens: Sequence[Sequence[str]]):
        self.starts = list(accumulate((len(p) + 1 for p in paragraphs), initial=0))
        self.tokens, self.made = tokens, {}

    def last(self, at: int) -> int:
        """The last offset at or before `at` where a word starts or ends."""
        i = bisect_right(self.starts, at) - 1
        ends = self.made.get(i)
        if ends is None:
            ends = self.made[i] = list(accumulate(map(len, self.tokens[i]), initial=self.starts[i]))
        return ends[bisect_right(ends, at) - 1]

    def next(self, at: int) -> int | None:
        """The first offset after `at` where a word ends (None: at a paragraph's end)."""
        i = bisect_right(self.starts, at) - 1
        ends = self.made.get(i)
        if ends is None:
            ends = self.made[i] = list(accumulate(map(len, self.tokens[i]), initial=self.starts[i]))
        k = bisect_right(ends, at)
        return ends[k] if k < len(ends) else None


def _word_boundaries(tokens: Sequence[str]) -> list[int]:
    """The offsets where words start or end, in order (a list for bisect: no set of
    every offset is built for the few numbered formulations of a speech)."""
    return [0, *accumulate(map(len, tokens))]
