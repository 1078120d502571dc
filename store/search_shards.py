"""The search index as a search reads it: one `Shard` per file (its header and bit
rows in memory, its text on disk, read with os.pread when needed) and `Signatures`,
the loaded shards of one catalogue generation. The format is store.search_index;
the writing store.search_sync and store.search_pack."""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from .search_index import VERSION, _digest, _live, _read_manifest, bit_rows, index_dir, read_head, sections
from .search_pairs import read_pairs
from .shards import SHARDS, shard_of

if TYPE_CHECKING:
    from .search_index import StoreLike


class Shard:
    """One signature shard: its header and bit rows in memory; its text stays on
    disk (read with os.pread when a search needs it)."""

    __slots__ = ("keys", "pos", "fold", "bits", "w", "offs", "heads", "crcs", "tcrc", "path", "base", "checked", "pairs", "ptab")

    def __init__(self, path: Path, size: int):
        with open(path, "rb") as fh:
            head = read_head(fh, size)
            head_end = fh.tell()
            if head.get("v") != VERSION:
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
            stored, pz, dz = sections(head, n)  # (dz: doc_freq of the pairs, for the next update: not read here)
            try:
                self.bits = bit_rows(head, fh.read(stored), n)
                self.pairs, self.ptab = read_pairs(head, fh.read(pz), n)  # (pair → row, counts per speech)
            except zlib.error as e:
                raise ValueError(f"bit rows or pair counts: {e}") from None
        self.pos = {k: j for j, k in enumerate(self.keys)}
        self.fold = set(head.get("fold", ()))
        self.path = path
        self.base = head_end + stored + pz + dz
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

    def pair_counts(self, pair: int) -> tuple[memoryview, memoryview] | None:
        """(paragraph counts, title and heading counts) per speech of a pair of
        UTF-16 units (search_pairs.pair_key) this shard keeps counts of; None otherwise."""
        r = self.pairs.get(pair)
        if r is None:
            return None
        n = len(self.keys)
        mv = memoryview(self.ptab)
        return mv[2 * n * r : 2 * n * r + n], mv[2 * n * r + n : 2 * n * (r + 1)]

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
        """The text of speech j (UTF-16-LE), checked (unless the whole text was).
        ValueError when damaged."""
        a, b = 2 * self.offs[j], 2 * self.offs[j + 1]
        own = fd is None
        if own:
            fd = os.open(self.path, os.O_RDONLY)
        try:
            data = os.pread(fd, b - a, self.base + a)
        finally:
            if own:
                os.close(fd)
        if len(data) != b - a or (not self.checked and zlib.crc32(data) != self.crcs[j]):  # (checked whole: once is enough)
            raise ValueError("its text does not match its checksum")
        return data

    def read_speeches(self, js: list[int]) -> dict[int, bytes]:
        """read_speech of each of js, through one open file."""
        fd = os.open(self.path, os.O_RDONLY)
        try:
            return {j: self.read_speech(j, fd) for j in js}
        finally:
            os.close(fd)


def grown(buf: bytearray, sh: Shard) -> bytearray:
    """`buf`, or a bigger one (a quarter to spare) when `sh`'s text does not fit:
    one buffer reused for `Shard.read_text` over many shards."""
    need = 2 * sh.offs[-1]
    return buf if len(buf) >= need else bytearray(need + need // 4)


class Signatures:
    """The loaded index of one catalogue generation: headers and bit rows of every
    shard (~10 MB at 10 000 speeches); the texts stay on disk."""

    def __init__(self, store: StoreLike):
        self.gen = store.generation
        self.catalog = store.catalog.meta.get("built_at")
        self.shards: list[Shard | None] = [None] * SHARDS
        self.damaged: list[str] = []  # names of shard files found damaged (moved aside)
        self.messages = store.messages
        self.loc: dict[str, tuple[int, int]] = {}  # body key → (shard, position)
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
            except (OSError, ValueError, KeyError, TypeError):  # (a header that is not JSON: a ValueError)
                self.drop(i)
        self.loc = {k: (i, j) for i, sh in enumerate(self.shards) if sh is not None for j, k in enumerate(sh.keys)}

    def verify(self) -> None:
        """Check every shard's text against its checksum now (once per process; a
        shard found damaged is dropped, as a search would): run while the query is
        typed, so that the first full count reads and counts, and checks nothing.
        Reads the texts through one reused buffer (nothing kept resident)."""
        buf = bytearray()
        for i, sh in enumerate(list(self.shards)):
            if sh is None or sh.checked:
                continue
            buf = grown(buf, sh)
            try:
                sh.read_text(buf)
            except (OSError, ValueError):
                if self.shards[i] is sh:
                    self.drop(i)

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
