"""The speech list of one catalogue: summaries, the theme index, file order.

Made from the catalogue's rows when the list is first asked for (before it is
painted); the theme index (theme → {speech id: score}) on the first filter, or
off the UI thread by `Store.prepare_filters`.
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .catalog import summary_of, themes_of
from .models import SpeechSummary
from .storage import gc_paused

_NUMBER = (int, float)



class AmbiguousReference(KeyError):
    """A speech reference that several speeches match (`candidates`, in file order)."""

    def __init__(self, ref: str, candidates: list[SpeechSummary]):
        super().__init__(ref)
        self.ref = ref
        self.candidates = candidates

class SpeechList:
    def __init__(self, rows: Mapping[str, dict] | Callable[[], Mapping[str, dict]], names: Mapping[str, str],
                 summaries: list[SpeechSummary] | None = None):
        """rows: speech id → catalogue row, in source order (or what gives them: read
        when first needed, by the theme index); names: theme id → name; summaries:
        the rows' summaries when they are at hand (the list-only catalogue)."""
        with gc_paused(freeze=True):
            if summaries is None:
                assert not callable(rows)
                summaries = [summary_of(r, names) for r in rows.values()]
            self.summaries: list[SpeechSummary] = summaries
            self.by_id: dict[str, SpeechSummary] = {s.id: s for s in self.summaries}
        self._get_rows = rows if callable(rows) else (lambda: rows)
        self._theme_ids = list(names)
        self._lock = threading.Lock()
        self._index: dict[str, dict[str, float]] | None = None
        self._rank: dict[str, int] | None = None
        self._last: tuple | None = None  # (theme ids, mode, speeches) of the last filter

    def theme_index(self) -> dict[str, dict[str, float]]:
        """Theme id → {speech id: score} (speeches with tagged passages)."""
        index = self._index
        if index is None:
            with self._lock, gc_paused(freeze=True):
                if self._index is None:
                    self._index = self._make_theme_index()
                index = self._index
        return index

    def _make_theme_index(self) -> dict[str, dict[str, float]]:
        index: dict[str, dict[str, float]] = {tid: {} for tid in self._theme_ids}
        by_id = self.by_id
        for r in self._get_rows().values():
            sid = r["id"]
            if sid not in by_id:  # a newer catalogue came in meanwhile: this list's speeches only
                continue
            try:  # the common case, fast: well-formed [id, score, tagged paragraphs] entries
                for tid, score, npass in r["themes"]:
                    if npass and tid in index:
                        if type(score) not in _NUMBER:
                            raise TypeError("score")
                        index[tid][sid] = score
            except (TypeError, ValueError):  # a damaged row: only its well-formed entries
                for tid, score, npass in themes_of(r):
                    if npass and tid in index:
                        index[tid][sid] = score
        return index

    def rank(self) -> dict[str, int]:
        """Speech id → position in file order (rows are kept sorted by source)."""
        rank = self._rank
        if rank is None:
            rank = self._rank = {s.id: k for k, s in enumerate(self.summaries)}
        return rank

    def filter(self, theme_ids: Sequence[str], mode: str = "all") -> list[SpeechSummary]:
        """Speeches that speak of the themes (all of them, or any), strongest first.
        The last answer is kept: the list, the formulations view and its counts per
        year ask for the same filter in turn (~50 ms each at 10 000 speeches)."""
        last, key = self._last, (tuple(theme_ids), mode)
        if last is not None and last[0] == key:
            return list(last[1])
        out = self._filter(theme_ids, mode)
        self._last = (key, tuple(out))
        return out

    def _filter(self, theme_ids: Sequence[str], mode: str) -> list[SpeechSummary]:
        index = self.theme_index()
        ids = [t for t in theme_ids if t in index]
        if not ids:
            return list(self.summaries) if not theme_ids else []
        maps = [index[t] for t in ids]
        rank = self.rank()
        if len(maps) == 1:
            scored = [(-v, rank[k], k) for k, v in maps[0].items()]
        else:
            keys: set[str] = set().union(*maps) if mode == "any" else set(maps[0]).intersection(*maps[1:])
            scored = [(-sum(m.get(k, 0.0) for m in maps), rank[k], k) for k in keys]
        scored.sort()  # strongest first, then in file order (plain tuples: no key function)
        by_id = self.by_id
        return [by_id[k] for _, _, k in scored]

    def resolve(self, ref: str) -> str:
        """A speech id from an id, a unique id prefix, a source path or a unique title part."""
        if ref in self.by_id:
            return ref
        summaries = self.summaries
        # names and titles compare in one Unicode form (NFC): "é" typed, or written by another system as e + ◌́,
        # is one name — two files whose names differ only so are both candidates, not one reached silently
        ref = unicodedata.normalize("NFC", ref)
        nfc = functools.partial(unicodedata.normalize, "NFC")
        tests = (
            lambda s: s.id.startswith(ref),
            lambda s: nfc(s.source) == ref or nfc(Path(s.source).stem) == ref,
            lambda s: nfc(s.source).startswith(ref) or nfc(Path(s.source).name).startswith(ref),
            lambda s: bool(ref) and ref in nfc(s.title),
        )
        several: list[SpeechSummary] = []
        for test in tests:
            hits = [s for s in summaries if test(s)]
            if len(hits) == 1:
                return hits[0].id
            if len(hits) > 1 and not several:
                several = hits
        if several:
            raise AmbiguousReference(ref, several)
        raise KeyError(ref)
