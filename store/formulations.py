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

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jianghua.corpus.formulations import KINDS, extension, is_fragment, is_listed, llr, load_rules

from .shards import unpack


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
    top: tuple[tuple[str, int], ...] = field(default=(), repr=False, compare=False)  # the most hits (`top_uses`)

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


def speech_date(s) -> str | None:
    """The date a count gives a speech (its first and last): as full as the speech
    gives it, else its year, else none. `s`: a SpeechRef or a SpeechSummary."""
    return getattr(s, "date", None) or (str(s.year) if s.year else None)


def phrase_score(used: int, total: int, logp: float | None) -> float:
    """A phrase's log-likelihood against chance: used by `used` of `total` speeches
    when each would use it by chance with probability exp(logp)."""
    expected = total * math.exp(logp) if logp is not None else 0.0
    return round(llr(used, expected), 2) if expected > 0 else 0.0


def row_order(f: "Formulation") -> tuple:
    """The order of a count's rows: most hits first, then most speeches, then by text."""
    return (-f.hits, -f.speeches, f.text)


def count(items: Iterable[tuple[SpeechRef, dict]], total_speeches: int | None = None,
          copies: dict[str, SpeechRef] | None = None) -> list[Formulation]:
    """Add up the candidates of the given speeches; the listed formulations, most
    used first. `items` pairs each speech with its stored candidates
    ({"f": [[text, kind, n]], "p": [[phrase, n, log p, before, after]]});
    `copies`: see `merge_copies`."""
    return count_kept(items, total_speeches, copies=copies)[0]


def merge_copies(items: Iterable[tuple[SpeechRef, dict]], copies: dict[str, SpeechRef] | None) -> list:
    """The speeches as distinct texts: the copies of one text (`copies`: speech id →
    its text's representative, `store.formulation_copies`) become one item, named
    and dated by the representative, in the place of the first of them, with each
    candidate's hits those of the copy that uses it most (the hits of one copy)."""
    items = list(items)
    if not copies:
        return items
    out: list = []
    at: dict[str, int] = {}  # representative → its place in out
    for ref, data in items:
        rep = copies.get(ref.id)
        if rep is None:
            out.append((ref, data))
            continue
        k = at.get(rep.id)
        if k is None:
            at[rep.id] = len(out)
            out.append((rep, data))
        else:
            out[k] = (rep, _merged(unpack(out[k][1]), unpack(data)))
    return out


def whole_texts(items: list, copies: dict[str, SpeechRef] | None, lookup) -> list:
    """`items` and, for a speech with copies, the copies not among them (`lookup`:
    speech id → (ref, candidates) or None), after them: a set of speeches holding
    one copy of a text counts the text (the hits of the copy that uses a
    formulation most), as the kept uses answer it (`formulation_subset`)."""
    if not copies:
        return items
    have = {ref.id for ref, _d in items}
    texts = {copies[i].id for i in have if i in copies}
    if not texts:
        return items
    more = [got for sid, rep in copies.items() if rep.id in texts and sid not in have
            and (got := lookup(sid)) is not None]
    return items + more


def extra_copies(copies: dict[str, SpeechRef]) -> int:
    """How many speeches are copies of another's text (not counted as texts of their own)."""
    return len(copies) - len({r.id for r in copies.values()})


def _merged(a: dict, b: dict) -> dict:
    """The candidates of two copies of one text: each with the larger count, the
    more specific kind; a phrase's neighbour kept when both copies agree."""
    rank = {k: i for i, k in enumerate(KINDS)}
    f: dict[str, list] = {e[0]: list(e) for e in a.get("f", ())}
    for text, kind, n in b.get("f", ()):
        e = f.get(text)
        if e is None:
            f[text] = [text, kind, n]
        else:
            e[1] = kind if rank[kind] < rank[e[1]] else e[1]
            e[2] = max(e[2], n)
    p: dict[str, list] = {e[0]: list(e) for e in a.get("p", ())}
    for text, n, logp, before, after in b.get("p", ()):
        e = p.get(text)
        if e is None:
            p[text] = [text, n, logp, before, after]
        else:
            e[1] = max(e[1], n)
            e[3] = e[3] if e[3] == before else ""
            e[4] = e[4] if e[4] == after else ""
    return {"f": sorted(f.values()), "p": list(p.values())}


@dataclass
class Kept:
    """What the build keeps of one candidate for counting any set of speeches later
    (`formulation_subset`): its uses in speech order, and, when its uses differ in
    kind or in log p (`detail`), the kind (index in KINDS) and log p of each use."""

    text: str
    kind: str  # over every speech
    logp: float | None  # as the count over every speech took it
    uses: list = field(default_factory=list)  # (speech id, hits)
    detail: list | None = None  # [(kind index, log p or None)] per use, when mixed


def count_kept(items: Iterable[tuple[SpeechRef, dict]], total_speeches: int | None = None,
               keep: bool = False, copies: dict[str, SpeechRef] | None = None) -> tuple[list[Formulation], list[Kept]]:
    """`count`, and with `keep` also every candidate that the count of *some* set of
    the speeches could list (`Kept`; the rows' first, in their order): the listed
    ones before nested phrases are dropped, those a speech has in the dictionary,
    and phrases whose log p differs between speeches that are used widely enough.

    Two passes (10 000 speeches hold ~1 M candidates, most never listed): the first
    adds up what listing needs (hits, uses, kind, log p); the second, for the listed
    texts only, the uses, dates and years.

    Copies of one text (`copies`: of the whole corpus) count as one speech
    (`merge_copies`); the total is then of distinct texts too."""
    rules = load_rules()
    if copies:
        items = merge_copies(items, copies)
        if total_speeches:
            total_speeches -= extra_copies(copies)
    items = list(items)
    rank = {k: i for i, k in enumerate(KINDS)}
    hits: dict[str, int] = {}
    nuse: dict[str, int] = {}
    kinds: dict[str, str] = {}
    logps: dict[str, float | None] = {}
    mixed: set[str] = set()  # kinds or log p differ between uses
    in_dict: set[str] = set()
    h_get, u_get = hits.get, nuse.get
    for _ref, data in items:
        data = unpack(data)  # (a build's candidates are packed: `shards.Packed`)
        for text, kind, n in data.get("f", ()):
            k0 = kinds.get(text)
            if k0 is None:
                kinds[text] = kind
                logps[text] = None
            elif k0 != kind:
                mixed.add(text)
                if rank[kind] < rank[k0]:
                    kinds[text] = kind
            if kind == "dictionary":
                in_dict.add(text)
            hits[text] = h_get(text, 0) + n
            nuse[text] = u_get(text, 0) + 1
        for text, n, logp, _before, _after in data.get("p", ()):
            k0 = kinds.get(text)
            if k0 is None:
                kinds[text] = "phrase"
                logps[text] = logp
            elif k0 != "phrase" or logps[text] != logp:
                mixed.add(text)
                if rank["phrase"] < rank[k0]:
                    kinds[text] = "phrase"
            hits[text] = h_get(text, 0) + n
            nuse[text] = u_get(text, 0) + 1
    total = total_speeches or len(items)
    listed: dict[str, list] = {}  # text → [uses, first, last, by_year, score, detail]
    extra: set[str] = set()  # kept, not listed
    wide = rules.phrase["min_speeches"]
    for text, kind in kinds.items():
        score = None
        used = nuse[text]
        if kind == "phrase":
            score = phrase_score(used, total, logps[text])
        if is_listed(kind, hits[text], used, score, rules):
            listed[text] = [[], None, None, {}, score, [] if keep and text in mixed else None]
        elif keep and (text in in_dict or (text in mixed and used >= wide)):
            listed[text] = [[], None, None, {}, score, [] if text in mixed else None]
            extra.add(text)
    l_get = listed.get
    sides: dict[str, tuple[dict, dict]] = {}  # listed phrase → (before, after): character → hits
    s_get = sides.get
    for ref, data in items:
        d, year, sid = speech_date(ref), ref.year, ref.id
        data = unpack(data)
        for e in (*data.get("f", ()), *[(p[0], None, p[1], p[2], p[3], p[4]) for p in data.get("p", ())]):
            a = l_get(e[0])
            if a is None:
                continue
            n = e[2]
            if e[1] is None and (e[4] or e[5]):
                bf = s_get(e[0])
                if bf is None:
                    bf = sides[e[0]] = ({}, {})
                if e[4]:
                    bf[0][e[4]] = bf[0].get(e[4], 0) + n
                if e[5]:
                    bf[1][e[5]] = bf[1].get(e[5], 0) + n
            a[0].append((sid, n))
            if a[5] is not None:
                a[5].append((rank[e[1]], None) if e[1] is not None else (rank["phrase"], e[3]))
            if d:
                if a[1] is None or d < a[1]:
                    a[1] = d
                if a[2] is None or d > a[2]:
                    a[2] = d
            if year:
                a[3][year] = a[3].get(year, 0) + n
    # A phrase that is a piece of a longer unit, or a frame for a figure, is no
    # formulation (decided over every speech, like its kind: `is_fragment`); the
    # longer unit is counted instead, when it is no candidate of its own (`_extended`).
    longer: dict[str, tuple[str, int, str]] = {}  # fragment → (longer unit, side: 3 before, 4 after, word)
    units: set[str] = set()  # (the longer units of `longer`)
    for text, (before, after) in sides.items():
        if kinds[text] == "phrase" and is_fragment(hits[text], before, after, rules):
            del listed[text]
            extra.discard(text)
            ext = extension(text, hits[text], before, after, rules)
            if ext is not None and ext[0] not in kinds and ext[0] not in units:
                longer[text] = (ext[0], 3 if ext[1] == "before" else 4, ext[2])
                units.add(ext[0])
    if longer:
        _extended(items, longer, total, keep, rules, (hits, nuse, kinds, logps, listed))
    out = [Formulation(text, kinds[text], hits[text], len(uses), first, last, by_year, score, tuple(uses), top_uses(uses))
           for text, (uses, first, last, by_year, score, _d) in listed.items() if text not in extra]
    out = _maximal(out)
    out.sort(key=row_order)
    if not keep:
        return out, []
    shown = {f.text for f in out}
    order = [f.text for f in out] + sorted(t for t in listed if t not in shown)
    return out, [Kept(t, kinds[t], logps[t], listed[t][0], listed[t][5]) for t in order]


def _extended(items: list, longer: dict[str, tuple[str, int, str]], total: int, keep: bool, rules, tables: tuple) -> None:
    """Count the longer units of fragments (`longer`: fragment → (unit, 3 or 4: the
    field of the speech's phrase entry that names the word before or after it,
    the character before or word after)): in each speech whose every use of the
    fragment has that character (a word ending in it) or word there, the
    fragment's uses are the unit's. Each unit is added to the tables of `count_kept`
    (hits, uses, kind, log p — the fragment's — and listed) when it is listed."""
    hits, nuse, kinds, logps, listed = tables
    acc: dict[str, list] = {}  # unit → [hits, uses, first, last, by_year]
    for ref, data in items:
        d, year = None, None
        data = unpack(data)
        for e in data.get("p", ()):
            got = longer.get(e[0])
            if got is None or (e[4] != got[2] if got[1] == 4 else e[3][-1:] != got[2]):
                continue
            if d is None:
                d, year = speech_date(ref) or "", ref.year
            a = acc.get(got[0])
            if a is None:
                a = acc[got[0]] = [0, [], None, None, {}, e[0]]
            n = e[1]
            a[0] += n
            a[1].append((ref.id, n))
            if d:
                a[2] = d if a[2] is None or d < a[2] else a[2]
                a[3] = d if a[3] is None or d > a[3] else a[3]
            if year:
                a[4][year] = a[4].get(year, 0) + n
    for text, (n, uses, first, last, by_year, piece) in acc.items():
        score = phrase_score(len(uses), total, logps[piece])
        if is_listed("phrase", n, len(uses), score, rules):
            hits[text], nuse[text], kinds[text], logps[text] = n, len(uses), "phrase", logps[piece]
            listed[text] = [uses, first, last, by_year, score, None]


TOP = 4  # the uses a preview names


def top_uses(uses: Sequence[tuple[str, int]], k: int = TOP) -> tuple[tuple[str, int], ...]:
    """The k uses with the most hits (ties: in the given order)."""
    return tuple(heapq.nsmallest(k, uses, key=lambda u: -u[1]))


def _maximal(rows: list[Formulation], share: float = 0.8) -> list[Formulation]:
    """Drop a phrase that is mostly used inside a longer listed phrase (中国特色 inside
    中国特色社会主义, used as often): the list shows the phrase a speech says."""
    phrases = sorted((f for f in rows if f.kind == "phrase"), key=lambda f: -len(f.text))
    inside: dict[str, int] = {}  # every piece of a kept phrase → the most uses of a kept phrase holding it
    keep: set[int] = set()
    shortest = min((len(f.text) for f in phrases), default=0)  # (no shorter piece is ever looked up)
    for f in phrases:
        if inside.get(f.text, -1) >= share * f.hits:
            continue
        keep.add(id(f))
        t = f.text
        for i in range(len(t) - shortest + 1):
            for j in range(i + shortest, len(t) + 1):
                piece = t[i:j]
                if inside.get(piece, -1) < f.hits:
                    inside[piece] = f.hits
    return [f for f in rows if f.kind != "phrase" or id(f) in keep]


SORTS = {
    "hits": row_order,
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
