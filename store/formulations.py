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
    ({"f": [[text, kind, n]], "p": [[phrase, n, log p]]})."""
    rules = load_rules()
    acc: dict[str, list] = {}  # text → [kind, hits, uses, first, last, by_year, logp]
    n = 0
    for ref, data in items:
        n += 1
        d = _date(ref)
        entries = [(e[0], e[1], e[2], None) for e in data.get("f", ())]
        entries += [(e[0], "phrase", e[1], e[2]) for e in data.get("p", ())]
        for text, kind, hits, logp in entries:
            a = acc.get(text)
            if a is None:
                a = acc[text] = [kind, 0, [], None, None, {}, logp]
            elif KINDS.index(kind) < KINDS.index(a[0]):
                a[0] = kind
            a[1] += hits
            a[2].append((ref.id, hits))
            if d:
                if a[3] is None or d < a[3]:
                    a[3] = d
                if a[4] is None or d > a[4]:
                    a[4] = d
            if ref.year:
                a[5][ref.year] = a[5].get(ref.year, 0) + hits
    total = total_speeches or n
    out = []
    for text, (kind, hits, uses, first, last, by_year, logp) in acc.items():
        score = None
        if kind == "phrase":
            expected = total * math.exp(logp) if logp is not None else 0.0
            score = round(llr(len(uses), expected), 2) if expected > 0 else 0.0
        if not is_listed(kind, hits, len(uses), score, rules):
            continue
        out.append(Formulation(text, kind, hits, len(uses), first, last, by_year, score, tuple(uses)))
    out = _maximal(out)
    out.sort(key=lambda f: (-f.hits, -f.speeches, f.text))
    return out


def _maximal(rows: list[Formulation], share: float = 0.8) -> list[Formulation]:
    """Drop a phrase that is mostly used inside a longer listed phrase (中国特色 inside
    中国特色社会主义, used as often): the list shows the phrase a speech says."""
    phrases = sorted((f for f in rows if f.kind == "phrase"), key=lambda f: -len(f.text))
    kept: list[Formulation] = []
    for f in phrases:
        if not any(f.text in g.text and g.hits >= share * f.hits for g in kept):
            kept.append(f)
    keep = {id(f) for f in kept}
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
