"""The corpus count of the set formulations (提法), kept in the store.

The build counts the formulations of every speech (the view without a theme
filter, and the reader's pane) once, when it writes a generation, and stores the
listed rows in one content-named file (the catalogue's meta names it as
shards["fcount"]: [name, size, None]). Opening the view then reads a few
thousand rows instead of every speech's candidates (~1 M at 10 000 speeches).
The file is checked on read; one that is missing or damaged is not trusted, and
the count is made again from the candidate shards (`FormulationIndex`).
"""

from __future__ import annotations

from .formulations import Formulation, SpeechRef, count
from .storage import StoreCorrupt

VERSION = 1


def ref_of(row: dict) -> SpeechRef:
    """What the count needs of a catalogue row (as `catalog.summary_of` reads it)."""
    date = row.get("date")
    return SpeechRef(row["id"], row.get("year"), date if type(date) is str else None, row["chars"])


def encode(rows: list[Formulation], total: int) -> dict:
    return {
        "v": VERSION,
        "n": total,
        "rows": [[f.text, f.kind, f.hits, f.first, f.last, [[y, n] for y, n in f.by_year.items()],
                  f.score, [[sid, n] for sid, n in f.uses]] for f in rows],
    }


def decode(data: dict, total: int) -> list[Formulation] | None:
    """The stored rows, or None when they do not fit (other version, other corpus size, damage)."""
    try:
        if data["v"] != VERSION or data["n"] != total:
            return None
        out = []
        for text, kind, hits, first, last, years, score, uses in data["rows"]:
            if not (isinstance(text, str) and isinstance(kind, str) and type(hits) is int):
                return None
            out.append(Formulation(text, kind, hits, len(uses), first, last, {int(y): int(n) for y, n in years},
                                   score, tuple((str(s), int(n)) for s, n in uses)))
        return out
    except (KeyError, TypeError, ValueError):
        return None


def build(gen, ordered: list[dict], again) -> list:
    """Count every speech of the new generation and write the count file; its entry for the meta."""
    data = gen.formulations.read_all(again)
    items = [(ref_of(r), data[r["key"]]) for r in ordered if r["key"] in data]
    rows = count(items, len(ordered))
    name, size = gen.cat.backend.write_shard("fcount", encode(rows, len(ordered)))
    return [name, size, None]


def read(cat) -> list[Formulation] | None:
    """The stored corpus count of the catalogue's generation, or None (missing, damaged, stale)."""
    shards = cat.meta.get("shards")
    entry = shards.get("fcount") if isinstance(shards, dict) else None
    if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
        return None
    try:
        data = cat.backend.read_shard(entry[0])
    except (KeyError, StoreCorrupt):
        return None
    return decode(data, len(cat.rows)) if isinstance(data, dict) else None
