"""The `Store`: everything the browser and the CLI ask of a corpus.

A read facade over the parts: opening reads only the catalogue (`catalog`: one
TinyDB file, a row per speech with what the list shows and filters on). The
list's summaries are made when the list is first asked for, the theme index on
the first filter (`listing`), the passage index on first use (`passage_index`);
speech bodies are read one at a time when the reader opens them (`bodies`).
jieba is never imported here: building is `build.update`, which `Store.update`
calls.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jianghua.corpus.resources import BUNDLED_CORPUS
from jianghua.corpus.themes import Themes, load_themes

from .backends import Backend, DiskBackend, MemoryBackend
from .catalog import Catalog, CorpusError, summary_of
from .listing import AmbiguousReference, SpeechList  # noqa: F401 - AmbiguousReference re-exported
from .models import BuildReport, Passage, Skipped, Speech, SpeechSummary, ThemeInfo, skipped_record
from .paths import default_store_dir
from jianghua.i18n import _, os_error

if TYPE_CHECKING:
    from .bodies import Bodies
    from .formulations import Formulation
    from .passage_index import PassageIndex

# The bodies (with the cleaning and tagging rules) and the passage index are
# imported on first use: a browser's first paint needs neither.

__all__ = ["CorpusError", "Store"]


def _kept_patterns() -> None:
    """The compiled patterns the last build of a few files kept (`regex_cache`) put in
    `re`'s cache before a speech is first tagged: the theme matcher and the outline and
    cleaning rules are then not compiled again (~30 ms CPU at the first speech a process
    opens). A stat once the file is taken; a missing or foreign file changes nothing."""
    from . import regex_cache

    regex_cache.warm(regex_cache.path())


SPEECHES_KEPT = 8  # speeches made for the reader, kept (a speech opened again costs nothing)


def _backend(root: Path, memory: bool, messages: list[str]) -> Backend:
    """The store folder, or memory when asked or when the folder cannot be written."""
    disk = DiskBackend(root)
    if memory:
        return MemoryBackend()
    try:
        root.mkdir(parents=True, exist_ok=True)
        disk.ensure()
        return disk
    except OSError as e:
        if disk.stamp() is not None:  # (an index to read; true whether it is current or not: said before the folder is checked)
            said = _("The index at {folder} cannot be written ({why}): it is read as it is and not updated. Files changed in the folder since it was made are read in memory, at every start (nothing is saved).")
        else:  # (no index to read: everything is read in memory)
            said = _("The index at {folder} cannot be written ({why}) and there is none yet: every speech is read in memory, at every start (nothing is saved; a large folder takes minutes).")
        messages.append(said.format(folder=root, why=os_error(e)))
        return disk.in_memory()


class Store:
    def __init__(self, corpus_dir: Path, themes: Themes, backend: Backend, messages: list[str]):
        self.catalog = Catalog(corpus_dir, themes, backend, messages)
        self._bodies_: Bodies | None = None
        self._list: SpeechList | None = None
        self._passages: PassageIndex | None = None
        self._formulations = None  # FormulationIndex, made on first use
        self._speeches: OrderedDict[str, Speech] = OrderedDict()  # the last speeches made (immutable)
        self._generation = 0  # catalogues taken so far (what `_speeches` was made from)
        self._making: dict[str, threading.Lock] = {}  # speech id -> held while `speech` makes it
        self.catalog.on_change(self._forget)

    def _forget(self) -> None:
        """Another catalogue is in place: what was made from the last one goes."""
        self._list = None
        self._passages = None
        self._formulations = None
        self._speeches.clear()
        self._generation += 1
        if self._bodies_ is not None:
            self._bodies_.forget()

    @property
    def _bodies(self) -> Bodies:
        bodies = self._bodies_
        if bodies is None:
            from .bodies import Bodies

            with self.catalog.lock:
                if self._bodies_ is None:
                    self._bodies_ = Bodies(self.catalog)
                bodies = self._bodies_
        return bodies

    # ------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        corpus_dir: Path | str | None = None,
        themes_path: Path | str | None = None,
        store_path: Path | str | None = None,
        *,
        memory: bool = False,
    ) -> Store:
        """Open (never build) the store of a corpus folder.

        Raises CorpusError for a missing corpus folder and corpus.themes.ThemesError
        for a bad themes file.
        """
        corpus = Path(corpus_dir) if corpus_dir else BUNDLED_CORPUS
        if not corpus.exists():
            raise CorpusError(_("folder not found: {folder}").format(folder=corpus))
        if not corpus.is_dir():
            raise CorpusError(_("not a folder: {path}").format(path=corpus))
        themes = load_themes(Path(themes_path) if themes_path else None)
        messages: list[str] = []
        root = Path(store_path) if store_path else default_store_dir(corpus)
        store = cls(corpus.resolve(), themes, _backend(root, memory, messages), messages)
        store.reload()
        return store

    # ------------------------------------------------------------ what it is

    @property
    def corpus_dir(self) -> Path:
        return self.catalog.corpus_dir

    @property
    def themes_taxonomy(self) -> Themes:
        return self.catalog.themes

    @property
    def messages(self) -> list[str]:
        """Messages for the user (damage found and repaired, a store kept in memory …)."""
        return self.catalog.messages

    @property
    def store_dir(self) -> Path | None:
        backend = self.catalog.backend
        return backend.root if backend.persistent else None

    @property
    def generation(self) -> int:
        return self.catalog.generation

    def built(self) -> bool:
        return self.catalog.built()

    def reload(self) -> bool:
        """(Re)read the catalogue if it changed on disk. Returns True if it was read."""
        return self.catalog.reload()

    def disk_size(self) -> int:
        return self.catalog.backend.size()

    # ------------------------------------------------------------ building

    def is_current(self) -> bool:
        """Does the store match the corpus folder and the themes file? (stat only)"""
        from .plan import plan_is_empty

        return plan_is_empty(self.catalog)

    def update(
        self,
        progress: Callable[[int, int, str], None] | None = None,
        on_speech: Callable[[SpeechSummary], None] | None = None,
    ) -> BuildReport:
        """Bring the store up to date with the corpus (incremental, under a lock)."""
        from .build import update
        from .search import sync_index

        report = update(self.catalog, progress=progress, on_speech=on_speech)
        sync_index(self)  # the search index follows the catalogue (no work when nothing changed)
        return report

    def sync_search_index(self) -> int:
        """Make the search index again where it is not current although the catalogue
        is — made by an older jianghua (another format or folding rules), or files of
        it lost. Nothing to do (a manifest read and a stat per file) otherwise.
        Returns the number of index files written."""
        from .search import sync_index

        return sync_index(self)

    # ------------------------------------------------------------ the list

    def _listing(self) -> SpeechList:
        lst = self._list
        if lst is None:
            cat = self.catalog
            with cat.lock:
                if self._list is None:
                    if cat.listed is not None:  # opened from the list-only catalogue: rows read when needed
                        self._list = SpeechList(lambda: cat.rows, cat.theme_names(), cat.listed)
                    else:
                        self._list = SpeechList(cat.rows, cat.theme_names())
                lst = self._list
        return lst

    def speeches(self) -> list[SpeechSummary]:
        """Every speech (with those a running build has read so far)."""
        out = list(self._listing().summaries)
        if self.catalog.arrived:
            out += self._arrivals()
        return out

    def summary(self, speech_id: str) -> SpeechSummary:
        s = self._listing().by_id.get(speech_id)
        if s is None:
            return summary_of(self.catalog.arrived[speech_id], self.catalog.theme_names())  # KeyError: no such speech
        return s

    @property
    def building(self) -> bool:
        """Is a build running with speeches read but not yet committed?"""
        return bool(self.catalog.arrived)

    def _arrivals(self) -> list[SpeechSummary]:
        """Summaries of the speeches a running build has read that the catalogue lacks."""
        rows, names = self.catalog.rows, self.catalog.theme_names()
        return [summary_of(r, names) for sid, r in list(self.catalog.arrived.items()) if sid not in rows]

    def _filter_so_far(self, theme_ids: Sequence[str], mode: str) -> list[SpeechSummary]:
        """`filter` while a build runs: over the catalogue and what the build has read."""
        ids = [t for t in theme_ids if t in self.themes_taxonomy.by_id]
        if not ids:
            return self.speeches() if not theme_ids else []
        rows = {**self.catalog.rows, **self.catalog.arrived}
        scored = []
        for k, (sid, r) in enumerate(rows.items()):
            scores = {t[0]: t[1] for t in r.get("themes", ()) if isinstance(t, list) and len(t) >= 2}
            hits = [scores[t] for t in ids if t in scores]
            if hits and (mode == "any" or len(hits) == len(ids)):
                scored.append((-sum(hits), k, sid))
        scored.sort()
        return [self.summary(sid) for _s, _k, sid in scored]

    def find(self, query: str) -> list[SpeechSummary]:
        """Speeches whose title or file name contains the query (case-insensitive)."""
        q = query.strip().lower()
        if not q:
            return self.speeches()
        return [s for s in self.speeches() if q in s.title.lower() or q in s.source.lower()]

    def resolve(self, ref: str) -> str:
        """A speech id from an id, a unique id prefix, a source path or a unique title part."""
        return self._listing().resolve(ref)

    def filter(self, theme_ids: Sequence[str], mode: str = "all") -> list[SpeechSummary]:
        """Speeches that speak of the themes (all of them, or any), strongest first."""
        if self.catalog.arrived:
            return self._filter_so_far(theme_ids, mode)
        return self._listing().filter(theme_ids, mode)

    def prepare_filters(self) -> None:
        """Make the theme index now (a browser calls this off its UI thread after the
        list is painted, so that the first theme filter does not pay for it), and the
        list-only catalogue when the store has none yet (the next start paints from it)."""
        self._listing().theme_index()
        self.themes_taxonomy.prepare()  # the reader matches the themes in every speech it opens
        self.catalog.ensure_list()

    def theme_names(self) -> dict[str, str]:
        """Theme id → name, in the taxonomy's order (no counts: nothing is computed)."""
        return self.catalog.theme_names()

    def themes(self) -> list[ThemeInfo]:
        """Themes with their counts of speeches and passages (while a build runs: of
        the catalogue and of what the build has read so far)."""
        counts = self.catalog.meta.get("passage_counts", {})
        index = self._listing().theme_index()
        extra_s: dict[str, int] = {}
        extra_p: dict[str, int] = {}
        for sid, r in list(self.catalog.arrived.items()):
            if sid in self.catalog.rows:
                continue
            for entry in r.get("themes", ()):
                extra_s[entry[0]] = extra_s.get(entry[0], 0) + 1
                extra_p[entry[0]] = extra_p.get(entry[0], 0) + (int(entry[2]) if len(entry) > 2 else 0)
        return [
            ThemeInfo(t.id, t.name, len(index.get(t.id, {})) + extra_s.get(t.id, 0), int(counts.get(t.id, 0)) + extra_p.get(t.id, 0))
            for t in self.themes_taxonomy.themes
        ]

    def skipped(self) -> list[Skipped]:
        return [skipped_record(r) for r in self.catalog.skipped]

    # ------------------------------------------------------------ speeches

    def body(self, speech_id: str) -> dict:
        """The stored body of a speech (KeyError for an unknown id); see `Bodies.get`."""
        return self._bodies.get(speech_id)

    def speech(self, speech_id: str) -> Speech:
        """The whole speech with theme tags on sections, paragraphs and sentences."""
        with self.catalog.lock:
            made = self._speeches.get(speech_id)
            if made is not None:
                self._speeches.move_to_end(speech_id)
                return made
            making = self._making.setdefault(speech_id, threading.Lock())
        # One thread tags a speech at a time: the reader waits for the list's read-ahead
        # (a 1 MB speech takes seconds to tag) instead of tagging it a second time.
        with making:
            with self.catalog.lock:
                made = self._speeches.get(speech_id)
                if made is not None:
                    return made
                gen = self._generation
            _kept_patterns()
            from .bodies import speech_of

            summary = self.summary(speech_id)
            made = speech_of(summary, self.body(speech_id), self.themes_taxonomy)
            with self.catalog.lock:
                if gen == self._generation:  # (not if another catalogue came in meanwhile)
                    self._speeches[speech_id] = made
                    while len(self._speeches) > SPEECHES_KEPT:
                        self._speeches.popitem(last=False)
                self._making.pop(speech_id, None)
        return made

    def speech_made(self, speech_id: str) -> Speech | None:
        """The speech if `speech` has made it already (tagged), else None: nothing is made."""
        with self.catalog.lock:
            return self._speeches.get(speech_id)

    def speech_untagged(self, speech_id: str) -> Speech:
        """The speech without theme tags (no theme on any sentence, paragraph or section;
        the speech's own themes from the list): what a reader shows at once while `speech`
        tags a long one. Not kept."""
        _kept_patterns()
        from .bodies import speech_of

        summary = self.summary(speech_id)
        return speech_of(summary, self.body(speech_id), self.themes_taxonomy, tagged=False)

    def tagger(self, speech_id: str):
        """Theme tags of one paragraph at a time of a speech (`tagging.ParagraphTagger`): the
        same tags as `speech` gives it, for a reader that tags only what it shows."""
        _kept_patterns()
        from .tagging import ParagraphTagger

        return ParagraphTagger(self.themes_taxonomy, self.body(speech_id))

    def read_ahead(self, speech_id: str) -> None:
        """Make a speech ready for `speech` (a browser calls it off its UI thread for
        the speech under the list's cursor: Enter then only lays it out)."""
        try:
            self.speech(speech_id)
        except Exception:  # noqa: BLE001 - only an optimisation; `speech` reports the problem when asked
            pass

    def theme_evidence(self, speech_id: str, paragraph: int | None = None):
        """Why a paragraph (0-based; all paragraphs when None) has its themes: see `tagging.explain`."""
        from .tagging import explain

        body = self.body(speech_id)
        if paragraph is not None:
            return explain(self.themes_taxonomy, body, paragraph)
        return [explain(self.themes_taxonomy, body, k) for k in range(len(body["paragraphs"]))]

    # ------------------------------------------------------------ passages

    def _passage_index(self) -> PassageIndex:
        from .passage_index import PassageIndex, read_passage_index

        cat = self.catalog
        with cat.lock:
            if self._passages is not None:
                return self._passages
        index = read_passage_index(cat, self.body)
        if index is None and cat.generation and self.reload():
            index = read_passage_index(cat, self.body)  # a newer build removed our generation's shards
        if index is None:
            index = PassageIndex([t.id for t in self.themes_taxonomy.themes])
        with cat.lock:
            self._passages = index
        return index

    def passages(self, theme_ids: Sequence[str], mode: str = "all") -> list[Passage]:
        """Every paragraph tagged with the theme(s), strongest first."""
        ids = [t for t in theme_ids if t in self.themes_taxonomy.by_id]
        if not ids:
            return []
        index = self._passage_index()
        lst = self._listing()
        return index.passages(ids, mode, lst.by_id, lst.rank())

    def passage_text(self, p: Passage) -> str:
        paragraphs = self.body(p.speech_id)["paragraphs"]
        return paragraphs[p.paragraph][0] if 0 <= p.paragraph < len(paragraphs) else ""

    def paragraph_number(self, speech_id: str, paragraph: int) -> int:
        """第N段: the 1-based number of a paragraph within its section (what citations,
        the reader and the passages view say), from its 0-based index in the speech.
        The same count as `Paragraph.number_in_section`."""
        paragraphs = self.body(speech_id)["paragraphs"]
        if not 0 <= paragraph < len(paragraphs):
            return paragraph + 1
        sec = paragraphs[paragraph][1]
        return sum(1 for p in paragraphs[: paragraph + 1] if p[1] == sec)
    # ------------------------------------------------------------ formulations (提法)

    def _formulation_index(self):
        """This catalogue's FormulationIndex, made on first use (under the catalogue's lock)."""
        from .formulation_index import FormulationIndex

        with self.catalog.lock:
            if self._formulations is None:
                self._formulations = FormulationIndex(self.catalog)
            return self._formulations

    def formulations(self, theme_ids: Sequence[str] = (), mode: str = "all") -> list[Formulation]:
        """The set formulations of the speeches (of the theme filter, when given),
        most used first: hits, speeches, first and last date, hits per year."""
        index = self._formulation_index()
        if not theme_ids:
            return index.corpus(self.speeches())  # (counted once per catalogue)
        return index.filtered(self.filter(theme_ids, mode), self.speeches())

    def read_kept_formulations(self) -> bool:
        """Read the formulations count the build kept, if it kept one, and its counts
        per theme (file reads, ~50 ms at 10 000 speeches; never a count): the formulations view, a theme filter in it, and the
        reader's pane then open without reading it. True when it was there."""
        index = self._formulation_index()
        return index.read_kept()

    def keep_formulations_later(self, stop) -> bool:
        """When the build kept no formulations count (a small change in a large
        corpus), make it in a worker process and keep it in the store
        (`formulation_later`), then read it: the view, its theme filters, later
        sessions and the CLI read it instead of counting. Waits for the worker;
        `stop` (a threading.Event) ends it. True when a count was made and read."""
        from . import formulation_later

        if not formulation_later.missing(self.catalog) or not formulation_later.make(self, stop):
            return False
        return self.read_kept_formulations()

    def formulations_at_hand(self) -> bool:
        """Would `formulations()` (no theme filter) answer at once, from memory?"""
        index = self._formulations
        return index is not None and index.at_hand()

    def prepare_formulation_filters(self) -> None:
        """Read now what a theme filter's formulations are counted from (the view
        calls this off its UI thread once its rows are shown)."""
        index = self._formulation_index()
        index.prepare_filters(self.speeches())

    def speech_formulations(self, speech_id: str) -> list[tuple[Formulation, int]]:
        """The set formulations of the corpus that one speech uses, with how often it
        uses each, most used first (the reader's formulations pane). The first call
        counts the corpus (as `formulations()` does); later ones look up."""
        index = self._formulation_index()
        return index.of_speech(speech_id, self.speeches())

    def speech_copies(self, speech_id: str) -> list[SpeechSummary]:
        """The other files that hold the same text as a speech (copies: counted once
        by the formulations, `formulation_copies`), in the catalogue's order."""
        index = self._formulation_index()
        return [self.summary(sid) for sid in index.same_text(speech_id)]

    def chars_by_year(self, theme_ids: Sequence[str] = (), mode: str = "all") -> dict[int, int]:
        """Characters of the speeches of each year (for counts per 10 000 characters)."""
        out: dict[int, int] = {}
        for s in self.filter(theme_ids, mode) if theme_ids else self.speeches():
            if s.year:
                out[s.year] = out.get(s.year, 0) + s.chars
        return out
