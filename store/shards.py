"""A dict kept in SHARDS files, so a build rewrites only what it changed.

The passage index (speech id → tagged paragraphs) and the keyword candidates
(body key → terms) of 10 000 speeches are 10–20 MB each; reading and rewriting
them whole would cost a second for one edited file. Split by a hash of the key,
one changed speech touches one shard of each. A shard file is named by its
content (`passages-<sha1>.json`) and never modified, so the catalogue's list of
names is the generation: a crash leaves the old list, whose files all exist.

The catalogue's meta keeps, per shard, [name, size, summary] (None for an empty
shard); `summary` is a small aggregate (passage counts per theme) so totals need
no shard read.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from jianghua.i18n import _

from .backends import Backend
from .storage import StoreCorrupt

SHARDS = 64

Entry = list  # [name, size, summary]


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % SHARDS


class Packed(bytes):
    """A map value a build keeps as its JSON (`pack`) until its shard is written: the
    candidates of 10 000 speeches held as Python lists and dicts took ~500 MB of the
    build's memory, as JSON a fraction. Written into a shard as it is (the same bytes:
    keys sorted as `storage.shard_bytes` sorts them); `unpack` gives the value."""

    __slots__ = ()


def pack(value: Any) -> Packed:
    return Packed(orjson.dumps(value, option=orjson.OPT_SORT_KEYS))


def unpack(value: Any) -> Any:
    """The value of a `Packed` (any other value as it is)."""
    return orjson.loads(memoryview(value)) if type(value) is Packed else value


def _writable(data: dict) -> dict:
    return {k: orjson.Fragment(bytes(v)) if type(v) is Packed else v for k, v in data.items()}


def valid_entries(entries: object) -> list[Entry | None] | None:
    """The shard list from a catalogue's meta, or None if it is not one."""
    if not isinstance(entries, list) or len(entries) != SHARDS:
        return None
    for e in entries:
        if e is not None and not (isinstance(e, list) and len(e) == 3 and isinstance(e[0], str) and isinstance(e[1], int)):
            return None
    return entries


class ShardedMap:
    """One sharded dict of a store generation (read lazily, shard by shard)."""

    def __init__(
        self,
        backend: Backend,
        what: str,
        entries: list[Entry | None] | None,
        summarize: Callable[[dict], Any] | None = None,
        check: Callable[[Any], None] | None = None,
        lost: bool = False,
    ):
        self.backend = backend
        self.what = what
        self.check = check  # raises ValueError (TypeError, KeyError …) for a value of the wrong shape
        self.entries: list[Entry | None] = list(entries) if entries else [None] * SHARDS
        # A catalogue with speeches but no valid shard list: every shard counts as missing.
        self.lost = entries is None and lost
        self.rules_changed = False  # lost because its values were made by other rules
        self.summarize = summarize or (lambda data: None)
        self._summarized = summarize is not None
        self._cache: dict[int, dict] = {}
        self.recomputed: set[int] = set()

    def forget(self) -> None:
        """Let go of the shards read or written (their entries stay)."""
        self._cache.clear()

    def names(self) -> set[str]:
        return {e[0] for e in self.entries if e}

    def usable(self) -> bool:
        """Can a build update this map shard by shard (rather than write it whole)?"""
        return bool(self.names()) and not self.lost

    def damaged(self) -> list[int]:
        """Shards whose file is missing or not the size recorded (stat only)."""
        if self.lost:
            return list(range(SHARDS))
        if not self.backend.persistent:  # nothing on disk to check
            return []
        out = []
        for i, e in enumerate(self.entries):
            if e and self.backend.shard_size(e[0]) != e[1]:
                out.append(i)
        return out

    def read(self, i: int) -> dict:
        """Shard i as a dict. KeyError when its file is missing, StoreCorrupt when
        it is damaged (then moved aside)."""
        if i in self._cache:
            return self._cache[i]
        e = self.entries[i]
        if e is None and self.lost:
            raise KeyError(i)
        data = self.backend.read_shard(e[0]) if e else {}
        if e and self.check:
            try:
                for v in data.values():
                    self.check(v)
            except (ValueError, TypeError, KeyError, IndexError) as err:
                self.backend.quarantine_shard(e[0])
                raise StoreCorrupt(f"{e[0]}: not a {self.what} shard ({type(err).__name__})") from None
        self._cache[i] = data
        return data

    def read_or(self, i: int, recompute: Callable[[int, str], dict]) -> dict:
        """Shard i, or recompute(i, why) when it is missing or damaged."""
        try:
            return self.read(i)
        except KeyError:
            why = _("missing")
        except StoreCorrupt as err:
            why = _("damaged ({error})").format(error=err)
        data = recompute(i, why)
        self._cache[i] = data
        self.recomputed.add(i)  # written again by the next `update`
        return data

    def get_many(self, keys: Iterable[str], recompute: Callable[[int, str], dict]) -> dict[str, Any]:
        out = {}
        for k in keys:
            data = self.read_or(shard_of(k), recompute)
            if k in data:
                out[k] = unpack(data[k])
        return out

    def read_all(self, recompute: Callable[[int, str], dict]) -> dict:
        """Every key's value (`Packed` ones unpacked)."""
        merged: dict = {}
        for i in range(SHARDS):
            merged.update(self.read_or(i, recompute))
        return {k: unpack(v) for k, v in merged.items()}

    def read_all_packed(self, recompute: Callable[[int, str], dict]) -> dict:
        """Every key's value, those this build made still `Packed` (see `unpack`):
        for a pass over every speech that needs one speech's value at a time."""
        merged: dict = {}
        for i in range(SHARDS):
            merged.update(self.read_or(i, recompute))
        return merged

    def _write(self, i: int, data: dict) -> None:
        if data:
            packed = any(type(v) is Packed for v in data.values())
            name, size = self.backend.write_shard(self.what, _writable(data) if packed else data)
            self.entries[i] = [name, size, self._summary(data, packed)]
        else:
            self.entries[i] = None
        self._cache[i] = data

    def _summary(self, data: dict, packed: bool) -> Any:
        if packed and self._summarized:
            return self.summarize({k: unpack(v) for k, v in data.items()})
        return self.summarize(data)

    def write_all(self, data: dict) -> None:
        parts: list[dict] = [{} for _ in range(SHARDS)]
        for k, v in data.items():
            parts[shard_of(k)][k] = v
        for i, part in enumerate(parts):
            self._write(i, part)

    def update(self, changes: dict[str, Any], recompute: Callable[[int, str], dict], repair: Iterable[int] = ()) -> None:
        """Apply changes (a value, or None to remove the key) and write the shards
        they touch, and the shards in `repair` (recomputed if unreadable)."""
        touched: dict[int, dict[str, Any]] = {i: {} for i in repair}
        for k, v in changes.items():
            touched.setdefault(shard_of(k), {})[k] = v
        for i in self.recomputed:
            touched.setdefault(i, {})
        # Shard by shard, read then written: the old shard's values are let go before the
        # next is read (a build that changed every speech held all of them twice).
        for i, ch in sorted(touched.items()):
            data = dict(self.read_or(i, recompute))
            for k, v in ch.items():
                if v is None:
                    data.pop(k, None)
                else:
                    data[k] = v
            self._write(i, data)  # same content, same name: an unchanged shard is not written again
        self.recomputed.clear()
