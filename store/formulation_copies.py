"""Copies of one text among the catalogue's speeches (`corpus.copies`), for the
formulations count: a formulation's "speeches" are distinct texts.

Each body's fingerprint is made where it is segmented (`ingest.body_analysis`) and
kept with its formulation candidates ("c"), in the formulations shards: carried by
body key like them, so one changed file changes one shard and nothing else (a
store made before fingerprints has its candidates counted again: the formulation
rules' version). The count (`formulation_count.write_count`,
`FormulationIndex.count`) reads every speech's candidates anyway; `copies_of`
finds the groups from them (~80 ms CPU at 10 000 generated speeches), and each
group counts as one text, named and dated by its earliest speech
(`representative`). A candidate entry without a fingerprint copies nothing.
"""

from __future__ import annotations

from jianghua.corpus.copies import groups

from .formulations import SpeechRef


def _groups(ordered: list[dict], data: dict[str, dict]) -> list[list[dict]]:
    prints = []
    for r in ordered:
        fp = data.get(r["key"], {}).get("c") if isinstance(data.get(r["key"]), dict) else None
        prints.append(fp if isinstance(fp, str) else None)
    return [[ordered[i] for i in g] for g in groups(prints)]


def _date(row: dict) -> str | None:
    date = row.get("date")
    return date if type(date) is str else (str(row["year"]) if row.get("year") else None)


def representative(rows: list[dict]) -> dict:
    """The copy that names and dates a text: the earliest dated, then the first in
    the catalogue's order (a reprint is dated later than the speech)."""
    return min(enumerate(rows), key=lambda ir: (_date(ir[1]) is None, _date(ir[1]) or "", ir[0]))[1]


def copies_of(ordered: list[dict], data: dict[str, dict]) -> dict[str, SpeechRef]:
    """Every speech that has a copy (catalogue rows `ordered`, in the catalogue's
    order; `data`: body key → formulation candidates) → its text's representative,
    as the count names it."""
    out: dict[str, SpeechRef] = {}
    for rows in _groups(ordered, data):
        rep = representative(rows)
        date = rep.get("date")
        ref = SpeechRef(rep["id"], rep.get("year"), date if type(date) is str else None, rep["chars"])
        for r in rows:
            out[r["id"]] = ref
    return out

