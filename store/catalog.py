"""The catalogue: one TinyDB file (catalog.json) naming a whole store generation.

Three tables: `meta` (one document: schema, generation, fingerprints of the
parser, rules and themes, and the shard files of the passage index and keyword
candidates), `speeches` (a row per speech: what the list shows and filters on,
and the key of its body file) and `skipped` (files that are not speeches, with
the reason). It is a plain TinyDB JSON file: a script can open it with
`TinyDB(path)` and query it (`db.table("speeches").search(Query().year == 2023)`).

Beside it, written after it and naming it by its stamp (mtime, size): list.json
(`listfile`, what the list shows: a start paints from it) and stat.json
(`statfile`, the meta and each file's stat: the check that the store is current
reads it). Either one missing, damaged or of another catalogue: catalog.json is
read whole, and the next build that finds nothing changed writes it again.

A build of a catalogue opened from list.json parses none of its unchanged rows:
stat.json says where each row lies in catalog.json, the build carries them as
`storage.KeptRow`s (their stat and body key; anything else parses the row) and
the next catalog.json copies their bytes (`storage.catalog_bytes`: the same file,
byte for byte, as serialising every row). The catalogue then stays opened from
its list: the unchanged speeches keep their summaries.

`Catalog` holds these tables in memory, with the corpus folder and themes they
describe, the backend they are read from and written to and the messages for the
user. The build reads and installs catalogues through it; the `Store` facade and
its indexes are told (`on_change`) when a new one is in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from jianghua.corpus.clean import one_line
from jianghua.corpus.themes import Themes

from . import listfile, statfile
from .backends import Backend
from .models import SpeechSummary
from .storage import KeptRow, StoreCorrupt, catalog_bytes, gc_paused, read_stamped
from jianghua.i18n import _

SCHEMA = 2  # 2: passage index and keyword candidates in content-named shards
TABLES = ("meta", "speeches", "skipped")

_ROW_STR = ("id", "source", "key", "title")
_ROW_INT = ("size", "mtime_ns", "chars", "paragraphs")


class CorpusError(Exception):
    """The corpus folder is missing or unusable; the message says why."""


def check_row(row: dict) -> None:
    """Raise ValueError unless a catalogue row has the fields the store relies on.
    (Theme entries are checked when the theme index is made: see `themes_of`.)"""
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


def themes_of(row: dict) -> list[tuple[str, float, int]]:
    """A row's theme entries; a malformed entry is left out (never a crash)."""
    out = []
    for t in row["themes"]:
        if type(t) is list and len(t) == 3 and type(t[0]) is str and isinstance(t[1], (int, float)) and isinstance(t[2], int):
            out.append((t[0], float(t[1]), t[2]))
    return out


def summary_of(row: dict, names: Mapping[str, str]) -> SpeechSummary:
    """A row as the list shows it (its ThemeScores are made when first asked for).
    names: theme id → name. The one set of rules for what the list makes of a row's
    fields (list.json holds these summaries): a field of another type is shown as
    none, a keyword that is not text is left out."""
    get = row.get
    kws = get("keywords") or ()
    year, date, speaker, occasion, level = get("year"), get("date"), get("speaker"), get("occasion"), get("level")
    return listfile.summary({
        "id": row["id"], "title": row["title"], "source": row["source"],
        "year": year if type(year) is int else None,
        "occasion": occasion if type(occasion) is str else None,
        "level": level if type(level) is str else None,
        "chars": row["chars"], "paragraphs": row["paragraphs"],
        "keywords": tuple(kws) if all(type(k) is str for k in kws) else tuple(k for k in kws if type(k) is str),
        "theme_entries": row["themes"], "theme_names": names,
        "date": date if type(date) is str else None,
        "speaker": speaker if type(speaker) is str else None,
    })


def _empty() -> dict[str, list[dict]]:
    return {"meta": [], "speeches": [], "skipped": []}


class Catalog:
    """The catalogue of a corpus folder, as last read or written by this process."""

    def __init__(self, corpus_dir: Path, themes: Themes, backend: Backend, messages: list[str]):
        self.corpus_dir = corpus_dir
        self.themes = themes
        self.backend = backend
        self.messages = messages
        self.lock = threading.RLock()
        self._meta: dict = {}
        self._rows: dict[str, dict] = {}  # speech id → row, in source order
        self._skipped: list[dict] = []  # sorted by source
        # Opened from the list-only catalogue (`listfile`): what the list shows, read
        # in a few ms; the whole catalogue is read on first use of rows/meta/skipped
        # (after the first paint, by the browser's build check).
        self.listed: list[SpeechSummary] | None = None
        self._whole = True
        self._list_ok = False  # list.json is this catalogue's
        # Rows a running build has read and announced, before it commits: a browser
        # lists, opens, counts and filters them at once (cleared when the build ends).
        self.arrived: dict[str, dict] = {}
        self._stamp: tuple[int, int] | None = None
        # The stat table of the catalogue of `_stamp` (`statfile`): meta, skipped and each
        # file's stat, for the check that the store is current without reading it whole.
        # None: not read yet; False: none usable.
        self._stat: statfile.StatTable | bool | None = None
        self._stat_ok = False  # stat.json is this catalogue's
        # Each row's theme entries as list.json holds them (id → (entries, text)): a
        # build writes list.json again without formatting the unchanged rows' entries.
        self._theme_text: dict[str, tuple[object, str]] = {}
        self._text_from: list[SpeechSummary] | None = None  # (the list they are taken from, when first needed)
        self._listeners: list[Callable[[], None]] = []

    @property
    def rows(self) -> dict[str, dict]:
        """Speech id → row, in source order."""
        if not self._whole:
            self._read_whole()
        return self._rows

    @property
    def meta(self) -> dict:
        if not self._whole:
            st = self.stat_table()
            if st is not None:
                return st.meta
            self._read_whole()
        return self._meta

    @property
    def skipped(self) -> list[dict]:
        """Files that are not speeches, sorted by source."""
        if not self._whole:
            st = self.stat_table()
            if st is not None:
                return st.skipped
            self._read_whole()
        return self._skipped

    def stat_table(self) -> statfile.StatTable | None:
        """The stat table of the catalogue opened from the list-only one (None once
        the catalogue is read whole, or when there is no usable stat.json)."""
        with self.lock:
            if self._whole or self._stamp is None:
                return None
            st = self._stat
            if st is None:
                st = statfile.read(self.backend, self._stamp, SCHEMA)
                self._stat = st if st is not None else False
                self._stat_ok = st is not None
            return st or None

    def speech_count(self) -> int:
        listed = self.listed
        return len(listed) if listed is not None else len(self.rows)

    def paragraph_count(self) -> int:
        listed = self.listed
        if listed is not None:
            return sum(s.paragraphs for s in listed)
        return sum(r["paragraphs"] for r in self.rows.values())

    def row(self, speech_id: str) -> dict:
        """A speech's row: the catalogue's, else one a running build has read (KeyError)."""
        row = self.rows.get(speech_id)
        return row if row is not None else self.arrived[speech_id]

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call listener (under the lock) whenever another catalogue is in place."""
        self._listeners.append(listener)

    @property
    def generation(self) -> int:
        return int(self.meta.get("gen", 0))

    def built(self) -> bool:
        return bool(self.meta)

    def theme_names(self) -> dict[str, str]:
        """Theme id → name, in the taxonomy's order."""
        return {t.id: t.name for t in self.themes.themes}

    def note_scanned(self, scanned_ns: int, locked: bool = False) -> None:
        """Every file was found as the catalogue describes it at `scanned_ns`, those
        whose mtime was too close to the last build's scan to trust (`racy`)
        by their content: keep the time in the stat table, so that the next check
        reads them no more (as git refreshes its racily clean entries). Only the
        stat table is written (catalog.json's meta keeps its own, older time: the
        safe side); best effort. Under the store's file lock (`locked`: the caller,
        a build, holds it; else taken without waiting — a build running now writes
        its own stat table, which this must not overwrite: nothing is written)."""
        if locked or not self.backend.persistent or self.backend.lock_path is None:
            self._note_scanned(scanned_ns)
            return
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.backend.lock_path))
        try:
            lock.acquire(timeout=0)
        except (Timeout, OSError):
            return  # (another process builds: the next check reads the racy files again)
        try:
            self._note_scanned(scanned_ns)
        finally:
            try:
                lock.release()
            except OSError:
                pass

    def _note_scanned(self, scanned_ns: int) -> None:
        with self.lock:
            if not self.backend.persistent or self._stamp is None or self.backend.stamp() != self._stamp:
                return
            st = self.stat_table()
            if st is None and self._whole and self._stat_ok:  # (read whole: the stat table a build wrote)
                st = statfile.read(self.backend, self._stamp, SCHEMA)
            if st is None:
                return
            was = st.meta.get("scanned_ns")
            if type(was) is not int or scanned_ns <= was:
                return
            st = statfile.StatTable({**st.meta, "scanned_ns": scanned_ns}, st.skipped, st.files, st.ids, st.spans)
            if statfile.write(self.backend, self._stamp, SCHEMA, st) and not self._whole:
                self._stat = st

    def files(self) -> dict[str, tuple[object, object, object, int, int]]:
        """source → (size, mtime_ns, body key, ctime_ns, ino — 0: not known) of every
        speech, in source order: from
        the stat table while the catalogue is not read whole, else from its rows."""
        st = self.stat_table()
        if st is not None:
            return st.files
        return {r["source"]: (r.get("size"), r.get("mtime_ns"), r.get("key"), r.get("ctime_ns") or 0, r.get("ino") or 0)
                for r in self.rows.values()}

    def body_keys(self) -> list[str]:
        """Every speech's body key, in source order (`files`)."""
        return [f[2] for f in self.files().values()]

    def kept_rows(self) -> dict[str, dict]:
        """Speech id → row of the current catalogue, for a build to carry into the
        next one (rows of its own: changing them changes nothing in this catalogue).
        While the catalogue is not read whole and its stat table says where each row
        lies in catalog.json: `KeptRow`s, nothing parsed (a build of one changed file
        reads no more of the others than their stat and body key); else copies."""
        st = self.stat_table() if self.backend.persistent else None
        if st is not None and st.spans is not None:
            try:
                raw, stamp = read_stamped(self.backend.catalog_path)
                if stamp == self._stamp:
                    return _kept_rows(raw, st)
            except (OSError, ValueError):
                pass
        return {sid: dict(r) for sid, r in self.rows.items()}

    def to_memory(self, why: str) -> None:
        """Keep working with a store that cannot be written: in memory, reading what
        is on disk underneath."""
        root = self.backend.root
        self.backend = self.backend.in_memory()
        self.messages.append(_("The index at {folder} cannot be written ({why}): working in memory; it is rebuilt at the next start.").format(folder=root, why=why))

    # ------------------------------------------------------------ reading

    def reload(self, whole: bool = False) -> bool:
        """(Re)read the catalogue if it changed on disk. Returns True if it was read.
        Unless `whole`, the list-only catalogue stands in for it when it matches."""
        stamp = self.backend.stamp()
        if stamp is not None and stamp == self._stamp:
            return False
        listed = None if whole or stamp is None else listfile.read(self.backend, stamp, SCHEMA, self.theme_names())
        self._list_ok = listed is not None  # (else `ensure_list` writes one: missing, stale or of another version)
        if listed is not None:
            with self.lock:
                self._theme_text = {}
                self._take_listed(listed, stamp)
            return True
        self._read_catalog(stamp)
        return True

    def _take_listed(self, listed: list[SpeechSummary], stamp: tuple[int, int], stat: statfile.StatTable | None = None) -> None:
        """Take the list-only catalogue of the catalog.json with this stamp as the
        current one (with its stat table, when known; else it is read on first use)
        and tell the listeners. (Under the lock.)"""
        self.listed, self._whole, self._stamp = listed, False, stamp
        self._stat, self._stat_ok = stat, stat is not None
        self._meta, self._rows, self._skipped, self._text_from = {}, {}, [], None
        for listener in self._listeners:
            listener()

    def _read_whole(self) -> None:
        """The whole catalogue, after the list-only one: the same catalogue, unless
        catalog.json changed or is damaged since (then as `reload` reads it)."""
        with self.lock:
            if self._whole:
                return
            stamp = self._stamp
            try:
                tables = self._read()
                if tables is not None and self.backend.stamp() == stamp:
                    listed = self.listed
                    self._set(tables, notify=False)
                    self._text_from = listed  # the same catalogue's: its theme text is reused by `write`
                    return
            except (StoreCorrupt, KeyError, TypeError, ValueError, AttributeError, IndexError):
                pass
            self._read_catalog(self.backend.stamp())

    def _theme_texts(self) -> dict[str, tuple[object, str]]:
        """Each row's theme entries with their text in list.json: as last written, or
        as the list-only catalogue this catalogue was opened from gave them (the same
        catalogue: its stamp), for the next list.json this process writes."""
        listed, self._text_from = self._text_from, None
        rows = self._rows
        if listed is not None and len(listed) == len(rows):
            keep = {}
            for s in listed:
                row = rows.get(s.id)
                if row is None:
                    return self._theme_text
                keep[s.id] = (row["themes"], str(s.theme_entries))
            self._theme_text = keep
        return self._theme_text

    def _read_catalog(self, stamp: tuple[int, int] | None) -> None:
        self._stat, self._stat_ok, self._theme_text, self._text_from = False, False, {}, None
        try:
            tables = self._read()
            with self.lock:
                try:
                    self._set(tables or _empty())
                except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
                    self._set(_empty())
                    raise StoreCorrupt(f"catalog.json holds a malformed row ({type(e).__name__}: {e})") from None
        except StoreCorrupt as e:
            moved = self.backend.quarantine(self.backend.catalog_path)
            if moved:
                msg = _("The index was damaged ({why}; moved aside to {name}); it is rebuilt from the speeches.").format(why=one_line(e), name=moved.name)
            else:
                msg = _("The index was damaged ({why}); it is rebuilt from the speeches.").format(why=one_line(e))
            self.messages.append(msg)
            with self.lock:
                self._set(_empty())
            stamp = None
        with self.lock:
            self._stamp = stamp

    def _read(self) -> dict[str, list[dict]] | None:
        """The catalogue's tables; None if there is none (or of another schema)."""
        try:
            tables = self.backend.read(self.backend.catalog_path, *TABLES)
        except (KeyError, TypeError, ValueError, AttributeError) as e:  # documents that are not objects
            raise StoreCorrupt(f"catalog.json is not a catalogue ({type(e).__name__})") from None
        if tables is not None:
            meta = tables["meta"][0] if tables["meta"] else {}
            if not isinstance(meta, dict) or meta.get("schema") != SCHEMA:
                if meta:
                    self.messages.append(_("The index was made by another version of jianghua; it is rebuilt."))
                return None
        return tables

    def _set(self, tables: dict[str, list[dict]], check: bool = True, notify: bool = True) -> None:
        """Take a catalogue's tables (validated; ValueError & co. if malformed).
        notify: tell the listeners (not when the whole catalogue replaces the
        list-only one it matches: what was made from that stays good)."""
        meta = tables["meta"][0] if tables["meta"] else {}
        with gc_paused(freeze=True):
            for r in tables["speeches"] if check else ():
                check_row(r)
            for r in tables["skipped"]:
                if not (isinstance(r.get("source"), str) and isinstance(r.get("reason"), str)):
                    raise ValueError("bad skipped row")
            rows = tables["speeches"]
            if any(rows[i]["source"] > rows[i + 1]["source"] for i in range(len(rows) - 1)):
                rows = sorted(rows, key=lambda r: r["source"])
            self._meta = meta
            self._rows = {r["id"]: r for r in rows}
            self._skipped = sorted(tables["skipped"], key=lambda r: r["source"])
            self._whole, self.listed = True, None
        if notify:
            for listener in self._listeners:
                listener()

    # ------------------------------------------------------------ writing

    def ensure_list(self) -> None:
        """Write the list-only catalogue and the stat table of the current catalogue
        if it has no usable ones (a store built by an older jianghua, a damaged
        list.json or stat.json): the next start paints from the one, the next check
        that the store is current reads the other."""
        backend = self.backend
        if not backend.persistent or self._stamp is None or not self._whole:
            return
        if (self._list_ok and self._stat_ok) or backend.stamp() != self._stamp:
            return
        rows = list(self._rows.values())
        if not self._list_ok:
            names = self.theme_names()
            self._theme_text = listfile.write(backend, self._stamp, SCHEMA, [summary_of(r, names) for r in rows], self._theme_texts()) or {}
            self._list_ok = True
        if not self._stat_ok:
            if statfile.read(backend, self._stamp, SCHEMA) is None:
                statfile.write(backend, self._stamp, SCHEMA, statfile.table(self._meta, rows, self._skipped, self._spans(rows)))
            self._stat_ok = True

    def _spans(self, rows: list[dict]) -> list[tuple[int, int]] | None:
        """Where each row lies in catalog.json, if it is the very file these tables
        make (`storage.catalog_bytes`; else None: not known)."""
        data, spans = catalog_bytes({"meta": [self._meta] if self._meta else [], "speeches": rows, "skipped": self._skipped})
        try:
            raw, stamp = read_stamped(self.backend.catalog_path)
        except OSError:
            return None
        return spans if stamp == self._stamp and raw == data else None

    def write(self, meta: dict, rows: list[dict], skipped: list[dict]) -> None:
        """Write a new catalogue (rows and skipped sorted by source; atomically, after
        `backend.sync()`: everything it names is on disk) and take it as the current
        one (no need to read it back); then its list-only catalogue and stat table,
        which name it by its stamp.
        Opened from the list-only catalogue, it stays so: the unchanged speeches keep
        their summaries, the changed ones are summarised, nothing is parsed."""
        tables = {"meta": [meta], "speeches": rows, "skipped": skipped}
        listed = self.listed if not self._whole else None
        old = {s.id: s for s in listed} if listed is not None else None
        texts = self._theme_texts() if old is None else self._theme_text
        self.backend.sync()  # every body and shard is on disk before the catalogue names it
        spans = self.backend.write(self.backend.catalog_path, tables)
        stamp = self.backend.stamp()
        names = self.theme_names()
        if old is not None and stamp is not None:
            summaries = [(type(r) is KeptRow and r.raw is not None and old.get(r["id"])) or summary_of(r, names) for r in rows]
            texts = listfile.write(self.backend, stamp, SCHEMA, summaries, texts)
            self._theme_text = texts or {}
            st = statfile.table(meta, rows, skipped, spans)
            if statfile.write(self.backend, stamp, SCHEMA, st):
                with self.lock:
                    self._list_ok = texts is not None
                    self._take_listed(summaries, stamp, st)
                return
        with self.lock:
            self._set(tables, check=False)
            self._stamp = stamp
            self._stat, self._stat_ok, self._list_ok = False, False, False
        if self._stamp is not None:
            rows = list(self._rows.values())
            texts = listfile.write(self.backend, self._stamp, SCHEMA, [summary_of(r, names) for r in rows], texts)
            self._theme_text, self._list_ok = texts or {}, texts is not None
            self._stat_ok = statfile.write(self.backend, self._stamp, SCHEMA, statfile.table(self._meta, rows, self._skipped, spans))


def _kept_rows(raw: bytes, st: statfile.StatTable) -> dict[str, dict]:
    """The catalogue's rows as `KeptRow`s, from its bytes and its stat table (ValueError
    if a row is not where the table says)."""
    view = memoryview(raw)
    out: dict[str, dict] = {}
    new, fill = KeptRow.__new__, dict.update  # (KeptRow(fields, raw), a third faster)
    spans = st.spans or ()
    last = len(spans)
    for i, (sid, (source, (size, mtime_ns, key, ctime_ns, ino)), (at, n)) in enumerate(zip(st.ids, st.files.items(), spans), 1):
        # Each row where the table says, and the rows tiling the speeches table as
        # `catalog_bytes` writes it: '"1":' row ',"2":' row … '}' — the keys' quotes are
        # bare, which they never are inside a JSON string, so a span that ends early (at
        # a "}" in a title) or late cannot pass. (Its key and its opening in one look.)
        end = at + n
        head = b'"%d":{"id":"%s"' % (i, sid.encode())
        if not (raw.startswith(head, at - 3 - len(str(i))) and raw[end - 1] == 125  # (125: "}")
                and (raw.startswith(b',"%d":' % (i + 1), end) if i < last else (raw.startswith(b"},\"", end) or end + 2 == len(raw)))):
            raise ValueError("catalog.json: a row is not where stat.json says")
        row = new(KeptRow)
        fill(row, id=sid, source=source, key=key, size=size, mtime_ns=mtime_ns, ctime_ns=ctime_ns, ino=ino)
        row.raw, row.parsed = view[at: at + n], False
        out[sid] = row
    if len(out) != len(st.ids):
        raise ValueError("catalog.json: rows of the same id")
    return out
