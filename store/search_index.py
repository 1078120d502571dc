"""The search index: which speeches may hold a piece of text, without reading them.

Chosen by measurement (10 000 generated speeches, 50 M characters, this 2-core
machine): a linear scan of the folded text is 100–270 ms per query (CPython
`str.find`/`bytes.count` at 0.4–1 GB/s), and a copy of the text would take the
store past 1.5× the corpus on disk (the bodies alone are 1.36×). So the index
holds no text: per speech, a signature of the characters and character pairs
(bigrams) of its folded text, hashed into BUCKETS buckets, stored bit-sliced
(per bucket, one bit per speech). A query's terms give a few buckets; AND-ing
their bit rows gives the candidate speeches in microseconds, and only those
bodies are read and matched. ~10 MB at 10 000 speeches.

Layout: `<store>/search/` holds SHARDS content-named files `sig-<sha1>.bin`
(speeches split by a hash of their body key, as store.shards does) and
`manifest.json` ([name, size, digest of the shard's keys] per shard, and the
catalogue generation it matches). `sync` (after every build) rewrites only the
shards whose keys changed; when the generation matches it only reads the
manifest. A shard that is missing or stale at search time is simply not used to
filter: its speeches are all candidates (slower, never wrong).

Measured at 10 000 generated speeches (load avg 6–12 on 2 cores): 11 MB on disk
(store 1.36× → 1.44× the corpus), 20 MB resident, a rare query 7–18 ms, the
first screen of 发展 25 ms (a second query); but a query whose pairs are common
reads every candidate body: counting all 149 955 hits of 发展 takes 6–13 s
(grep -rc: 0.4–1 s). Positions (a compact folded text, or a positional n-gram
index) would fix that at ~100 MB on disk: the next step.
"""

from __future__ import annotations

import hashlib
import os
import struct
import time
import zlib
from collections import deque
from itertools import repeat
from operator import and_ as _and, mod as _mod
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import orjson

from jianghua.corpus.query import fold_text, needs_fold

from .shards import SHARDS, shard_of
from .backends import DiskBackend
from .storage import atomic_write

if TYPE_CHECKING:
    from .catalog import Catalog


class StoreLike(Protocol):
    """What the search index needs of the store facade (which it must not import)."""

    catalog: Catalog
    store_dir: Path | None
    generation: int
    messages: list[str]

    def built(self) -> bool: ...

    def body(self, speech_id: str) -> dict: ...


BUCKETS = 8192
_MASK = BUCKETS - 1
_PRIME = 8191  # a pair (two UTF-16 units as one 32-bit int) goes to bucket pair % 8191
VERSION = 2
_MAGIC = b"JHSIX2"
GC_AGE = 600  # seconds: an unnamed file younger than this may belong to a build under way


def buckets_of(folded: str) -> set[int]:
    """The buckets of a folded text: its characters and its character pairs."""
    if not folded:
        return set()
    return buckets_of_units(folded.encode("utf-16-le", "surrogatepass"))


def buckets_of_units(b: bytes) -> set[int]:
    """buckets_of for text already encoded in UTF-16-LE. (Built with C-level
    map/set calls: this runs over every speech at build time.)"""
    n = len(b)
    if n < 2:
        return set()
    mv = memoryview(b)
    out = set(map(_and, set(mv[: n // 2 * 2].cast("H")), repeat(_MASK)))
    pairs = set(mv[: n // 4 * 4].cast("I"))
    if n > 4:
        pairs.update(mv[2 : 2 + (n - 2) // 4 * 4].cast("I"))
    out.update(map(_mod, pairs, repeat(_PRIME)))
    return out


def term_buckets(term: str) -> set[int]:
    """Buckets every text holding `term` (folded) has."""
    return buckets_of(term)


def _line(text: object) -> str:
    """One line of the index text: a line break never ends up inside (same length)."""
    if not isinstance(text, str):
        return ""
    return text.replace("\n", " ").replace("\r", " ") if ("\n" in text or "\r" in text) else text


def _fold_lines(lines: list[str]) -> tuple[str, bool]:
    """The lines folded, each followed by a newline, and whether folding changed anything."""
    raw = "\n".join(lines) + "\n"
    if not needs_fold(raw):
        return raw, False
    folded = fold_text(raw)
    if len(folded) != len(raw) or folded.count("\n") != len(lines):  # (folding keeps lengths; never trust it blindly)
        folded = "".join(fold_text(x) + "\n" if len(fold_text(x)) == len(x) else x + "\n" for x in lines)
    return folded, True


def speech_lines(body: dict) -> tuple[list[str], list[str]]:
    """(head lines, paragraph lines) of a body: the title and one line per section
    heading ("" for a section without one), then the paragraph texts."""
    head = [_line(body.get("title"))] + [_line(sec[0]) if isinstance(sec, list) and sec else "" for sec in body.get("sections", ())]
    paras = [_line(p[0]) if isinstance(p, list) and p else "" for p in body.get("paragraphs", ())]
    return head, paras


def speech_text(body: dict) -> tuple[str, bool]:
    """A body's paragraphs as one folded text (paragraphs end with a newline), and
    whether folding changed it."""
    return _fold_lines(speech_lines(body)[1])


def _digest(keys: list[str]) -> str:
    return hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def _pack(keys: list[str], sets: list[set[int]], folds: list[int], offs: list[int], heads: list[int],
          crcs: list[int], text: bytes) -> bytes:
    """Bit rows: row b holds bit j when speech j has bucket b (little-endian, w bytes).
    Transposed with C-level calls only: per speech a byte per bucket (mapped
    setitem), eight speeches OR-ed as big ints, each group written with a strided
    slice (row b, byte g). Then the folded text (UTF-16-LE) of every speech."""
    w = (len(keys) + 7) // 8
    bits = bytearray(w * BUCKETS)
    for g in range(w):
        acc = 0
        for j in range(8 * g, min(8 * g + 8, len(keys))):
            v = bytearray(BUCKETS)
            deque(map(v.__setitem__, sets[j], repeat(1 << (j & 7))), maxlen=0)
            acc |= int.from_bytes(v, "little")
        bits[g::w] = acc.to_bytes(BUCKETS, "little")
    head = orjson.dumps({"v": VERSION, "keys": keys, "fold": folds, "offs": offs, "heads": heads, "crc": crcs,
                         "tcrc": zlib.crc32(text)})
    return b"".join([_MAGIC, struct.pack("<I", len(head)), head, bytes(bits), text])


class Shard:
    """One signature shard: its header and bit rows in memory; its text stays on
    disk (read with os.pread when a search needs it)."""

    __slots__ = ("keys", "pos", "fold", "bits", "w", "offs", "heads", "crcs", "tcrc", "path", "base", "checked")

    def __init__(self, path: Path, size: int):
        with open(path, "rb") as fh:
            first = fh.read(10)
            if len(first) < 10 or first[:6] != _MAGIC:
                raise ValueError("not a search index shard")
            (hl,) = struct.unpack_from("<I", first, 6)
            if hl > size:
                raise ValueError("truncated")
            head = orjson.loads(fh.read(hl))
            if not isinstance(head, dict) or head.get("v") != VERSION:
                raise ValueError("another version")
            self.keys: list[str] = head["keys"]
            n = len(self.keys)
            self.offs: list[int] = head["offs"]
            self.heads: list[int] = head["heads"]
            self.crcs: list[int] = head["crc"]
            self.tcrc: int = head["tcrc"]
            if len(self.offs) != n + 1 or len(self.heads) != n or len(self.crcs) != n or any(not isinstance(k, str) for k in self.keys):
                raise ValueError("a header of the wrong shape")
            self.w = (n + 7) // 8
            self.bits = fh.read(self.w * BUCKETS)
            if len(self.bits) != self.w * BUCKETS:
                raise ValueError("truncated")
        self.pos = {k: j for j, k in enumerate(self.keys)}
        self.fold = set(head.get("fold", ()))
        self.path = path
        self.base = 10 + hl + self.w * BUCKETS
        self.checked = False  # the whole text checked against its checksum (once per process)
        if self.base + 2 * self.offs[-1] != size:
            raise ValueError("not the size its header says")

    def candidates(self, bs: set[int]) -> int:
        """A bitmap (int) of this shard's speeches having every bucket in bs."""
        w = self.w
        acc = (1 << len(self.keys)) - 1
        for b in bs:
            acc &= int.from_bytes(self.bits[b * w : (b + 1) * w], "little")
            if not acc:
                break
        return acc

    def read_text(self, buf: bytearray | None = None) -> memoryview:
        """The whole text of the shard (UTF-16-LE), checked against its checksum the
        first time. ValueError when it is damaged; OSError when it cannot be read."""
        n = 2 * self.offs[-1]
        if buf is None or len(buf) < n:
            buf = bytearray(max(n, 1))
        mv = memoryview(buf)[:n]
        fd = os.open(self.path, os.O_RDONLY)
        try:
            got = os.preadv(fd, [mv], self.base) if n else 0
        finally:
            os.close(fd)
        if got != n:
            raise ValueError("truncated")
        if not self.checked:
            if zlib.crc32(mv) != self.tcrc:
                raise ValueError("its text does not match its checksum")
            self.checked = True
        return mv

    def read_speech(self, j: int, fd: int | None = None) -> bytes:
        """The text of speech j (UTF-16-LE), checked. ValueError when damaged."""
        a, b = 2 * self.offs[j], 2 * self.offs[j + 1]
        own = fd is None
        if own:
            fd = os.open(self.path, os.O_RDONLY)
        try:
            data = os.pread(fd, b - a, self.base + a)
        finally:
            if own:
                os.close(fd)
        if len(data) != b - a or zlib.crc32(data) != self.crcs[j]:
            raise ValueError("its text does not match its checksum")
        return data


def index_dir(store: StoreLike) -> Path | None:
    return store.store_dir / "search" if store.store_dir is not None else None


def _read_manifest(d: Path) -> dict | None:
    try:
        m = orjson.loads((d / "manifest.json").read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(m, dict) or m.get("v") != VERSION or not isinstance(m.get("shards"), list) or len(m["shards"]) != SHARDS:
        return None
    return m


def _live(store: StoreLike) -> list[list[str]]:
    by_shard: list[set[str]] = [set() for _ in range(SHARDS)]
    for r in store.catalog.rows.values():
        by_shard[shard_of(r["key"])].add(r["key"])
    return [sorted(s) for s in by_shard]


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
        store.messages.append(f"The search index could not be written ({e.strerror or e}); searches read the speeches instead.")
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
    m = _read_manifest(d)
    gen = store.generation
    if m is not None and m.get("gen") == gen and m.get("catalog") == store.catalog.meta.get("built_at") and _files_ok(d, m):
        return 0
    old = m["shards"] if m else [None] * SHARDS
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
    for i, data in _build_many(store, [live[i] for i in todo], todo):
        name = f"idx-{hashlib.sha1(data).hexdigest()[:20]}.bin"
        p = d / name
        if not p.exists():
            atomic_write(p, data, sync=False)
        entries[i] = [name, len(data), _digest(live[i])]
    written = len(todo)
    atomic_write(d / "manifest.json", orjson.dumps({"v": VERSION, "gen": gen, "catalog": store.catalog.meta.get("built_at"), "shards": entries}))
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


def _build_many(store: StoreLike, key_lists: list[list[str]], ids: list[int]):
    """(shard id, packed shard) for each list of keys; a first build uses a small
    process pool (spawned: the browser's process has threads), falling back to
    this process if the pool cannot start."""
    if len(ids) >= PARALLEL_FROM and store.catalog.backend.persistent and (os.cpu_count() or 1) > 1:
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            root = str(store.catalog.backend.root)
            from .workers import this_builder, worker_start

            with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1), mp_context=multiprocessing.get_context("spawn"),
                                     initializer=worker_start, initargs=this_builder()) as pool:
                yield from zip(ids, pool.map(_shard_at, [root] * len(ids), key_lists))
            return
        except (OSError, RuntimeError, ImportError):  # (BrokenProcessPool is a RuntimeError)
            pass
    for i, keys in zip(ids, key_lists):
        yield i, build_shard(store, keys)


def _shard_at(root: str, keys: list[str]) -> bytes:
    """build_shard in a worker process: the bodies read straight from the store folder."""
    return _pack_bodies(DiskBackend(Path(root)), keys)


def build_shard(store: StoreLike, keys: list[str]) -> bytes:
    return _pack_bodies(store.catalog.backend, keys)


def _pack_bodies(backend, keys: list[str]) -> bytes:
    sets: list[set[int]] = []
    folds: list[int] = []
    offs: list[int] = []
    heads: list[int] = []
    crcs: list[int] = []
    parts: list[bytes] = []
    pos = 0
    for j, k in enumerate(keys):
        try:
            body = backend.read_body(k)
        except KeyError:
            body = {"paragraphs": []}
        head, paras = speech_lines(body)
        htext, hf = _fold_lines(head)
        ptext, pf = _fold_lines(paras) if paras else ("", False)
        if hf or pf:
            folds.append(j)
        hb = htext.encode("utf-16-le", "surrogatepass")
        pb = ptext.encode("utf-16-le", "surrogatepass")
        both = hb + pb
        sets.append(buckets_of_units(both))
        offs.append(pos)
        heads.append(pos + len(hb) // 2)
        crcs.append(zlib.crc32(both))
        parts.append(both)
        pos += len(both) // 2
    offs.append(pos)
    return _pack(keys, sets, folds, offs, heads, crcs, b"".join(parts))


class Signatures:
    """The loaded index of one catalogue generation: headers and bit rows of every
    shard (~10 MB at 10 000 speeches); the texts stay on disk."""

    def __init__(self, store: StoreLike):
        self.gen = store.generation
        self.catalog = store.catalog.meta.get("built_at")
        self.shards: list[Shard | None] = [None] * SHARDS
        self.damaged: list[str] = []  # names of shard files found damaged (moved aside)
        self.messages = store.messages
        d = index_dir(store)
        m = _read_manifest(d) if d is not None else None
        if m is None:
            return
        live = _live(store)
        for i, e in enumerate(m["shards"]):
            if not (isinstance(e, list) and len(e) == 3 and isinstance(e[0], str) and isinstance(e[1], int)) or e[2] != _digest(live[i]):
                continue
            try:
                self.shards[i] = Shard(d / e[0], e[1])  # type: ignore[operator]
            except FileNotFoundError:
                self.shards[i] = None
            except (OSError, ValueError, KeyError, TypeError, struct.error, orjson.JSONDecodeError):
                self.drop(i)
        self.loc = {k: (i, j) for i, sh in enumerate(self.shards) if sh is not None for j, k in enumerate(sh.keys)}

    def bitmaps(self, bs: set[int]) -> list[int | None]:
        """Per shard, the bitmap of its speeches having every bucket in bs (None for a
        shard the index lacks: any of its speeches may)."""
        return [None if sh is None else sh.candidates(bs) for sh in self.shards]

    def drop(self, i: int) -> None:
        """Shard i is damaged: move it aside (the next update writes it again) and
        search its speeches the slow way, with a message."""
        sh = self.shards[i]
        self.shards[i] = None
        d = None
        if sh is not None:
            d = sh.path
        if d is not None:
            from .storage import quarantine

            quarantine(d)
            self.damaged.append(d.name)
        from jianghua.i18n import _

        self.messages.append(_("A part of the search index is damaged; searches read the speeches instead until the next update writes it again."))

    def current(self, store: StoreLike) -> bool:
        return self.gen == store.generation and self.catalog == store.catalog.meta.get("built_at")

    def candidate_keys(self, bs: set[int]) -> tuple[set[str], set[int]]:
        """Body keys that may hold text with every bucket in bs, and the shards that
        could not tell (all their speeches are candidates)."""
        out: set[str] = set()
        unknown: set[int] = set()
        for i, sh in enumerate(self.shards):
            if sh is None:
                unknown.add(i)
                continue
            acc = sh.candidates(bs)
            if acc:
                keys = sh.keys
                out.update(keys[j] for j in bit_indexes(acc))
        return out, unknown

    def folded(self, key: str) -> bool | None:
        """Does this body's text need folding? None when the index does not know."""
        sh = self.shards[shard_of(key)]
        if sh is None or key not in sh.pos:
            return None
        return sh.pos[key] in sh.fold

    def where(self, key: str) -> tuple[int, Shard, int] | None:
        """(shard id, shard, position) of a body's text in the index, None if it has none."""
        loc = self.loc.get(key)
        if loc is None:
            return None
        sh = self.shards[loc[0]]
        return None if sh is None else (loc[0], sh, loc[1])


def bit_indexes(acc: int) -> list[int]:
    """The indexes of the set bits of acc."""
    bits = bin(acc)[:1:-1]  # bit j at index j
    out = []
    j = bits.find("1")
    while j >= 0:
        out.append(j)
        j = bits.find("1", j + 1)
    return out
