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

from corpus.resources import BUNDLED_CORPUS
from corpus.structure import PLACEHOLDER
from corpus.themes import Themes, load_themes

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
from .storage import DiskBackend, MemoryBackend, StoreCorrupt
from .tagging import tag_body

SCHEMA = 1
CATALOG_TABLES = ("meta", "speeches", "skipped")


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
            raise CorpusError(f"corpus folder not found: {corpus}")
        if not corpus.is_dir():
            raise CorpusError(f"not a folder: {corpus}")
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
                    f"The store at {root} cannot be written ({e.strerror or e}): working in memory; "
                    "nothing is saved for the next start."
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
        try:
            tables = self.backend.read(path, *CATALOG_TABLES)
        except StoreCorrupt as e:
            moved = self.backend.quarantine(path)
            where = f" (moved aside to {moved.name})" if moved else ""
            self.messages.append(f"The store was damaged ({e}){where}; it is rebuilt from the corpus.")
            tables = None
        if tables is not None:
            meta = tables["meta"][0] if tables["meta"] else {}
            if meta.get("schema") != SCHEMA:
                if meta:
                    self.messages.append("The store was written by another version of jianghua; it is rebuilt.")
                tables = None
        with self._lock:
            self._catalog_stamp = stamp
            self._set_catalog(tables or {"meta": [], "speeches": [], "skipped": []})
        return True

    def _set_catalog(self, tables: dict[str, list[dict]]) -> None:
        self.meta: dict = tables["meta"][0] if tables["meta"] else {}
        rows = sorted(tables["speeches"], key=lambda r: r["source"])
        self._rows: dict[str, dict] = {r["id"]: r for r in rows}
        self._skipped_rows: list[dict] = sorted(tables["skipped"], key=lambda r: r["source"])
        names = {t.id: t.name for t in self.themes_taxonomy.themes}
        summaries = []
        index: dict[str, dict[str, float]] = {t: {} for t in names}
        for r in rows:
            themes = tuple(ThemeScore(tid, names.get(tid, tid), score) for tid, score, npass in r["themes"] if npass and tid in names)
            for tid, score, npass in r["themes"]:
                if npass and tid in index:
                    index[tid][r["id"]] = score
            summaries.append(
                SpeechSummary(
                    id=r["id"],
                    title=r["title"],
                    source=r["source"],
                    year=r.get("year"),
                    occasion=r.get("occasion"),
                    level=r.get("level"),
                    chars=r["chars"],
                    paragraphs=r["paragraphs"],
                    themes=themes,
                    keywords=tuple(r.get("keywords", ())),
                )
            )
        self._summaries = summaries
        self._by_id = {s.id: s for s in summaries}
        self._theme_index = index
        self._passages = None
        self._bodies.clear()

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
        return list(self._summaries)

    def summary(self, speech_id: str) -> SpeechSummary:
        return self._by_id[speech_id]

    def resolve(self, ref: str) -> str:
        """A speech id from an id, a unique id prefix, a source path or a unique title part."""
        if ref in self._by_id:
            return ref
        hits = [s.id for s in self._summaries if s.id.startswith(ref)]
        if len(hits) == 1:
            return hits[0]
        hits = [s.id for s in self._summaries if s.source == ref or Path(s.source).stem == ref]
        if len(hits) == 1:
            return hits[0]
        hits = [s.id for s in self._summaries if s.source.startswith(ref) or Path(s.source).name.startswith(ref)]
        if len(hits) == 1:
            return hits[0]
        hits = [s.id for s in self._summaries if ref and ref in s.title]
        if len(hits) == 1:
            return hits[0]
        raise KeyError(ref)

    def find(self, query: str) -> list[SpeechSummary]:
        q = query.strip().lower()
        if not q:
            return self.speeches()
        return [s for s in self._summaries if q in s.title.lower() or q in s.source.lower()]

    def filter(self, theme_ids: Sequence[str], mode: str = "all") -> list[SpeechSummary]:
        """Speeches that speak of the themes (all of them, or any), strongest first."""
        ids = [t for t in theme_ids if t in self._theme_index]
        if not ids:
            return self.speeches() if not theme_ids else []
        maps = [self._theme_index[t] for t in ids]
        if mode == "any":
            keys: set[str] = set().union(*maps)
        else:
            keys = set(maps[0]).intersection(*maps[1:])
        scored = [(sum(m.get(k, 0.0) for m in maps), k) for k in keys]
        scored.sort(key=lambda x: (-x[0], self._by_id[x[1]].source))
        return [self._by_id[k] for _, k in scored]

    def themes(self) -> list[ThemeInfo]:
        counts = self.meta.get("passage_counts", {})
        return [
            ThemeInfo(t.id, t.name, len(self._theme_index.get(t.id, {})), int(counts.get(t.id, 0)))
            for t in self.themes_taxonomy.themes
        ]

    def skipped(self) -> list[Skipped]:
        return [Skipped(r["source"], r["reason"]) for r in self._skipped_rows]

    # ------------------------------------------------------------ bodies

    def body(self, speech_id: str) -> dict:
        with self._lock:
            b = self._bodies.get(speech_id)
            if b is not None:
                self._bodies.move_to_end(speech_id)
                return b
        row = self._rows[speech_id]
        b = self.backend.read_body(row["key"])
        with self._lock:
            self._bodies[speech_id] = b
            while len(self._bodies) > 32:
                self._bodies.popitem(last=False)
        return b

    def speech(self, speech_id: str) -> Speech:
        """The whole speech with theme tags on sections, paragraphs and sentences."""
        summary = self._by_id[speech_id]
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
        gen = self.generation
        tables = None
        if gen:
            try:
                tables = self.backend.read(self.backend.gen_path("passages", gen), "passages", "headings")
            except StoreCorrupt:
                tables = None
        if tables is None:
            tables = {"passages": [], "headings": []}
        index = {
            "by_theme": {d["theme"]: d["items"] for d in tables["passages"]},
            "headings": {d["id"]: d["h"] for d in tables["headings"]},
        }
        with self._lock:
            self._passages = index
        return index

    def passages(self, theme_ids: Sequence[str], mode: str = "all") -> list[Passage]:
        """Every paragraph tagged with the theme(s), strongest first."""
        ids = [t for t in theme_ids if t in self.themes_taxonomy.by_id]
        if not ids:
            return []
        index = self._passage_index()
        lists = [index["by_theme"].get(t, []) for t in ids]
        acc: dict[tuple[str, int], list] = {}
        for items in lists:
            for sid, para, score, sec in items:
                k = (sid, para)
                if k in acc:
                    acc[k][0] += score
                    acc[k][2] += 1
                else:
                    acc[k] = [score, sec, 1]
        need = len(ids) if mode != "any" else 1
        headings = index["headings"]
        out = []
        for (sid, para), (score, sec, n) in acc.items():
            if n < need or sid not in self._by_id:
                continue
            hs = headings.get(sid, [])
            out.append(Passage(sid, para, round(score, 3), self._by_id[sid].title, hs[sec] if 0 <= sec < len(hs) else None))
        out.sort(key=lambda p: (-p.score, self._by_id[p.speech_id].source, p.paragraph))
        return out

    def passage_text(self, p: Passage) -> str:
        return self.body(p.speech_id)["paragraphs"][p.paragraph][0]

    # ------------------------------------------------------------ misc

    def disk_size(self) -> int:
        return self.backend.size()

    def describe(self) -> str:
        where = str(self.store_dir) if self.store_dir else "memory"
        return f"corpus {self.corpus_dir} · store {where}"


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")
