"""What a build has to do: the corpus folder compared with the catalogue.

A file whose size and mtime match its catalogue row is taken as unchanged
without being read. Otherwise it is read and hashed: same content → only its
stat is updated; content already stored under another name → its body is
reused; anything else is ingested. `plan_is_empty` is the cheap check (stat
only, nothing read) that the store is current.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from jianghua.corpus.clean import rules_fingerprint
from jianghua.corpus.ingest import PARSER_VERSION, FileEntry, Skip, content_key, read_file, scan

from . import racy, regex_cache
from .catalog import Catalog, CorpusError
from .maps import shard_maps
from jianghua.i18n import Message, _, ngettext


@dataclass
class Plan:
    entries: list[FileEntry]
    retag_all: bool  # the themes changed: every speech is tagged again
    keep: dict[str, dict] = field(default_factory=dict)  # source -> existing row, unchanged
    restat: dict[str, dict] = field(default_factory=dict)  # source -> row whose stat changed but content did not
    reuse: list[tuple[FileEntry, str]] = field(default_factory=list)  # (entry, key): content stored under another name
    ingest: list[FileEntry] = field(default_factory=list)  # read in the ingest job (the plan keeps no file bytes)
    skipped: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skip_changed: bool = False
    repair: dict[str, list[int]] = field(default_factory=dict)  # shards to write again, by map
    scanned_ns: int = 0  # when the corpus folder was walked (kept in the catalogue's meta)
    # speech id → row of the current catalogue (`Catalog.kept_rows`: the plan's own,
    # unparsed where the catalogue was not read whole); keep and restat hold these rows
    old_rows: dict[str, dict] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (
            self.restat or self.reuse or self.ingest or self.removed or self.retag_all or self.skip_changed
            or any(self.repair.values())
        )


def check_corpus(cat: Catalog) -> list[FileEntry]:
    if not cat.corpus_dir.is_dir():
        raise CorpusError(_("folder not found: {folder}").format(folder=cat.corpus_dir))
    return scan(cat.corpus_dir)


def _stale_meta(cat: Catalog) -> bool:
    m = cat.meta
    return m.get("parser") != PARSER_VERSION or m.get("rules") != rules_fingerprint()


def damaged_shards(cat: Catalog) -> dict[str, list[int]]:
    """Shards whose file is missing or changed size since the build (stat only); with a message."""
    out: dict[str, list[int]] = {}
    for what, m in shard_maps(cat).items():
        bad = m.damaged()
        if bad:
            out[what] = bad
            if getattr(m, "rules_changed", False):
                cat.messages.append(_("The set formulations (提法) of every speech are counted again: their rules changed, or this store has none yet."))
                continue
            names = "the catalogue's list of them is damaged" if m.lost else ", ".join(m.entries[i][0] for i in bad[:3]) + (" …" if len(bad) > 3 else "")
            cat.messages.append(
                ngettext(
                    "{n} file of the index ({what}) is missing or damaged ({names}); it is written again.",
                    "{n} files of the index ({what}) are missing or damaged ({names}); they are written again.",
                    len(bad),
                ).format(n=len(bad), what=what, names=names)
            )
    from .formulation_files import needs_build

    if needs_build(cat):
        out["fcount"] = [0]
    return out


def _same_file(row: dict, e: FileEntry, suspect: dict[str, int]) -> bool:
    """The file is the one the row describes (size, mtime, ctime, inode, body key):
    stat (`racy.same_stat`); content when racy."""
    get = dict.get  # (a kept row's stat and key are its own fields: no Python-level `KeptRow.get` for 10 000 rows)
    if not racy.same_stat(get(row, "size"), get(row, "mtime_ns"), get(row, "ctime_ns"), get(row, "ino"), e):
        return False
    key = get(row, "key")
    return e.source not in suspect or same_content(e, key)


def same_content(e: FileEntry, key: object) -> bool:
    """The file (read now) holds the content of this body key (`racy.SKIPPED`: it is
    still no speech — empty, undecodable …)."""
    try:
        regex_cache.warm(regex_cache.path())  # (its key is read with patterns: those kept, see `regex_cache`)
        data = read_file(e)
        if key != racy.SKIPPED:
            return content_key(data, e.source) == key
    except Skip:
        return key == racy.SKIPPED
    from jianghua.corpus.ingest import ingest_bytes  # (a skipped racy file only: rare)

    try:
        ingest_bytes(data, segment=False, source=e.source)  # (as a build reads it: `jobs.run_job`)
    except Exception:  # Skip, or an error that a build also skips the file for
        return True
    return False


def plan_is_empty(cat: Catalog, entries: list[FileEntry] | None = None) -> bool:
    """Cheap check that the store is current: stat only, except a racy file (its
    mtime within its file system's tick of the last build's scan, `racy`), which is
    read and compared. The catalogue is not read whole when its stat table
    (`statfile`) is usable. When files had to be read, the time of this check is kept
    (`Catalog.note_scanned`): the next check reads them no more."""
    now = time.time_ns()  # (before any file is read: what is read is the content at this time or later)
    cat.reload()
    if not cat.built() or _stale_meta(cat):
        return False
    if cat.meta.get("themes") != cat.themes.fingerprint:
        return False
    if any(m.damaged() for m in shard_maps(cat).values()):
        return False
    from .formulation_files import needs_build

    if needs_build(cat):
        return False
    if entries is None:
        entries = check_corpus(cat)
    files = cat.files()
    skipped = {r["source"]: r for r in cat.skipped}
    if len(entries) != len(files) + len(skipped):
        return False
    for e in entries:
        f = files.get(e.source)
        if f is not None:
            if not racy.same_stat(f[0], f[1], f[3], f[4], e):
                return False
            continue
        r = skipped.get(e.source)
        if r is None or not racy.same_stat(r.get("size"), r.get("mtime_ns"), r.get("ctime_ns"), r.get("ino"), e):
            return False
    suspect = racy.racy(entries, cat.meta.get("scanned_ns"))
    if not suspect:
        return True
    by_source = {e.source: e for e in entries if e.source in suspect}
    # a racy skipped file too (a download or save that was empty or half written at
    # the build, then finished within its tick): read, it must still be no speech
    if not all(same_content(by_source[s], files[s][2] if s in files else racy.SKIPPED) for s in suspect):
        return False
    if any(by_source[s].mtime_ns < now - w for s, w in suspect.items()):
        cat.note_scanned(now)  # (a file read now that this time makes no longer racy)
    return True


def make_plan(cat: Catalog, entries: list[FileEntry]) -> Plan:
    stale = _stale_meta(cat)
    old_rows = cat.kept_rows()
    rows = {r["source"]: r for r in old_rows.values()}
    keys_stored = {r["key"] for r in rows.values()}
    old_skips = {r["source"]: r for r in cat.skipped}
    plan = Plan(entries, retag_all=cat.meta.get("themes") != cat.themes.fingerprint, old_rows=old_rows)
    seen_keys: set[str] = set()
    suspect = racy.racy(entries, cat.meta.get("scanned_ns"))
    for e in entries:
        row = rows.get(e.source)
        if not stale and row and _same_file(row, e, suspect):
            plan.keep[e.source] = row
            continue
        sk = old_skips.get(e.source)
        if (not stale and not row and sk and racy.same_stat(sk["size"], sk["mtime_ns"], sk.get("ctime_ns"), sk.get("ino"), e)
                and not e.problem
                and e.source not in suspect):  # (a racy one is read again: it may have become a speech)
            plan.skipped.append(sk)
            continue
        try:
            key = content_key(read_file(e), e.source)  # bytes dropped at once: 10 000 files never sit in memory
        except Skip as err:
            plan.skipped.append(skip_row(e, err.reason))
            continue
        if row and row["key"] == key:
            plan.restat[e.source] = row
        elif key in keys_stored or key in seen_keys:
            plan.reuse.append((e, key))
        elif cat.backend.has_body(key):  # named by no catalogue (a killed build's): flushed before one names it
            cat.backend.note_existing(key)
            plan.reuse.append((e, key))
        else:
            plan.ingest.append(e)
            seen_keys.add(key)
    present = {e.source for e in entries}
    plan.removed = [s for s in rows if s not in present]
    # by the reason's msgid and arguments where known: the language of a build is no change
    new_skips = {s["source"]: (s["size"], s["mtime_ns"], s.get("msg") or s["reason"]) for s in plan.skipped}
    plan.skip_changed = new_skips != {s: (r["size"], r["mtime_ns"], r.get("msg") or r["reason"]) for s, r in old_skips.items()}
    return plan


def skip_row(e: FileEntry, reason: str) -> dict:
    """A row of the catalogue's `skipped` table: the reason as text (in the language
    of the build) and, when it is a Message, as `msg` (shown in the reader's language)."""
    row = {"source": e.source, "reason": str(reason), "size": e.size, "mtime_ns": e.mtime_ns, "ctime_ns": e.ctime_ns, "ino": e.ino}
    if isinstance(reason, Message):
        row["msg"] = reason.as_json()
    return row

