"""Building the store: incremental, crash-safe, one builder at a time.

1. Under the store's file lock, re-read the catalogue (another process may just
   have built it) and walk the corpus folder (`plan`).
2. Files that changed are ingested (decoded, cleaned, parsed, segmented with
   jieba, tagged) — in worker processes when there are many, which also write
   the bodies (`jobs`); a changed themes file re-tags every speech from the
   stored bodies (no jieba).
3. A new generation is committed (`commit`): bodies and shards first, one
   `sync`, then catalog.json, written atomically, which names them all.

When nothing changed no file is written and jieba is not imported. The build
works on the `Catalog`; it never imports the `Store` facade.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .catalog import Catalog
from .maps import shard_names
from .models import BuildReport, SpeechSummary, skipped_record
from .paths import cache_root
from .plan import check_corpus, damaged_shards, make_plan, plan_is_empty, same_content
from . import racy, regex_cache
from jianghua.i18n import _, os_error

if TYPE_CHECKING:
    from .generation import Progress
    from .workers import Segmenter

LOCK_POLL = 0.1
IDF_CACHE = "jieba-idf.table"  # an indexed copy of jieba's IDF table, in the cache folder (corpus.keywords.jieba_idf)
# Files in the folder from which a build that finds changes segments in a second process
# (`workers.Segmenter`), started before the plan: the plan of a smaller folder is done
# before that process's segmenter is ready (then it would only add its start).
SEGMENTER_MIN = 1000
# Files to ingest up to which this process segments with only the dictionary words they
# hold (`corpus.segment.few`, ~25 ms a file) instead of loading the whole dictionary.
FEW_FILES = 4
DICT_TABLE = "jieba-dict.table"  # the dictionary by bucket, in the cache folder (corpus.segment_table: its name gains a hash)
MAKE_TABLE = "import sys; from jianghua.corpus.segment import make_table; make_table(sys.argv[1])"  # (a detached process)
MAKE_REGEX = "import sys; from jianghua.store.regex_cache import make; make(sys.argv[1], sys.argv[2])"  # (a detached process)


def _acquire(cat: Catalog, progress: Progress | None):
    """The store's file lock (None for a memory store). A store folder that has
    gone or cannot hold a lock turns the store into a memory store."""
    backend = cat.backend
    if not backend.persistent or backend.lock_path is None:
        return None
    from filelock import FileLock, Timeout

    try:
        backend.reopen()  # the folder may have been removed since it was opened
        lock = FileLock(str(backend.lock_path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if progress:
                progress(0, 0, _("waiting for another jianghua that is updating this index…"))
            lock.acquire(timeout=-1, poll_interval=LOCK_POLL)
    except OSError as e:
        cat.to_memory(os_error(e))
        return None
    return lock


def _current(cat: Catalog, report: BuildReport, unchanged: int, t0: float) -> BuildReport:
    """The report of a build that had nothing to do."""
    report.unchanged = unchanged
    report.speeches = cat.speech_count()  # (from the list-only catalogue when that is what was read)
    report.paragraphs = cat.paragraph_count()
    report.seconds = time.perf_counter() - t0
    report.messages = list(cat.messages)
    return report


def update(
    cat: Catalog,
    progress: Progress | None = None,
    on_speech: Callable[[SpeechSummary], None] | None = None,
) -> BuildReport:
    """Bring the catalogue's store up to date with its corpus folder. An exception
    raised by `progress` or `on_speech` (a browser that quits) stops the build at
    once: nothing is committed, bodies written so far are reused next time."""
    t0 = time.perf_counter()
    report = BuildReport()
    scanned_ns = time.time_ns()
    entries = check_corpus(cat)
    if plan_is_empty(cat, entries):  # stat only, no lock needed: nothing will be written
        report.skipped = [skipped_record(s) for s in cat.skipped]
        cat.ensure_list()  # (but the list-only catalogue, once, for a store made before it existed)
        return _current(cat, report, cat.speech_count(), t0)
    announced: set[str] = set()

    def announce(summary: SpeechSummary) -> None:
        if on_speech and summary.id not in announced:
            announced.add(summary.id)
            on_speech(summary)

    # the patterns compiled last time, before the modules that compile them are imported (`regex_cache`)
    regex_file = regex_cache.path()
    held = regex_cache.warm(regex_file)
    from jianghua.corpus import segment  # (not on the path of a build that finds nothing changed)

    # (the commit's machinery — commit, generation, jobs and the corpus modules they bring,
    # ~25 ms of imports — is not on the path of a start that finds nothing changed)
    from .commit import commit
    from .generation import Generation
    from .jobs import in_workers

    idf_cache = cache_root() / IDF_CACHE
    helper: Segmenter | None = None
    lock = None
    try:
        helper = _segmenter(cat, entries)
        lock = _acquire(cat, progress)  # (`progress` may raise while it waits: the helper is ended below)
        cat.reload()  # another process may have built it meanwhile
        plan = make_plan(cat, entries)
        plan.scanned_ns = scanned_ns
        plan.repair = damaged_shards(cat)
        report.skipped = [skipped_record(s) for s in plan.skipped]
        if helper is not None and (not plan.ingest or in_workers(cat.backend, len(plan.ingest))):
            helper.close()  # nothing to segment here, or the worker processes segment
        if plan.empty():
            return _current(cat, report, len(plan.keep), t0)
        # One or a few files segmented here (or where the second process cannot answer):
        # with the dictionary words they hold (`segment.few`).
        few = cache_root() / DICT_TABLE if 0 < len(plan.ingest) <= FEW_FILES else None
        try:
            with segment.elsewhere(helper.ask if helper is not None else None), segment.few(few):
                try:
                    commit(Generation(cat, plan, report, idf_cache, progress, announce))
                except OSError as e:
                    # The disk is full or read-only, the folder was removed …: build again in memory.
                    if not cat.backend.persistent:
                        raise
                    disk = cat.backend
                    cat.to_memory(os_error(e))
                    if e.errno in (errno.ENOSPC, errno.EDQUOT):
                        disk.remove_written_since(scanned_ns, {r["key"] for r in cat.rows.values()}, shard_names(cat.meta))
                    report = BuildReport()
                    plan = make_plan(cat, entries)
                    plan.scanned_ns = scanned_ns
                    commit(Generation(cat, plan, report, idf_cache, progress, announce))
        finally:
            cat.arrived.clear()  # committed (the catalogue holds them) or abandoned
        _make_table_later(segment.wanted(), bool(plan.keep))
        if plan.keep and plan.ingest and not in_workers(cat.backend, len(plan.ingest)):
            _make_regex_later(regex_file, held)
        # the files written just before the scan, read again once their tick has passed:
        # the next start trusts them by their stat (`racy`)
        racy.settle(cat, entries, scanned_ns, same_content)
    finally:
        if helper is not None:
            helper.close()
        if lock is not None:
            try:
                lock.release()
            except OSError:
                pass
    report.seconds = time.perf_counter() - t0
    report.messages = list(cat.messages)
    return report


def _make_table_later(table, warm: bool) -> None:
    """The dictionary table a build of a few files found missing or stale (it segmented
    with the whole dictionary) is made after the commit, in a detached low-priority
    process — never after a first (cold) build: a folder opened once need not pay for it."""
    if table is None or not warm:
        return
    from .workers import start_detached

    start_detached(MAKE_TABLE, str(table))


def _make_regex_later(path, held: set) -> None:
    """The compiled patterns this build made that the cache file lacks (`regex_cache`)
    are kept for the next build of a few files — by a detached low-priority process,
    after a build that ingested here (a warm store's: not after a first build). What a
    killed maker left in the cache folder goes first."""
    regex_cache.remove_left(path)
    keys = regex_cache.missing(held)
    if keys is None:
        return
    from .workers import start_detached

    listed = regex_cache.write_keys(path.parent, keys)
    if listed is not None and not start_detached(MAKE_REGEX, str(path), str(listed)):
        try:
            listed.unlink()
        except OSError:
            pass


def _segmenter(cat: Catalog, entries: list) -> Segmenter | None:
    """A second process segmenting for this build, when it pays (see SEGMENTER_MIN): not
    when this process has its segmenter already (a browser's second build), nor when no
    core is free (the two processes would share one: its start would only add), nor when
    the dictionary table is there (a build of a few files segments with the words they
    need in ~25 ms a file, `segment.few`, sooner than that process starts; one of more
    files loads the whole dictionary here, as a process would)."""
    from jianghua.corpus import segment

    if len(entries) < SEGMENTER_MIN or os.environ.get("JIANGHUA_WORKERS") == "1" or segment.initialised:
        return None
    if _table_there():
        return None
    from .workers import Segmenter

    return Segmenter.start() if _core_free() else None


def _table_there() -> bool:
    """Is the dictionary table of this jieba in the cache folder (stat only)?"""
    from jianghua.corpus import segment_table

    source = segment_table.dict_source()
    return source is not None and segment_table.file_for(cache_root() / DICT_TABLE, source).is_file()


def _core_free() -> bool:
    """Is a core idle: the load average (1 min) under the cores this process may run on, less a half?"""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        return os.getloadavg()[0] < cores - 0.5
    except (AttributeError, OSError):  # no load average (Windows)
        return cores > 1
