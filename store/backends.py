"""Where a store lives: a folder (`DiskBackend`) or memory (`MemoryBackend`).

Both answer the `Backend` protocol, so the catalogue, the build and the readers
never ask which one they hold.

* `DiskBackend` — a store folder: the TinyDB catalogue (catalog.json), the shards
  of the passage index and keyword candidates (`shards/`, named by content) and
  one small zlib-compressed JSON file per speech body (`bodies/`, named by content hash); shards
  and bodies are immutable once written, written without fsync and synced once
  per build (`sync`) before the catalogue names them.
* `MemoryBackend` — the same in memory, for a store location that cannot be
  written (optionally reading an existing read-only store underneath).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Protocol


from . import storage
from .storage import read_tables, shard_bytes

# catalog.json is written as the bytes TinyDB writes (`storage.write_tables`) without
# importing it; a store kept in memory is a TinyDB in memory (`tinydb_files`).


class Backend(Protocol):
    persistent: bool  # files that outlive the process: a lock, fsync, workers writing bodies into it
    root: Path
    lock_path: Path | None

    @property
    def catalog_path(self) -> Path: ...

    def stamp(self) -> tuple[int, int] | None:
        """(mtime, size) of the catalogue file, None where there is none to stat."""

    def ensure(self) -> None:
        """Make the store's folder (OSError if it cannot be written)."""

    def reopen(self) -> None:
        """Make the folder again if it was removed since the store was opened."""

    def in_memory(self) -> Backend:
        """A memory backend that reads what this one holds (for a store that cannot be written)."""

    def read(self, path: Path, *tables: str) -> dict[str, list[dict]] | None: ...
    def write(self, path: Path, tables: dict[str, list[dict]]) -> list[tuple[int, int]] | None: ...
    def has_body(self, key: str) -> bool: ...
    def read_body(self, key: str) -> dict: ...
    def write_body(self, key: str, body: dict) -> None: ...
    def note_existing(self, key: str) -> None: ...
    def remove_bodies(self, keys: set[str]) -> None: ...
    def mark_unsynced(self) -> None: ...
    def sync(self) -> None: ...
    def read_shard(self, name: str) -> dict: ...
    def write_shard(self, what: str, data: dict) -> tuple[str, int]: ...
    def shard_size(self, name: str) -> int | None: ...
    def quarantine_shard(self, name: str) -> None: ...
    def remove_shards(self, keep: set[str]) -> None: ...
    def remove_leftovers(self) -> None: ...
    def size(self) -> int: ...
    def quarantine(self, path: Path) -> Path | None: ...


SYNC_EACH_UP_TO = 64  # files `DiskBackend.sync` flushes one by one; more: os.sync()


def _fsync(path: str, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DiskBackend:
    persistent = True

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.bodies = self.root / "bodies"
        self.shards = self.root / "shards"
        self.lock_path: Path | None = self.root / "lock"
        self.unsynced = False  # files written by other processes (workers): `sync` flushes everything
        self.written: set[str] = set()  # files this process wrote without fsync since the last `sync`

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.json"

    def stamp(self) -> tuple[int, int] | None:
        try:
            st = self.catalog_path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def ensure(self) -> None:
        self.bodies.mkdir(parents=True, exist_ok=True)
        probe = self.root / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()

    def reopen(self) -> None:
        if not self.bodies.is_dir():
            self.ensure()

    def in_memory(self) -> MemoryBackend:
        return MemoryBackend(self if self.catalog_path.exists() else None)

    def read(self, path: Path, *tables: str) -> dict[str, list[dict]] | None:
        if not path.exists():
            return None
        return read_tables(path, *tables)

    def write(self, path: Path, tables: dict[str, list[dict]]) -> list[tuple[int, int]] | None:
        """Write a catalogue; where each speech row lies in the file (`storage.catalog_bytes`)."""
        return storage.write_tables(path, tables)

    def has_body(self, key: str) -> bool:
        return storage.body_file(self.bodies, key).exists()

    def read_body(self, key: str) -> dict:
        """A stored body. KeyError if there is none; BodyDamaged (a KeyError) if the
        file is unreadable or not a body (it is then moved aside)."""
        return storage.read_body_file(self.bodies, key)

    def write_body(self, key: str, body: dict) -> None:
        storage.write_body_file(self.bodies, key, body)
        self.note_existing(key)  # (flushed with this build's files, like a reused one)

    def note_existing(self, key: str) -> None:
        """A body this build reuses that the current catalogue does not name (left by a
        killed build, another instance): it may not be on disk yet, so it is flushed
        with this build's own files before the catalogue names it."""
        self.written.add(str(storage.body_file(self.bodies, key)))

    def mark_unsynced(self) -> None:
        """Files were written into the folder by someone else (worker processes)."""
        self.unsynced = True

    def sync(self) -> None:
        """Flush the files written without fsync (bodies, shards) before a catalogue
        names them: each file and its folder (a few files: one changed speech), or
        every file system at once (`os.sync`: many files, or files that worker
        processes wrote). os.sync also waits for every other program's writes: on a
        busy machine ~0.8 s for the one body and few shards of one changed file."""
        written, self.written = self.written, set()
        if not self.unsynced and len(written) <= SYNC_EACH_UP_TO:
            try:
                for path in sorted(written):
                    _fsync(path, os.O_RDONLY)
                folders = {os.path.dirname(p) for p in written}
                for folder in sorted(folders | {os.path.dirname(f) for f in folders}):  # (bodies/ab/ may be new)
                    _fsync(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
                return
            except OSError:
                pass  # (gone, or a file system that cannot fsync a folder): flush everything
        if self.unsynced or written:
            os.sync()
            self.unsynced = False

    # Shards: the passage index and keyword candidates, split in SHARDS files each,
    # named by their content (immutable; a build rewrites only the shards it changed).

    def read_shard(self, name: str) -> dict:
        """KeyError if missing; StoreCorrupt if unreadable (it is moved aside)."""
        return storage.read_shard_file(self.shards, name)

    def write_shard(self, what: str, data: dict) -> tuple[str, int]:
        name, raw = shard_bytes(what, data)
        storage.write_shard_file(self.shards, name, raw)
        # also when it was there already (another instance's, a killed build's, the
        # formulation subprocess's): not known to be on disk before it is named
        self.written.add(str(self.shards / name))
        return name, len(raw)

    def quarantine_shard(self, name: str) -> None:
        self.quarantine(self.shards / name)

    def shard_size(self, name: str) -> int | None:
        try:
            return (self.shards / name).stat().st_size
        except OSError:
            return None

    def remove_shards(self, keep: set[str]) -> None:
        """Remove shard files no kept generation names (and old temp files)."""
        try:
            names = os.listdir(self.shards)
        except OSError:
            return
        now = time.time()
        for name in names:
            if name in keep:
                continue
            p = self.shards / name
            try:
                if name.startswith(".") and now - p.stat().st_mtime <= 60:
                    continue  # a temp file being written right now
                p.unlink()
            except OSError:
                pass

    def remove_bodies(self, keys: set[str]) -> None:
        for k in keys:
            try:
                storage.body_file(self.bodies, k).unlink()
            except OSError:
                pass

    def remove_written_since(self, since_ns: int, keep_keys: set[str], keep_shards: set[str]) -> None:
        """A build that failed on a full disk: remove the bodies and shards it wrote
        (newer than `since_ns`, named by no catalogue on disk) — left there, they keep
        the disk full, and the settings file next to the store cannot be saved either."""
        files = [(p, p.name in keep_shards) for p in self.shards.glob("*")]
        files += [(p, p.name.removesuffix(".json") in keep_keys) for p in self.bodies.glob("*/*")]
        for p, kept in files:
            try:
                if not kept and p.stat().st_mtime_ns >= since_ns:
                    p.unlink()
            except OSError:
                pass

    def remove_leftovers(self) -> None:
        """Index files of the older store layout (passages-N.json, terms-N.json) and
        temp files a killed writer left behind (older than a minute)."""
        for p in self.root.glob("*-*.json"):
            what, _, gen = p.stem.rpartition("-")
            if what in ("passages", "terms") and gen.isdigit():
                try:
                    p.unlink()
                except OSError:
                    pass
        now = time.time()
        for p in list(self.root.glob(".*.tmp")) + list(self.bodies.glob("*/.*.tmp")):
            try:
                if now - p.stat().st_mtime > 60:
                    p.unlink()
            except OSError:
                pass

    def size(self) -> int:
        total = 0
        for dirpath, _, files in os.walk(self.root):
            for f in files:
                try:
                    total += os.path.getsize(os.path.join(dirpath, f))
                except OSError:
                    pass
        return total

    def quarantine(self, path: Path) -> Path | None:
        """Move a corrupt file aside (kept for inspection, never deleted)."""
        return storage.quarantine(path)


class MemoryBackend:
    """Everything in memory; reads fall through to a read-only store when given."""

    persistent = False

    def __init__(self, below: DiskBackend | None = None):
        self.below = below
        self.files: dict[str, dict[str, list[dict]]] = {}
        self.body_map: dict[str, dict] = {}
        self.shard_map: dict[str, dict] = {}
        self.root = below.root if below else Path("<memory>")
        self.lock_path: Path | None = None

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.json"

    def stamp(self) -> tuple[int, int] | None:
        return None

    def ensure(self) -> None:
        pass

    def reopen(self) -> None:
        pass

    def in_memory(self) -> MemoryBackend:
        return self

    def read(self, path: Path, *tables: str) -> dict[str, list[dict]] | None:
        if str(path) in self.files:
            data = self.files[str(path)]
            return {t: [dict(d) for d in data.get(t, [])] for t in tables}
        if self.below is not None:
            return self.below.read(path, *tables)
        return None

    def write(self, path: Path, tables: dict[str, list[dict]]) -> list[tuple[int, int]] | None:
        # Round-trip through TinyDB so memory and disk stores hold the same shape.
        from .tinydb_files import memory_tables

        mem = memory_tables({t: [dict(d) for d in docs] for t, docs in tables.items()})  # (a KeptRow parsed)
        self.files[str(path)] = {t: list(docs.values()) for t, docs in mem.items()}
        return None

    def has_body(self, key: str) -> bool:
        return key in self.body_map or (self.below is not None and self.below.has_body(key))

    def read_body(self, key: str) -> dict:
        if key in self.body_map:
            return self.body_map[key]
        if self.below is not None:
            return self.below.read_body(key)
        raise KeyError(key)

    def write_body(self, key: str, body: dict) -> None:
        self.body_map[key] = body

    def note_existing(self, key: str) -> None:
        pass

    def remove_bodies(self, keys: set[str]) -> None:
        for k in keys:
            self.body_map.pop(k, None)

    def mark_unsynced(self) -> None:
        pass

    def sync(self) -> None:
        pass

    def read_shard(self, name: str) -> dict:
        if name in self.shard_map:
            return self.shard_map[name]
        if self.below is not None:
            return self.below.read_shard(name)
        raise KeyError(name)

    def write_shard(self, what: str, data: dict) -> tuple[str, int]:
        name, raw = shard_bytes(what, data)
        self.shard_map[name] = storage.parse_shard(raw)
        return name, len(raw)

    def shard_size(self, name: str) -> int | None:
        if name in self.shard_map:
            return None  # nothing on disk to check
        return self.below.shard_size(name) if self.below is not None else None

    def quarantine_shard(self, name: str) -> None:
        if self.below is not None and name not in self.shard_map:
            self.below.quarantine_shard(name)

    def remove_shards(self, keep: set[str]) -> None:
        for name in list(self.shard_map):
            if name not in keep:
                del self.shard_map[name]

    def remove_leftovers(self) -> None:
        pass

    def size(self) -> int:
        return 0

    def quarantine(self, path: Path) -> Path | None:
        return None
