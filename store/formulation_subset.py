"""The set formulations of the speeches of a theme filter, answered from the uses
the build keeps (`formulation_count`: every candidate a count of *some* set of
speeches could list, with its uses) instead of from every speech's candidates
(~1 M at 10 000 speeches): each kept candidate's uses are narrowed to the
filter's speeches and listed by the very rules of `formulations.count_kept` —
the same rows, tested against it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import compress

from jianghua.corpus.formulations import KINDS, is_listed, llr, load_rules

from .formulation_count import UsesFile
from .formulations import Formulation, _maximal, top_uses
from .models import SpeechSummary

PHRASE = KINDS.index("phrase")


class Picked(Sequence):
    """The uses of a formulation in the filter's speeches, in the filter's order
    (as the count from the candidates gives them), put in order when first asked."""

    __slots__ = ("_ids", "_places", "_hits", "_pos", "_list")

    def __init__(self, ids: list[str], places: list[int], hits: list[int], pos: list[int]):
        self._ids, self._places, self._hits, self._pos, self._list = ids, places, hits, pos, None

    def _all(self) -> tuple:
        if self._list is None:
            pos, ids = self._pos, self._ids
            pairs = sorted(zip(self._places, self._hits), key=lambda ph: pos[ph[0]])
            self._list = tuple((ids[p], n) for p, n in pairs)
        return self._list

    def __getitem__(self, i):
        return self._all()[i]

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def count(uses: UsesFile, speeches: Sequence[SpeechSummary], total: int) -> list[Formulation] | None:
    """The count of `speeches` (in their order) from the kept uses; None when the
    uses file cannot answer (missing or damaged, or a speech it does not know)."""
    data = uses.data()
    ids, entries = data["ids"], data["e"]
    if not entries and not ids:
        return None
    index = uses.index()
    n = len(ids)
    mask = bytearray(n)
    pos = [0] * n
    dates: list[str | None] = [None] * n
    years: list[int | None] = [None] * n
    for p, s in enumerate(speeches):
        i = index.get(s.id)
        if i is None:
            return None
        mask[i] = 1
        pos[i] = p
        dates[i] = getattr(s, "date", None) or (str(s.year) if s.year else None)
        years[i] = s.year
    mixed = {m[0]: (m[1], m[2]) for m in data["m"]}
    rules = load_rules()
    out = []
    try:
        for e, (text, kind, logp) in enumerate(entries):
            places, hits = uses.arrays(e)
            flags = bytes(map(mask.__getitem__, places))
            if not any(flags):
                continue
            sel = list(compress(places, flags))
            sel_n = list(compress(hits, flags))
            if e in mixed:
                kind, logp = _mixed(mixed[e], flags, places, pos)
            used, total_hits = len(sel), sum(sel_n)
            score = None
            if kind == "phrase":
                expected = total * math.exp(logp) if logp is not None else 0.0
                score = round(llr(used, expected), 2) if expected > 0 else 0.0
            if not is_listed(kind, total_hits, used, score, rules):
                continue
            ds = [d for d in map(dates.__getitem__, sel) if d]
            by_year: dict[int, int] = {}
            for y, k in zip(map(years.__getitem__, sel), sel_n):
                if y:
                    by_year[y] = by_year.get(y, 0) + k
            picked = Picked(ids, sel, sel_n, pos)
            out.append(Formulation(text, kind, total_hits, used, min(ds) if ds else None, max(ds) if ds else None,
                                   by_year, score, picked, _top(ids, sel, sel_n, pos)))  # type: ignore[arg-type]
    except (ValueError, IndexError, TypeError, KeyError):
        return None
    out = _maximal(out)
    out.sort(key=lambda f: (-f.hits, -f.speeches, f.text))
    return out


def _mixed(detail: tuple[str, list], flags: bytes, places, pos: list[int]) -> tuple[str, float | None]:
    """Kind and log p of a candidate whose uses differ in them: the most specific
    kind of the chosen uses, and the log p of the first of them in the filter's
    order when it is a phrase's (as `count_kept` takes them)."""
    codes, logps = detail
    chosen = list(compress(range(len(flags)), flags))
    kind = KINDS[int(min(codes[j] for j in chosen))]
    first = min(chosen, key=lambda j: (pos[places[j]], j))
    return kind, (logps[first] if int(codes[first]) == PHRASE else None)


def _top(ids: list[str], sel: list[int], sel_n: list[int], pos: list[int]) -> tuple:
    """`top_uses` of the chosen uses in the filter's order, sorting only those that
    can be among them."""
    if len(sel) > 16:
        floor = sorted(sel_n, reverse=True)[3] if len(sel_n) > 3 else 0
        keep = [k >= floor for k in sel_n]
        sel, sel_n = list(compress(sel, keep)), list(compress(sel_n, keep))
    pairs = sorted(zip(sel, sel_n), key=lambda ph: pos[ph[0]])
    return top_uses([(ids[p], k) for p, k in pairs])
