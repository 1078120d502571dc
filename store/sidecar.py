"""The envelope of the tables written beside catalog.json (list.json, stat.json).

Each is a JSON object with a header — its format version `v`, the catalogue's
`schema` and `stamp` (catalog.json's (mtime, size): the one catalogue it stands
for) — and columns of equal length. Writing is best effort: a store that is not
a folder writes none; a failure removes the old file, which must not outlive its
catalogue. Reading gives None for anything not exactly right (missing, damaged,
of another version, schema or catalogue): the catalogue is then read whole.
One definition for both files.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson

from .storage import atomic_write


def write(backend, name: str, version: int, stamp: tuple[int, int], schema: int, fields: Mapping[str, object]) -> bool:
    """Write file `name` of the store folder: the header, then `fields`. True if written."""
    if not getattr(backend, "persistent", False):
        return False
    try:
        atomic_write(backend.root / name, orjson.dumps({"v": version, "schema": schema, "stamp": list(stamp), **fields}), sync=False)
        return True
    except (OSError, TypeError, ValueError):
        remove(backend, name)
        return False


def remove(backend, name: str) -> None:
    """Remove file `name` (an older one must not outlive its catalogue)."""
    if getattr(backend, "persistent", False):
        try:
            (backend.root / name).unlink()
        except OSError:
            pass


def read(backend, name: str, version: int, stamp: tuple[int, int], schema: int) -> dict | None:
    """The file's object if its header is this version's, schema's and catalogue's."""
    try:
        d = orjson.loads((backend.root / name).read_bytes())
    except (OSError, ValueError):
        return None
    if not (isinstance(d, dict) and d.get("v") == version and d.get("schema") == schema and d.get("stamp") == list(stamp)):
        return None
    return d


def columns(d: dict, types: Mapping[str, tuple[type, ...]], n: int | None = None) -> dict[str, list] | None:
    """The named columns of `d`, each a list of `n` values (n: the first one's length)
    of exactly these types (`type(v) in types`: a bool is no int); None otherwise."""
    out: dict[str, list] = {}
    for key, allowed in types.items():
        col = d.get(key)
        if type(col) is not list:
            return None
        if n is None:
            n = len(col)
        if len(col) != n or not set(map(type, col)) <= set(allowed):
            return None
        out[key] = col
    return out
