"""The formulations (提法) of a corpus, counted over the speeches a user looks at.

Each speech's candidates are found at build time (`corpus.formulations.in_speech`,
in the worker that parses and segments it) and kept in a sharded map by body key,
like the keyword candidates: one changed file rewrites one shard. This module adds
them up over a set of speeches (all of them, or those of a theme filter): hits,
speeches, first and last date, hits per year — and decides which candidates are
formulations of *this* corpus (quoted text that recurs, phrases that recur and
hold together: `corpus.formulations.is_listed`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jianghua.corpus.formulations import KINDS, is_listed, llr, load_rules


@dataclass(frozen=True)
class Formulation:
    text: str
    kind: str  # one of corpus.formulations.KINDS
    hits: int
    speeches: int
    first: str | None  # the earliest date (YYYY-MM-DD, YYYY-MM or YYYY) of a speech using it
    last: str | None
    by_year: dict[int, int] = field(default_factory=dict)  # year → hits
    score: float | None = None  # phrases: log-likelihood against chance
    uses: tuple[tuple[str, int], ...] = field(default=(), repr=False, compare=False)  # (speech id, hits)

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "hits": self.hits,
            "speeches": self.speeches,
            "first": self.first,
            "last": self.last,
            "by_year": {str(y): n for y, n in sorted(self.by_year.items())},
        }


@dataclass(frozen=True)
class SpeechRef:
    """What the count needs of a speech."""

    id: str
    year: int | None
    date: str | None
    chars: int


def _date(ref: SpeechRef) -> str | None:
    return ref.date or (str(ref.year) if ref.year else None)


def count(items: Iterable[tuple[SpeechRef, dict]], total_speeches: int | None = None) -> list[Formulation]:
    """Add up the candidates of the given speeches; the listed formulations, most
    used first. `items` pairs each speech with its stored candidates
    ({"f": [[text, kind, n]], "p": [[phrase, n, log p]]}).

    Two passes (10 000 speeches hold ~1 M candidates, most never listed): the first
    adds up what listing needs (hits, uses, kind, log p); the second, for the listed
    texts only, the uses, dates and years."""
    rules = load_rules()
    items = list(items)
    rank = {k: i for i, k in enumerate(KINDS)}
    hits: dict[str, int] = {}
    nuse: dict[str, int] = {}
    kinds: dict[str, str] = {}
    logps: dict[str, float | None] = {}
    h_get, u_get = hits.get, nuse.get
    for _ref, data in items:
        for text, kind, n in data.get("f", ()):
            k0 = kinds.get(text)
            if k0 is None:
                kinds[text] = kind
                logps[text] = None
            elif k0 != kind and rank[kind] < rank[k0]:
                kinds[text] = kind
            hits[text] = h_get(text, 0) + n
            nuse[text] = u_get(text, 0) + 1
        for text, n, logp in data.get("p", ()):
            k0 = kinds.get(text)
            if k0 is None:
                kinds[text] = "phrase"
                logps[text] = logp
            elif k0 != "phrase" and rank["phrase"] < rank[k0]:
                kinds[text] = "phrase"
            hits[text] = h_get(text, 0) + n
            nuse[text] = u_get(text, 0) + 1
    total = total_speeches or len(items)
    listed: dict[str, list] = {}  # text → [uses, first, last, by_year, score]
    for text, kind in kinds.items():
        score = None
        used = nuse[text]
        if kind == "phrase":
            logp = logps[text]
            expected = total * math.exp(logp) if logp is not None else 0.0
            score = round(llr(used, expected), 2) if expected > 0 else 0.0
        if is_listed(kind, hits[text], used, score, rules):
            listed[text] = [[], None, None, {}, score]
    l_get = listed.get
    for ref, data in items:
        d, year, sid = _date(ref), ref.year, ref.id
        for e in (*data.get("f", ()), *[(p[0], None, p[1]) for p in data.get("p", ())]):
            a = l_get(e[0])
            if a is None:
                continue
            n = e[2]
            a[0].append((sid, n))
            if d:
                if a[1] is None or d < a[1]:
                    a[1] = d
                if a[2] is None or d > a[2]:
                    a[2] = d
            if year:
                a[3][year] = a[3].get(year, 0) + n
    out = [Formulation(text, kinds[text], hits[text], len(uses), first, last, by_year, score, tuple(uses))
           for text, (uses, first, last, by_year, score) in listed.items()]
    out = _maximal(out)
    out.sort(key=lambda f: (-f.hits, -f.speeches, f.text))
    return out


def _maximal(rows: list[Formulation], share: float = 0.8) -> list[Formulation]:
    """Drop a phrase that is mostly used inside a longer listed phrase (中国特色 inside
    中国特色社会主义, used as often): the list shows the phrase a speech says."""
    phrases = sorted((f for f in rows if f.kind == "phrase"), key=lambda f: -len(f.text))
    inside: dict[str, int] = {}  # every piece of a kept phrase → the most uses of a kept phrase holding it
    keep: set[int] = set()
    for f in phrases:
        if inside.get(f.text, -1) >= share * f.hits:
            continue
        keep.add(id(f))
        t = f.text
        for i in range(len(t)):
            for j in range(i + 1, len(t) + 1):
                piece = t[i:j]
                if inside.get(piece, -1) < f.hits:
                    inside[piece] = f.hits
    return [f for f in rows if f.kind != "phrase" or id(f) in keep]


SORTS = {
    "hits": lambda f: (-f.hits, -f.speeches, f.text),
    "speeches": lambda f: (-f.speeches, -f.hits, f.text),
    "first": lambda f: (f.first is None, _neg(f.first), -f.hits, f.text),  # newest first
    "name": lambda f: f.text,
}


def _neg(date: str | None) -> tuple:
    """A key that sorts dates newest first."""
    return tuple(-int(p) for p in (date or "0").split("-"))


def sort(rows: Sequence[Formulation], by: str) -> list[Formulation]:
    return sorted(rows, key=SORTS[by])


def per_10k(f: Formulation, chars_by_year: dict[int, int]) -> dict[int, float]:
    """Hits per 10 000 characters of each year's speeches (the years with speeches)."""
    return {y: round(f.by_year.get(y, 0) * 10000 / c, 3) for y, c in sorted(chars_by_year.items()) if c}
