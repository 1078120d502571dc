"""The `Store`: everything the browser and the CLI ask of a corpus.

Opening a store reads only the catalogue (one TinyDB file: a row per speech with
what the list shows and filters on) and builds in-memory indexes (theme → speech
scores). Speech bodies are read one at a time when the reader opens them; the
passage index is read on first use. jieba is never imported here: building is
`store.build.update`, which `Store.update` calls.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jianghua.i18n import _
from jianghua.corpus.clean import PLACEHOLDER, one_line
from jianghua.corpus.resources import BUNDLED_CORPUS
from jianghua.corpus.themes import Themes, load_themes

from .models import (
    BuildReport,
    Paragraph,
    Passage,
    Section,
    Sentence,
    Skipped,
    Speech,
    SpeechSummary,
    ThemeInfo,
    ThemeScore,
)
from .paths import default_store_dir
from .storage import BodyDamaged, DiskBackend, MemoryBackend, StoreCorrupt, gc_paused
from .shards import SHARDS
from .tagging import tag_body

if TYPE_CHECKING:
    from jianghua.corpus.ingest import FileEntry

SCHEMA = 2  # 2: passage index and keyword candidates in content-named shards
CATALOG_TABLES = ("meta", "speeches", "skipped")


def unexpected(e: BaseException) -> str:
    return one_line(f"{type(e).__name__}: {e}")


_ROW_STR = ("id", "source", "key", "title")
_ROW_INT = ("size", "mtime_ns", "chars", "paragraphs")


def _check_row(row: dict) -> None:
    """Raise ValueError unless a catalogue row has the fields the store relies on.
    (Theme entries are checked when the theme index is made: see `_themes_of`.)"""
    get = row.get
    for name in _ROW_STR:
        if type(get(name)) is not str:
            raise ValueError(f"speech row without a valid {name!r}")
    for name in _ROW_INT:
        if type(get(name)) is not int:
            raise ValueError(f"speech row without a valid {name!r}")
    if type(get("themes")) is not list:
        raise ValueError("speech row without a valid 'themes'")
    kws = get("keywords")
    if kws is not None and type(kws) is not list:
        raise ValueError("bad keywords")


_NUMBER = (int, float)


def _themes_of(row: dict) -> list[tuple[str, float, int]]:
    """A row's theme entries; a malformed entry is left out (never a crash)."""
    out = []
    for t in row["themes"]:
        if type(t) is list and len(t) == 3 and type(t[0]) is str and isinstance(t[1], (int, float)) and isinstance(t[2], int):
            out.append((t[0], float(t[1]), t[2]))
    return out


class AmbiguousReference(KeyError):
    """A speech reference that several speeches match (`candidates`, in file order)."""

    def __init__(self, ref: str, candidates: list[SpeechSummary]):
        super().__init__(ref)
        self.ref = ref
        self.candidates = candidates


class CorpusError(Exception):
    """The corpus folder is missing or unusable; the message says why."""


class Store:
    def __init__(self, corpus_dir: Path, themes: Themes, backend: DiskBackend | MemoryBackend, messages: list[str]):
        self.corpus_dir = corpus_dir
        self.themes_taxonomy = themes
        self.backend = backend
        self.messages = messages
        self._lock = threading.RLock()
        self._bodies: OrderedDict[str, dict] = OrderedDict()
        # Rows of speeches a running build has read and announced, before it commits:
        # a browser lists, opens, counts and filters them at once (cleared when it ends).
        self._arrived: dict[str, dict] = {}
        self._passages: dict | None = None
        self._catalog_stamp: tuple[int, int] | None = None
        self._set_catalog({"meta": [], "speeches": [], "skipped": []})

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
        disk = DiskBackend(root)
        backend: DiskBackend | MemoryBackend
        if memory:
            backend = MemoryBackend()
        else:
            try:
                root.mkdir(parents=True, exist_ok=True)
                disk.ensure()
                backend = disk
            except OSError as e:
                below = disk if disk.catalog_path.exists() else None
                backend = MemoryBackend(below)
                messages.append(
                    _("The index at {folder} cannot be written ({why}): working in memory; it is rebuilt at the next start.").format(folder=root, why=e.strerror or e)
                )
        store = cls(corpus.resolve() if corpus.exists() else corpus, themes, backend, messages)
        store.reload()
        return store

    # ------------------------------------------------------------ catalogue

    def reload(self) -> bool:
        """(Re)read the catalogue if it changed on disk. Returns True if it was read."""
        path = self.backend.catalog_path
        stamp = None
        if isinstance(self.backend, DiskBackend):
            try:
                st = path.stat()
                stamp = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamp = None
            if stamp is not None and stamp == self._catalog_stamp:
                return False
        empty: dict[str, list[dict]] = {"meta": [], "speeches": [], "skipped": []}
        try:
            try:
                tables = self.backend.read(path, *CATALOG_TABLES)
            except (KeyError, TypeError, ValueError, AttributeError) as e:  # documents that are not objects
                raise StoreCorrupt(f"catalog.json is not a catalogue ({type(e).__name__})") from None
            if tables is not None:
                meta = tables["meta"][0] if tables["meta"] else {}
                if not isinstance(meta, dict) or meta.get("schema") != SCHEMA:
                    if meta:
                        self.messages.append(_("The index was made by another version of jianghua; it is rebuilt."))
                    tables = None
            with self._lock:
                try:
                    self._set_catalog(tables or empty)
                except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
                    self._set_catalog(empty)
                    raise StoreCorrupt(f"catalog.json holds a malformed row ({type(e).__name__}: {e})") from None
        except StoreCorrupt as e:
            moved = self.backend.quarantine(path)
            if moved:
                msg = _("The index was damaged ({why}; moved aside to {name}); it is rebuilt from the speeches.").format(why=one_line(e), name=moved.name)
            else:
                msg = _("The index was damaged ({why}); it is rebuilt from the speeches.").format(why=one_line(e))
            self.messages.append(msg)
            with self._lock:
                self._set_catalog(empty)
            stamp = None
        with self._lock:
            self._catalog_stamp = stamp
        return True

    def _set_catalog(self, tables: dict[str, list[dict]], check: bool = True) -> None:
        """Take a catalogue's tables (validated; ValueError & co. if malformed).
        The list's summaries and the theme index are made on first use."""
        meta = tables["meta"][0] if tables["meta"] else {}
        with gc_paused(freeze=True):
            for r in tables["speeches"] if check else ():
                _check_row(r)
            for r in tables["skipped"]:
                if not (isinstance(r.get("source"), str) and isinstance(r.get("reason"), str)):
                    raise ValueError("bad skipped row")
            rows = tables["speeches"]
            if any(rows[i]["source"] > rows[i + 1]["source"] for i in range(len(rows) - 1)):
                rows = sorted(rows, key=lambda r: r["source"])
            self.meta: dict = meta
            self._rows: dict[str, dict] = {r["id"]: r for r in rows}
            self._skipped_rows: list[dict] = sorted(tables["skipped"], key=lambda r: r["source"])
        self._lists: tuple[list[SpeechSummary], dict[str, SpeechSummary], dict[str, dict[str, float]]] | None = None
        self._rank_cache: dict[str, int] | None = None
        self._passages = None
        self._bodies.clear()
        self._scan_cache: dict[str, FileEntry] | None = None

    def _install(self, tables: dict[str, list[dict]]) -> None:
        """A catalogue this process just wrote (no need to read it back)."""
        with self._lock:
            self._set_catalog(tables, check=False)
            try:
                st = self.backend.catalog_path.stat() if isinstance(self.backend, DiskBackend) else None
                self._catalog_stamp = (st.st_mtime_ns, st.st_size) if st else None
            except OSError:
                self._catalog_stamp = None

    def _by_source(self) -> dict[str, dict]:
        return {r["source"]: r for r in self._rows.values()}

    def _make_summary(self, r: dict, names: dict[str, str] | None = None) -> SpeechSummary:
        """A row as the list shows it (its ThemeScores are made when first asked for)."""
        names = names if names is not None else {t.id: t.name for t in self.themes_taxonomy.themes}
        kws = r.get("keywords", ())
        return SpeechSummary(
            id=r["id"],
            title=r["title"],
            source=r["source"],
            year=r.get("year"),
            occasion=r.get("occasion"),
            level=r.get("level"),
            chars=r["chars"],
            paragraphs=r["paragraphs"],
            keywords=tuple(kws) if all(type(k) is str for k in kws) else tuple(k for k in kws if type(k) is str),
            theme_entries=r["themes"],
            theme_names=names,
        )

    def _index(self) -> tuple[list[SpeechSummary], dict[str, SpeechSummary], dict[str, dict[str, float]]]:
        """The list's summaries, by id, and theme → {speech id: score}. The summaries
        are made once per catalogue, before the list is painted; the theme index on
        the first filter (it is not needed to paint the list)."""
        summaries, by_id = self._summaries_only()
        with self._lock:
            lists = self._lists
            if lists is None or lists[0] is not summaries:  # a new catalogue meanwhile
                return self._index()
            if lists[2] is None:
                with gc_paused(freeze=True):
                    self._lists = lists = (summaries, by_id, self._build_theme_index())
        return lists

    def _summaries_only(self) -> tuple[list[SpeechSummary], dict[str, SpeechSummary]]:
        lists = self._lists
        if lists is None:
            with self._lock, gc_paused(freeze=True):
                if self._lists is None:
                    names = {t.id: t.name for t in self.themes_taxonomy.themes}
                    summaries = [self._make_summary(r, names) for r in self._rows.values()]
                    self._lists = (summaries, {s.id: s for s in summaries}, None)
                lists = self._lists
        return lists[0], lists[1]

    def _build_theme_index(self) -> dict[str, dict[str, float]]:
        index: dict[str, dict[str, float]] = {t.id: {} for t in self.themes_taxonomy.themes}
        for r in self._rows.values():
            sid = r["id"]
            try:  # the common case, fast: well-formed [id, score, tagged paragraphs] entries
                for tid, score, npass in r["themes"]:
                    if npass and tid in index:
                        if type(score) not in _NUMBER:
                            raise TypeError("score")
                        index[tid][sid] = score
            except (TypeError, ValueError):  # a damaged row: only its well-formed entries
                for tid, score, npass in _themes_of(r):
                    if npass and tid in index:
                        index[tid][sid] = score
        return index

    @property
    def _summaries(self) -> list[SpeechSummary]:
        return self._summaries_only()[0]

    @property
    def _by_id(self) -> dict[str, SpeechSummary]:
        return self._summaries_only()[1]

    @property
    def _theme_index(self) -> dict[str, dict[str, float]]:
        return self._index()[2]

    @property
    def store_dir(self) -> Path | None:
        return self.backend.root if isinstance(self.backend, DiskBackend) else None

    @property
    def generation(self) -> int:
        return int(self.meta.get("gen", 0))

    def built(self) -> bool:
        return bool(self.meta)

    # ------------------------------------------------------------ building

    def is_current(self) -> bool:
        """Does the store match the corpus folder and the themes file? (stat only)"""
        from .build import plan_is_empty

        return plan_is_empty(self)

    def update(
        self,
        progress: Callable[[int, int, str], None] | None = None,
        on_speech: Callable[[SpeechSummary], None] | None = None,
    ) -> BuildReport:
        """Bring the store up to date with the corpus (incremental, under a lock)."""
        from .build import update

        return update(self, progress=progress, on_speech=on_speech)

    # ------------------------------------------------------------ queries

    def speeches(self) -> list[SpeechSummary]:
        """Every speech (with those a running build has read so far)."""
        out = list(self._summaries)
        if self._arrived:
            out += self._arrivals()
        return out

    def summary(self, speech_id: str) -> SpeechSummary:
        s = self._by_id.get(speech_id)
        if s is None:
            return self._arrival(speech_id)
        return s

    @property
    def building(self) -> bool:
        """Is a build running with speeches read but not yet committed?"""
        return bool(self._arrived)

    def _arrivals(self) -> list[SpeechSummary]:
        """Summaries of the speeches a running build has read that the catalogue lacks."""
        by_id = self._by_id
        names = {t.id: t.name for t in self.themes_taxonomy.themes}
        return [self._make_summary(r, names) for sid, r in list(self._arrived.items()) if sid not in by_id]

    def _arrival(self, speech_id: str) -> SpeechSummary:
        row = self._arrived[speech_id]  # KeyError: no such speech
        return self._make_summary(row, {t.id: t.name for t in self.themes_taxonomy.themes})

    def _row(self, speech_id: str) -> dict:
        row = self._rows.get(speech_id)
        return row if row is not None else self._arrived[speech_id]

    def resolve(self, ref: str) -> str:
        """A speech id from an id, a unique id prefix, a source path or a unique title part.

        KeyError when nothing matches; AmbiguousReference (a KeyError) with the
        candidates when several speeches match and no rule picks one."""
        if ref in self._by_id:
            return ref
        tests = (
            lambda s: s.id.startswith(ref),
            lambda s: s.source == ref or Path(s.source).stem == ref,
            lambda s: s.source.startswith(ref) or Path(s.source).name.startswith(ref),
            lambda s: bool(ref) and ref in s.title,
        )
        several: list[SpeechSummary] = []
        for test in tests:
            hits = [s for s in self._summaries if test(s)]
            if len(hits) == 1:
                return hits[0].id
            if len(hits) > 1 and not several:
                several = hits
        if several:
            raise AmbiguousReference(ref, several)
        raise KeyError(ref)

    def find(self, query: str) -> list[SpeechSummary]:
        q = query.strip().lower()
        if not q:
            return self.speeches()
        return [s for s in self._summaries if q in s.title.lower() or q in s.source.lower()]

    def filter(self, theme_ids: Sequence[str], mode: str = "all") -> list[SpeechSummary]:
        """Speeches that speak of the themes (all of them, or any), strongest first."""
        if self._arrived:
            return self._filter_so_far(theme_ids, mode)
        summaries, by_id, index = self._index()
        ids = [t for t in theme_ids if t in index]
        if not ids:
            return list(summaries) if not theme_ids else []
        maps = [index[t] for t in ids]
        rank = self._rank()
        if len(maps) == 1:
            scored = [(-v, rank[k], k) for k, v in maps[0].items()]
        else:
            keys: set[str] = set().union(*maps) if mode == "any" else set(maps[0]).intersection(*maps[1:])
            scored = [(-sum(m.get(k, 0.0) for m in maps), rank[k], k) for k in keys]
        scored.sort()  # strongest first, then in file order (plain tuples: no key function)
        return [by_id[k] for _, _, k in scored]

    def _filter_so_far(self, theme_ids: Sequence[str], mode: str) -> list[SpeechSummary]:
        """`filter` while a build runs: over the catalogue and what the build has read."""
        ids = [t for t in theme_ids if t in self.themes_taxonomy.by_id]
        if not ids:
            return self.speeches() if not theme_ids else []
        rows = {**self._rows, **self._arrived}
        scored = []
        for k, (sid, r) in enumerate(rows.items()):
            scores = {t[0]: t[1] for t in r.get("themes", ())}
            hits = [scores[t] for t in ids if t in scores]
            if hits and (mode == "any" or len(hits) == len(ids)):
                scored.append((-sum(hits), k, sid))
        scored.sort()
        return [self.summary(sid) for _, _, sid in scored]

    def _rank(self) -> dict[str, int]:
        """Speech id → position in file order (rows are kept sorted by source)."""
        rank = self._rank_cache
        if rank is None:
            rank = self._rank_cache = {sid: k for k, sid in enumerate(self._rows)}
        return rank

    def prepare_filters(self) -> None:
        """Make the theme index now (a browser calls this off its UI thread after the
        list is painted, so that the first theme filter does not pay for it)."""
        self._index()

    def theme_names(self) -> dict[str, str]:
        """Theme id → name, in the taxonomy's order (no counts: nothing is computed)."""
        return {t.id: t.name for t in self.themes_taxonomy.themes}

    def themes(self) -> list[ThemeInfo]:
        """Themes with their counts of speeches and passages (while a build runs: of
        the catalogue and of what the build has read so far)."""
        counts = self.meta.get("passage_counts", {})
        extra_s: dict[str, int] = {}
        extra_p: dict[str, int] = {}
        for sid, r in list(self._arrived.items()):
            if sid in self._rows:
                continue
            for entry in r.get("themes", ()):
                extra_s[entry[0]] = extra_s.get(entry[0], 0) + 1
                extra_p[entry[0]] = extra_p.get(entry[0], 0) + (int(entry[2]) if len(entry) > 2 else 0)
        return [
            ThemeInfo(
                t.id,
                t.name,
                len(self._theme_index.get(t.id, {})) + extra_s.get(t.id, 0),
                int(counts.get(t.id, 0)) + extra_p.get(t.id, 0),
            )
            for t in self.themes_taxonomy.themes
        ]

    def skipped(self) -> list[Skipped]:
        return [Skipped(r["source"], r["reason"]) for r in self._skipped_rows]

    # ------------------------------------------------------------ bodies

    def body(self, speech_id: str) -> dict:
        """The stored body of a speech (KeyError for an unknown id). A body file
        that is missing or damaged is read again from the corpus file, with a
        message; if that fails too, an empty body stands in for it."""
        with self._lock:
            b = self._bodies.get(speech_id)
            if b is not None:
                self._bodies.move_to_end(speech_id)
                return b
        row = self._row(speech_id)
        try:
            b = self.backend.read_body(row["key"])
        except KeyError as e:
            b = self._recover_body(row, damaged=isinstance(e, BodyDamaged))
        with self._lock:
            self._bodies[speech_id] = b
            while len(self._bodies) > 32:
                self._bodies.popitem(last=False)
        return b

    def _corpus_entry(self, source: str) -> FileEntry:
        """The corpus file a source name stands for. Names are shown escaped (and
        numbered #2, #3 … when escaping made two equal), so ask the scan."""
        from jianghua.corpus.ingest import FileEntry, scan

        with self._lock:
            entries = self._scan_cache
        if entries is None:
            try:
                entries = {e.source: e for e in scan(self.corpus_dir)}
            except OSError:
                entries = {}
            with self._lock:
                self._scan_cache = entries
        return entries.get(source) or FileEntry(source, self.corpus_dir / source, 0, 0, _("no longer in the folder"))

    def _recover_body(self, row: dict, damaged: bool) -> dict:
        from jianghua.corpus.ingest import Skip, content_key, ingest_bytes, read_file

        what = _("is damaged") if damaged else _("is missing")
        try:
            data = read_file(self._corpus_entry(row["source"]))
            body = ingest_bytes(data, segment=False)["body"]
        except Skip as e:
            self.messages.append(_("The saved copy of {file} {what} and the file cannot be read again ({why}).").format(file=row["source"], what=what, why=one_line(e)))
            return {"title": row["title"], "sections": [[None, 0, None]], "paragraphs": []}
        except Exception as e:  # never let one speech stop the reader
            self.messages.append(_("The saved copy of {file} {what} and the file cannot be read again ({why}).").format(file=row["source"], what=what, why=unexpected(e)))
            return {"title": row["title"], "sections": [[None, 0, None]], "paragraphs": []}
        key = content_key(data)
        if key == row["key"]:
            try:
                self.backend.write_body(key, body)
            except OSError:
                pass
            self.messages.append(_("The saved copy of {file} {what}: read again from the file.").format(file=row["source"], what=what))
        else:
            self.messages.append(_("The saved copy of {file} {what}: the file changed since the last build; showing it as it is now.").format(file=row["source"], what=what))
        return body

    def speech(self, speech_id: str) -> Speech:
        """The whole speech with theme tags on sections, paragraphs and sentences."""
        summary = self.summary(speech_id)
        body = self.body(speech_id)
        tags = tag_body(self.themes_taxonomy, body)
        th = self.themes_taxonomy.themes
        paragraphs = []
        sec_paras: dict[int, list[int]] = {}
        per_section_count: dict[int, int] = {}
        sent_index = 0
        for k, ((text, sec, spans), t) in enumerate(zip(body["paragraphs"], tags.paragraphs)):
            sentences = []
            for (a, b), st in zip(spans, t.sentences):
                s = text[a:b]
                sentences.append(Sentence(sent_index, s, tuple(th[i].id for i in st), bool(PLACEHOLDER.search(s))))
                sent_index += 1
            per_section_count[sec] = per_section_count.get(sec, 0) + 1
            sec_paras.setdefault(sec, []).append(k)
            paragraphs.append(
                Paragraph(
                    index=k + 1,
                    text=text,
                    sentences=tuple(sentences),
                    themes=tuple(th[i].id for i in t.themes),
                    scores=t.scores,
                    section=sec,
                    number_in_section=per_section_count[sec],
                )
            )
        sections = tuple(
            Section(
                index=k,
                heading=h,
                level=lv,
                parent=parent,
                paragraphs=tuple(sec_paras.get(k, ())),
                themes=tuple(ThemeScore(th[i].id, th[i].name, sc) for i, sc in tags.sections[k]),
            )
            for k, (h, lv, parent) in enumerate(body["sections"])
        )
        return Speech(
            id=speech_id,
            title=summary.title,
            source=summary.source,
            year=summary.year,
            occasion=summary.occasion,
            level=summary.level,
            salutation=body.get("salutation"),
            sections=sections,
            paragraphs=tuple(paragraphs),
            themes=tuple(ThemeScore(th[i].id, th[i].name, sc) for i, sc, n in tags.speech if n),
            keywords=summary.keywords,
        )

    # ------------------------------------------------------------ passages

    def _passage_index(self) -> dict:
        with self._lock:
            if self._passages is not None:
                return self._passages
        index = self._read_passage_index(repair=True)
        if index is None and self.generation and self.reload():
            index = self._read_passage_index(repair=True)  # a newer build removed our generation's shards
        if index is None:
            index = {"by_theme": {}, "headings": {}, "sorted": set()}
        with self._lock:
            self._passages = index
        return index

    def _read_passage_index(self, repair: bool = False) -> dict | None:
        """The passage index of this generation from its shards. A missing shard
        (a newer build replaced it) gives None; a damaged one is moved aside, with
        a message, and gives None — or, with repair, is recomputed from the bodies
        (and written again at the next build)."""
        if not self.generation:
            return None
        from .build import shard_maps

        pmap = shard_maps(self)["passages"]
        pmap.check = None  # checked below, while the entries are distributed (one pass)
        damaged: list[str] = []

        def again(i: int, why: str) -> dict:
            if why == "missing" and pmap.entries[i]:
                raise LookupError(pmap.entries[i][0])
            damaged.append(f"{pmap.entries[i][0] if pmap.entries[i] else i}: {why}")
            if not repair:
                raise LookupError(why)
            return self._compute_passages(i)

        by_theme: dict[str, list] = {t.id: [] for t in self.themes_taxonomy.themes}
        headings: dict[str, list] = {}
        # Entries are (-score to 3 places, rank of the source, paragraph, speech id,
        # score, section): a plain tuple sort gives the order passages() shows.
        rank = {sid: k for k, sid in enumerate(self._rows)}  # rows are in source order
        index: dict | None = {"by_theme": by_theme, "headings": headings, "sorted": set()}
        try:
            with gc_paused(freeze=True):  # long-lived, like the catalogue
                for i in range(SHARDS):
                    data = pmap.read_or(i, again)
                    try:
                        entries = _passage_entries(data, rank)
                    except (KeyError, TypeError, ValueError, AttributeError) as e:
                        name = pmap.entries[i][0] if pmap.entries[i] else str(i)
                        self.backend.quarantine_shard(name)
                        entries = _passage_entries(again(i, f"damaged (wrong shape: {one_line(e)})"), rank)
                    for sid, hs, items in entries:
                        headings[sid] = hs
                        for tid, entry in items:
                            lst = by_theme.get(tid)
                            if lst is not None:
                                lst.append(entry)
        except LookupError:
            index = None
        if damaged:
            self.messages.append(
                (
                    _("The passage index was damaged ({why}); it is computed again from the saved speeches (and saved at the next update).")
                    if repair and index
                    else _("The passage index was damaged ({why}); it is saved again at the next update.")
                ).format(why="; ".join(damaged[:3]))
            )
        return index

    def _compute_passages(self, shard: int) -> dict:
        """One shard of the passage index recomputed from the bodies (as the build makes it)."""
        from .shards import shard_of
        from .tagging import tag_record

        out = {}
        for sid in list(self._rows):
            if shard_of(sid) == shard:
                rec = tag_record(self.themes_taxonomy, self.body(sid))
                out[sid] = {"p": rec["p"], "h": rec["h"]}
        return out

    def passages(self, theme_ids: Sequence[str], mode: str = "all") -> list[Passage]:
        """Every paragraph tagged with the theme(s), strongest first."""
        ids = [t for t in theme_ids if t in self.themes_taxonomy.by_id]
        if not ids:
            return []
        index = self._passage_index()
        by_id = self._by_id
        headings = index["headings"]
        if len(ids) == 1:
            with gc_paused():
                out = []
                for _, _, para, sid, score, sec in self._theme_items(index, ids[0]):
                    hs = headings.get(sid, ())
                    out.append(Passage(sid, para, round(score, 3), by_id[sid].title, hs[sec] if 0 <= sec < len(hs) else None))
                return out
        acc: dict[tuple[str, int], list] = {}
        for t in ids:
            for _, _, para, sid, score, sec in self._theme_items(index, t):
                k = (sid, para)
                if k in acc:
                    acc[k][0] += score
                    acc[k][2] += 1
                else:
                    acc[k] = [score, sec, 1]
        need = len(ids) if mode != "any" else 1
        rank = self._rank()
        out = []
        for (sid, para), (score, sec, n) in acc.items():
            if n < need or sid not in by_id:
                continue
            hs = headings.get(sid, [])
            out.append(Passage(sid, para, round(score, 3), by_id[sid].title, hs[sec] if 0 <= sec < len(hs) else None))
        out.sort(key=lambda p: (-p.score, rank[p.speech_id], p.paragraph))
        return out

    def _theme_items(self, index: dict, theme_id: str) -> list:
        """One theme's entries, sorted on first use (strongest first)."""
        items = index["by_theme"].get(theme_id, [])
        if theme_id not in index["sorted"]:
            with self._lock:
                if theme_id not in index["sorted"]:
                    items.sort()
                    index["sorted"].add(theme_id)
        return items

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

    # ------------------------------------------------------------ misc

    def disk_size(self) -> int:
        return self.backend.size()

    def describe(self) -> str:
        where = str(self.store_dir) if self.store_dir else "memory"
        return f"corpus {self.corpus_dir} · store {where}"


def _passage_entries(data: dict, rank: dict[str, int]) -> list[tuple[str, list, list]]:
    """One passages shard as (speech id, headings, [(theme id, index entry)]);
    ValueError & co. for a shard of the wrong shape."""
    out = []
    for sid, v in data.items():
        rk = rank.get(sid)
        hs = v["h"]
        if type(hs) is not list:
            raise ValueError("headings")
        items = []
        for tid, para, score, sec in v["p"]:
            if type(tid) is not str or type(para) is not int or type(sec) is not int:
                raise ValueError("passage entry")
            items.append((tid, (-round(score, 3), rk, para, sid, score, sec)))
        if rk is not None:  # (a speech no longer in the catalogue is left out)
            out.append((sid, hs, items))
    return out


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")
