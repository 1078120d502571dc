"""Per-speech keywords: TF-IDF over jieba tokens.

The weight of a term is its frequency in the speech times an IDF that blends
jieba's general-language IDF (``jieba/analyse/idf.txt``) with the IDF of this
corpus: a term common to most speeches of the collection (党员干部, 组织生活会
in a folder of 组织生活会 speeches) is pushed down, so the tags tell speeches
apart. At ingest each speech keeps its strongest candidates with ``tf × idf_jieba``;
the corpus factor is applied when the store is built, without segmenting again.
"""

from __future__ import annotations

import heapq
import importlib.util
import marshal
import math
import mmap
import os
import re
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from .han import BASIC
from .resources import STOPWORDS

CANDIDATES = 40  # candidates kept per speech
REMEMBERED = 50_000  # words an `IdfTable` remembers having looked up (found or not)
SHOWN = 8  # keywords shown per speech
_WORD = re.compile(rf"^[{BASIC}]{{2,}}$|^[A-Za-z][A-Za-z0-9]{{2,}}$")  # (the basic block: corpus/han.py)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in STOPWORDS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        words.update(line.split())
    return frozenset(words)


def _idf_source() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]) / "analyse" / "idf.txt"
    return None


def _read_idf(path: Path) -> dict[str, float]:
    table: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.rstrip("\n").partition(" ")
            try:
                table[word] = float(value)
            except ValueError:
                continue
    return table


@lru_cache(maxsize=2)
def jieba_idf(cache: Path | None = None) -> tuple[Mapping[str, float], float]:
    """jieba's default IDF table and its median (for unknown words).

    cache: where an indexed copy of the table may be kept (the store passes a file
    in its cache folder). Parsing the 270 000-line text file costs ~0.4 s, and
    loading all of it again ~0.2 s: the copy is read word by word instead (an
    `IdfTable`: `in` and `get` as on the dict, `lookup` for a speech's words at
    once), ~0.5 ms for the words of a speech. None reads the text file (a dict)."""
    path = _idf_source()
    if path is None:
        return {}, _median({})
    stamp = _stamp(path)
    cached = _load_cached(cache, stamp)
    if cached is not None:
        return cached, cached.median
    table, median = _from_text(path, cache, stamp)
    cached = _load_cached(cache, stamp)  # (the copy just written: the text table is not kept, ~60 MB)
    return (cached, cached.median) if cached is not None else (table, median)


def _stamp(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_size, st.st_mtime_ns)


def make_copy(cache: Path | None) -> bool:
    """Make the indexed copy of jieba's IDF table at `cache` if it is missing or stale,
    keeping nothing in memory; whether a current copy is there. A build calls it once
    before its worker processes start, so that each maps the copy instead of reading
    the text table into a dict it keeps (~60 MB a process)."""
    path = _idf_source()
    if cache is None or path is None:
        return False
    stamp = _stamp(path)
    if _load_cached(cache, stamp) is not None:
        return True
    _from_text(path, cache, stamp)
    return _load_cached(cache, stamp) is not None


# The indexed copy: a header, then the values (float64), the index of the first entry
# of each hash bucket and the end of each word (uint32), and the words (UTF-8), the
# entries ordered by bucket (the CRC-32 of the word's UTF-8 bytes, low `bits` bits).
_MAGIC = b"jianghua idf 1\n\0"


class _Damaged(Exception):
    """The indexed copy is damaged where a lookup went."""


def _median(table: dict[str, float]) -> float:
    """The median IDF: the weight of a word the table lacks (10.0 for an empty table)."""
    values = sorted(table.values())
    return values[len(values) // 2] if values else 10.0


def _key(word: str) -> bytes:
    return word.encode("utf-8", "surrogatepass")  # (a lone surrogate is in no table: valid UTF-8 never spells one)


class IdfTable(Mapping):
    """A read-only view of the indexed copy of the IDF table (see `jieba_idf`),
    mapped into memory: a word costs one hash and a byte comparison or two, and
    what was looked up is remembered."""

    def __init__(self, mm: mmap.mmap, median: float, n: int, bits: int, at: int,
                 remake: Callable[[], dict[str, float]] = dict):
        self._mm, self.median, self._n, self._mask = mm, median, n, (1 << bits) - 1
        self._remake, self._text = remake, None  # (`_text`: the text table, once the copy is found damaged)
        view = memoryview(mm)
        self._values = view[at:at + 8 * n].cast("d")
        at += 8 * n
        self._first = view[at:at + 4 * ((1 << bits) + 1)].cast("I")
        at += 4 * ((1 << bits) + 1)
        self._ends = view[at:at + 4 * n].cast("I")
        self._words = at + 4 * n  # where the words begin
        self._size = len(mm) - self._words  # of the words
        self._found: dict[str, float] = {}
        self._absent: set[str] = set()

    def _probe(self, word: str) -> float | None:
        """The word's value; _Damaged if the bucket's bounds or word ends are out of
        order or out of the data (damage the size check at load cannot see)."""
        raw = _key(word)
        b = zlib.crc32(raw) & self._mask
        first, ends, mm, base = self._first, self._ends, self._mm, self._words
        lo, hi = first[b], first[b + 1]
        if not lo <= hi <= self._n:
            raise _Damaged
        end = ends[lo - 1] if lo else 0
        for i in range(lo, hi):
            start, end = end, ends[i]
            if not start <= end <= self._size:
                raise _Damaged
            if mm[base + start:base + end] == raw:
                return self._values[i]
        return None

    def _resolve(self, word: str) -> float | None:
        if self._text is not None:
            return self._text.get(word)
        got = self._found.get(word)
        if got is None and word not in self._absent:
            if len(self._found) + len(self._absent) >= REMEMBERED:  # (a long-running process)
                self._found.clear()
                self._absent.clear()
            try:
                got = self._probe(word)
            except _Damaged:
                self._text = self._remake()  # the text table, and the copy made again
                return self._text.get(word)
            if got is None:
                self._absent.add(word)
            else:
                self._found[word] = got
        return got

    def lookup(self, words: Iterable[str]) -> dict[str, float]:
        """A dict {word: idf} holding every one of `words` that is in the table
        (its own: what is remembered may be forgotten meanwhile, see `REMEMBERED`)."""
        resolve, out = self._resolve, {}
        for w in set(words):
            got = resolve(w)
            if got is not None:
                out[w] = got
        return out

    def __getitem__(self, word: str) -> float:
        got = self._resolve(word) if isinstance(word, str) else None
        if got is None:
            raise KeyError(word)
        return got

    def get(self, word, default=None):
        got = self._resolve(word) if isinstance(word, str) else None
        return default if got is None else got

    def __contains__(self, word) -> bool:
        return isinstance(word, str) and self._resolve(word) is not None

    def __len__(self) -> int:
        return self._n if self._text is None else len(self._text)

    def __iter__(self):
        if self._text is not None:
            yield from self._text
            return
        base, ends, mm = self._words, self._ends, self._mm
        for i in range(self._n):
            yield mm[base + (ends[i - 1] if i else 0):base + ends[i]].decode("utf-8", "surrogatepass")


def _load_cached(cache: Path | None, stamp) -> IdfTable | None:
    if cache is None or stamp is None:
        return None
    try:
        with open(cache, "rb") as fh:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # (ValueError: an empty file)
        return None
    try:
        if mm[:len(_MAGIC)] == _MAGIC:
            size = int.from_bytes(mm[len(_MAGIC):len(_MAGIC) + 4], "little")
            at = len(_MAGIC) + 4
            head = marshal.loads(mm[at:at + size])
            if isinstance(head, tuple) and len(head) == 5 and head[0] == stamp and head[4] == sys.byteorder:
                _stamp, median, n, bits, _order = head
                at = -(-(at + size) // 8) * 8
                words = at + 8 * n + 4 * ((1 << bits) + 1) + 4 * n  # where the words begin
                last = words - 4 * n  # (the first entry past the last bucket: n)
                if (n > 0 and words <= len(mm) and int.from_bytes(mm[last - 4:last], sys.byteorder) == n
                        and words + int.from_bytes(mm[words - 4:words], sys.byteorder) == len(mm)):
                    return IdfTable(mm, float(median), n, bits, at, lambda: _remake(cache, stamp))
    except (EOFError, ValueError, TypeError, OverflowError):
        pass
    mm.close()
    return None


def _indexed(stamp, table: dict[str, float], median: float) -> list[bytes]:
    """The indexed copy of `table` (see `IdfTable`), in pieces."""
    n = len(table)
    bits = max(4, n.bit_length() - 1)  # about one word per bucket
    mask = (1 << bits) - 1
    keys = list(map(_key, table))
    buckets = [h & mask for h in map(zlib.crc32, keys)]
    order = sorted(range(n), key=buckets.__getitem__)
    per_bucket = [0] * (mask + 1)
    for h in buckets:
        per_bucket[h] += 1
    first = array("I", [0])
    first.extend(accumulate(per_bucket))
    keys = list(map(keys.__getitem__, order))
    ends = array("I", accumulate(map(len, keys)))
    values = array("d", map(list(table.values()).__getitem__, order))
    head = marshal.dumps((stamp, median, n, bits, sys.byteorder))
    start = len(_MAGIC) + 4 + len(head)
    pad = b"\0" * (-start % 8)
    return [_MAGIC, len(head).to_bytes(4, "little"), head, pad, values.tobytes(), first.tobytes(), ends.tobytes(), b"".join(keys)]


def _from_text(path: Path, cache: Path | None, stamp) -> tuple[dict[str, float], float]:
    """The text table at `path` and its median, its indexed copy (`stamp`: the text
    table's) written to `cache` (again) — {} when it cannot be read."""
    try:
        table = _read_idf(path)
    except OSError:
        table = {}
    median = _median(table)
    if table:
        _save_cached(cache, stamp, table, median)
    return table, median


def _remake(cache: Path, stamp) -> dict[str, float]:
    """The text table (`stamp` names it), its indexed copy written again."""
    return _from_text(Path(stamp[0]), cache, stamp)[0]


def _save_cached(cache: Path | None, stamp, table: dict[str, float], median: float) -> None:
    if cache is None or stamp is None:
        return
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.writelines(_indexed(stamp, table, median))
        os.replace(tmp, cache)
    except OSError:  # a cache only; but a full disk keeps no half-written copy (7 MB) to stay full
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def candidates(tokens: Iterable[str], extra: Iterable[str] = (), idf_cache: Path | None = None) -> list[tuple[str, float]]:
    """The strongest `CANDIDATES` terms of one speech as (term, tf × idf_jieba).
    idf_cache: see `jieba_idf`."""
    stop = stopwords()
    match = _WORD.match
    # Count every token first (in C), then test each distinct token once.
    counts = Counter({t: n for t, n in Counter(tokens).items() if t not in stop and match(t)})
    total = sum(counts.values()) or 1
    idf, median = jieba_idf(idf_cache)
    get = (idf.lookup(counts) if isinstance(idf, IdfTable) else idf).get
    boost = set(extra)
    scored = []
    for term, n in counts.items():
        w = (n / total) * get(term, median)
        if term in boost:
            w *= 1.5
        scored.append((-w, term))
    # Rounded as stored (6 places), then strongest first, ties by term: only the
    # terms that can reach the top after rounding are rounded and sorted.
    top = heapq.nsmallest(CANDIDATES, scored)
    if len(top) == CANDIDATES:
        floor = -round(-top[-1][0], 6) + 1e-6
        top = [x for x in scored if x[0] <= floor]
    ranked = sorted(((term, round(-w, 6)) for w, term in top), key=lambda x: (-x[1], x[0]))
    return ranked[:CANDIDATES]


def as_written(cands: Iterable[Sequence], folded: Sequence[str], written: Sequence[str]) -> list[list]:
    """Candidates [[term, weight], …] (terms of the folded text: what the IDF counts) with, where
    the speech writes a term otherwise (traditional script), the term as written third: sliced from
    `written` at the offsets of its first place in `folded` (fold keeps lengths). What is shown."""
    out = [[c[0], c[1]] for c in cands]
    pairs = [(f, w) for f, w in zip(folded, written) if len(f) == len(w)]
    if all(f == w for f, w in pairs):
        return out
    for c in out:
        for f, w in pairs:
            i = f.find(c[0])
            if i >= 0:
                if w[i: i + len(c[0])] != c[0]:
                    c.append(w[i: i + len(c[0])])
                break
    return out


def document_frequencies(per_speech: Iterable[Sequence[Sequence]]) -> Counter[str]:
    """In how many speeches each candidate term occurs."""
    df: Counter[str] = Counter()
    for cands in per_speech:
        df.update({c[0] for c in cands})
    return df


def rank(cands: Sequence[Sequence], df: Mapping[str, int], n: int, shown: int = SHOWN) -> list[str]:
    """One speech's top terms: its candidates weighted by the corpus IDF (n speeches,
    document frequencies df)."""
    log_n = math.log(n + 1)
    scored = [(-(c[1] * (log_n - math.log(df.get(c[0], 0) + 1) + 1.0)), c[0]) for c in cands]
    shown_as = {c[0]: c[2] for c in cands if len(c) > 2}  # as the speech writes it (`as_written`)
    return [shown_as.get(t, t) for _, t in heapq.nsmallest(shown, scored)]

