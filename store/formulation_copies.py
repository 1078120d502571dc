"""Copies of one text among the catalogue's speeches (`corpus.copies`), for the
formulations count: a formulation's "speeches" are distinct texts.

Each body's fingerprint is made where it is segmented (`ingest.body_analysis`) and
kept with its formulation candidates ("c"), in the formulations shards: carried by
body key like them, so one changed file changes one shard and nothing else (a
store made before fingerprints has its candidates counted again: the formulation
rules' version). The count (`formulation_count.write_count`,
`FormulationIndex.count`) reads every speech's candidates anyway; `copies_of`
finds the groups from them (~80 ms CPU at 10 000 generated speeches; copies dated
in different years are never one text), and each group counts as one text, named
and dated by its most central copy (`representative`). A candidate entry without a
fingerprint copies nothing.
"""

from __future__ import annotations

from jianghua.corpus.copies import closeness, groups

from .formulations import SpeechRef
from .shards import unpack


def _print(row: dict, data: dict[str, dict]) -> str | None:
    entry = unpack(data.get(row["key"]))
    fp = entry.get("c") if isinstance(entry, dict) else None
    return fp if isinstance(fp, str) else None


def _date(row: dict) -> str | None:
    date = row.get("date")
    return date if type(date) is str else (str(row["year"]) if row.get("year") else None)


def _year(row: dict) -> int | None:
    date = _date(row)
    return int(date[:4]) if date and date[:4].isdigit() else None


def representative(rows: list[dict], prints: list[str]) -> dict:
    """The copy that names and dates a text (its fingerprints `prints`): the one
    closest to the others (not a collection holding the text, nor a copy that lost
    a part), then the earliest dated, then the first in the catalogue's order."""
    near = closeness(prints)
    return min(enumerate(rows), key=lambda ir: (-round(near[ir[0]], 9), _date(ir[1]) is None, _date(ir[1]) or "",
                                                 ir[0]))[1]


def copies_of(ordered: list[dict], data: dict[str, dict]) -> dict[str, SpeechRef]:
    """Every speech that has a copy (catalogue rows `ordered`, in the catalogue's
    order; `data`: body key → formulation candidates) → its text's representative,
    as the count names it."""
    out: dict[str, SpeechRef] = {}
    prints = [_print(r, data) for r in ordered]
    for g in groups(prints, [_year(r) for r in ordered]):
        rows = [ordered[i] for i in g]
        rep = representative(rows, [prints[i] for i in g])  # type: ignore[misc]
        date = rep.get("date")
        ref = SpeechRef(rep["id"], rep.get("year"), date if type(date) is str else None, rep["chars"])
        for r in rows:
            out[r["id"]] = ref
    return out

