"""The store's files: the TinyDB catalogue, shard files and body files.

* `atomic_write` — temp file in the same folder, (fsync,) rename: a reader or a
  crash only ever sees the old file or the new one. Every store file is written
  through it.
* catalog.json is a plain TinyDB JSON file: `TinyDB(path)` opens it and
  `db.table("speeches").search(Query().year == 2023)` queries it. Reading
  (`read_tables`) and writing (`write_tables`: the bytes TinyDB writes) it here
  needs no TinyDB import; `AtomicJSONStorage` (in `tinydb_files`) is the TinyDB
  storage for the same files (orjson, atomic writes). It is put together row by
  row (`catalog_bytes`), so that a row carried over unparsed (`KeptRow`) is
  copied as the bytes it was read from.
* body files (one per speech body, named by content hash) and shard files (named
  by content): immutable once written, written without fsync and synced once per
  build before the catalogue names them.

Where these files live (a folder, or memory) is `backends`.
"""

from __future__ import annotations

import gc
import hashlib
import os
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from jianghua.i18n import _, os_error


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


def read_document(path: Path) -> dict[str, dict[str, Any]] | None:
    """A TinyDB JSON file's document (table → {doc id → document}); None if there is
    none. What `AtomicJSONStorage.read` returns, without importing TinyDB (a browser
    opening a current store only reads)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    # (the reasons are shown to the user in the "index was damaged" notice: their words,
    # not the JSON decoder's "str is not valid UTF-8: surrogates not allowed: line 1 …")
    except OSError as e:  # a folder in its place, no permission, an I/O error
        raise StoreCorrupt(_("{file} cannot be read ({why})").format(file=path.name, why=os_error(e))) from None
    if not raw:
        raise StoreCorrupt(_("{file} is empty").format(file=path.name))
    try:
        data = load_json(raw)
    except orjson.JSONDecodeError:
        raise StoreCorrupt(_("{file} is cut short or garbled").format(file=path.name)) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreCorrupt(_("{file} is cut short or garbled").format(file=path.name))
    return data


def read_tables(path: Path, *names: str) -> dict[str, list[dict]]:
    """The documents of these tables (plain dicts, in insertion order), read from the
    TinyDB file without wrapping each in a Document (10 000 rows: 4× faster)."""
    data = read_document(path) or {}
    out: dict[str, list[dict]] = {}
    for n in names:
        docs = list(data.get(n, {}).values())
        if not all(isinstance(d, dict) for d in docs):
            raise StoreCorrupt(f"{Path(path).name}: a document of table {n!r} is not an object")
        out[n] = docs
    return out


def write_tables(path: Path, tables: dict[str, list[dict]]) -> list[tuple[int, int]]:
    """Replace a TinyDB JSON file with these tables, atomically (and synced).
    Returns where each speech row lies in it (`catalog_bytes`)."""
    data, spans = catalog_bytes(tables)
    atomic_write(path, data)
    return spans


def catalog_bytes(tables: dict[str, list[dict]], spans_of: str = "speeches") -> tuple[bytes, list[tuple[int, int]]]:
    """The content of a TinyDB JSON file holding these tables (documents numbered
    from 1, empty tables left out: the very bytes TinyDB writes, without making a
    TinyDB Document of each row — 10 000 rows: ~0.2 s), put together document by
    document, and the (offset, length) of each document of table `spans_of` (the
    catalogue's speeches) in it. A `KeptRow` not changed since it was read is copied
    as the bytes it was read from: one changed speech in 10 000 serialises one row
    (tests/store/test_catalog_splice.py and test_statfile.py compare the result with
    the whole file serialised at once and with TinyDB's, tests/store/tinydb_reference.py)."""
    parts: list = [b"{"]
    at = 1
    spans: list[tuple[int, int]] = []
    first = True
    for name, docs in tables.items():
        if not docs:
            continue
        head = (b"" if first else b",") + orjson.dumps(name) + b":{"
        first = False
        parts.append(head)
        at += len(head)
        for i, d in enumerate(docs, 1):
            raw = d.raw if type(d) is KeptRow and d.raw is not None else orjson.dumps(d)
            key = b'"%d":' % i if i == 1 else b',"%d":' % i
            at += len(key)
            if name == spans_of:
                spans.append((at, len(raw)))
            at += len(raw)
            parts.append(key)
            parts.append(raw)
        parts.append(b"}")
        at += 1
    parts.append(b"}")
    return b"".join(parts), spans


class KeptRow(dict):
    """A catalogue row carried into the next catalogue without being parsed: it holds
    what a build reads of an unchanged speech (id, source, key, size, mtime_ns) and
    `raw`, its bytes in catalog.json, which the next catalog.json copies as they are.
    Any other use parses those bytes into the row first (in place); a change to it
    drops them (the row is then written anew). What is never read is never parsed:
    one changed file in 10 000 parses one row, not 10 000."""

    __slots__ = ("raw", "parsed")

    def __init__(self, fields: dict, raw) -> None:
        dict.__init__(self, fields)
        self.raw = raw  # (bytes or a memoryview of the catalogue's)
        self.parsed = False

    def whole(self) -> KeptRow:
        """The row with every field (parsed from its bytes on first use)."""
        if not self.parsed:
            self.parsed = True
            full = orjson.loads(self.raw)
            if not isinstance(full, dict):
                raise StoreCorrupt("catalog.json: a speech row is not an object")
            dict.clear(self)
            dict.update(self, full)
        return self

    def _changed(self) -> KeptRow:
        self.whole().raw = None
        return self

    def __missing__(self, key):
        if self.parsed:
            raise KeyError(key)
        return self.whole()[key]

    def get(self, key, default=None):
        if not self.parsed and not dict.__contains__(self, key):
            self.whole()
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        if not self.parsed and not dict.__contains__(self, key):
            self.whole()
        return dict.__contains__(self, key)

    def __iter__(self):
        return dict.__iter__(self.whole())

    def __len__(self) -> int:
        return dict.__len__(self.whole())

    def __bool__(self) -> bool:  # (`if row:` needs no parse: a row is never empty)
        return True

    def __eq__(self, other) -> bool:
        if isinstance(other, KeptRow):
            other.whole()
        return dict.__eq__(self.whole(), other)

    def __ne__(self, other) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return dict.__repr__(self.whole())

    def __reduce__(self):
        return (dict, (dict(self.whole().items()),))

    def keys(self):
        return dict.keys(self.whole())

    def values(self):
        return dict.values(self.whole())

    def items(self):
        return dict.items(self.whole())

    def copy(self) -> dict:
        return dict(self.whole().items())

    def __setitem__(self, key, value) -> None:
        if dict.__contains__(self.whole(), key) and orjson.dumps(dict.__getitem__(self, key)) == orjson.dumps(value):
            dict.__setitem__(self, key, value)  # (the same value: its bytes stand; a small corpus ranks every row's keywords again)
            return
        dict.__setitem__(self._changed(), key, value)

    def __delitem__(self, key) -> None:
        dict.__delitem__(self._changed(), key)

    def setdefault(self, key, default=None):
        return dict.setdefault(self._changed(), key, default)

    def pop(self, key, *default):
        return dict.pop(self._changed(), key, *default)

    def popitem(self):
        return dict.popitem(self._changed())

    def update(self, *args, **kwargs) -> None:
        dict.update(self._changed(), *args, **kwargs)

    def clear(self) -> None:
        dict.clear(self._changed())


def read_stamped(path: Path) -> tuple[bytes, tuple[int, int]]:
    """A file's bytes and the (mtime, size) of the very file read (OSError)."""
    with open(path, "rb") as fh:
        raw = fh.read()
        st = os.fstat(fh.fileno())
    return raw, (st.st_mtime_ns, st.st_size)


def body_file(bodies: Path, key: str) -> Path:
    return Path(bodies) / key[:2] / f"{key}.json"


BODY_LEVEL = 6  # zlib level of body files: 0.42 of the JSON (level 1: 0.44, at 60 % of the time)


def body_bytes(body: dict) -> bytes:
    """A body file's content: its JSON, compressed with zlib (a body is mostly text,
    whose searchable copy lives in the search index; compressed, the two together
    take less disk than the JSON alone did)."""
    return zlib.compress(orjson.dumps(body), BODY_LEVEL)


def parse_body(raw: bytes) -> dict:
    """A body from a body file's bytes (zlib-compressed JSON, or plain JSON as older
    stores wrote). ValueError when it is not a body."""
    body = orjson.loads(_inflated(raw, "body"))
    check_body(body)
    return body


def write_body_file(bodies: Path, key: str, body: dict) -> None:
    """Write a body file (content-addressed: an existing one is kept). Not synced."""
    p = body_file(bodies, key)
    if p.exists():
        return
    p.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(p, body_bytes(body), sync=False)


def read_body_file(bodies: Path, key: str) -> dict:
    """A body file. KeyError if there is none; BodyDamaged (a KeyError) if it is
    unreadable or not a body: it is then moved aside, so that a good one can be
    written in its place."""
    def damaged(why: str) -> BodyDamaged:
        return BodyDamaged(key, why)

    return _read_or_move_aside(body_file(bodies, key), key, parse_body, damaged, damaged)


# zlib level of shard files: a fifth of their JSON (52 → 12 MB at 10 000 speeches; level 6: a sixth, 9 MB, at 2.5×
# the time — a build of one changed file rewrites about five shards of up to 700 KB of JSON: 0.04 s less CPU)
SHARD_LEVEL = 1


def shard_bytes(what: str, data: dict) -> tuple[str, bytes]:
    """The name and content of a shard file holding `data` (same content, same name):
    its JSON compressed with zlib, named by the JSON's hash and the compression level —
    the same content compressed otherwise (by an older jianghua, at level 6, named without
    a level) is another file, so a catalogue's size for a name is always that file's."""
    raw = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    return f"{what}-{hashlib.sha1(raw).hexdigest()[:20]}-z{SHARD_LEVEL}.json", zlib.compress(raw, SHARD_LEVEL)


def parse_shard(raw: bytes):
    """A shard file's content (zlib-compressed JSON, or plain JSON as older stores
    wrote it). ValueError (orjson.JSONDecodeError is one) when it is neither."""
    return load_json(_inflated(raw, "shard"))


def _inflated(raw: bytes, what: str) -> bytes:
    """The JSON of a body or shard file: zlib-compressed, or plain (it opens with
    `{`) as older stores wrote it; ValueError when it is neither."""
    if raw[:1] == b"{":
        return raw
    try:
        return zlib.decompress(raw)
    except zlib.error as e:
        raise ValueError(f"not a compressed {what} ({e})") from None


def write_shard_file(shards: Path, name: str, raw: bytes) -> bool:
    """Write a shard file unless it is there (it is named by its content and its
    compression level). Not synced. True if it was written."""
    path = Path(shards) / name
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, raw, sync=False)
    return True


def read_shard_file(shards: Path, name: str) -> dict:
    """KeyError if missing; StoreCorrupt if unreadable (it is moved aside)."""
    def parse(raw: bytes) -> dict:
        data = parse_shard(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data

    return _read_or_move_aside(Path(shards) / name, name, parse,
                               lambda why: StoreCorrupt(f"{name} cannot be read ({why})"),
                               lambda why: StoreCorrupt(f"{name}: {why}"))


def _read_or_move_aside(path: Path, key: str, parse, unreadable, invalid):
    """`parse` of a store file's bytes: KeyError(key) if there is none; a file that
    cannot be read or parsed is moved aside (`quarantine`) and `unreadable(why)` or
    `invalid(why)` is raised — one rule for bodies and shards."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyError(key) from None
    except OSError as e:
        quarantine(path)
        raise unreadable(e.strerror or str(e)) from None
    try:
        return parse(raw)
    except (orjson.JSONDecodeError, ValueError) as e:
        quarantine(path)
        raise invalid(str(e)) from None


def quarantine(path: Path) -> Path | None:
    """Move a corrupt file aside (kept for inspection, never deleted)."""
    dest = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, dest)
        return dest
    except OSError:
        return None
