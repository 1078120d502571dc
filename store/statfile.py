"""The stat table (stat.json): what the check "is the store current?" needs.

That check (`plan.plan_is_empty`) compares each corpus file's size and mtime with
its catalogue row, and the catalogue's meta (fingerprints, shard files) with the
parser, rules, themes and shards on disk. Reading catalog.json for it costs
~0.2 s at 10 000 speeches; stat.json holds only those fields — the meta, the
`skipped` table and, column by column, each speech's source, size, mtime and
body key — and parses in a few milliseconds.

Like list.json it is written after catalog.json (atomically) and names
catalog.json's (mtime, size): it stands in for the catalogue only while that is
the file it was made from. Anything wrong with it (missing, damaged, of another
version or catalogue) and the catalogue is read whole, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import orjson

from .storage import atomic_write

VERSION = 1
NAME = "stat.json"


@dataclass(frozen=True)
class StatTable:
    meta: dict
    skipped: list[dict]
    files: dict[str, tuple[int, int, str]]  # source → (size, mtime_ns, body key), in source order


def write(backend, stamp: tuple[int, int], schema: int, meta: dict, rows: Sequence[dict], skipped: Sequence[dict]) -> bool:
    """Write stat.json for the catalogue whose file has this stamp (best effort:
    without it the catalogue is read whole). True if it was written."""
    if not getattr(backend, "persistent", False):
        return False
    path = backend.root / NAME
    try:
        data = {
            "v": VERSION, "schema": schema, "stamp": list(stamp), "meta": meta, "skipped": list(skipped),
            "source": [r["source"] for r in rows], "size": [r["size"] for r in rows],
            "mtime_ns": [r["mtime_ns"] for r in rows], "key": [r["key"] for r in rows],
        }
        atomic_write(path, orjson.dumps(data), sync=False)
        return True
    except (OSError, TypeError, ValueError, KeyError):
        try:
            path.unlink()  # an older one must not outlive its catalogue
        except OSError:
            pass
        return False


def read(backend, stamp: tuple[int, int], schema: int) -> StatTable | None:
    """The stat table of the catalogue with this stamp, or None (no usable stat.json)."""
    try:
        d = orjson.loads((backend.root / NAME).read_bytes())
        if not (isinstance(d, dict) and d.get("v") == VERSION and d.get("schema") == schema and d.get("stamp") == list(stamp)):
            return None
        meta, skipped = d["meta"], d["skipped"]
        if not isinstance(meta, dict) or meta.get("schema") != schema or type(skipped) is not list:
            return None
        if not all(type(r) is dict and type(r.get("source")) is str and type(r.get("reason")) is str for r in skipped):
            return None
        cols = [d[k] for k in ("source", "size", "mtime_ns", "key")]
        n = len(cols[0]) if type(cols[0]) is list else -1
        if not all(type(c) is list and len(c) == n for c in cols):
            return None
        for c, t in zip(cols, (str, int, int, str)):
            if not set(map(type, c)) <= {t}:
                return None
        files = dict(zip(cols[0], zip(cols[1], cols[2], cols[3])))
        if len(files) != n:
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return StatTable(meta, sorted(skipped, key=lambda r: r["source"]), files)
