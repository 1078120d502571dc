"""Where the store's bytes live: the TinyDB catalogue, shards and body files.

* `AtomicJSONStorage` — a TinyDB storage using orjson that writes atomically
  (temp file in the same folder, fsync, rename): a reader or a crash only ever
  sees the old file or the new one.
* `DiskBackend` — a store folder: the TinyDB catalogue, the shards of the
  passage index and keyword candidates (`shards/`, named by content) and one
  small JSON file per speech body (`bodies/`, named by content hash); shards and
  bodies are immutable once written, written without fsync and synced once per
  build (`sync`) before the catalogue names them.
* `MemoryBackend` — the same in memory, for a store location that cannot be
  written (optionally reading an existing read-only store underneath).
"""

from __future__ import annotations

import gc
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import MemoryStorage, Storage


class StoreCorrupt(Exception):
    """A store file exists but cannot be parsed."""


class BodyDamaged(KeyError):
    """A body file exists but cannot be read or parsed (it was moved aside)."""


def check_body(body: object) -> None:
    """Raise ValueError unless `body` has the shape `corpus.ingest` gives a body
    (so a damaged file is never handed to the reader as a speech)."""
    if not isinstance(body, dict):
        raise ValueError("not an object")
    sections, paragraphs = body.get("sections"), body.get("paragraphs")
    if not isinstance(body.get("title"), str) or not isinstance(sections, list) or not sections or not isinstance(paragraphs, list):
        raise ValueError("title, sections or paragraphs missing")
    n = len(sections)
    for sec in sections:
        if not (isinstance(sec, list) and len(sec) == 3 and (sec[0] is None or isinstance(sec[0], str))
                and isinstance(sec[1], int) and (sec[2] is None or (isinstance(sec[2], int) and 0 <= sec[2] < n))):
            raise ValueError("bad section")
    for para in paragraphs:
        if not (isinstance(para, list) and len(para) == 3 and isinstance(para[0], str) and isinstance(para[1], int)
                and 0 <= para[1] < n and isinstance(para[2], list)):
            raise ValueError("bad paragraph")
        size = len(para[0])
        for span in para[2]:
            if not (isinstance(span, list) and len(span) == 2 and isinstance(span[0], int) and isinstance(span[1], int)
                    and 0 <= span[0] <= span[1] <= size):
                raise ValueError("bad sentence span")


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Parsing a catalogue makes hundreds of thousands of small lists and dicts; the
    cyclic collector would run dozens of times over them for nothing (3–4× the parse).

    freeze: move everything allocated so far out of the collector's sight
    (`gc.freeze`), so later collections do not walk the catalogue again and again.
    Frozen objects are still freed when nothing refers to them any more (the
    catalogue holds no reference cycles)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was:
            gc.enable()


def load_json(raw: bytes):
    with gc_paused():
        return orjson.loads(raw)


def atomic_write(path: Path, data: bytes, sync: bool = True) -> None:
    """Write a file so that a reader or a crash sees the old content or the new one.
    sync=False leaves the flush to the disk to a later `os.sync()` (a build writes
    thousands of body files and syncs once, before its catalogue names them)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class AtomicJSONStorage(Storage):
    """TinyDB storage: orjson, atomic writes, corruption reported as StoreCorrupt."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:  # a folder in its place, no permission, an I/O error
            raise StoreCorrupt(f"{self.path.name} cannot be read ({e.strerror or e})") from None
        if not raw:
            raise StoreCorrupt(f"{self.path.name} is empty")
        try:
            data = load_json(raw)
        except orjson.JSONDecodeError as e:
            raise StoreCorrupt(f"{self.path.name}: {e}") from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise StoreCorrupt(f"{self.path.name} is not a TinyDB document")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, orjson.dumps(data))

    def close(self) -> None:
        pass


class _BigCache(CachingMiddleware):
    # Write once, on close: a build is one transaction.
    WRITE_CACHE_SIZE = 1 << 30


def open_db(path: Path) -> TinyDB:
    """Open a TinyDB file for reading (cached in memory after the first read)."""
    db = TinyDB(str(path), storage=_BigCache(AtomicJSONStorage))
    db.storage.read()  # parse now, so corruption shows up here
    return db


def read_tables(path: Path, *names: str) -> dict[str, list[dict]]:
    """The documents of these tables (plain dicts, in insertion order), read through
    the TinyDB storage without wrapping each in a Document (10 000 rows: 4× faster)."""
    data = AtomicJSONStorage(path).read() or {}
    out: dict[str, list[dict]] = {}
    for n in names:
        docs = list(data.get(n, {}).values())
        if not all(isinstance(d, dict) for d in docs):
            raise StoreCorrupt(f"{Path(path).name}: a document of table {n!r} is not an object")
        out[n] = docs
    return out


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


def shard_name(what: str, raw: bytes) -> str:
    return f"{what}-{hashlib.sha1(raw).hexdigest()[:20]}.json"


def write_body_file(bodies: Path, key: str, body: dict) -> None:
    """Write a body file (content-addressed: an existing one is kept). Not synced."""
    p = Path(bodies) / key[:2] / f"{key}.json"
    if p.exists():
        return
    p.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(p, orjson.dumps(body), sync=False)


class DiskBackend:
    kind = "disk"

    def __init__(self, root: Path):
        self.root = Path(root)
        self.bodies = self.root / "bodies"
        self.shards = self.root / "shards"
        self.lock_path = self.root / "lock"
        self.unsynced = False

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.json"

    def ensure(self) -> None:
        self.bodies.mkdir(parents=True, exist_ok=True)
        probe = self.root / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()

    def read(self, path: Path, *tables: str) -> dict[str, list[dict]] | None:
        if not path.exists():
            return None
        return read_tables(path, *tables)

    def write(self, path: Path, tables: dict[str, list[dict]]) -> None:
        write_tables(path, tables)

    def body_path(self, key: str) -> Path:
        return self.bodies / key[:2] / f"{key}.json"

    def has_body(self, key: str) -> bool:
        return self.body_path(key).exists()

    def read_body(self, key: str) -> dict:
        """A stored body. KeyError if there is none; BodyDamaged (a KeyError) if the
        file is unreadable or not a body: it is then moved aside, so that
        `write_body` can put a good one in its place."""
        path = self.body_path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None
        except OSError as e:
            self.quarantine(path)
            raise BodyDamaged(key, e.strerror or str(e)) from None
        try:
            body = orjson.loads(raw)
            check_body(body)
        except (orjson.JSONDecodeError, ValueError) as e:
            self.quarantine(path)
            raise BodyDamaged(key, str(e)) from None
        return body

    def write_body(self, key: str, body: dict) -> None:
        write_body_file(self.bodies, key, body)
        self.unsynced = True

    def sync(self) -> None:
        """Flush the files written without fsync (bodies, shards) before a catalogue
        names them."""
        if self.unsynced:
            os.sync()
            self.unsynced = False

    # Shards: the passage index and keyword candidates, split in SHARDS files each,
    # named by their content (immutable; a build rewrites only the shards it changed).

    def shard_path(self, name: str) -> Path:
        return self.shards / name

    def read_shard(self, name: str) -> dict:
        """KeyError if missing; StoreCorrupt if unreadable (it is moved aside)."""
        path = self.shard_path(name)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeyError(name) from None
        except OSError as e:
            self.quarantine(path)
            raise StoreCorrupt(f"{name} cannot be read ({e.strerror or e})") from None
        try:
            data = load_json(raw)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except (orjson.JSONDecodeError, ValueError) as e:
            self.quarantine(path)
            raise StoreCorrupt(f"{name}: {e}") from None
        return data

    def write_shard(self, what: str, data: dict) -> tuple[str, int]:
        raw = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        name = shard_name(what, raw)
        path = self.shard_path(name)
        if not path.exists():
            self.shards.mkdir(parents=True, exist_ok=True)
            atomic_write(path, raw, sync=False)
            self.unsynced = True
        return name, len(raw)

    def quarantine_shard(self, name: str) -> None:
        self.quarantine(self.shard_path(name))

    def shard_size(self, name: str) -> int | None:
        try:
            return self.shard_path(name).stat().st_size
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
                self.body_path(k).unlink()
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
        dest = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, dest)
            return dest
        except OSError:
            return None


class MemoryBackend:
    """Everything in memory; reads fall through to a read-only store when given."""

    kind = "memory"

    def __init__(self, below: DiskBackend | None = None):
        self.below = below
        self.files: dict[str, dict[str, list[dict]]] = {}
        self.body_map: dict[str, dict] = {}
        self.shard_map: dict[str, dict] = {}
        self.root = below.root if below else Path("<memory>")
        self.lock_path = None

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.json"

    def ensure(self) -> None:
        pass

    def read(self, path: Path, *tables: str) -> dict[str, list[dict]] | None:
        if str(path) in self.files:
            data = self.files[str(path)]
            return {t: [dict(d) for d in data.get(t, [])] for t in tables}
        if self.below is not None:
            return self.below.read(path, *tables)
        return None

    def write(self, path: Path, tables: dict[str, list[dict]]) -> None:
        # Round-trip through TinyDB so memory and disk stores hold the same shape.
        mem = memory_tables(tables)
        self.files[str(path)] = {t: list(docs.values()) for t, docs in mem.items()}

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

    def remove_bodies(self, keys: set[str]) -> None:
        for k in keys:
            self.body_map.pop(k, None)

    def sync(self) -> None:
        pass

    def read_shard(self, name: str) -> dict:
        if name in self.shard_map:
            return self.shard_map[name]
        if self.below is not None:
            return self.below.read_shard(name)
        raise KeyError(name)

    def write_shard(self, what: str, data: dict) -> tuple[str, int]:
        raw = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        name = shard_name(what, raw)
        self.shard_map[name] = orjson.loads(raw)
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
