"""The TinyDB side of the store's files: the storage of a TinyDB over them
(`AtomicJSONStorage`), a store kept in memory (`memory_tables`), and `write_tables`,
a catalogue written through TinyDB itself — the reference the catalogue's own writer
(`storage.write_tables`, the same bytes without a TinyDB import) is tested against,
so that catalog.json stays a plain TinyDB JSON file a script can open.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import MemoryStorage, Storage

from . import storage
from .storage import read_document


class AtomicJSONStorage(Storage):
    """TinyDB storage: orjson, atomic writes, corruption reported as StoreCorrupt."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        return read_document(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        storage.atomic_write(self.path, orjson.dumps(data))  # (looked up at each call: tests replace it)

    def close(self) -> None:
        pass


class _BigCache(CachingMiddleware):
    # Write once, on close: a build is one transaction.
    WRITE_CACHE_SIZE = 1 << 30


def write_tables(path: Path, tables: dict[str, list[dict]]) -> None:
    """Replace a TinyDB file with these tables, atomically."""
    db = TinyDB(str(path), storage=_BigCache(_FreshAtomic))
    for name, docs in tables.items():
        if docs:
            db.table(name, cache_size=0).insert_multiple(docs)
    db.close()  # flushes: one atomic write


class _FreshAtomic(AtomicJSONStorage):
    """Starts empty (never reads the old file) and writes atomically on flush."""

    def __init__(self, path: str | os.PathLike[str]):
        super().__init__(path)
        self._data: dict | None = None

    def read(self):  # type: ignore[override]
        return self._data

    def write(self, data):  # type: ignore[override]
        self._data = data
        super().write(data)


def memory_tables(tables: dict[str, list[dict]]) -> dict:
    db = TinyDB(storage=MemoryStorage)
    for name, docs in tables.items():
        if docs:
            db.table(name, cache_size=0).insert_multiple(docs)
    return db.storage.memory or {}
