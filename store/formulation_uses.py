"""The uses file of the formulations count (`formulation_count`): every kept
candidate's uses (which speeches, how often), packed, read only when asked for —
by the reader's pane, a theme filter (`formulation_subset`) and the per-theme
tables (`formulation_themes`)."""

from __future__ import annotations

import base64
import sys
import threading
from array import array
from collections.abc import Sequence

from .formulation_files import VERSION
from .formulations import Kept
from .storage import StoreCorrupt



class UsesFile:
    """The uses file of a count, read on first need (the view does not need it)."""

    def __init__(self, backend, entry: list, ids_n: int, themes: list | None = None):
        self.backend, self.entry, self.n = backend, entry, ids_n
        self.themes = themes  # the entry of the per-theme tables made with it (`formulation_themes`), if any
        self.copies: dict[str, str] = {}  # speech with a copy → its text's representative (`formulation_copies`)
        self._data: dict | None = None
        self._arrays: dict[int, tuple[array, array]] = {}
        self._index: dict[str, int] | None = None
        self._dense = None
        self._lock = threading.Lock()

    def data(self) -> dict:
        """{"ids", "u", "e", "m"} (see `encode_uses`); empty lists when the file is
        missing or damaged (the next build writes it again: `needs_build`)."""
        with self._lock:
            if self._data is None:
                self._data = self._read()
            return self._data

    def dense(self, make):
        """What `formulation_subset.Dense` makes of this file, made once (None: it
        could not be made)."""
        with self._lock:
            if self._dense is not None:
                return self._dense or None
        try:
            got = make()
        except (KeyError, ValueError, IndexError, TypeError):
            got = False
        with self._lock:
            self._dense = got
        return got or None

    def index(self) -> dict[str, int]:
        """Speech id → its place in "ids"."""
        data = self.data()
        with self._lock:
            if self._index is None:
                self._index = {sid: i for i, sid in enumerate(data["ids"])}
            return self._index

    def get(self, i: int) -> tuple[list[str], str]:
        data = self.data()
        packed = data["u"]
        return data["ids"], packed[i] if i < len(packed) else ""

    def arrays(self, i: int) -> tuple[array, array]:
        """Entry i's uses as two arrays: speech places (in "ids") and hits."""
        got = self._arrays.get(i)
        if got is None:
            a = unpack(self.data()["u"][i])
            got = self._arrays[i] = (a[0::2], a[1::2])
        return got

    def _read(self) -> dict:
        empty = {"ids": [], "u": [], "e": [], "m": [], "g": []}
        try:
            data = self.backend.read_shard(self.entry[0])
            ids, packed, entries, mixed = data["ids"], data["u"], data["e"], data["m"]
            if (data["v"] == VERSION and isinstance(ids, list) and len(ids) == self.n and isinstance(packed, list)
                    and all(isinstance(p, str) for p in packed) and isinstance(entries, list)
                    and len(entries) == len(packed) and isinstance(mixed, list)
                    and isinstance(data.get("g", []), list)):
                return data
        except (KeyError, StoreCorrupt, TypeError):
            pass
        return empty


def unpack(packed: str) -> array:
    """Speech places and hits, alternating (ValueError when damaged)."""
    a = array("i")
    a.frombytes(base64.b64decode(packed))
    if sys.byteorder != "little":
        a.byteswap()
    if len(a) % 2:
        raise ValueError("odd length")
    return a


class LazyUses(Sequence):
    """A formulation's uses, (speech id, hits), made when first asked (`_all`): a
    sequence equal to the tuple it stands for."""

    __slots__ = ()

    def _all(self) -> tuple:
        raise NotImplementedError

    def __getitem__(self, i):
        return self._all()[i]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


class Uses(LazyUses):
    """A formulation's uses, (speech id, hits) in speech order, kept packed (speech
    indexes and hits, little-endian 32-bit, base64) in the uses file until asked
    for: the view shows a few thousand rows and needs none of their ~1 M uses."""

    __slots__ = ("_file", "_i", "_list")

    def __init__(self, file: UsesFile, i: int):
        self._file, self._i, self._list = file, i, None

    def _all(self) -> tuple:
        if self._list is None:
            ids, packed = self._file.get(self._i)
            try:
                a = unpack(packed)
                self._list = tuple((ids[a[i]], a[i + 1]) for i in range(0, len(a) - 1, 2))
            except (ValueError, IndexError):
                self._list = ()
        return self._list



def pack(uses, index: dict[str, int]) -> str:
    a = array("i", [x for sid, n in uses for x in (index[sid], n)])
    if sys.byteorder != "little":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")



def encode_uses(kept: list[Kept], ids: list[str], copies: dict | None = None) -> dict:
    """`ids`: the speeches counted (the uses name them by their place in it). One
    entry per kept candidate (the rows' first, in their order): "e" its text, kind
    over every speech and log p; "u" its uses packed; "m" for the candidates whose
    uses differ in kind or log p: [entry, kinds (one digit per use), log p per use];
    "g" for the copies of one text (`copies`: speech id → its representative's
    SpeechRef, see `formulations.merge_copies`): [copy, representative] (places
    in `ids`) for each copy but the representative — the uses name the
    representative alone."""
    index = {sid: i for i, sid in enumerate(ids)}
    mixed = [[i, "".join(str(k) for k, _lp in e.detail), [lp for _k, lp in e.detail]]
             for i, e in enumerate(kept) if e.detail is not None]
    same = sorted([index[sid], index[rep.id]] for sid, rep in (copies or {}).items() if sid != rep.id)
    return {"v": VERSION, "ids": ids, "u": [pack(e.uses, index) for e in kept],
            "e": [[e.text, e.kind, e.logp] for e in kept], "m": mixed, "g": same}

