"""Copies of one text among the catalogue's speeches (`corpus.copies`), for the
formulations count: a formulation's "speeches" are distinct texts.

The build keeps each body's fingerprint (its long sentences' hashes) in one file
(the meta's shards["fcopies"]: [name, size, version]; {"v", "k": {body key:
fingerprint}}), updated by the bodies that came and went: a build with nothing
new reuses the file as it is, one changed file reads one body — the rest are
carried over. A store without the file (an older one) or with a damaged one makes
it from the stored bodies once (no segmenting: ~1 ms a speech).

The count (`formulation_count.write_count`, `FormulationIndex.count`) asks
`copies_of` which speeches are copies: each group counts as one text, named and
dated by its earliest speech (`representative`).
"""

from __future__ import annotations

from jianghua.corpus.copies import fingerprint, groups

from .formulations import SpeechRef
from .storage import StoreCorrupt

VERSION = 1
WHAT = "fcopies"


def of_body(body: dict) -> str:
    """A stored body's fingerprint."""
    return fingerprint(p[0] for p in body["paragraphs"])


def _valid(entry: object) -> bool:
    return isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and entry[2] == VERSION


def _read(backend, entry: object) -> dict[str, str] | None:
    if not _valid(entry):
        return None
    try:
        data = backend.read_shard(entry[0])  # type: ignore[index]
        prints = data["k"]
        if data["v"] != VERSION or not isinstance(prints, dict):
            return None
        return prints
    except (KeyError, TypeError, StoreCorrupt):
        return None


def read(cat) -> dict[str, str] | None:
    """The fingerprints the catalogue's meta names (body key → fingerprint), or None."""
    shards = cat.meta.get("shards")
    return _read(cat.backend, shards.get(WHAT)) if isinstance(shards, dict) else None


def update(gen, ordered: list[dict]) -> tuple[list | None, dict[str, str]]:
    """The fingerprints of the new generation's bodies: the previous file's, and
    those of bodies it lacks (read from the store); the file's entry for the meta
    (the previous one when nothing changed) and the fingerprints."""
    backend = gen.cat.backend
    shards = gen.old_meta.get("shards") if gen.old_rows else None
    old_entry = shards.get(WHAT) if isinstance(shards, dict) else None
    old = _read(backend, old_entry) or {}
    keys = {r["key"] for r in ordered}
    prints = {k: v for k, v in old.items() if k in keys and isinstance(v, str)}
    for k in keys - prints.keys():
        try:
            prints[k] = of_body(backend.read_body(k))
        except (KeyError, StoreCorrupt, TypeError, IndexError):
            pass  # an unreadable body: no copy of anything until its file is read again
    if old and prints.keys() == old.keys() and _valid(old_entry):
        return old_entry, prints  # type: ignore[return-value]
    if not keys:
        return None, prints
    name, size = backend.write_shard(WHAT, {"v": VERSION, "k": prints})
    return [name, size, VERSION], prints


def _date(row: dict) -> str | None:
    date = row.get("date")
    return date if type(date) is str else (str(row["year"]) if row.get("year") else None)


def copies_of(ordered: list[dict], prints: dict[str, str] | None) -> dict[str, SpeechRef]:
    """Every speech that has a copy (catalogue rows `ordered`, in the catalogue's
    order) → its text's representative (`representative`), as the count names it."""
    if not prints:
        return {}
    out: dict[str, SpeechRef] = {}
    for group in groups([prints.get(r["key"]) for r in ordered]):
        rows = [ordered[i] for i in group]
        rep = representative(rows)
        ref = SpeechRef(rep["id"], rep.get("year"), rep.get("date") if type(rep.get("date")) is str else None, rep["chars"])
        for r in rows:
            out[r["id"]] = ref
    return out


def representative(rows: list[dict]) -> dict:
    """The copy that names and dates a text: the earliest dated, then the first in
    the catalogue's order (a reprint is dated later than the speech)."""
    return min(enumerate(rows), key=lambda ir: (_date(ir[1]) is None, _date(ir[1]) or "", ir[0]))[1]


def others(ordered: list[dict], prints: dict[str, str] | None, speech_id: str) -> list[dict]:
    """The other copies of one speech's text (rows), in the catalogue's order."""
    if not prints:
        return []
    for group in groups([prints.get(r["key"]) for r in ordered]):
        ids = [ordered[i]["id"] for i in group]
        if speech_id in ids:
            return [ordered[i] for i in group if ordered[i]["id"] != speech_id]
    return []
