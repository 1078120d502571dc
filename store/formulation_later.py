"""The formulations count made after a build that kept none.

A build of a large corpus with few changes does not count the formulations
(`formulation_count.worth_counting`: it stays within its second). The browser
then makes that count after the build, off the list's path, in a worker process
(`workers.run_in_process`: ~5 s of CPU at 10 000 speeches, which on a thread of
the browser would stall keys), with the build's own function
(`formulation_count.write_count`: the same rows, uses and per-theme tables a
build that counted would keep), and names it in the store's pointer file
(`formulation_count.POINTER`, marked "later") for the catalogue it counted —
this session's F, later sessions and the CLI read it as they read a build's.

Safe: the files are written before the pointer names them (atomically, under the
store's lock, and only while catalog.json is still the one counted); a store that
cannot be written, a build meanwhile, or a worker stopped on quit leave the store
as it was (the view then counts at first use, as before). The next build names
its own count (or none) and removes these files as it removes any it does not name.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from . import formulation_count
from .storage import atomic_write


def missing(cat) -> bool:
    """No count of the catalogue can be read (the build kept none, or its files are
    damaged) and one can be made and kept here (a store on disk, no build running)."""
    if not getattr(cat.backend, "persistent", False) or cat.arrived or cat.backend.stamp() is None:
        return False
    return formulation_count.read_with_uses(cat) is None


def count_in_process(corpus_dir: str, themes_path: str | None, store_path: str, stamp: list) -> None:
    """In a worker process: count the catalogue whose catalog.json has `stamp`, write
    the files, name them. Raises (the worker ends non-zero) when it cannot."""
    from filelock import FileLock

    from jianghua.corpus.themes import load_themes

    from .backends import DiskBackend
    from .catalog import Catalog
    from .formulation_index import FormulationIndex

    cat = Catalog(Path(corpus_dir), load_themes(Path(themes_path) if themes_path else None), DiskBackend(store_path), [])
    cat.reload(whole=True)  # (catalog.json only: the count needs every row, list.json would be read for nothing)
    backend = cat.backend
    if list(cat._stamp or ()) != stamp:
        raise RuntimeError("the catalogue changed")
    ordered = sorted(cat.rows.values(), key=lambda r: r["source"])
    data = FormulationIndex(cat).data()
    entries = formulation_count.write_count(backend, ordered, data, cat.theme_names())
    backend.sync()
    lock = FileLock(str(backend.lock_path))
    lock.acquire(timeout=0)  # a build is running: it names its own (Timeout: nothing written)
    try:
        if list(backend.stamp() or ()) != stamp or any(
                e is not None and backend.shard_size(e[0]) != e[1] for e in entries.values()):
            raise RuntimeError("the catalogue changed")
        d = {"v": formulation_count.VERSION, "stamp": stamp, "n": len(ordered), "later": True,
             **{w: entries[w] for w in formulation_count.FILES}}
        atomic_write(Path(backend.root) / formulation_count.POINTER, orjson.dumps(d))
    finally:
        lock.release()


def make(store, stop) -> bool:
    """Make and keep the count in a worker process (the calling thread waits; `stop`,
    a threading.Event, ends the worker). True when it is kept."""
    from .workers import run_in_process

    cat = store.catalog
    stamp = cat.backend.stamp()
    if stamp is None:
        return False
    themes = store.themes_taxonomy
    path = getattr(themes, "path", None)
    ok = run_in_process(count_in_process, (str(store.corpus_dir), str(path) if path else None,
                                           str(cat.backend.root), list(stamp)), stop)
    return ok
