"""The corpus count of the set formulations (提法), kept in the store.

The build counts the formulations of every speech (the view without a theme
filter, and the reader's pane) once, when it writes a generation, and stores the
listed rows in one content-named file (the catalogue's meta names it as
shards["fcount"]: [name, size, version]). Opening the view then reads a few
thousand rows instead of every speech's candidates (~1 M at 10 000 speeches).
The file is checked on read; one that is missing or damaged is not trusted, and
the count is made again from the candidate shards (`FormulationIndex`), and the
next build writes it again (`needs_build`).
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections.abc import Sequence

from .formulations import Formulation, SpeechRef, count
from .storage import StoreCorrupt

VERSION = 2


class Uses(Sequence):
    """A formulation's uses, (speech id, hits) in speech order, kept packed (speech
    indexes and hits, little-endian 32-bit, base64) until asked for: the view
    shows a few thousand rows and needs none of their ~1 M uses."""

    __slots__ = ("_ids", "_packed", "_list")

    def __init__(self, ids: list[str], packed: str):
        self._ids, self._packed, self._list = ids, packed, None

    def _all(self) -> tuple:
        if self._list is None:
            a = array("i")
            a.frombytes(base64.b64decode(self._packed))
            if sys.byteorder != "little":
                a.byteswap()
            ids = self._ids
            self._list = tuple((ids[a[i]], a[i + 1]) for i in range(0, len(a), 2))
        return self._list

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


def pack(uses, index: dict[str, int]) -> str:
    a = array("i")
    for sid, n in uses:
        a.append(index[sid])
        a.append(n)
    if sys.byteorder != "little":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def ref_of(row: dict) -> SpeechRef:
    """What the count needs of a catalogue row (as `catalog.summary_of` reads it)."""
    date = row.get("date")
    return SpeechRef(row["id"], row.get("year"), date if type(date) is str else None, row["chars"])


def encode(rows: list[Formulation], ids: list[str]) -> dict:
    """`ids`: the speeches counted (the uses name them by their place in it)."""
    index = {sid: i for i, sid in enumerate(ids)}
    return {
        "v": VERSION,
        "n": len(ids),
        "ids": ids,
        "rows": [[f.text, f.kind, f.hits, f.speeches, f.first, f.last, [[y, n] for y, n in f.by_year.items()],
                  f.score, pack(f.uses, index)] for f in rows],
    }


def decode(data: dict, total: int) -> list[Formulation] | None:
    """The stored rows, or None when they do not fit (other version, other corpus size, damage)."""
    try:
        if data["v"] != VERSION or data["n"] != total:
            return None
        ids = data["ids"]
        if not (isinstance(ids, list) and len(ids) == total and all(isinstance(i, str) for i in ids)):
            return None
        out = []
        for text, kind, hits, speeches, first, last, years, score, uses in data["rows"]:
            if not (isinstance(text, str) and isinstance(kind, str) and type(hits) is int and type(speeches) is int
                    and isinstance(uses, str)):
                return None
            out.append(Formulation(text, kind, hits, speeches, first, last, {int(y): int(n) for y, n in years},
                                   score, Uses(ids, uses)))  # type: ignore[arg-type]
        return out
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def build(gen, ordered: list[dict], again) -> list:
    """Count every speech of the new generation and write the count file; its entry for the meta."""
    data = gen.formulations.read_all(again)
    items = [(ref_of(r), data[r["key"]]) for r in ordered if r["key"] in data]
    rows = count(items, len(ordered))
    name, size = gen.cat.backend.write_shard("fcount", encode(rows, [r["id"] for r in ordered]))
    return [name, size, VERSION]


def valid_entry(entry: object) -> bool:
    """[name, size, version] of this version."""
    return isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and entry[2] == VERSION


def needs_build(cat) -> bool:
    """The catalogue has speeches but no count file of this version, or its file is
    missing or changed size (stat only): the next build writes it again."""
    if not cat.rows:
        return False
    shards = cat.meta.get("shards")
    entry = shards.get("fcount") if isinstance(shards, dict) else None
    if not valid_entry(entry):
        return True
    return cat.backend.shard_size(entry[0]) != entry[1]


def read(cat) -> list[Formulation] | None:
    """The stored corpus count of the catalogue's generation, or None (missing, damaged, stale)."""
    shards = cat.meta.get("shards")
    entry = shards.get("fcount") if isinstance(shards, dict) else None
    if not valid_entry(entry):
        return None
    try:
        data = cat.backend.read_shard(entry[0])
    except (KeyError, StoreCorrupt):
        return None
    return decode(data, len(cat.rows)) if isinstance(data, dict) else None
