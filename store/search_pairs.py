"""Per shard of the search index, how often each of its PAIRS most widespread
character pairs (found in most of its speeches) occurs in every speech (in its paragraphs, and in its title and
headings apart): a two-character query that is one of them is counted by summing
these numbers (store.search_count), without scanning any text.

Why: counting a common word (发展) is the costliest search — every speech holds
it, so every byte of the index's text was scanned (~105 MB at 10 000 speeches,
~80 ms of CPU, slower than grep -rc). The most frequent pairs are exactly the
queries whose scan costs most; rarer ones are narrowed by the signature first.
Measured at 10 000 generated speeches: 2 MB more on disk (zlib), ~5 MB more in
memory, the count of 发展 from ~110 ms to ~20 ms of CPU.

Exact: a pair of two different characters cannot overlap itself, so the number
of places it starts is the number of hits a search counts. A pair of one
character twice (哈哈: 哈哈哈 holds one hit but two pairs) is never kept, nor one
holding a line break or half of a surrogate pair; those are scanned as before.
The pairs are chosen from the shard's own text, so an updated shard is the one a
fresh build makes, byte for byte.
"""

from __future__ import annotations

import heapq
import sys
import zlib
from array import array
from collections import Counter

PAIRS = 256  # per shard


def pair_counts(units: bytes) -> Counter:
    """How often each pair of adjacent UTF-16 units (as one little-endian 32-bit
    int) occurs in a text, at every unit offset (C-level calls only)."""
    n = len(units)
    mv = memoryview(units)
    c = Counter(mv[: n // 4 * 4].cast("I"))
    if n > 4:
        c.update(mv[2 : 2 + (n - 2) // 4 * 4].cast("I"))
    return c


def pair_key(units: bytes) -> int:
    """The key of a two-unit query, as pair_counts makes them (native byte order)."""
    return memoryview(units).cast("I")[0]


def _countable(p: int) -> bool:
    """A pair whose count per speech answers a query exactly: two different units
    (of XX in XXX a search counts one, the pairs two), neither a line break (no
    query holds one) nor half of a surrogate pair."""
    a, b = p & 0xFFFF, p >> 16
    return a != b and a != 10 and b != 10 and not (0xD800 <= a < 0xE000 or 0xD800 <= b < 0xE000)


def pair_table(counted: list[tuple[Counter, Counter]]) -> tuple[list[int], str, bytes]:
    """For a shard's speeches (each: its pairs counted, in all and in its title and
    headings), the PAIRS countable pairs found in most of its speeches (ties: the most
    frequent in all, then the smaller; stored in order), and per pair the count of
    every speech in its paragraphs, then in its title and headings: 2·n numbers a
    row, the narrowest array type that holds them. (Any choice of pairs keeps the
    counts exact; this one keeps those a scan would cost most.)"""
    df: Counter = Counter()
    for c, _ in counted:
        df.update(c.keys())  # (C-level: counts the keys)
    top = sorted(heapq.nsmallest(PAIRS, (p for p in df if _countable(p)), key=lambda p: (-df[p], p)))
    rows = []
    for p in top:
        hs = [h.get(p, 0) for _, h in counted]
        rows += [c.get(p, 0) - n for (c, _), n in zip(counted, hs)]  # (a pair across title/headings and paragraphs holds a line break)
        rows += hs
    big = max(rows, default=0)
    code = "B" if big < 1 << 8 else "H" if big < 1 << 16 else "I"
    a = array(code, rows)
    if sys.byteorder == "big":
        a.byteswap()
    return top, code, a.tobytes()


def pairs_size(head: dict) -> int:
    """How many bytes the pair counts take in the file (after the bit rows)."""
    pz = head.get("pz", 0)
    if not isinstance(pz, int) or pz < 0:
        raise ValueError("a bad pz")
    return pz


def read_pairs(head: dict, stored: bytes, n: int) -> tuple[dict[int, int], array]:
    """(pair → row, the counts) from what the file stores; ValueError when they don't fit."""
    pk = head.get("pk")
    if not pk:
        return {}, array("B")
    code = head.get("pt")
    if code not in ("B", "H", "I") or not isinstance(pk, list) or not all(isinstance(p, int) for p in pk):
        raise ValueError("bad pair counts")
    a = array(code)
    a.frombytes(zlib.decompress(stored))
    if sys.byteorder == "big":
        a.byteswap()
    if len(a) != 2 * n * len(pk):
        raise ValueError("pair counts of the wrong size")
    return {p: r for r, p in enumerate(pk)}, a
