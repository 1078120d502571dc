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
segmented) is the sorted set of its long sentences' 32-bit hashes (~4 bytes a
sentence), so the shares are exact. Grouping (`groups`) looks only at pairs that
share a *rare* one of the K smallest hashes of each (two speeches sharing most
sentences share their smallest ones; a hash among the smallest of more than SMALL
speeches is a common sentence — boilerplate, a slogan — and pairs none), never at
all pairs; copies are grouped transitively. A folder without copies costs a
dictionary of K entries a speech.
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
K = 16  # the smallest hashes of each speech that pair it with others
SMALL = 16  # … when no more speeches than this have the hash among theirs

_ENDS = "。！？；!?;\n"
_WIDE = "０-９Ａ-Ｚａ-ｚ％"  # full-width digits and letters: hashed as ASCII
_KEEP = lazy(f"[^{HAN}0-9A-Za-z%{_WIDE}{_ENDS}]+")  # what a long sentence's hash leaves out: punctuation, spaces
_ANY_WIDE = lazy(f"[{_WIDE}]")
_NARROW = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF05]}
_SPLIT = lazy(f"[{_ENDS}]")

def sentence_hashes(paragraphs: Iterable[str], folded: bool = False) -> list[int]:
    """The sorted, distinct 32-bit hashes (CRC-32) of the long sentences of a speech's
    paragraphs (`folded`: already in simplified script). The whole text is stripped
    and split once (in C): ~0.5 ms for 5 000 characters."""
    text = "\n".join(paragraphs)
    if not folded:
        text = fold(text)
    text = _KEEP().sub("", text)
    if _ANY_WIDE().search(text):
        text = text.translate(_NARROW)
    return sorted({crc32(s.encode()) for s in _SPLIT().split(text) if len(s) >= MIN_CHARS})


def fingerprint(paragraphs: Iterable[str], folded: bool = False) -> str:
    """`sentence_hashes`, packed (little-endian 32-bit, ascending; base64): what a
    store keeps."""
    a = array("I", sentence_hashes(paragraphs, folded))
    if sys.byteorder != "little":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def unpack(fp: str) -> array:
    """A fingerprint's hashes (ValueError when damaged)."""
    a = array("I")
    raw = base64.b64decode(fp, validate=True)
    a.frombytes(raw[:len(raw) - len(raw) % 4])  # (a cut prefix: its whole hashes)
    if sys.byteorder != "little":
        a.byteswap()
    return a


def same_text(a: set[int] | frozenset[int], b: set[int] | frozenset[int]) -> bool:
    """The rule: are two speeches (their long sentences' hashes) copies of one text?"""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_SENTENCES:
        return False
    shared = len(short & long)
    return shared >= SHORT_SHARE * len(short) and shared >= LONG_SHARE * len(long)


def groups(prints: Sequence[str | None]) -> list[list[int]]:
    """The groups of copies among speeches given by their fingerprints (None or a
    damaged one: none known): lists of their places (ascending), groups of two or
    more only, ordered by their first place."""
    buckets: dict[int, list[int]] = {}
    head = (K * 4 + 2) // 3 * 4  # (the base64 characters of the K smallest hashes: only they are decoded here)
    for i, fp in enumerate(prints):
        if not fp or len(fp) < (MIN_SENTENCES * 4 + 2) // 3 * 4:
            continue
        try:
            a = unpack(fp[:head]) if len(fp) > head else unpack(fp)
        except ValueError:
            continue
        for h in a:
            got = buckets.get(h)
            if got is None:
                buckets[h] = [i]
            else:
                got.append(i)
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i]
        return i

    tried: set[tuple[int, int]] = set()
    sets: dict[int, frozenset] = {}
    for members in buckets.values():
        if not 1 < len(members) <= SMALL:
            continue
        for k, a in enumerate(members):
            for b in members[k + 1:]:
                ra, rb = root(a), root(b)
                if ra == rb or (a, b) in tried:
                    continue
                tried.add((a, b))
                try:
                    sa = sets.get(a) or sets.setdefault(a, frozenset(unpack(prints[a])))  # type: ignore[arg-type]
                    sb = sets.get(b) or sets.setdefault(b, frozenset(unpack(prints[b])))  # type: ignore[arg-type]
                except ValueError:
                    continue
                if same_text(sa, sb):
                    lo, hi = min(ra, rb), max(ra, rb)
                    parent[hi] = lo
                    parent.setdefault(lo, lo)
    by_root: dict[int, list[int]] = {}
    for i in sorted(parent):
        by_root.setdefault(root(i), []).append(i)
    return sorted((m for m in by_root.values() if len(m) > 1), key=lambda m: m[0])
