"""The corpus count of the set formulations (提法), kept in the store.

The build counts the formulations of every speech (the view without a theme
filter, and the reader's pane) once, when it writes a generation, and stores the
listed rows in one content-named file, and their uses (which speeches, how
often) in another, read only when asked for (the catalogue's meta names them as
shards["fcount"] and shards["fuses"]: [name, size, version]). Opening the view
then reads a few thousand rows instead of every speech's candidates (~1 M at
10 000 speeches). The files are checked on read; one that is missing or damaged is not trusted, and
the count is made again from the candidate shards (`FormulationIndex`), and the
next build writes it again (`needs_build`).
"""

from __future__ import annotations

import base64
import logging
import sys
import threading
from array import array
from collections.abc import Sequence

import orjson

from .formulations import Formulation, Kept, SpeechRef, count_kept
from .storage import StoreCorrupt, atomic_write
from .whole import recompute_whole

VERSION = 8  # 4: each row names its most used speeches; the uses file keeps what any theme filter needs; 6: each theme's rows (`formulation_themes`); 7: phrases that are pieces of a longer unit or frames for a figure are not listed; 8: the longer unit of such a piece is listed (新时代中国特色社会主义)
FILES = ("fcount", "fuses")  # the count's two files, as the meta's shards name them


class UsesFile:
    """The uses file of a count, read on first need (the view does not need it)."""

    def __init__(self, backend, entry: list, ids_n: int, themes: list | None = None):
        self.backend, self.entry, self.n = backend, entry, ids_n
        self.themes = themes  # the entry of the per-theme tables made with it (`formulation_themes`), if any
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
        empty = {"ids": [], "u": [], "e": [], "m": []}
        try:
            data = self.backend.read_shard(self.entry[0])
            ids, packed, entries, mixed = data["ids"], data["u"], data["e"], data["m"]
            if (data["v"] == VERSION and isinstance(ids, list) and len(ids) == self.n and isinstance(packed, list)
                    and all(isinstance(p, str) for p in packed) and isinstance(entries, list)
                    and len(entries) == len(packed) and isinstance(mixed, list)):
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


def ref_of(row: dict) -> SpeechRef:
    """What the count needs of a catalogue row (as `catalog.summary_of` reads it)."""
    date = row.get("date")
    return SpeechRef(row["id"], row.get("year"), date if type(date) is str else None, row["chars"])


def encode(rows: list[Formulation], ids: list[str], uses_entry: list, themes_entry: list | None = None) -> dict:
    return {"v": VERSION, "n": len(ids), "uses": uses_entry, "themes": themes_entry,
            "rows": [[f.text, f.kind, f.hits, f.speeches, f.first, f.last, [[y, n] for y, n in f.by_year.items()],
                      f.score, [[sid, n] for sid, n in f.top]] for f in rows]}


def encode_uses(kept: list[Kept], ids: list[str]) -> dict:
    """`ids`: the speeches counted (the uses name them by their place in it). One
    entry per kept candidate (the rows' first, in their order): "e" its text, kind
    over every speech and log p; "u" its uses packed; "m" for the candidates whose
    uses differ in kind or log p: [entry, kinds (one digit per use), log p per use]."""
    index = {sid: i for i, sid in enumerate(ids)}
    mixed = [[i, "".join(str(k) for k, _lp in e.detail), [lp for _k, lp in e.detail]]
             for i, e in enumerate(kept) if e.detail is not None]
    return {"v": VERSION, "ids": ids, "u": [pack(e.uses, index) for e in kept],
            "e": [[e.text, e.kind, e.logp] for e in kept], "m": mixed}


def decode(data: dict, total: int, backend) -> tuple[list[Formulation], UsesFile] | None:
    """The stored rows, or None when they do not fit (other version, other corpus size, damage)."""
    try:
        if data["v"] != VERSION or data["n"] != total or not valid_entry(data["uses"]):
            return None
        themes = data.get("themes")
        uses = UsesFile(backend, data["uses"], total, themes if valid_entry(themes) else None)
        out = []
        for i, (text, kind, hits, speeches, first, last, years, score, top) in enumerate(data["rows"]):
            if not (isinstance(text, str) and isinstance(kind, str) and type(hits) is int and type(speeches) is int):
                return None
            out.append(Formulation(text, kind, hits, speeches, first, last, dict(years),  # ([year, hits] pairs)
                                   score, Uses(uses, i), tuple(map(tuple, top))))  # type: ignore[arg-type]
        return out, uses
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def worth_counting(gen, ordered: list[dict]) -> bool:
    """Whether this build counts the corpus (~0.3 s CPU per 1 000 speeches): a first
    build does, any other as the build's one rule for corpus-wide figures says
    (`whole.recompute_whole`). Otherwise (one edited file in 10 000) the count is
    not kept — the build stays within its second — and the view counts at first use.
    A count the last build kept that is missing, damaged or of an older version is
    made again whatever the size (a new version's first build pays for it once)."""
    if not gen.old_rows or not _usable(gen.cat.backend, gen.old_meta.get("shards")):
        return True  # none yet, or one missing, damaged or of an older version: made again
    old = {r["key"] for r in gen.old_rows.values()}
    return recompute_whole(len(ordered), len(old ^ {r["key"] for r in ordered}))


def build(gen, ordered: list[dict], again) -> dict[str, list | None]:
    """Count every speech of the new generation and write the count and uses files,
    and the per-theme tables made of the uses (`formulation_themes.build`); their
    entries for the meta's shards (None: not kept by this build, see `worth_counting`)."""
    if not worth_counting(gen, ordered):
        return {w: None for w in FILES}
    return write_count(gen.cat.backend, ordered, gen.formulations.read_all(again), gen.cat.theme_names())


def write_count(backend, ordered: list[dict], data: dict, names: dict[str, str]) -> dict[str, list | None]:
    """Count the speeches `ordered` (catalogue rows, in the catalogue's order) from
    their candidates (`data`: body key → candidates) and write the count, uses and
    per-theme files: the build's, and the count made later for a build that kept
    none (`formulation_later`) — one function, so both are the same count."""
    items = [(ref_of(r), data[r["key"]]) for r in ordered if r["key"] in data]
    rows, kept = count_kept(items, len(ordered), keep=True)
    ids = [r["id"] for r in ordered]
    uses = encode_uses(kept, ids)
    uname, usize = backend.write_shard("fuses", uses)
    fuses = [uname, usize, VERSION]
    made = _side_tables(ordered, names, uses, fuses)
    fthemes = [*backend.write_shard("fthemes", made), VERSION] if made is not None else None
    name, size = backend.write_shard("fcount", encode(rows, ids, fuses, fthemes))
    return {"fcount": [name, size, VERSION], "fuses": fuses, "fthemes": fthemes}


def _side_tables(ordered: list[dict], names, uses, fuses):
    """The per-theme tables (`formulation_themes.build`), or None when they fail: a side
    table never fails the build (without them a one-theme filter is counted from the
    uses); the failure is logged."""
    from . import formulation_themes  # (it imports this module: imported when first needed)

    try:
        return formulation_themes.build(ordered, names, uses, fuses)
    except Exception:  # noqa: BLE001 - whatever it is, the build goes on without the tables
        logging.getLogger(__name__).warning("per-theme formulation tables not made", exc_info=True)
        return None


def valid_entry(entry: object) -> bool:
    """[name, size, version] of this version."""
    return isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and entry[2] == VERSION


def _usable(backend, shards: object) -> bool:
    """The count files the meta names are of this version and on disk as written,
    or were not kept on purpose (`worth_counting`)."""
    if not isinstance(shards, dict):
        return False
    if all(w in shards and shards[w] is None for w in FILES):
        return True
    for what in FILES:
        entry = shards.get(what)
        if not valid_entry(entry) or (getattr(backend, "persistent", False) and backend.shard_size(entry[0]) != entry[1]):
            return False
    return True


def needs_build(cat) -> bool:
    """The catalogue has speeches but no count file of this version, or its file is
    missing or changed size, or the pointer is missing (stat only): the next build
    writes them again."""
    if not cat.speech_count():
        return False
    shards = cat.meta.get("shards")
    if isinstance(shards, dict) and all(w in shards and shards[w] is None for w in FILES):
        return False  # not kept on purpose (`worth_counting`): counted at first use
    for what in FILES:
        entry = shards.get(what) if isinstance(shards, dict) else None
        if not valid_entry(entry) or cat.backend.shard_size(entry[0]) != entry[1]:
            return True
    return getattr(cat.backend, "persistent", False) and not (cat.backend.root / POINTER).exists()


POINTER = "fcount.json"  # at the store's root: the entries, for a start that reads only list.json


def write_pointer(cat, meta: dict) -> None:
    """Name the count's files next to list.json, for the catalogue just written (its
    stamp): opening the view then needs neither catalog.json (~100 ms at 10 000
    speeches) nor its meta. Best effort: without it the meta is read."""
    backend = cat.backend
    stamp = backend.stamp()
    if not getattr(backend, "persistent", False) or stamp is None:
        return
    shards = meta.get("shards", {})
    data = {"v": VERSION, "stamp": list(stamp), "n": meta.get("speeches"), **{w: shards.get(w) for w in FILES}}
    try:
        atomic_write(backend.root / POINTER, orjson.dumps(data), sync=False)
    except OSError:
        pass


def _entry(cat) -> tuple[object, int]:
    """The count file's entry and the number of speeches of the current catalogue:
    from the pointer while only the list-only catalogue is read, else the meta."""
    listed = cat.listed
    if getattr(cat.backend, "persistent", False):
        try:
            d = orjson.loads((cat.backend.root / POINTER).read_bytes())
            stamp = cat.backend.stamp()
            if listed is not None:
                if d["v"] == VERSION and stamp is not None and d["stamp"] == list(stamp) and d["n"] == len(listed) \
                        and cat.listed is listed:
                    return d["fcount"], len(listed)
            elif d["v"] == VERSION and d.get("later") and stamp is not None and d["stamp"] == list(stamp) \
                    and getattr(cat, "_stamp", None) == stamp and d["n"] == len(cat.rows) and valid_entry(d["fcount"]):
                return d["fcount"], len(cat.rows)  # counted after the build (`formulation_later`)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    shards = cat.meta.get("shards")
    return (shards.get("fcount") if isinstance(shards, dict) else None), len(cat.rows)


def read(cat) -> list[Formulation] | None:
    """The stored corpus count of the catalogue's generation, or None (missing, damaged, stale)."""
    got = read_with_uses(cat)
    return got[0] if got is not None else None


def read_with_uses(cat) -> tuple[list[Formulation], UsesFile] | None:
    """The same, and its uses file (read when first asked)."""
    entry, n = _entry(cat)
    if not valid_entry(entry):
        return None
    try:
        data = cat.backend.read_shard(entry[0])
    except (KeyError, StoreCorrupt):
        return None
    return decode(data, n, cat.backend) if isinstance(data, dict) else None
