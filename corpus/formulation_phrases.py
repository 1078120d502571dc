"""Recurring word sequences of one speech (the phrase kind of formulation,
以人民为中心): jieba word n-grams a speech uses at least twice, and what is
next to them (`neighbours`: the corpus decides whether one is a piece of a
longer unit)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, compress, count, repeat
from functools import lru_cache
from operator import add, itemgetter, sub

from .formulation_rules import _HAN, Rules
from .han import BASIC_FIRST, BASIC_LAST

PART = "…"  # before a phrase: the last character of a longer word (`neighbours`)

_HAN_WORD = re.compile(f"[{_HAN}]+").fullmatch


# Word classes for `phrases` (bit flags): a Han word; may open a phrase; may close one.
_WORD, _OPEN, _CLOSE = 1, 2, 4
_CLASSES: list[tuple[tuple, dict[str, int]]] = []  # ((stop, known words, edge rules), word → flags)


_OPENS = bytes(1 if v & _OPEN else 0 for v in range(256))
_WORDS = bytes(1 if v & _WORD else 0 for v in range(256))
_CLOSES = bytes(1 if v & _CLOSE else 0 for v in range(256))


def _table(stop: frozenset[str], known, edge: str, guessed: str) -> dict[str, int]:
    """word → flags (`_learn`), kept per process across speeches (most words of a
    speech were seen in the ones before: only new words cost). The tables are
    keyed by the very stop-word and dictionary objects they were made from (held
    here: an object's identity is never reused for another)."""
    words = getattr(known, "idf", known)  # the large table: compared by identity
    ident = (stop, words, getattr(known, "extra", None), edge, guessed)
    for key, table in _CLASSES:
        if key[0] is stop and key[1] is words and key[2:] == ident[2:]:
            return table
    table = {}
    _CLASSES.append((ident, table))
    del _CLASSES[:-4]  # other rules or dictionaries came and went: keep the latest
    return table


def _learn(table: dict[str, int], vocabulary: Iterable[str], stop: frozenset[str], known, edge: str, guessed: str) -> None:
    """The flags of every word of `vocabulary` not yet in `table`."""
    for t in set(vocabulary).difference(table):
        if _HAN_WORD(t) is None:
            table[t] = 0
            continue
        if len(t) < 2 or t in stop:
            table[t] = _WORD
            continue
        table[t] = (_WORD
                    | (_OPEN if t[0] not in edge and (t[0] not in guessed or t in known) else 0)
                    | (_CLOSE if t[-1] not in edge and (t[-1] not in guessed or t in known) else 0))


def _frequent(cols: list[list[str]], floor: int) -> tuple[list[tuple[str, ...]], dict[tuple[str, ...], int]]:
    """The sequences the columns spell (one per row) and those used `floor` times or more."""
    grams = list(zip(*cols))
    return grams, {g: c for g, c in Counter(grams).items() if c >= floor}


def phrases(tokens: Sequence[str], rules: Rules, stop: frozenset[str], known) -> list[tuple[tuple[str, ...], int]]:
    """Word n-grams a speech uses at least `min_uses_in_speech` times: Han words
    only; no stop word, one-character word or grammar character at either edge
    (`known`: the words of jieba's dictionary). `tokens`: the speech's words, with
    a non-word between paragraphs."""
    return _phrases(tokens, rules, stop, known)[0]


def neighbours(tokens: Sequence[str], levels: list, wanted: set) -> dict[tuple[str, ...], tuple[str, str]]:
    """For each sequence of `wanted`: (what is just before it, the word just after
    it), each when the speech's every use of the sequence has the same there (""
    when they differ, or when it is no Han word: punctuation, a paragraph end, Latin
    letters). Before it: the word, or when they are several words ending in the
    same character, that character after `PART` (…新 for 以新|时代 and 创新|时代,
    where jieba cut the phrase's first character off); after it: the word, or "0" when
    at least half its uses are followed by a figure (分别增长 8%). A sequence always
    after the same character is a piece of a longer unit (新|时代中国特色社会主义);
    one always before the same word likewise (人类命运|共同体). `levels`: where
    `_phrases` counted the sequences of each
    length ((length, start offsets, sequences)). Classic new-word discovery, one
    speech's share of it: the corpus decides (`is_fragment`, `extension`)."""
    seen: dict = {}
    n = len(tokens)
    lengths = set(map(len, wanted))
    for k, at, grams in levels:
        if k not in lengths:  # (no sequence of this length wanted: none of its places looked at)
            continue
        mask = bytes(map(wanted.__contains__, grams))
        if not any(mask):
            continue
        places = list(compress(at, mask))
        # (the words before and after each place, fetched in C: a place's sequence
        # is Han words, so a word or the padding follows it, `_phrases`)
        before = list(map(tokens.__getitem__, map(sub, places, repeat(1))))
        if places[0] == 0:
            before[0] = ""
        after = map(tokens.__getitem__, map(add, places, repeat(k))) if places[-1] + k < n else \
            (tokens[a + k] if a + k < n else "" for a in places)
        for g, t, r in zip(compress(grams, mask), before, after):
            left = t if BASIC_FIRST <= t[-1:] <= BASIC_LAST else ""
            c = r[:1]
            right = r if BASIC_FIRST <= c <= BASIC_LAST else "0" if c.isdigit() else ""
            got = seen.get(g)
            if got is None:
                seen[g] = [left, right, right == "0", 1]
            else:
                if got[0] != left:  # (other words ending in the same character: that character)
                    got[0] = PART + left[-1] if left and got[0] and got[0][-1] == left[-1] else ""
                if got[1] != right:
                    got[1] = ""
                got[2] += right == "0"
                got[3] += 1
    return {g: (left, "0" if 2 * figures >= uses else right) for g, (left, right, figures, uses) in seen.items()}


def _phrases(tokens: Sequence[str], rules: Rules, stop: frozenset[str], known) -> tuple[list[tuple[tuple[str, ...], int]], list, Sequence[str]]:
    """`phrases`, with where each length's sequences were counted (for `neighbours`)
    and the (padded) words they index."""
    p = rules.phrase
    lo, hi, cmin, cmax, floor = p["min_words"], p["max_words"], p["min_chars"], p["max_chars"], p["min_uses_in_speech"]
    edge, guessed = p["edge_chars"], p["guessed_edge_chars"]
    flags = _table(stop, known, edge, guessed)
    # (one byte of flags per word; most speeches bring no word the table lacks)
    try:
        fb = bytes(map(flags.__getitem__, tokens))
    except KeyError:
        _learn(flags, tokens, stop, known, edge, guessed)
        fb = bytes(map(flags.__getitem__, tokens))
    if fb and fb[-1] & _WORD:  # a sequence may run past the last word: padded
        tokens, fb = [*tokens, *("",) * hi], fb + bytes(hi)
    # Where a phrase may begin (a word that may open one, then a Han word), found
    # in C (no Python step per word): "opens" and "next is a word" as bytes, ANDed
    # as big numbers. The word pairs there are counted; a longer sequence only
    # where the one it extends is used often enough and ends in a Han word (the
    # others can be no phrase, nor begin one: a phrase's inner words are Han words
    # and each of its beginnings is used at least as often as itself).
    n = len(fb)
    both = (int.from_bytes(fb.translate(_OPENS), "little") & int.from_bytes(fb[1:].translate(_WORDS), "little")).to_bytes(n, "little")
    at = list(compress(count(), both))
    cols = [list(map(tokens.__getitem__, at)), list(map(tokens.__getitem__, map(add, at, repeat(1))))]
    grams, counts = _frequent(cols, floor)
    found = dict(counts) if lo <= 2 else {}
    levels = [(2, at, grams)]
    for k in range(3, hi + 1):
        if not counts:
            break
        keep = bytes(map(counts.__contains__, grams))
        if k > 3:  # (the second word of a pair counted is a Han word already)
            word = int.from_bytes(bytes(map(flags.get, cols[-1], repeat(0))).translate(_WORDS), "little")
            keep = (int.from_bytes(keep, "little") & word).to_bytes(len(keep), "little")
        at = list(compress(at, keep))
        cols = [list(compress(c, keep)) for c in cols]
        cols.append(list(map(tokens.__getitem__, map(add, at, repeat(k - 1)))))
        grams, counts = _frequent(cols, floor)
        if k >= lo:
            found.update(counts)
        levels.append((k, at, grams))
    # Those that may end a phrase and have cmin to cmax characters, tested in C (the
    # inner words of every sequence counted are Han words: see above).
    if not found:
        return [], levels, tokens
    keys = list(found)
    ends = int.from_bytes(bytes(map(flags.get, map(itemgetter(-1), keys), repeat(0))).translate(_CLOSES), "little")
    sizes = int.from_bytes(bytes(map(min, map(len, map("".join, keys)), repeat(255))).translate(_sizes(cmin, cmax)), "little")
    return list(compress(found.items(), (ends & sizes).to_bytes(len(keys), "little"))), levels, tokens


@lru_cache(maxsize=8)
def _sizes(cmin: int, cmax: int) -> bytes:
    """A translation table: 1 for a length from cmin to cmax (255: longer), else 0."""
    return bytes(1 if cmin <= v <= cmax and v < 255 else 0 for v in range(256))


class _Known:
    """Words of jieba's dictionary (its IDF table) and of the user dictionary."""

    def __init__(self, idf: dict, extra: Sequence[str]):
        self.idf, self.extra = idf, frozenset(extra)

    def __contains__(self, word: str) -> bool:
        return word in self.idf or word in self.extra


def speech_words(tokens: Sequence[Sequence[str]]) -> list[str]:
    """The words of every paragraph, each paragraph's followed by "\n" (a non-word:
    no phrase runs across it), joined in C."""
    return list(chain.from_iterable(chain.from_iterable(zip(tokens, repeat(("\n",))))))

