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
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from .resources import STOPWORDS

CANDIDATES = 40  # candidates kept per speech
SHOWN = 8  # keywords shown per speech
_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$|^[A-Za-z][A-Za-z0-9]{2,}$")


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
def jieba_idf(cache: Path | None = None) -> tuple[dict[str, float], float]:
    """jieba's default IDF table and its median (for unknown words).

    cache: where a parsed copy of the table may be kept (the store passes a file
    in its cache folder: parsing the 270 000-line text file costs ~0.4 s, loading
    the copy ~0.03 s); None reads the text file."""
    path = _idf_source()
    table: dict[str, float] = {}
    if path is not None:
        try:
            st = path.stat()
            stamp = (str(path), st.st_size, st.st_mtime_ns)
        except OSError:
            stamp = None
        cached = _load_cached(cache, stamp)
        if cached is not None:
            return cached
        try:
            table = _read_idf(path)
        except OSError:
            table = {}
    values = sorted(table.values())
    median = values[len(values) // 2] if values else 10.0
    if path is not None and table:
        _save_cached(cache, stamp, table, median)
    return table, median


def _load_cached(cache: Path | None, stamp) -> tuple[dict[str, float], float] | None:
    if cache is None or stamp is None:
        return None
    try:
        with open(cache, "rb") as fh:
            got = marshal.loads(fh.read())  # (marshal.load on a file reads it in tiny pieces: 4× slower)
        if isinstance(got, tuple) and len(got) == 3 and got[0] == stamp and isinstance(got[1], dict):
            return got[1], float(got[2])
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return None


def _save_cached(cache: Path | None, stamp, table: dict[str, float], median: float) -> None:
    if cache is None or stamp is None:
        return
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            marshal.dump((stamp, table, median), fh)
        os.replace(tmp, cache)
    except OSError:  # a cache only; but a full disk keeps no half-written copy (1 MB) to stay full
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
    get = idf.get
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
    return [t for _, t in heapq.nsmallest(shown, scored)]

