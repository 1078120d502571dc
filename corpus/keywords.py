"""Per-speech keywords: TF-IDF over jieba tokens.

The weight of a term is its frequency in the speech times an IDF that blends
jieba's general-language IDF (``jieba/analyse/idf.txt``) with the IDF of this
corpus: a term common to most speeches of the collection (党员干部, 组织生活会
in a folder of 组织生活会 speeches) is pushed down, so the tags tell speeches
apart. At ingest each speech keeps its strongest candidates with ``tf × idf_jieba``;
the corpus factor is applied when the store is built, without segmenting again.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
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


@lru_cache(maxsize=1)
def jieba_idf() -> tuple[dict[str, float], float]:
    """jieba's default IDF table and its median (for unknown words)."""
    spec = importlib.util.find_spec("jieba")
    table: dict[str, float] = {}
    if spec and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "analyse" / "idf.txt"
        try:
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    word, _, value = line.rstrip("\n").partition(" ")
                    try:
                        table[word] = float(value)
                    except ValueError:
                        continue
        except OSError:
            pass
    values = sorted(table.values())
    median = values[len(values) // 2] if values else 10.0
    return table, median


def candidates(tokens: Iterable[str], extra: Iterable[str] = ()) -> list[tuple[str, float]]:
    """The strongest `CANDIDATES` terms of one speech as (term, tf × idf_jieba)."""
    stop = stopwords()
    counts = Counter(t for t in tokens if _WORD.match(t) and t not in stop)
    total = sum(counts.values()) or 1
    idf, median = jieba_idf()
    boost = set(extra)
    scored = []
    for term, n in counts.items():
        w = (n / total) * idf.get(term, median)
        if term in boost:
            w *= 1.5
        scored.append((term, round(w, 6)))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored[:CANDIDATES]


def finalize(per_speech: Sequence[Sequence[tuple[str, float]]], shown: int = SHOWN) -> list[list[str]]:
    """Apply the corpus IDF to every speech's candidates and keep the top terms."""
    n = len(per_speech)
    df: Counter[str] = Counter()
    for cands in per_speech:
        df.update({t for t, _ in cands})
    top_idf = math.log((n + 1) / 1) + 1.0
    out = []
    for cands in per_speech:
        ranked = sorted(
            ((t, w * (math.log((n + 1) / (df[t] + 1)) + 1.0) / top_idf) for t, w in cands),
            key=lambda x: (-x[1], x[0]),
        )
        out.append([t for t, _ in ranked[:shown]])
    return out
