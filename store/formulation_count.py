"""The corpus count of the set formulations (提法), kept in the store.

The build counts the formulations of every speech (the view without a theme
filter, and the reader's pane) once, when it writes a generation, and stores the
listed rows in one content-named file, and their uses (which speeches, how
often) in another, read only when asked for (the catalogue's meta names them as
shards["fcount"] and shards["fuses"]: [name, size, version]). Opening the view
then reads a few thousand rows instead of every speech's candidates (~1 M at
10 000 speeches). The files are checked on read; one that is missing or damaged is not trusted, and
the count is made again from the candidate shards (`FormulationIndex`), and the
next build writes it again (`needs_build`).
"""

from __future__ import annotations

import logging

import orjson

from . import formulation_copies, formulation_themes
from .formulation_files import FILES, POINTER, VERSION, needs_build, valid_entry  # noqa: F401 - (needs_build: theirs)
from .formulation_uses import Uses, UsesFile, encode_uses
from .formulations import Formulation, SpeechRef, count_kept
from .storage import StoreCorrupt, atomic_write
from .whole import recompute_whole



def ref_of(row: dict) -> SpeechRef:
    """What the count needs of a catalogue row (as `catalog.summary_of` reads it)."""
    date = row.get("date")
    return SpeechRef(row["id"], row.get("year"), date if type(date) is str else None, row["chars"])


def encode(rows: list[Formulation], ids: list[str], uses_entry: list, themes_entry: list | None = None,
           copies: dict[str, SpeechRef] | None = None) -> dict:
    """("g": each speech that has a copy and its text's representative: `formulation_copies`.)"""
    return {"v": VERSION, "n": len(ids), "uses": uses_entry, "themes": themes_entry,
            "g": sorted([sid, ref.id] for sid, ref in (copies or {}).items()),
            "rows": [[f.text, f.kind, f.hits, f.speeches, f.first, f.last, [[y, n] for y, n in f.by_year.items()],
                      f.score, [[sid, n] for sid, n in f.top]] for f in rows]}



def decode(data: dict, total: int, backend) -> tuple[list[Formulation], UsesFile] | None:
    """The stored rows, or None when they do not fit (other version, other corpus size, damage)."""
    try:
        if data["v"] != VERSION or data["n"] != total or not valid_entry(data["uses"]):
            return None
        themes = data.get("themes")
        uses = UsesFile(backend, data["uses"], total, themes if valid_entry(themes) else None)
        uses.copies = {sid: rep for sid, rep in data.get("g", ())}
        out = []
        for i, (text, kind, hits, speeches, first, last, years, score, top) in enumerate(data["rows"]):
            if not (isinstance(text, str) and isinstance(kind, str) and type(hits) is int and type(speeches) is int):
                return None
            out.append(Formulation(text, kind, hits, speeches, first, last, dict(years),  # ([year, hits] pairs)
                                   score, Uses(uses, i), tuple(map(tuple, top))))  # type: ignore[arg-type]
        return out, uses
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def worth_counting(gen, ordered: list[dict]) -> bool:
    """Whether this build counts the corpus (~0.3 s CPU per 1 000 speeches): a first
    build does, any other as the build's one rule for corpus-wide figures says
    (`whole.recompute_whole`). Otherwise (one edited file in 10 000) the count is
    not kept — the build stays within its second — and the view counts at first use.
    A count the last build kept that is missing, damaged or of an older version is
    made again whatever the size (a new version's first build pays for it once)."""
    if not gen.old_rows or not _usable(gen.cat.backend, gen.old_meta.get("shards")):
        return True  # none yet, or one missing, damaged or of an older version: made again
    old = {r["key"] for r in gen.old_rows.values()}
    return recompute_whole(len(ordered), len(old ^ {r["key"] for r in ordered}))


def build(gen, ordered: list[dict], again) -> dict[str, list | None]:
    """Count every speech of the new generation and write the count and uses files,
    and the per-theme tables made of the uses (`formulation_themes.build`); their
    entries for the meta's shards (None: not kept by this build, see `worth_counting`)."""
    if not worth_counting(gen, ordered):
        return {w: None for w in FILES}
    # (the candidates this build made stay packed: one speech's unpacked at a time, `shards.unpack`)
    return write_count(gen.cat.backend, ordered, gen.formulations.read_all_packed(again), gen.cat.theme_names())


def write_count(backend, ordered: list[dict], data: dict, names: dict[str, str]) -> dict[str, list | None]:
    """Count the speeches `ordered` (catalogue rows, in the catalogue's order) from
    their candidates (`data`: body key → candidates) and write the count, uses and
    per-theme files: the build's, and the count made later for a build that kept
    none (`formulation_later`) — one function, so both are the same count.
    Copies of one text count once (`formulation_copies`)."""
    copies = formulation_copies.copies_of(ordered, data)
    items = [(ref_of(r), data[r["key"]]) for r in ordered if r["key"] in data]
    rows, kept = count_kept(items, len(ordered), keep=True, copies=copies)
    ids = [r["id"] for r in ordered]
    uses = encode_uses(kept, ids, copies)
    uname, usize = backend.write_shard("fuses", uses)
    fuses = [uname, usize, VERSION]
    made = _side_tables(ordered, names, uses, fuses)
    fthemes = [*backend.write_shard("fthemes", made), VERSION] if made is not None else None
    name, size = backend.write_shard("fcount", encode(rows, ids, fuses, fthemes, copies))
    return {"fcount": [name, size, VERSION], "fuses": fuses, "fthemes": fthemes}


def _side_tables(ordered: list[dict], names, uses, fuses):
    """The per-theme tables (`formulation_themes.build`), or None when they fail: a side
    table never fails the build (without them a one-theme filter is counted from the
    uses); the failure is logged."""
    try:
        return formulation_themes.build(ordered, names, uses, fuses)
    except Exception:  # noqa: BLE001 - whatever it is, the build goes on without the tables
        logging.getLogger(__name__).warning("per-theme formulation tables not made", exc_info=True)
        return None


def _usable(backend, shards: object) -> bool:
    """The count files the meta names are of this version and on disk as written,
    or were not kept on purpose (`worth_counting`)."""
    if not isinstance(shards, dict):
        return False
    if all(w in shards and shards[w] is None for w in FILES):
        return True
    for what in FILES:
        entry = shards.get(what)
        if not valid_entry(entry) or (getattr(backend, "persistent", False) and backend.shard_size(entry[0]) != entry[1]):
            return False
    return True


def write_pointer(cat, meta: dict) -> None:
    """Name the count's files next to list.json, for the catalogue just written (its
    stamp): opening the view then needs neither catalog.json (~100 ms at 10 000
    speeches) nor its meta. Best effort: without it the meta is read."""
    backend = cat.backend
    stamp = backend.stamp()
    if not getattr(backend, "persistent", False) or stamp is None:
        return
    shards = meta.get("shards", {})
    data = {"v": VERSION, "stamp": list(stamp), "n": meta.get("speeches"), **{w: shards.get(w) for w in FILES}}
    try:
        atomic_write(backend.root / POINTER, orjson.dumps(data), sync=False)
    except OSError:
        pass


def _entry(cat) -> tuple[object, int]:
    """The count file's entry and the number of speeches of the current catalogue:
    from the pointer while only the list-only catalogue is read, else the meta."""
    listed = cat.listed
    if getattr(cat.backend, "persistent", False):
        try:
            d = orjson.loads((cat.backend.root / POINTER).read_bytes())
            stamp = cat.backend.stamp()
            if listed is not None:
                if d["v"] == VERSION and stamp is not None and d["stamp"] == list(stamp) and d["n"] == len(listed) \
                        and cat.listed is listed:
                    return d["fcount"], len(listed)
            elif d["v"] == VERSION and d.get("later") and stamp is not None and d["stamp"] == list(stamp) \
                    and getattr(cat, "_stamp", None) == stamp and d["n"] == len(cat.rows) and valid_entry(d["fcount"]):
                return d["fcount"], len(cat.rows)  # counted after the build (`formulation_later`)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    shards = cat.meta.get("shards")
    return (shards.get("fcount") if isinstance(shards, dict) else None), len(cat.rows)


def read(cat) -> list[Formulation] | None:
    """The stored corpus count of the catalogue's generation, or None (missing, damaged, stale)."""
    got = read_with_uses(cat)
    return got[0] if got is not None else None


def read_with_uses(cat) -> tuple[list[Formulation], UsesFile] | None:
    """The same, and its uses file (read when first asked)."""
    entry, n = _entry(cat)
    if not valid_entry(entry):
        return None
    try:
        data = cat.backend.read_shard(entry[0])
    except (KeyError, StoreCorrupt):
        return None
    return decode(data, n, cat.backend) if isinstance(data, dict) else None
