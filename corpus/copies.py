"""Copies of one text (同一篇): two files of a folder that hold the same speech.

Users' folders hold one speech more than once: a simplified and a traditional copy,
two portals' copies with different junk around them (navigation, "相关阅读", a
copyright line), a .txt and a .md, a copy that lost a paragraph. Counting
formulations "in how many speeches" must count such a text once.

The rule, on each speech's *long sentences* (the folded, simplified text — full-
width digits and letters as ASCII — without punctuation or spaces, which portals
change; at least MIN_CHARS characters: Han, digits, Latin letters):
two speeches are copies of one text when the long sentences they share are at
least SHORT_SHARE of the shorter one's and at least LONG_SHARE of the longer
one's, and the shorter one has at least MIN_SENTENCES of them. So

* a traditional copy (folded: the very same sentences), a portal copy (its junk
  lines are short or few), a copy without a paragraph: copies;
* two speeches of one office that share boilerplate paragraphs (a small part of
  each), or a speech quoting a long passage of another (a small part of the
  quoted one): not copies; nor two texts of one template that differ in their
  figures (monthly statistics: 同比增长5.2% / 4.8%) — digits count.

Each speech's fingerprint (`fingerprint`, made from its text alone, where it is
segmented) is the number of its long sentences and the SKETCH smallest of their
32-bit hashes (a bottom-k sketch: the smallest hashes of two speeches' union are
among those of each, so the share of sentences two speeches have in common is
estimated from the sketches alone — exactly for speeches of up to SKETCH long
sentences). Grouping (`groups`) looks only at pairs that share one of the K
smallest hashes of each — two speeches sharing most sentences share their
smallest ones —, never at all pairs; copies are grouped transitively.
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections.abc import Iterable, Sequence
from zlib import crc32

from .han import HAN
from .patterns import lazy
from .script import fold

MIN_CHARS = 10  # characters of a long sentence (Han, digits, Latin letters)
MIN_SENTENCES = 3  # a text with fewer long sentences is never called a copy
SHORT_SHARE = 0.8  # of the shorter one's long sentences found in the other
LONG_SHARE = 0.5  # and of the longer one's
SKETCH = 24  # the smallest hashes a fingerprint keeps
K = 8  # of which these pair a speech with others
SMALL = 8  # a hash shared by more speeches than this: they are paired in a chain, not all pairs

_ENDS = "。！？；!?;\n"
_WIDE = "０-９Ａ-Ｚａ-ｚ％"  # full-width digits and letters: hashed as ASCII
_KEEP = lazy(f"[^{HAN}0-9A-Za-z%{_WIDE}{_ENDS}]+")  # what a long sentence's hash leaves out: punctuation, spaces
_ANY_WIDE = lazy(f"[{_WIDE}]")
_NARROW = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF05]}
_SPLIT = lazy(f"[{_ENDS}]")

Sketch = tuple[int, frozenset]  # (long sentences, the smallest of their hashes)


def sentence_hashes(paragraphs: Iterable[str], folded: bool = False) -> list[int]:
    """The sorted, distinct 32-bit hashes (CRC-32) of the long sentences of a speech's
    paragraphs (`folded`: already in simplified script). The whole text is folded,
    stripped and split once (in C)."""
    text = "\n".join(paragraphs)
    if not folded:
        text = fold(text)
    text = _KEEP().sub("", text)
    if _ANY_WIDE().search(text):
        text = text.translate(_NARROW)
    return sorted({crc32(s.encode()) for s in _SPLIT().split(text) if len(s) >= MIN_CHARS})


def sketch(paragraphs: Iterable[str], folded: bool = False) -> Sketch:
    hashes = sentence_hashes(paragraphs, folded)
    return len(hashes), frozenset(hashes[:SKETCH])


def fingerprint(paragraphs: Iterable[str], folded: bool = False) -> str:
    """A speech's sketch, packed (little-endian 32-bit: the count, then the hashes
    ascending; base64): what a store keeps (~130 characters)."""
    hashes = sentence_hashes(paragraphs, folded)
    a = array("I", [len(hashes), *hashes[:SKETCH]])
    if sys.byteorder != "little":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def unpack(fp: str) -> array:
    """A fingerprint's count and hashes (ValueError when damaged)."""
    a = array("I")
    a.frombytes(base64.b64decode(fp, validate=True))
    if sys.byteorder != "little":
        a.byteswap()
    if not a or a[0] < len(a) - 1 or len(a) > SKETCH + 1:
        raise ValueError("not a fingerprint")
    return a


def same_text(a: Sketch, b: Sketch) -> bool:
    """The rule: are two speeches (their sketches) copies of one text?"""
    (na, sa), (nb, sb) = a, b
    if min(na, nb) < MIN_SENTENCES:
        return False
    union = sorted(sa | sb)[:SKETCH]  # the smallest hashes of both speeches' sentences …
    both = sum(1 for h in union if h in sa and h in sb)  # … and those they share
    j = both / len(union)  # (Jaccard's share, estimated: exact when the sketches hold every sentence)
    shared = j * (na + nb) / (1 + j)
    return shared >= SHORT_SHARE * min(na, nb) - 1e-9 and shared >= LONG_SHARE * max(na, nb) - 1e-9


def groups(prints: Sequence[str | None]) -> list[list[int]]:
    """The groups of copies among speeches given by their fingerprints (None or a
    damaged one: none known): lists of their places (ascending), groups of two or
    more only, ordered by their first place."""
    buckets: dict[int, list[int]] = {}
    sketches: dict[int, Sketch] = {}
    for i, fp in enumerate(prints):
        if not fp:
            continue
        try:
            a = unpack(fp)
        except ValueError:
            continue
        if a[0] >= MIN_SENTENCES:
            sketches[i] = (a[0], frozenset(a[1:]))
            for h in a[1:K + 1]:
                buckets.setdefault(h, []).append(i)
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            parent[i] = parent.get(parent[i], parent[i])
            i = parent[i]
        return i

    tried: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        if len(members) <= SMALL:
            pairs = [(a, b) for k, a in enumerate(members) for b in members[k + 1:]]
        else:  # boilerplate in many speeches: each with the next (copies still meet elsewhere)
            pairs = list(zip(members, members[1:]))
        for a, b in pairs:
            ra, rb = root(a), root(b)
            if ra == rb or (a, b) in tried:
                continue
            tried.add((a, b))
            if same_text(sketches[a], sketches[b]):
                parent[max(ra, rb)] = min(ra, rb)
                parent.setdefault(min(ra, rb), min(ra, rb))
    by_root: dict[int, list[int]] = {}
    for i in sorted(parent):
        by_root.setdefault(root(i), []).append(i)
    return sorted((m for m in by_root.values() if len(m) > 1), key=lambda m: m[0])
