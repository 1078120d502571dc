"""Formulations (提法): each body's candidates, kept by body key in the
formulations shards (written by the build: `commit.write_formulations`), read on
first use (all 64 shards; in a worker in the browser) and counted for a set of
speeches (`store.formulations.count`) under a theme filter. The count over the
whole corpus is made by the build and stored (`formulation_count`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from jianghua.i18n import _

from .catalog import Catalog
from . import formulation_subset
from .formulation_copies import copies_of
from .formulation_count import read_with_uses, ref_of
from .formulation_uses import UsesFile
from .formulation_themes import Tables
from .formulations import Formulation, SpeechRef, count, whole_texts
from .maps import formulation_map
from .models import SpeechSummary
from .shards import SHARDS, shard_of
from .storage import StoreCorrupt, gc_paused


class FormulationIndex:
    """Every speech's formulation candidates (by body key), read once."""

    def __init__(self, cat: Catalog):
        self.cat = cat
        self._data: dict[str, dict] | None = None
        self._lock = threading.Lock()
        self._corpus: list[Formulation] | None = None  # the count over every speech (the view without a filter)
        self._by_speech: dict[str, list[tuple[Formulation, int]]] | None = None  # the same, by speech
        self._stored = False  # the corpus count is the build's (then each speech's candidates are in the shards)
        self._by_text: dict[str, Formulation] | None = None
        self._uses: UsesFile | None = None  # the build's kept uses (with its count)
        self._tables: Tables | None = None  # the build's per-theme counts (made with those uses)
        self._copies: dict[str, SpeechRef] | None = None  # speech → its text's representative (`copies`)

    def data(self) -> dict[str, dict]:
        with self._lock:
            if self._data is None:
                self._data = self._read()
            return self._data

    def _read(self) -> dict[str, dict]:
        """All shards; one a newer build removed means reading that build's
        catalogue; one missing or damaged in it is counted again from the bodies."""
        for attempt in (0, 1):
            M = formulation_map(self.cat)
            try:
                with gc_paused(freeze=True):  # (kept: later collections need not walk ~1 M candidates)
                    return {k: v for i in range(SHARDS) for k, v in M.read(i).items()}
            except (KeyError, StoreCorrupt):
                if attempt or not self.cat.reload():
                    break
        from jianghua.corpus.ingest import body_formulations  # segments: only for a damaged store

        live = {r["key"] for r in self.cat.rows.values()}

        def again(i: int, why: str) -> dict:
            self.cat.messages.append(_("A formulations shard of the store is {why}: the set formulations of its speeches are counted again.").format(why=why))
            out = {}
            for k in live:
                if shard_of(k) == i:
                    try:
                        out[k] = body_formulations(self.cat.backend.read_body(k))
                    except KeyError:
                        pass
            return out

        return formulation_map(self.cat).read_all(again)

    def copies(self) -> dict[str, SpeechRef]:
        """Which speeches are copies of one text (`formulation_copies`), found once."""
        with self._lock:
            got = self._copies
        if got is None:
            ordered = sorted(self.cat.rows.values(), key=lambda r: r["source"])
            got = copies_of(ordered, self.data())
            with self._lock:
                self._copies = got
        return got

    def same_text(self, speech_id: str) -> list[str]:
        """The other copies of a speech's text (`formulation_copies`), in the
        catalogue's order: from the kept count (a look-up), else from every speech's
        candidates (read, not counted)."""
        self.read_kept()
        with self._lock:
            uses = self._uses if self._stored else None
        if uses is not None:
            reps = uses.copies
        else:
            reps = {sid: ref.id for sid, ref in self.copies().items()}
        rep = reps.get(speech_id)
        if rep is None:
            return []
        rows = self.cat.rows
        return sorted((sid for sid, r in reps.items() if r == rep and sid != speech_id and sid in rows),
                      key=lambda sid: rows[sid]["source"])

    def count(self, speeches: Iterable[SpeechSummary], total: int) -> list[Formulation]:
        data = self.data()
        rows = self.cat.rows
        items = []
        for s in speeches:
            row = rows.get(s.id)
            if row is not None and row["key"] in data:
                items.append((SpeechRef(s.id, s.year, getattr(s, "date", None), s.chars), data[row["key"]]))
        copies = self.copies()

        def lookup(sid: str):
            row = rows.get(sid)
            return (ref_of(row), data[row["key"]]) if row is not None and row["key"] in data else None

        return count(whole_texts(items, copies, lookup), total, copies)

    def filtered(self, speeches: list[SpeechSummary], everyone: list[SpeechSummary]) -> list[Formulation]:
        """The count over `speeches` (a theme filter's) among all of them (`everyone`):
        from the uses the build keeps when it has kept them (no candidates read),
        else from every speech's candidates."""
        if not self.cat.arrived:
            self.corpus(everyone)
            with self._lock:
                uses = self._uses
            if uses is not None:
                rows = self.tables(uses).rows(speeches)  # one theme: a look-up
                if rows is None:
                    rows = formulation_subset.count(uses, speeches, everyone)
                if rows is not None:
                    return rows
        return self.count(speeches, len(everyone))

    def tables(self, uses: UsesFile) -> Tables:
        """The per-theme counts kept with `uses` (read when first asked)."""
        with self._lock:
            if self._tables is None or self._tables.uses is not uses:
                self._tables = Tables(self.cat.backend, uses.themes, uses)
            return self._tables

    def prepare_filters(self, everyone: list[SpeechSummary]) -> None:
        """Make what `filtered` answers from, when the build kept it: each theme's
        count (a file read, ~25 ms at 10 000 speeches) when the build kept them;
        else what a filter is counted from (~0.4 s CPU at 10 000 speeches: with the
        tables, the first filter of two themes makes it — made here, it would run
        while a one-theme filter set just after opening the view is answered)."""
        if not self.cat.arrived:
            self.corpus(everyone)
            with self._lock:
                uses = self._uses
            if uses is not None:
                tables = self.tables(uses)
                tables.prepare()
                if not tables.kept():
                    formulation_subset.prepare(uses, everyone)

    def corpus(self, speeches: list[SpeechSummary]) -> list[Formulation]:
        """The count over all `speeches` (the whole corpus), made once per index (a new
        catalogue makes a new index): the view without a theme filter, and the
        reader's pane, share it. Read from the build's count file (`formulation_count`);
        counted here only when it is missing or damaged, or during a build (~1 M
        candidates at 10 000 speeches: seconds of CPU)."""
        with self._lock:
            rows = self._corpus
        if rows is None:
            if not self.cat.arrived:  # the build's count, when it fits these speeches
                got = read_with_uses(self.cat)
                rows, self._uses = got if got is not None else (None, None)
                self._stored = rows is not None
            if rows is None:
                with gc_paused(freeze=True):
                    rows = self.count(speeches, len(speeches))
            with self._lock:
                self._corpus = rows
        return rows

    def at_hand(self) -> bool:
        """Is the corpus count made (or read) already: `corpus()` a look-up?"""
        with self._lock:
            return self._corpus is not None

    def read_kept(self) -> bool:
        """Read the build's count now if it is kept and fits (never count here: that
        takes seconds). True when the corpus count is then at hand."""
        with self._lock:
            if self._corpus is not None:
                return True
        if self.cat.arrived:
            return False
        got = read_with_uses(self.cat)
        if got is None:
            return False
        with self._lock:
            if self._corpus is None:
                self._corpus, self._uses = got
                self._stored = True
            uses = self._uses
        if uses is not None:
            self.tables(uses).prepare()  # (~20 ms: a theme filter is then a look-up)
        return True

    def of_speech(self, speech_id: str, speeches: list[SpeechSummary]) -> list[tuple[Formulation, int]]:
        """The formulations of the corpus (all `speeches`) that one speech uses, with
        its own count, most used first: a look-up once the corpus is counted."""
        corpus = self.corpus(speeches)
        if self._stored:
            found = self._of_speech_stored(speech_id, corpus)
            if found is not None:
                return found
        with self._lock:
            by_speech = self._by_speech
        if by_speech is None:
            by_speech = {}
            for f in corpus:
                for sid, n in f.uses:
                    by_speech.setdefault(sid, []).append((f, n))
            with self._lock:
                self._by_speech = by_speech
        rep = self.copies().get(speech_id)  # (the uses name a text's representative)
        if rep is not None and speech_id not in by_speech:
            speech_id = rep.id
        return sorted(by_speech.get(speech_id, ()), key=lambda fn: (-fn[1], -fn[0].hits, fn[0].text))

    def _of_speech_stored(self, speech_id: str, corpus: list[Formulation]) -> list[tuple[Formulation, int]] | None:
        """The same from that speech's own candidates (one shard read): its uses, as
        the count made them (every candidate that is a listed formulation). None
        when its shard cannot be read (then the uses of the corpus count answer)."""
        row = self.cat.rows.get(speech_id)
        if row is None:
            return []
        with self._lock:
            if self._by_text is None:
                self._by_text = {f.text: f for f in corpus}
            by_text = self._by_text
            if self._data is not None:
                data = self._data.get(row["key"])
            else:
                try:
                    data = formulation_map(self.cat).read(shard_of(row["key"])).get(row["key"])
                except (KeyError, StoreCorrupt):
                    return None
        if data is None:
            return []
        found = [(by_text[e[0]], e[2]) for e in data.get("f", ()) if e[0] in by_text]
        found += [(by_text[e[0]], e[1]) for e in data.get("p", ()) if e[0] in by_text]
        # a fragment's uses are its longer unit's where every use has the word there (`count_kept`)
        have = {f.text for f, _n in found}
        for e in data.get("p", ()):
            if e[0] not in by_text:
                for unit in (e[3][-1:] + e[0] if e[3] else "", e[0] + e[4] if e[4] else ""):
                    if unit in by_text and unit not in have:
                        found.append((by_text[unit], e[1]))
                        have.add(unit)
        return sorted(found, key=lambda fn: (-fn[1], -fn[0].hits, fn[0].text))
