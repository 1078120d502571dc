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

Updating a shard after one changed file does not count its ~150 speeches again
(~100 ms): the file also keeps, for every countable pair, in how many speeches
it occurs (doc_freq, ~35 kB a shard), so the speeches that came and went are
counted, the pairs are chosen again from the updated numbers, and the counts of
the speeches that stayed are copied; a pair new to the table is counted in the
shard's (decoded) text.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate, repeat
from operator import sub

PAIRS = 256  # per shard


def pair_counts(units: bytes) -> Counter:
    """How often each pair of adjacent UTF-16 units (as one little-endian 32-bit
    int) occurs in a text, at every unit offset (C-level calls only)."""
    even, odd = _pairs(units)
    c = Counter(even)
    if odd is not None:
        c.update(odd)
    return c


def _pairs(units: bytes) -> tuple[memoryview, memoryview | None]:
    """The pairs at even unit offsets and (for more than two units) at odd ones, as
    views of 32-bit ints."""
    n = len(units)
    mv = memoryview(units)
    return mv[: n // 4 * 4].cast("I"), (mv[2 : 2 + (n - 2) // 4 * 4].cast("I") if n > 4 else None)


def pair_key(units: bytes) -> int:
    """The key of a two-unit query, as pair_counts makes them (native byte order)."""
    return memoryview(units).cast("I")[0]


def _countable(p: int) -> bool:
    """A pair whose count per speech answers a query exactly: two different units
    (of XX in XXX a search counts one, the pairs two), neither a line break (no
    query holds one) nor half of a surrogate pair."""
    a, b = p & 0xFFFF, p >> 16
    return a != b and a != 10 and b != 10 and not (0xD800 <= a < 0xE000 or 0xD800 <= b < 0xE000)


def pair_set(units: bytes) -> set[int]:
    """The pairs of adjacent units a text holds (pair_counts' keys, without counting)."""
    even, odd = _pairs(units)
    s = set(even)
    if odd is not None:
        s.update(odd)
    return s


Counted = tuple[array, array, Counter]  # a speech's pairs, their counts, the counts in its title and headings


def compact(c: Counter, h: Counter) -> Counted:
    """A speech's pairs counted (in all: `c`; in its title and headings: `h`) as a shard
    keeps them until all its speeches are counted: the pairs and their counts as two
    arrays — 8 bytes a pair instead of a Counter's ~70 (at 10 000 speeches, a shard's
    were ~35 MB) — and the few of its title and headings as they are."""
    return array("I", c.keys()), array("I", c.values()), h


def doc_freq(counted: list[Counted]) -> dict[int, int]:
    """In how many of a shard's speeches each countable pair occurs."""
    df: Counter = Counter()
    for ps, _, _ in counted:
        df.update(ps)  # (C-level: counts the pairs, each once a speech)
    return {p: n for p, n in df.items() if _countable(p)}


def moved_freq(df: dict[int, int], gone: list[set[int]], came: list[Iterable[int]]) -> dict[int, int]:
    """`df` after the speeches holding the pairs `gone` left the shard and those
    holding `came` joined it: what doc_freq of the new shard gives, without
    counting the speeches that stayed."""
    out = dict(df)
    for ps in gone:
        for p in ps:
            n = out.get(p)
            if n is None:
                continue  # (not countable)
            if n > 1:
                out[p] = n - 1
            else:
                del out[p]
    for ps in came:
        for p in ps:
            n = out.get(p)
            if n is not None:
                out[p] = n + 1
            elif _countable(p):
                out[p] = 1
    return out


def choose(df: dict[int, int]) -> list[int]:
    """The PAIRS pairs found in most speeches (ties: the smaller first), in order."""
    if len(df) > PAIRS:
        cut = sorted(df.values(), reverse=True)[PAIRS - 1]
        cand = [p for p, n in df.items() if n >= cut]
    else:
        cand = list(df)
    return sorted(sorted(cand, key=lambda p: (-df[p], p))[:PAIRS])


def _encode(rows: list[int]) -> tuple[str, bytes]:
    big = max(rows, default=0)
    code = "B" if big < 1 << 8 else "H" if big < 1 << 16 else "I"
    a = array(code, rows)
    if sys.byteorder == "big":
        a.byteswap()
    return code, a.tobytes()


def pair_table(counted: list[Counted], df: dict[int, int] | None = None) -> tuple[list[int], str, bytes]:
    """For a shard's speeches (each: its pairs counted, in all and in its title and
    headings), the PAIRS countable pairs found in most of its speeches (ties: the
    smaller; stored in order), and per pair the count of every speech in its
    paragraphs, then in its title and headings: 2·n numbers a row, the narrowest
    array type that holds them. (Any choice of pairs keeps the counts exact; this one
    keeps those a scan would cost most.) `df`: doc_freq(counted), when made already."""
    top = choose(doc_freq(counted) if df is None else df)
    paras: list[list[int]] = []  # per speech, per pair of `top`: in its paragraphs
    heads: list[list[int]] = []  # in its title and headings
    for ps, ns, h in counted:
        got = dict(zip(ps, ns))
        hs = list(map(h.get, top, repeat(0)))
        paras.append(list(map(sub, map(got.get, top, repeat(0)), hs)))  # (a pair across title/headings and paragraphs holds a line break)
        heads.append(hs)
    rows: list[int] = []
    for c, h in zip(zip(*paras), zip(*heads)):  # (a row per pair: its counts in every speech)
        rows += c
        rows += h
    return (top, *_encode(rows))


class OldTable:
    """The pair counts an earlier file of a shard holds: its pairs (→ row), its
    counts (a list), its number of speeches."""

    def __init__(self, pairs: dict[int, int], counts: list[int], n: int):
        self.pairs, self.counts, self.n = pairs, counts, n


def updated_table(old: OldTable, df: dict[int, int], src: list[int], came: dict[int, tuple[Counter, Counter]],
                  texts: list[tuple[bytes, int]]) -> tuple[list[int], str, bytes]:
    """pair_table of a shard made from its earlier table: `src[j]` is the earlier
    position of speech j (-1 for a speech new to the shard, whose pairs are counted
    in `came[j]`); `df` the new doc_freq; `texts` (text, units of title and headings)
    per speech, for a pair the earlier table did not keep (counted on decoded text).
    The same numbers pair_table gives, copied in runs of the speeches that stayed."""
    top = choose(df)
    runs: list[tuple[int, int]] = []  # (a, b): earlier positions a..b-1; (-1, j): new speech j
    j, n = 0, len(src)
    while j < n:
        a = src[j]
        if a < 0:
            runs.append((-1, j))
            j += 1
            continue
        k = j
        while k + 1 < n and src[k + 1] == src[k] + 1:
            k += 1
        runs.append((a, src[k] + 1))
        j = k + 1
    counts, no = old.counts, old.n
    decoded: list[tuple[str, str]] | None = None
    rows: list[int] = []
    for p in top:
        r = old.pairs.get(p)
        if r is None:  # a pair new to the table: counted in every speech (two units, neither a surrogate: one character each)
            if decoded is None:
                decoded = [(t.decode("utf-16-le", "surrogatepass"), t[: 2 * nh].decode("utf-16-le", "surrogatepass")) for t, nh in texts]
            s = p.to_bytes(4, sys.byteorder).decode("utf-16-le")
            hs = [h.count(s) for _, h in decoded]
            rows += [w.count(s) - x for (w, _), x in zip(decoded, hs)]
            rows += hs
            continue
        for half in (0, 1):
            base = 2 * no * r + half * no
            for a, b in runs:
                if a >= 0:
                    rows += counts[base + a : base + b]
                else:
                    pc, hc = came[b]
                    nh = hc.get(p, 0)
                    rows.append(nh if half else pc.get(p, 0) - nh)
    return (top, *_encode(rows))


def pack_freq(df: dict[int, int]) -> tuple[int, str, bytes]:
    """doc_freq as stored (zlib: the pairs in order as differences, then the
    numbers): (how many pairs, array type, bytes). An update of the shard starts
    from it rather than counting every speech again."""
    if not df:
        return 0, "B", b""
    ps = sorted(df)
    keys = array("I", [ps[0]])
    keys.extend([b - a for a, b in zip(ps, ps[1:])])
    code, vals = _encode([df[p] for p in ps])
    if sys.byteorder == "big":
        keys.byteswap()
    return len(ps), code, zlib.compress(keys.tobytes() + vals, 1)  # (level 6: 5 % smaller, 8 times slower)


def freq_size(head: dict) -> int:
    """How many bytes doc_freq takes in the file (after the pair counts)."""
    dz = head.get("dz", 0)
    if not isinstance(dz, int) or dz < 0:
        raise ValueError("a bad dz")
    return dz


def read_freq(head: dict, stored: bytes) -> dict[int, int] | None:
    """doc_freq from what the file stores (None when it has none); ValueError when it does not fit."""
    n, code = head.get("dn"), head.get("dt")
    if not isinstance(n, int) or code not in ("B", "H", "I"):
        return None
    if not n:
        return {}
    raw = zlib.decompress(stored)
    keys, vals = array("I"), array(code)
    if len(raw) != n * (keys.itemsize + vals.itemsize):
        raise ValueError("doc_freq of the wrong size")
    keys.frombytes(raw[: n * keys.itemsize])
    vals.frombytes(raw[n * keys.itemsize :])
    if sys.byteorder == "big":
        keys.byteswap()
        vals.byteswap()
    return dict(zip(accumulate(keys), vals))


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
