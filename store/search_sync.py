"""Bringing the search index (store.search_index) up to date with the catalogue
after a build: the shards whose speeches changed written again (store.search_pack),
the manifest, the files no manifest names removed."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import orjson

from .backends import DiskBackend
from .search_index import VERSION, CARRIED, StoreLike, _digest, _live, _read_manifest, fold_rules, index_dir
from .search_pack import has_missing, pack_bodies
from .shards import SHARDS
from .storage import atomic_write

GC_AGE = 600  # seconds: an unnamed file younger than this may belong to a build under way


def sync(store: StoreLike) -> int:
    """Bring the index up to date with the store's catalogue (after a build).
    Returns the number of shards written (0 when nothing changed). Never raises
    for a disk problem: the index is only an accelerator."""
    d = index_dir(store)
    if d is None or not store.catalog.backend.persistent or not store.built():
        return 0
    try:
        return _sync(store, d)
    except OSError as e:
        from jianghua.i18n import _, os_error

        store.messages.append(_("The search index could not be written ({reason}); searches read the speeches instead.").format(reason=os_error(e)))
        return 0


def _files_ok(d: Path, m: dict) -> bool:
    """Every shard file the manifest names is there, at its size (stat only)."""
    for e in m["shards"]:
        if e is None:
            continue
        try:
            if not (isinstance(e, list) and len(e) == 3 and (d / e[0]).stat().st_size == e[1]):
                return False
        except (OSError, TypeError):
            return False
    return True


def _sync(store: StoreLike, d: Path) -> int:
    found = _read_manifest(d, (VERSION, *CARRIED))  # (read once: a manifest of the current version is `m`; an older one's texts are carried over)
    m = found if found is not None and found["v"] == VERSION else None
    gen = store.generation
    if (m is not None and m.get("gen") == gen and m.get("catalog") == store.catalog.meta.get("built_at") and _files_ok(d, m)
            and all(e is None or e[2] for e in m["shards"])):  # (a part packed without a body: read again)
        return 0
    old = m["shards"] if m else [None] * SHARDS
    prev = found["shards"] if found else [None] * SHARDS
    live = _live(store)
    d.mkdir(parents=True, exist_ok=True)
    entries: list = [None] * SHARDS
    todo: list[int] = []
    for i in range(SHARDS):
        keys = live[i]
        e = old[i]
        if not keys:
            continue
        if isinstance(e, list) and len(e) == 3 and e[2] == _digest(keys):
            try:
                if (d / e[0]).stat().st_size == e[1]:
                    entries[i] = e
                    continue
            except OSError:
                pass
        todo.append(i)
    olds = [str(d / prev[i][0]) if isinstance(prev[i], list) and len(prev[i]) == 3 and isinstance(prev[i][0], str) else None for i in todo]
    for i, data in _build_many(store, [live[i] for i in todo], todo, olds):
        name = f"idx-{hashlib.sha1(data).hexdigest()[:20]}.bin"
        p = d / name
        if not p.exists():
            atomic_write(p, data, sync=False)
        entries[i] = [name, len(data), "" if has_missing(data) else _digest(live[i])]  # ("": packed again next time)
    written = len(todo)
    atomic_write(d / "manifest.json", orjson.dumps({"v": VERSION, "gen": gen, "catalog": store.catalog.meta.get("built_at"),
                                                     "fold": fold_rules(), "shards": entries}))
    named = {e[0] for e in entries if e}
    now = time.time()
    for p in [*d.glob("idx-*.bin"), *d.glob("sig-*.bin"), *d.glob(".*.tmp")]:  # (temp files a killed writer left)
        try:
            if p.name not in named and now - p.stat().st_mtime > GC_AGE:
                p.unlink()
        except OSError:
            pass
    return written


PARALLEL_FROM = 8  # shards: fewer are built in this process (one changed file: one or two)


def _build_many(store: StoreLike, key_lists: list[list[str]], ids: list[int], olds: list[str | None]):
    """(shard id, packed shard) for each list of keys; a first build uses a small
    process pool (spawned: the browser's process has threads), falling back to
    this process if the pool cannot start."""
    if len(ids) >= PARALLEL_FROM and store.catalog.backend.persistent and (os.cpu_count() or 1) > 1:
        try:
            root = str(store.catalog.backend.root)
            from .workers import spawned_pool

            with spawned_pool(min(2, os.cpu_count() or 1)) as pool:
                yield from zip(ids, pool.map(_shard_at, [root] * len(ids), key_lists, olds))
            return
        except (OSError, RuntimeError, ImportError, ValueError):  # (BrokenProcessPool is a RuntimeError; a bad descriptor a ValueError)
            pass
    for i, keys, o in zip(ids, key_lists, olds):
        yield i, build_shard(store, keys, o)


def _shard_at(root: str, keys: list[str], old: str | None = None) -> bytes:
    """build_shard in a worker process: the bodies read straight from the store folder."""
    return pack_bodies(DiskBackend(Path(root)), keys, old)


def build_shard(store: StoreLike, keys: list[str], old: str | None = None) -> bytes:
    """A shard's file (store.search_pack), from its earlier one `old` where it can."""
    return pack_bodies(store.catalog.backend, keys, old)
