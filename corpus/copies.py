"""Copies of one text (同一篇): two files of a folder that hold the same speech.

Users' folders hold one speech more than once: a simplified and a traditional copy,
two portals' copies with different junk around them (navigation, "相关阅读", a
copyright line), a .txt and a .md, a copy that lost a paragraph. Counting
formulations "in how many speeches" must count such a text once.

The rule, on each speech's *long sentences* (the folded, simplified text, Han
characters only — no punctuation, digits or Latin —, at least MIN_CHARS of them):
two speeches are copies of one text when the shared long sentences are at least
SHORT_SHARE of the shorter one's and at least LONG_SHARE of the longer one's, and
the shorter one has at least MIN_SENTENCES of them. So

* a traditional copy (folded, the very same sentences), a portal copy (its junk
  lines are short or few), a copy without a paragraph: copies;
* two speeches of one office that share boilerplate paragraphs (a small part of
  each), or a speech quoting a long passage of another (a small part of the quoted
  one): not copies.

Copies are grouped transitively (A~B, B~C: one text). Each speech's fingerprint
(`fingerprint`: its long sentences' 32-bit hashes, sorted, packed) is made from its
body alone; grouping (`groups`) looks only at pairs that share one of the K
smallest hashes of each (bottom-K sketches: two speeches sharing most sentences
share their smallest ones), never at all pairs — a corpus without copies costs a
dictionary of K entries per speech.
"""

from __future__ import annotations

import base64
import hashlib
import sys
from array import array
from collections.abc import Iterable, Sequence

from .han import HAN
from .patterns import lazy
from .script import fold

MIN_CHARS = 10  # Han characters of a long sentence
MIN_SENTENCES = 3  # a text shorter than that is never called a copy
SHORT_SHARE = 0.8  # of the shorter one's long sentences found in the other
LONG_SHARE = 0.5  # and of the longer one's
K = 8  # the smallest hashes of each speech that pair it with others
SMALL = 8  # a hash shared by more speeches than this: they are paired in a chain, not all pairs

_SENTENCE = lazy("[。！？；!?;…\n]")
_NOT_HAN = lazy(f"[^{HAN}]+")


def sentence_hashes(paragraphs: Iterable[str]) -> list[int]:
    """The sorted, distinct 32-bit hashes of the long sentences of a speech's paragraphs."""
    split, strip = _SENTENCE().split, _NOT_HAN().sub
    out = set()
    for p in paragraphs:
        for s in split(fold(p)):
            h = strip("", s)
            if len(h) >= MIN_CHARS:
                out.add(int.from_bytes(hashlib.blake2b(h.encode(), digest_size=4).digest(), "little"))
    return sorted(out)


def fingerprint(paragraphs: Iterable[str]) -> str:
    """`sentence_hashes`, packed (little-endian 32-bit, base64): what a store keeps."""
    a = array("I", sentence_hashes(paragraphs))
    if sys.byteorder != "little":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def unpack(fp: str) -> array:
    """The hashes of a fingerprint (ValueError when damaged)."""
    a = array("I")
    a.frombytes(base64.b64decode(fp))
    if sys.byteorder != "little":
        a.byteswap()
    return a


def same_text(a: set[int], b: set[int]) -> bool:
    """The rule: are two speeches (their long sentences' hashes) copies of one text?"""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_SENTENCES:
        return False
    shared = len(short & long)
    return shared >= SHORT_SHARE * len(short) and shared >= LONG_SHARE * len(long)


def groups(prints: Sequence[str | None]) -> list[list[int]]:
    """The groups of copies among speeches given by their fingerprints (None: none
    known): lists of their places (ascending), groups of two or more only, ordered
    by their first place."""
    sketches: dict[int, list[int]] = {}
    hashes: list[array | None] = []
    for i, fp in enumerate(prints):
        try:
            a = unpack(fp) if fp else None
        except ValueError:
            a = None
        hashes.append(a)
        if a is not None and len(a) >= MIN_SENTENCES:
            for h in a[:K]:
                sketches.setdefault(h, []).append(i)
    sets: dict[int, set[int]] = {}

    def as_set(i: int) -> set[int]:
        s = sets.get(i)
        if s is None:
            s = sets[i] = set(hashes[i])  # type: ignore[arg-type]
        return s

    parent = list(range(len(prints)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tried: set[tuple[int, int]] = set()
    joined: set[int] = set()
    for members in sketches.values():
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
            if same_text(as_set(a), as_set(b)):
                parent[max(ra, rb)] = min(ra, rb)
                joined.update((a, b))
    by_root: dict[int, list[int]] = {}
    for i in sorted(joined):
        by_root.setdefault(root(i), []).append(i)
    return sorted((m for m in by_root.values() if len(m) > 1), key=lambda m: m[0])
