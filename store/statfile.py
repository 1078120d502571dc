"""The stat table (stat.json): what the check "is the store current?" and a build
of a few changed files need of the catalogue.

That check (`plan.plan_is_empty`) compares each corpus file's size and mtime with
its catalogue row, and the catalogue's meta (fingerprints, shard files) with the
parser, rules, themes and shards on disk. Reading catalog.json for it costs
~0.2 s at 10 000 speeches; stat.json holds only those fields — the meta, the
`skipped` table and, column by column, each speech's id, source, size, mtime and
body key, and (version 3) ctime and inode number — and parses in a few milliseconds. It also says where each speech's
row lies in catalog.json (`at`, `len`): a build carries the unchanged rows into
the next catalog.json as those bytes, without parsing them (`storage.KeptRow`).

Like list.json it is written after catalog.json (atomically) and names
catalog.json's (mtime, size) (`sidecar`): it stands in for the catalogue only while
that is the file it was made from. Anything wrong with it (missing, damaged, of
another version or catalogue) and the catalogue is read whole, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import sidecar

VERSION = 3  # 3: each file's ctime_ns and inode number (0: not known). 2: each row's id and place in catalog.json
# A table of version 2 is read as one whose ctimes and inodes are not known (its files
# compared by size and mtime, as before; a build writes version 3): no catalogue read whole.
_READS = (VERSION, 2)
NAME = "stat.json"
_COLUMNS = {"id": (str,), "source": (str,), "size": (int,), "mtime_ns": (int,), "key": (str,)}
_INODES = {"ctime_ns": (int,), "ino": (int,)}
_SPANS = {"at": (int,), "len": (int,)}


@dataclass(frozen=True)
class StatTable:
    meta: dict
    skipped: list[dict]
    files: dict[str, tuple[int, int, str, int, int]]  # source → (size, mtime_ns, body key, ctime_ns, ino), in source order
    ids: list[str]  # each speech's id, in the same order
    spans: list[tuple[int, int]] | None  # (offset, length) of each speech's row in catalog.json (None: not known)


def table(meta: dict, rows: Sequence[dict], skipped: Sequence[dict], spans: Sequence[tuple[int, int]] | None) -> StatTable | None:
    """The stat table of a catalogue (rows: only their id, source, size, mtime_ns,
    key, ctime_ns and ino are read; skipped: sorted by source, as the catalogue holds it); None if it
    cannot be made (a malformed row, two of one source)."""
    try:
        files = {r["source"]: (r["size"], r["mtime_ns"], r["key"], r.get("ctime_ns") or 0, r.get("ino") or 0) for r in rows}
        ids = [r["id"] for r in rows]
    except (KeyError, TypeError):
        return None
    if len(files) != len(ids):
        return None
    return StatTable(meta, list(skipped), files, ids, list(spans) if spans is not None and len(spans) == len(rows) else None)


def write(backend, stamp: tuple[int, int], schema: int, st: StatTable | None) -> bool:
    """Write stat.json: the table of the catalogue whose file has this stamp (best
    effort: without it the catalogue is read whole). True if it was written."""
    if st is None:
        sidecar.remove(backend, NAME)
        return False
    files = st.files.values()
    cols = {"id": st.ids, "source": list(st.files), "size": [f[0] for f in files], "mtime_ns": [f[1] for f in files],
            "key": [f[2] for f in files], "ctime_ns": [f[3] for f in files], "ino": [f[4] for f in files]}
    if st.spans is not None:
        cols["at"] = [s[0] for s in st.spans]
        cols["len"] = [s[1] for s in st.spans]
    return sidecar.write(backend, NAME, VERSION, stamp, schema, {"meta": st.meta, "skipped": st.skipped, **cols})


def read(backend, stamp: tuple[int, int], schema: int) -> StatTable | None:
    """The stat table of the catalogue with this stamp, or None (no usable stat.json)."""
    for version in _READS:
        d = sidecar.read(backend, NAME, version, stamp, schema)
        if d is not None:
            break
    else:
        return None
    meta, skipped = d.get("meta"), d.get("skipped")
    if not isinstance(meta, dict) or meta.get("schema") != schema or type(skipped) is not list:
        return None
    if not all(type(r) is dict and type(r.get("source")) is str and type(r.get("reason")) is str for r in skipped):
        return None
    cols = sidecar.columns(d, _COLUMNS)
    if cols is None:
        return None
    if version >= 3:
        inodes = sidecar.columns(d, _INODES, len(cols["id"]))
        if inodes is None:
            return None
        cols.update(inodes)
    if "at" in d:
        spans = sidecar.columns(d, _SPANS, len(cols["id"]))
        if spans is None:
            return None
        cols.update(spans)
    return _table(meta, sorted(skipped, key=lambda r: r["source"]), cols)


def _table(meta: dict, skipped: list[dict], cols: dict[str, list]) -> StatTable | None:
    unknown = cols.get("ctime_ns") or [0] * len(cols["source"])  # (version 2: not known)
    files = dict(zip(cols["source"], zip(cols["size"], cols["mtime_ns"], cols["key"], unknown, cols.get("ino") or unknown)))
    if len(files) != len(cols["source"]):
        return None
    spans = list(zip(cols["at"], cols["len"])) if "at" in cols else None
    return StatTable(meta, skipped, files, cols["id"], spans)
