"""Each theme's formulations (提法), counted by the build, so that the view answers a
one-theme filter by a look-up instead of a count.

When the build counts the corpus (`formulation_count.build`, a first build or a
large change), it also counts, for each theme, the speeches that theme's filter
lists, in the filter's order (`SpeechList.filter`, the same function the store
filters with), by the theme-filter count (`formulation_subset.count`) — and keeps
the rows in one file (shards["fthemes"]): text, kind, hits, speeches, first and
last date, hits per year, score and the most used speeches. A table is named by a
digest of its speeches' ids in order: a filter whose speeches have that digest
(one theme, or "all"/"any" of themes that list the very same speeches in the same
order) is answered from it, any other (two themes) is counted from the kept uses.
Rows are those of the count, so they are exact by construction; the uses of a row
(every speech using it, in the filter's order) are narrowed from the uses file
when first asked for (Enter), as `formulation_subset` does.

Only corpora of more than FROM speeches keep tables: below that the count from the
kept uses takes a few tens of milliseconds, and every build recounts the corpus
(`whole.recompute_whole`), which the tables would make slower.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from operator import attrgetter

import orjson

from . import formulation_subset
from .formulation_uses import LazyUses, UsesFile
from .formulations import TOP, Formulation
from .listing import SpeechList
from .models import SpeechSummary
from .storage import StoreCorrupt

FROM = 2000  # corpora of more speeches keep per-theme tables
_ID = attrgetter("id")


def digest(speeches: Sequence) -> str:
    """What names a list of speeches, in its order (their ids)."""
    return hashlib.blake2b("\n".join(map(_ID, speeches)).encode(), digest_size=16).hexdigest()


def encode(tables: dict[str, tuple[list, list[Formulation], list]]) -> dict:
    """tables: theme id → (its speeches, its rows, each row's most used speeches as
    (place in those speeches, hits)). Each theme's rows are kept as a JSON text of
    their own, read only when that theme is asked for."""
    return {"themes": {
        tid: {"d": digest(speeches), "rows": orjson.dumps([
            [f.text, f.kind, f.hits, f.speeches, f.first, f.last, [x for y, n in sorted(f.by_year.items()) for x in (y, n)],
             f.score, [x for q, n in top for x in (q, n)]] for f, top in zip(rows, tops)]).decode()}
        for tid, (speeches, rows, tops) in tables.items()}}


class Tables:
    """The tables the build kept, read when first needed (`prepare`, off the UI
    thread, or the first theme filter): each theme's rows when first asked for."""

    def __init__(self, backend, entry: list | None, uses: UsesFile):
        self.backend, self.entry, self.uses = backend, entry, uses
        self._data: dict[str, str] | None = None  # digest → the rows' JSON
        self._rows: dict[str, list[Formulation]] = {}  # digest → rows, decoded once
        self._lock = threading.Lock()

    def _read(self) -> dict[str, str]:
        with self._lock:
            if self._data is None:
                data: dict[str, str] = {}
                if self.entry is not None:
                    try:
                        got = self.backend.read_shard(self.entry[0])
                        data = {t["d"]: t["rows"] for t in got["themes"].values()
                                if isinstance(t["d"], str) and isinstance(t["rows"], str)}
                    except (KeyError, TypeError, AttributeError, StoreCorrupt):
                        data = {}
                self._data = data
            return self._data

    def prepare(self) -> None:
        self._read()

    def kept(self) -> bool:
        """Did the build keep tables (that can be read)?"""
        return bool(self._read())

    def rows(self, speeches: list[SpeechSummary]) -> list[Formulation] | None:
        """The rows of a filter whose speeches are those of a table; else None."""
        if self.entry is None:
            return None
        data = self._read()
        if not data:
            return None
        d = digest(speeches)
        got = self._rows.get(d)
        if got is not None:
            return got
        raw = data.get(d)
        if raw is None:
            return None
        later = Later(self.uses, speeches)
        by_year = formulation_subset.Years.of_pairs
        try:
            out = []
            for text, kind, hits, used, first, last, years, score, top in orjson.loads(raw):
                out.append(Formulation(text, kind, hits, used, first, last, by_year(years), score,  # type: ignore[arg-type]
                                       Narrowed(later, text, used), Named(speeches, top)))  # type: ignore[arg-type]
        except (TypeError, ValueError, IndexError):
            return None
        self._rows[d] = out
        return out


class Named(LazyUses):
    """A table row's most used speeches, (speech id, hits), from their places in the
    filter's speeches, named when first asked for (the preview of one row)."""

    __slots__ = ("_speeches", "_flat", "_list")

    def __init__(self, speeches: list[SpeechSummary], flat: list[int]):
        self._speeches, self._flat, self._list = speeches, flat, None

    def _all(self) -> tuple:
        if self._list is None:
            flat, speeches = self._flat, self._speeches
            try:
                self._list = tuple((speeches[flat[i]].id, flat[i + 1]) for i in range(0, len(flat) - 1, 2))
            except (IndexError, TypeError):  # (damaged: the view names them from the uses instead)
                self._list = ()
        return self._list

    def __len__(self) -> int:
        return len(self._flat) // 2


class Later:
    """What narrowing the uses file to a filter's speeches needs, made when first
    asked for (by one row's uses)."""

    def __init__(self, uses: UsesFile, speeches: list[SpeechSummary]):
        self.uses, self.speeches = uses, speeches
        self._made: tuple | None = None

    def made(self) -> tuple:
        if self._made is None:
            self._made = formulation_subset.chosen(self.uses, self.speeches)
        return self._made


class Narrowed(LazyUses):
    """A table row's uses: the uses file's, narrowed to the filter's speeches in its
    order, when first asked for (() when the uses file cannot answer)."""

    __slots__ = ("_later", "_text", "_n", "_list")

    def __init__(self, later: Later, text: str, n: int):
        self._later, self._text, self._n, self._list = later, text, n, None

    def _all(self) -> tuple:
        if self._list is None:
            self._list = formulation_subset.picked(self._later.made(), self._text)
        return self._list

    def __len__(self) -> int:
        return self._n


class _Held:
    """A backend holding the uses file the build just wrote (no read back)."""

    def __init__(self, data: dict):
        self.data = data

    def read_shard(self, name: str) -> dict:
        return self.data


def build(ordered: list[dict], names: dict[str, str], uses_data: dict, uses_entry: list) -> dict | None:
    """Count each theme's speeches (the build's new rows, `ordered`, in the order of
    the catalogue) from the uses file just written (`uses_data`): the data of the
    tables file, or None when there is nothing to keep (a corpus of FROM speeches
    or fewer, no theme with speeches, uses that cannot answer)."""
    if len(ordered) <= FROM:
        return None
    lst = SpeechList({r["id"]: r for r in ordered}, names)
    uses = UsesFile(_Held(uses_data), uses_entry, len(ordered))
    tables: dict[str, tuple[list, list[Formulation], list]] = {}
    groups: dict = {}  # (kept across themes: see formulation_subset.top)
    for tid in names:
        speeches = lst.filter([tid])
        if not speeches:
            continue
        rows = formulation_subset.count(uses, speeches, lst.summaries)
        made = formulation_subset.chosen(uses, speeches)
        if rows is None or made is None:
            return None
        tables[tid] = (speeches, rows, [formulation_subset.top(made, f.text, groups, TOP) for f in rows])
    return encode(tables) if tables else None
