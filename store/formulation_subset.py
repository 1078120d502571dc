"""The set formulations of the speeches of a theme filter, answered from the uses
the build keeps (`formulation_count`: every candidate a count of *some* set of
speeches could list, with its uses) instead of from every speech's candidates
(~1 M at 10 000 speeches): each kept candidate's uses are narrowed to the
filter's speeches and listed by the very rules of `formulations.count_kept` —
the same rows, tested against it.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections.abc import Mapping, Sequence
from functools import partial
from itertools import compress
from weakref import WeakKeyDictionary

from jianghua.corpus.formulations import KINDS, is_listed, load_rules

from .formulation_uses import LazyUses, UsesFile
from .formulations import Formulation, _maximal, phrase_score, row_order, speech_date
from .models import SpeechSummary

PHRASE = KINDS.index("phrase")


class Picked(LazyUses):
    """The uses of a formulation in the filter's speeches, in the filter's order
    (as the count from the candidates gives them), picked when first asked: the
    view asks for the highlighted row's only."""

    __slots__ = ("_ids", "_places", "_hits", "_mask", "_pos", "_n", "_list")

    def __init__(self, ids: list[str], places, hits, mask: bytearray, pos: list[int], n: int):
        self._ids, self._places, self._hits, self._mask, self._pos, self._n = ids, places, hits, mask, pos, n
        self._list: tuple | None = None

    def _all(self) -> tuple:
        if self._list is None:
            pos, ids = self._pos, self._ids
            flags = bytes(map(self._mask.__getitem__, self._places))
            pairs = sorted(zip(compress(self._places, flags), compress(self._hits, flags)), key=lambda ph: pos[ph[0]])
            self._list = tuple((ids[p], n) for p, n in pairs)
        return self._list

    def __len__(self) -> int:
        return self._n


class Years(Mapping):
    """Hits per year of the chosen uses, added up when first asked (the view draws
    the sparklines of the rows on screen only): from a candidate's bit sets, or
    from its uses narrowed to the filter's speeches."""

    __slots__ = ("_make", "_d")

    def __init__(self, make):
        self._make = make
        self._d: dict[int, int] | None = None

    def _all(self) -> dict[int, int]:
        if self._d is None:
            self._d = self._make()
        return self._d

    @classmethod
    def of_pairs(cls, flat: list[int]) -> Years:
        """From a stored table row's flat [year, hits, year, hits …] list (`formulation_themes`)."""
        return cls(partial(_pairs, flat))

    def __getitem__(self, y):
        return self._all()[y]

    def get(self, y, default=None):
        return self._all().get(y, default)

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def _pairs(flat: list[int]) -> dict[int, int]:
    return dict(zip(flat[0::2], flat[1::2]))


NO_DATE = 1 << 30


def count(uses: UsesFile, speeches: Sequence[SpeechSummary], everyone: Sequence[SpeechSummary]) -> list[Formulation] | None:
    """The count of `speeches` (in their order; `everyone`: all the speeches) from
    the kept uses; None when the uses file cannot answer (missing or damaged, or a
    speech it does not know). A candidate is answered from bit sets (`Dense`), one
    whose uses differ in kind or log p (or with more than 255 hits in a speech) by
    narrowing its uses in C (`map`, `compress`); what only the rows on screen show
    (hits per year, the uses) waits to be asked. (A one-theme filter is a look-up
    instead: `formulation_themes`.)"""
    data = uses.data()
    ids, entries = data["ids"], data["e"]
    if not entries and not ids:
        return None
    index = uses.index()
    n = len(ids)
    dense = uses.dense(lambda: Dense(uses, everyone))
    if dense is None:
        return None
    mask = bytearray(n)
    pos = [0] * n
    years: list[int | None] = [None] * n
    chosen = bytearray(n)  # by slot (`Dense`)
    try:
        rep = copy_places(data)
    except KeyError:
        return None
    for p, s in enumerate(speeches):
        i = index.get(s.id)
        if i is None:
            return None
        if rep is not None:  # a copy of one text: its representative's place (the uses name it), once
            i = rep.get(i, i)
            if mask[i]:
                continue
        mask[i] = 1
        pos[i] = p
        years[i] = s.year if rep is None else dense.year_of[i]
        chosen[dense.slot[i]] = 1
    m = _bits(chosen)
    m_years = [(y, m & ys) for y, ys in dense.years]
    rank, latest, dates = dense.rank, dense.latest, dense.dates
    mixed = {e[0]: (e[1], e[2]) for e in data["m"]}
    rules = load_rules()
    total = len(everyone) - (len(rep) if rep else 0)  # (distinct texts)
    out = []
    try:
        for e, (text, kind, logp) in enumerate(entries):
            places, hits = uses.arrays(e)
            bits = dense.bits.get(e)
            if bits is not None and e not in mixed:
                sel = bits[0] & m
                used = sel.bit_count()
                if not used:
                    continue
                total_hits = sum((plane & m).bit_count() << b for b, plane in enumerate(bits[1:]))
            else:
                flags = bytes(map(mask.__getitem__, places))
                used = flags.count(1)
                if not used:
                    continue
                if e in mixed:
                    kind, logp = _mixed(mixed[e], flags, places, pos)
                total_hits = sum(compress(hits, flags))
            score = phrase_score(used, total, logp) if kind == "phrase" else None
            if not is_listed(kind, total_hits, used, score, rules):
                continue
            if bits is not None and e not in mixed:
                lo = dense.first(sel)
                hi = dense.last(sel)
            else:
                lo = min(compress(map(rank.__getitem__, places), flags))
                hi = max(compress(map(latest.__getitem__, places), flags))
            first, last = (dates[lo], dates[hi]) if lo != NO_DATE else (None, None)
            by_year = Years(partial(_years_dense, bits[1:], m_years) if bits is not None and e not in mixed
                            else partial(_years_narrowed, years, places, hits, mask))
            out.append(Formulation(text, kind, total_hits, used, first, last, by_year,  # type: ignore[arg-type]
                                   score, Picked(ids, places, hits, mask, pos, used)))  # type: ignore[arg-type]
    except (ValueError, IndexError, TypeError, KeyError):
        return None
    out = _maximal(out)
    out.sort(key=row_order)
    return out


def copy_places(data: dict) -> dict[int, int] | None:
    """The uses file's copies of one text: a copy's place → its representative's
    (`formulation_uses.encode_uses`), or None when there are none."""
    g = data.get("g")
    try:
        return {int(c): int(r) for c, r in g} if g else None
    except (TypeError, ValueError):
        raise KeyError("g") from None  # (damaged: the callers do not answer from this file)


def _years_dense(planes: list[int], m_years: list[tuple[int, int]]) -> dict[int, int]:
    out = {}
    for y, my in m_years:
        k = sum((plane & my).bit_count() << b for b, plane in enumerate(planes))
        if k:
            out[y] = k
    return out


def _years_narrowed(years: list, places, hits, mask: bytearray) -> dict[int, int]:
    out: dict[int, int] = {}
    flags = bytes(map(mask.__getitem__, places))
    for y, k in zip(map(years.__getitem__, compress(places, flags)), compress(hits, flags)):
        if y:
            out[y] = out.get(y, 0) + k
    return out


def prepare(uses: UsesFile, everyone: Sequence[SpeechSummary]) -> None:
    """Read the uses file and make its bit sets now (see `count`)."""
    if uses.data()["e"]:
        uses.dense(lambda: Dense(uses, everyone))


SPARSE = 32  # a candidate used by fewer than 1/SPARSE of the speeches: its bit sets made a use at a time
_ONE = bytes([48] + [49] * 255)  # a byte per slot → "0" or "1" (`_bits`)
_BITS = [bytes(48 + ((v >> b) & 1) for v in range(256)) for b in range(8)]  # → bit b of it


def _bits_of_uses(slots, hits, planes: int, n: int) -> list[int]:
    """The bit sets of `Dense.bits` from the slots and hits of a candidate's uses."""
    sets = [bytearray((n >> 3) + 1) for _ in range(planes + 1)]
    used = sets[0]
    for s, k in zip(slots, hits):
        j, bit = s >> 3, 1 << (s & 7)
        used[j] |= bit
        b = 1
        while k:
            if k & 1:
                sets[b][j] |= bit
            k >>= 1
            b += 1
    return [int.from_bytes(x, "little") for x in sets]


def _bits(per_slot: bytes | bytearray, table: bytes = _ONE) -> int:
    """An int whose bit k is that of slot k's byte (`table`: which bit, as "0"/"1")."""
    return int(per_slot.translate(table)[::-1], 2) if per_slot else 0


class Dense:
    """The speeches in the order of their dates (undated last): each one's slot,
    and each candidate's uses as Python ints with one bit per slot — which speeches
    use it, and one int per bit of their hits — so that a filter (an int alike) is
    applied to it by a few big-number operations instead of a step per use (10 000
    speeches: 1.25 kB an int). Made on the first filter of two themes (or in the
    background, `prepare`), kept with the count."""

    def __init__(self, uses: UsesFile, everyone: Sequence[SpeechSummary]):
        ids = uses.data()["ids"]
        n = len(ids)
        index = uses.index()
        date: list[str | None] = [None] * n
        for s in everyone:
            i = index[s.id]  # (KeyError: a speech the count does not know)
            date[i] = speech_date(s)
        order = sorted(range(n), key=lambda i: (date[i] is None, date[i] or "", i))
        self.slot = array("i", [0]) * n
        for k, i in enumerate(order):
            self.slot[i] = k
        self.dates = sorted({d for d in date if d})
        rank_of = {d: r for r, d in enumerate(self.dates)}
        self.rank = array("i", [NO_DATE if d is None else rank_of[d] for d in date])  # first date, in C
        self.latest = array("i", [-1 if d is None else rank_of[d] for d in date])  # last date
        self.slot_rank = [rank_of[date[i]] if date[i] else NO_DATE for i in order]
        self.dated = _bits(bytes(1 if date[i] else 0 for i in order))
        year_of: list[int | None] = [None] * n
        for s in everyone:
            year_of[index[s.id]] = s.year
        self.year_of = year_of
        by_year: dict[int, bytearray] = {}
        for k, i in enumerate(order):
            y = year_of[i]
            if y:
                by_year.setdefault(y, bytearray(n))[k] = 1
        self.years = [(y, _bits(b)) for y, b in sorted(by_year.items())]  # each year's slots
        self.bits: dict[int, list[int]] = {}
        entries = uses.data()["e"]
        slot = self.slot
        for e in range(len(entries)):
            places, hits = uses.arrays(e)
            if not hits or max(hits) > 255:  # (over 255 hits in one speech: counted from its uses)
                continue
            planes = max(hits).bit_length()
            if len(places) * SPARSE < n:  # few uses: a step per use
                self.bits[e] = _bits_of_uses(map(slot.__getitem__, places), hits, planes, n)
                continue
            per_slot = bytearray(n)  # many: a byte per slot, turned into bits in C
            for p, k in zip(places, hits):
                per_slot[slot[p]] = k
            self.bits[e] = [_bits(per_slot)] + [_bits(per_slot, _BITS[b]) for b in range(planes)]

    def first(self, sel: int) -> int:
        """The date rank of the earliest speech of a bit set (NO_DATE: none dated)."""
        return self.slot_rank[(sel & -sel).bit_length() - 1]

    def last(self, sel: int) -> int:
        dated = sel & self.dated
        return self.slot_rank[dated.bit_length() - 1] if dated else -1


def _mixed(detail: tuple[str, list], flags: bytes, places, pos: list[int]) -> tuple[str, float | None]:
    """Kind and log p of a candidate whose uses differ in them: the most specific
    kind of the chosen uses, and the log p of the first of them in the filter's
    order when it is a phrase's (as `count_kept` takes them)."""
    codes, logps = detail
    chosen = list(compress(range(len(flags)), flags))
    kind = KINDS[int(min(codes[j] for j in chosen))]
    first = min(chosen, key=lambda j: (pos[places[j]], j))
    return kind, (logps[first] if int(codes[first]) == PHRASE else None)


_ENTRIES: WeakKeyDictionary = WeakKeyDictionary()  # uses file → its candidates' text → entry (`chosen`)
_ENTRIES_LOCK = threading.Lock()


def _entries(uses: UsesFile) -> dict[str, int]:
    """Each candidate's text → its entry in the uses file, made once per file (the
    build asks for it once per theme, the view once per filter)."""
    with _ENTRIES_LOCK:
        got = _ENTRIES.get(uses)
    if got is None:
        got = {e[0]: k for k, e in enumerate(uses.data()["e"])}
        with _ENTRIES_LOCK:
            _ENTRIES[uses] = got
    return got


def chosen(uses: UsesFile, speeches: Sequence[SpeechSummary]) -> tuple | None:
    """What narrowing one candidate's uses to a filter's `speeches` needs (see
    `picked`); None when the uses file cannot answer."""
    try:
        data = uses.data()
        ids, index = data["ids"], uses.index()
        mask, pos = bytearray(len(ids)), [0] * len(ids)
        rep = copy_places(data) or {}
        for p, s in enumerate(speeches):
            i = index[s.id]
            i = rep.get(i, i)  # (a copy: its text's representative, once)
            if not mask[i]:
                mask[i], pos[i] = 1, p
        return uses, ids, mask, pos, _entries(uses)
    except (KeyError, TypeError, IndexError):
        return None


def picked(made: tuple | None, text: str) -> tuple:
    """The uses of the candidate `text` in the filter's speeches (`chosen`), in the
    filter's order: () when they cannot be read."""
    if made is None:
        return ()
    uses, ids, mask, pos, entry = made
    try:
        places, hits = uses.arrays(entry[text])
        return Picked(ids, places, hits, mask, pos, 0)._all()
    except (KeyError, ValueError, IndexError):
        return ()


def top(made: tuple, text: str, groups: dict, k: int) -> tuple[tuple[str, int], ...]:
    """`formulations.top_uses` of the uses `picked` gives (the k with the most hits,
    ties in the filter's order) without listing them all: the candidate's uses are
    grouped by hits once (`groups`, kept by the caller across filters), and only
    the groups with the most hits are narrowed to the filter's speeches."""
    uses, _ids, mask, pos, entry = made
    e = entry[text]
    by_hits = groups.get(e)
    if by_hits is None:
        places, hits = uses.arrays(e)
        by: dict[int, list[int]] = {}
        for p, n in zip(places, hits):
            by.setdefault(n, []).append(p)
        by_hits = groups[e] = sorted(by.items(), reverse=True)
    out: list[tuple[int, int]] = []  # (place in the filter, hits)
    for n, places in by_hits:
        flags = bytes(map(mask.__getitem__, places))
        out += [(q, n) for q in heapq.nsmallest(k - len(out), compress(map(pos.__getitem__, places), flags))]
        if len(out) >= k:
            break
    return tuple(out)
