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
from collections.abc import Sequence

from .formulation_count import LazyUses, UsesFile
from .formulations import Formulation, top_uses
from .models import SpeechSummary

FROM = 2000  # corpora of more speeches keep per-theme tables


def digest(speeches: Sequence) -> str:
    """What names a list of speeches, in its order (their ids)."""
    return hashlib.blake2b("\n".join(s.id for s in speeches).encode(), digest_size=16).hexdigest()


def encode(tables: dict[str, tuple[str, list[Formulation]]], ids: list[str]) -> dict:
    """tables: theme id → (digest of its speeches, its rows); `ids`: every speech
    (the rows' most used speeches are named by their place in it)."""
    place = {sid: i for i, sid in enumerate(ids)}
    return {"ids": ids, "themes": {
        tid: {"d": d, "rows": [[f.text, f.kind, f.hits, f.speeches, f.first, f.last,
                                [x for y, n in sorted(f.by_year.items()) for x in (y, n)], f.score,
                                [x for sid, n in top_uses(f.uses) for x in (place[sid], n)]] for f in rows]}
        for tid, (d, rows) in tables.items()}}


class Tables:
    """The tables the build kept, read when first needed (`prepare`, off the UI
    thread, or the first theme filter)."""

    def __init__(self, backend, entry: list | None, uses: UsesFile):
        self.backend, self.entry, self.uses = backend, entry, uses
        self._data: dict | None = None
        self._rows: dict[str, list[Formulation]] = {}  # digest → rows, decoded once

    def _read(self) -> dict:
        if self._data is None:
            data: dict = {}
            if self.entry is not None:
                try:
                    got = self.backend.read_shard(self.entry[0])
                    if isinstance(got.get("ids"), list) and isinstance(got.get("themes"), dict):
                        data = {t["d"]: t["rows"] for t in got["themes"].values() if isinstance(t, dict)}
                        data[""] = got["ids"]  # (no digest is empty)
                except (KeyError, TypeError, AttributeError, ValueError, OSError):
                    data = {}
                except Exception:  # noqa: BLE001 - StoreCorrupt and the like: not trusted, counted instead
                    data = {}
            self._data = data
        return self._data

    def prepare(self) -> None:
        self._read()

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
        ids = data[""]
        later = Later(self.uses, speeches)
        try:
            out = []
            for text, kind, hits, used, first, last, years, score, top in raw:
                out.append(Formulation(text, kind, hits, used, first, last, dict(zip(years[0::2], years[1::2])), score,
                                       Narrowed(later, text, used),  # type: ignore[arg-type]
                                       tuple((ids[top[i]], top[i + 1]) for i in range(0, len(top) - 1, 2))))
        except (TypeError, ValueError, IndexError):
            return None
        self._rows[d] = out
        return out


class Later:
    """What narrowing the uses file to a filter's speeches needs, made when first
    asked for (by one row's uses)."""

    def __init__(self, uses: UsesFile, speeches: list[SpeechSummary]):
        self.uses, self.speeches = uses, speeches
        self._made: tuple | None = None

    def made(self) -> tuple:
        if self._made is None:
            from .formulation_subset import chosen

            self._made = chosen(self.uses, self.speeches)
        return self._made


class Narrowed(LazyUses):
    """A table row's uses: the uses file's, narrowed to the filter's speeches in its
    order, when first asked for (() when the uses file cannot answer)."""

    __slots__ = ("_later", "_text", "_n", "_list")

    def __init__(self, later: Later, text: str, n: int):
        self._later, self._text, self._n, self._list = later, text, n, None

    def _all(self) -> tuple:
        if self._list is None:
            from .formulation_subset import picked

            self._list = picked(self._later.made(), self._text)
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
    from . import formulation_subset
    from .listing import SpeechList

    if len(ordered) <= FROM:
        return None
    lst = SpeechList({r["id"]: r for r in ordered}, names)
    uses = UsesFile(_Held(uses_data), uses_entry, len(ordered))
    tables: dict[str, tuple[str, list[Formulation]]] = {}
    for tid in names:
        speeches = lst.filter([tid])
        if not speeches:
            continue
        rows = formulation_subset.count(uses, speeches, lst.summaries)
        if rows is None:
            return None
        tables[tid] = (digest(speeches), rows)
    return encode(tables, [r["id"] for r in ordered]) if tables else None
