"""Building the store: incremental, crash-safe, one builder at a time.

1. Under the store's file lock, re-read the catalogue (another process may just
   have built it) and walk the corpus folder.
2. A file whose size and mtime match the catalogue is taken as unchanged without
   being read. Otherwise it is read and hashed: same content → only its stat is
   updated; content already stored under another name → its body is reused;
   anything else is ingested (decoded, cleaned, parsed, segmented with jieba,
   tagged) — in worker processes when there are many, which also write the bodies.
3. A changed themes file re-tags every speech from the stored bodies (no jieba).
4. A new generation is committed: bodies (immutable, named by content hash) and
   the shards of the passage index and keyword candidates it changed (named by
   content, see `shards`), one `os.sync()`, then catalog.json, written atomically,
   which names every shard. A crash at any moment leaves the old complete store or
   the new one. Shards and bodies nothing refers to are removed afterwards.

When nothing changed no file is written and jieba is not imported.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from jianghua import i18n
from jianghua.i18n import _, ngettext
from jianghua.corpus import keywords as kw
from jianghua.corpus.ingest import (
    PARSER_VERSION,
    FileEntry,
    Skip,
    body_candidates,
    content_key,
    ingest_bytes,
    one_line,
    read_file,
    scan,
    unexpected,
)
from jianghua.corpus.clean import load_rules

from jianghua.corpus.themes import Themes

from .models import BuildReport, Skipped, SpeechSummary
from .paths import cache_root
from .shards import ShardedMap, shard_of, valid_entries
from .storage import BodyDamaged, DiskBackend, MemoryBackend, StoreCorrupt, write_body_file
from .store import SCHEMA, CorpusError, Store
from .tagging import tag_record

import hashlib

PARALLEL_MIN = 24  # files to ingest before worker processes pay off
LOCK_POLL = 0.1
KEYWORDS_FULL = 2000  # up to this many speeches, every build ranks every speech's keywords again
KEYWORDS_DRIFT = 20  # … and beyond, when more than 1/20 of the speeches changed


def speech_id(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def _head(body: dict) -> dict:
    """What a catalogue row keeps of a body."""
    return {
        "title": body["title"],
        "year": body.get("year"),
        "occasion": body.get("occasion"),
        "level": body.get("level"),
        "encoding": body.get("encoding"),
        "chars": sum(len(p[0]) for p in body["paragraphs"]),
        "paragraphs": len(body["paragraphs"]),
    }


# Worker processes get the taxonomy and the store folder once (initializer).
_W_THEMES: Themes | None = None
_W_ROOT: str | None = None


def run_job(job: tuple, themes: Themes, backend) -> dict:
    """One unit of build work, in a worker or in this process.

    ("ingest", FileEntry): read, decode, clean, parse, segment and tag a file;
    ("retag", key): tag a stored body again (the themes changed).
    `backend` None (in a worker): the body is written straight into the store's
    folder and not sent back.
    """
    kind, arg = job
    try:
        if kind == "retag":
            body = (backend or DiskBackend(_W_ROOT)).read_body(arg)
            return {"tags": tag_record(themes, body), "head": _head(body)}
        data = read_file(arg)
        key = content_key(data)
        rec = ingest_bytes(data, segment=True)
        body = rec.pop("body")
        rec.update(key=key, tags=tag_record(themes, body), head=_head(body))
        if backend is None:
            try:
                write_body_file(DiskBackend(_W_ROOT).bodies, key, body)
            except OSError:
                rec["body"] = body  # the builder writes it (or falls back to memory)
        else:
            rec["body"] = body
        return rec
    except KeyError as e:  # retag: the body is missing or damaged
        return {"missing": True, "damaged": isinstance(e, BodyDamaged)}
    except Skip as e:
        return {"skip": one_line(e)}
    except Exception as e:  # one bad file never stops a build
        return {"skip": unexpected(e)}


def _pool_job(job: tuple) -> dict:
    assert _W_THEMES is not None
    return run_job(job, _W_THEMES, None)


def _process_start(pid: int) -> bytes | None:
    """A process's start time (Linux /proc), None where that cannot be read;
    b"Z" for a zombie (dead, not yet reaped)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return b"Z" if fields[0] in (b"Z", b"X") else fields[19]


def _builder_alive(pid: int, start: bytes | None) -> bool:
    if start is not None:  # Linux: same process (not a reused pid), and not a zombie
        return _process_start(pid) == start
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True


def _worker_init(builder: int, builder_start: bytes | None, themes: Themes, root: str, idf_cache, language: str = "en") -> None:
    # Workers must not print (the browser owns the terminal) nor fight over ^C.
    import signal
    import threading

    global _W_THEMES, _W_ROOT
    _W_THEMES, _W_ROOT = themes, root
    kw.IDF_CACHE = idf_cache
    i18n.set_language(language)  # skip reasons in the builder's language

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)

    # A builder killed with SIGKILL cannot shut its pool down, and the workers
    # (children of the fork server, each holding the task queue open) would wait
    # for work forever, keeping the fork server alive: leave when the builder is
    # gone (or a zombie).
    def watch() -> None:
        while _builder_alive(builder, builder_start):
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="builder-watch", daemon=True).start()


@dataclass
class Plan:
    entries: list[FileEntry]
    keep: dict[str, dict]  # source -> existing row, unchanged
    restat: dict[str, dict]  # source -> row whose stat changed but content did not
    reuse: list[tuple[FileEntry, str]]  # (entry, key): content stored under another name
    ingest: list[FileEntry]  # read in the ingest job (the plan keeps no file bytes)
    skipped: list[dict]
    removed: list[str]
    retag_all: bool
    skip_changed: bool = False
    messages: list[str] = field(default_factory=list)
    repair: dict[str, list[int]] = field(default_factory=dict)  # shards to write again, by map

    def empty(self) -> bool:
        return not (
            self.restat or self.reuse or self.ingest or self.removed or self.retag_all or self.skip_changed
            or any(self.repair.values())
        )


def _check_corpus(store: Store) -> list[FileEntry]:
    if not store.corpus_dir.is_dir():
        raise CorpusError(_("folder not found: {folder}").format(folder=store.corpus_dir))
    return scan(store.corpus_dir)


def _stale_meta(store: Store) -> bool:
    m = store.meta
    return m.get("parser") != PARSER_VERSION or m.get("rules") != load_rules().fingerprint


SHARDED = ("passages", "terms")


def _passage_counts(data: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in data.values():
        for tid, *_ in v["p"]:
            counts[tid] = counts.get(tid, 0) + 1
    return counts


def _check_passages(v: dict) -> None:
    if not isinstance(v["h"], list) or not all(h is None or isinstance(h, str) for h in v["h"]):
        raise ValueError("headings")
    for tid, para, score, sec in v["p"]:
        if not (isinstance(tid, str) and type(para) is int and isinstance(score, (int, float)) and type(sec) is int):
            raise ValueError("passage entry")


def _check_terms(v: list) -> None:
    for term, weight in v:
        if not (isinstance(term, str) and isinstance(weight, (int, float))):
            raise ValueError("term entry")


def shard_maps(store: Store) -> dict[str, ShardedMap]:
    """The sharded maps of the store's current generation."""
    shards = store.meta.get("shards") if isinstance(store.meta.get("shards"), dict) else {}
    lost = bool(store._rows)  # speeches, but no valid list of shards: all of them are missing
    return {
        "passages": ShardedMap(store.backend, "passages", valid_entries(shards.get("passages")), _passage_counts, _check_passages, lost),
        "terms": ShardedMap(store.backend, "terms", valid_entries(shards.get("terms")), check=_check_terms, lost=lost),
    }


def damaged_shards(store: Store) -> dict[str, list[int]]:
    """Shards whose file is missing or changed size since the build (stat only); with a message."""
    out: dict[str, list[int]] = {}
    for what, m in shard_maps(store).items():
        bad = m.damaged()
        if bad:
            out[what] = bad
            names = "the catalogue's list of them is damaged" if m.lost else ", ".join(m.entries[i][0] for i in bad[:3]) + (" …" if len(bad) > 3 else "")
            store.messages.append(ngettext("{n} file of the index ({what}) is missing or damaged ({names}); it is written again.", "{n} files of the index ({what}) are missing or damaged ({names}); they are written again.", len(bad)).format(n=len(bad), what=what, names=names))
            if what == "passages":
                store._passages = None
    return out


def plan_is_empty(store: Store, entries: list[FileEntry] | None = None) -> bool:
    """Cheap check (stat only, nothing read) that the store is current."""
    store.reload()
    if not store.built() or _stale_meta(store):
        return False
    if store.meta.get("themes") != store.themes_taxonomy.fingerprint:
        return False
    if any(m.damaged() for m in shard_maps(store).values()):
        return False
    if entries is None:
        entries = _check_corpus(store)
    rows = store._by_source()
    skipped = {r["source"]: r for r in store._skipped_rows}
    if len(entries) != len(rows) + len(skipped):
        return False
    for e in entries:
        r = rows.get(e.source) or skipped.get(e.source)
        if r is None or r.get("size") != e.size or r.get("mtime_ns") != e.mtime_ns:
            return False
    return True


def make_plan(store: Store, entries: list[FileEntry]) -> Plan:
    stale = _stale_meta(store)
    rows = store._by_source()
    keys_stored = {r["key"] for r in rows.values()}
    old_skips = {r["source"]: r for r in store._skipped_rows}
    plan = Plan(entries, {}, {}, [], [], [], [], retag_all=store.meta.get("themes") != store.themes_taxonomy.fingerprint)
    seen_keys: set[str] = set()
    for e in entries:
        row = rows.get(e.source)
        if not stale and row and row["size"] == e.size and row["mtime_ns"] == e.mtime_ns:
            plan.keep[e.source] = row
            continue
        sk = old_skips.get(e.source)
        if not stale and not row and sk and sk["size"] == e.size and sk["mtime_ns"] == e.mtime_ns and not e.problem:
            plan.skipped.append(sk)
            continue
        try:
            key = content_key(read_file(e))  # bytes dropped at once: 10 000 files never sit in memory
        except Skip as err:
            plan.skipped.append({"source": e.source, "reason": one_line(err), "size": e.size, "mtime_ns": e.mtime_ns})
            continue
        if row and row["key"] == key:
            plan.restat[e.source] = row
        elif key in keys_stored or key in seen_keys or store.backend.has_body(key):
            plan.reuse.append((e, key))
        else:
            plan.ingest.append(e)
            seen_keys.add(key)
    present = {e.source for e in entries}
    plan.removed = [s for s in rows if s not in present]
    new_skips = {s["source"]: (s["size"], s["mtime_ns"], s["reason"]) for s in plan.skipped}
    plan.skip_changed = new_skips != {s: (r["size"], r["mtime_ns"], r["reason"]) for s, r in old_skips.items()}
    return plan


def _summary(row: dict, store: Store) -> SpeechSummary:
    return store._make_summary(row)


def _new_row(entry: FileEntry, key: str, head: dict) -> dict:
    return {
        "id": speech_id(entry.source),
        "source": entry.source,
        "key": key,
        "size": entry.size,
        "mtime_ns": entry.mtime_ns,
        **head,
        "themes": [],
        "keywords": [],
    }


def _start_mp_helpers(ctx) -> None:
    """Start multiprocessing's helper processes with the real stderr. Its resource
    tracker hands `sys.stderr.fileno()` to its process; under a full-screen interface
    that captures output (Textual: fileno -1) the pool failed to start ("bad value(s)
    in fds_to_keep") and a browser read every file in one process."""
    import sys
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # no descriptor at all: multiprocessing skips it
    if usable or sys.__stderr__ is None:
        return
    saved = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
        if ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
    except Exception:  # noqa: BLE001 - the pool reports what fails
        pass
    finally:
        sys.stderr = saved


def _run_jobs(store: Store, jobs: list[tuple], messages: list[str]) -> Iterator[tuple[tuple, dict]]:
    """Run build jobs on every core when there are many (the bodies are written by
    the workers), else in this process."""
    workers = min(os.cpu_count() or 1, 8)
    done = 0
    disk = isinstance(store.backend, DiskBackend)
    if disk and len(jobs) >= PARALLEL_MIN and workers > 1 and os.environ.get("JIANGHUA_WORKERS") != "1":
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        _start_mp_helpers(ctx)
        me = os.getpid()
        try:
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=ctx, initializer=_worker_init,
                initargs=(me, _process_start(me), store.themes_taxonomy, str(store.backend.root), kw.IDF_CACHE, i18n.language()),
            )
            stopped = False
            try:
                for job, rec in zip(jobs, pool.map(_pool_job, jobs, chunksize=4)):
                    done += 1
                    store.backend.unsynced = True
                    yield job, rec
            except GeneratorExit:
                # The caller stopped (a browser that quits during its first build):
                # drop the files not started instead of reading them all first.
                stopped = True
                raise
            finally:
                pool.shutdown(wait=not stopped, cancel_futures=stopped)
        except Exception as err:  # a worker killed (out of memory …), no processes or semaphores allowed …
            messages.append(_("Reading in parallel failed ({error}); the remaining files are read one by one.").format(error=one_line(f'{type(err).__name__}: {err}')))
    for job in jobs[done:]:
        yield job, run_job(job, store.themes_taxonomy, store.backend)


def _to_memory(store: Store, why: str) -> None:
    """Keep working with a store that cannot be written: in memory, reading what
    is on disk underneath."""
    disk = store.backend
    assert isinstance(disk, DiskBackend)
    store.backend = MemoryBackend(disk if disk.catalog_path.exists() else None)
    store.messages.append(_("The index at {folder} cannot be written ({why}): working in memory; it is rebuilt at the next start.").format(folder=disk.root, why=why))


def _acquire(store: Store, progress: Callable[[int, int, str], None] | None):
    """The store's file lock (None for a memory store). A store folder that has
    gone or cannot hold a lock turns the store into a memory store."""
    if not isinstance(store.backend, DiskBackend):
        return None
    from filelock import FileLock, Timeout

    try:
        if not store.backend.bodies.is_dir():
            store.backend.ensure()  # the folder was removed since it was opened
        lock = FileLock(str(store.backend.lock_path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if progress:
                progress(0, 0, _("waiting for another jianghua that is updating this index…"))
            lock.acquire(timeout=-1, poll_interval=LOCK_POLL)
    except OSError as e:
        _to_memory(store, e.strerror or str(e))
        return None
    return lock


def update(
    store: Store,
    progress: Callable[[int, int, str], None] | None = None,
    on_speech: Callable[[SpeechSummary], None] | None = None,
) -> BuildReport:
    """Bring the store up to date. An exception raised by `progress` or `on_speech`
    (e.g. a browser that quits) stops the build at once: nothing is committed, the
    catalogue stays as it was, bodies written so far are reused next time."""
    t0 = time.perf_counter()
    report = BuildReport()
    entries = _check_corpus(store)
    if plan_is_empty(store, entries):  # stat only, no lock needed: nothing will be written
        report.unchanged = report.speeches = len(store._rows)
        report.skipped = [Skipped(s["source"], s["reason"]) for s in store._skipped_rows]
        report.paragraphs = sum(r["paragraphs"] for r in store._rows.values())
        report.seconds = time.perf_counter() - t0
        report.messages = list(store.messages)
        return report
    lock = _acquire(store, progress)
    try:
        store.reload()  # another process may have built it meanwhile
        plan = make_plan(store, entries)
        plan.repair = damaged_shards(store)
        report.skipped = [Skipped(s["source"], s["reason"]) for s in plan.skipped]
        if plan.empty():
            report.unchanged = len(plan.keep)
            report.speeches = len(store._rows)
            report.paragraphs = sum(r["paragraphs"] for r in store._rows.values())
            report.seconds = time.perf_counter() - t0
            report.messages = list(store.messages)
            return report
        announced: set[str] = set()

        def announce(summary: SpeechSummary) -> None:
            if on_speech and summary.id not in announced:
                announced.add(summary.id)
                on_speech(summary)

        try:
            try:
                _commit(store, plan, report, progress, announce)
            except OSError as e:
                # The disk is full or read-only, the folder was removed …: build again in memory.
                if not isinstance(store.backend, DiskBackend):
                    raise
                _to_memory(store, e.strerror or str(e))
                report = BuildReport()
                plan = make_plan(store, entries)
                _commit(store, plan, report, progress, announce)
        finally:
            store._arrived.clear()  # committed (the catalogue holds them) or abandoned
    finally:
        if lock is not None:
            try:
                lock.release()
            except OSError:
                pass
    from jianghua.corpus import segment

    report.jieba_loaded = segment.initialised
    report.seconds = time.perf_counter() - t0
    report.messages = list(store.messages)
    return report


def _commit(store, plan: Plan, report: BuildReport, progress, on_speech) -> None:
    backend = store.backend
    if kw.IDF_CACHE is None:
        kw.IDF_CACHE = cache_root() / "jieba-idf.marshal"
    themes = store.themes_taxonomy
    old_meta = store.meta
    old_rows: dict[str, dict] = dict(store._rows)
    maps = shard_maps(store)
    P, T = maps["passages"], maps["terms"]
    rows: dict[str, dict] = {}
    tagged: dict[str, dict] = {}  # speech id -> {"p", "h"}: passage entries made in this build
    new_terms: dict[str, list] = {}  # body key -> keyword candidates, for content segmented in this build
    total = len(plan.ingest) + len(plan.reuse) + (len(plan.keep) + len(plan.restat) if plan.retag_all else 0)
    done = 0

    def tick(source: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, source)

    def ingest_again(e: FileEntry, damaged: bool) -> None:
        """A body went missing or is damaged: the file is read and ingested again."""
        if damaged:
            store.messages.append(_("The saved copy of {file} was damaged; the file is read again.").format(file=e.source))
        plan.ingest.append(e)

    by_source = {e.source: e for e in plan.entries}
    # Unchanged speeches are carried over; re-tagged (from their bodies) when the themes changed.
    for source, row in list(plan.keep.items()) + list(plan.restat.items()):
        row = dict(row)
        if source in plan.restat:
            e = by_source[source]
            row["size"], row["mtime_ns"] = e.size, e.mtime_ns
        rows[row["id"]] = row
    report.unchanged = len(plan.keep) + len(plan.restat)

    # Tagging again: every speech (themes changed) and content stored under another name.
    jobs: list[tuple] = []
    owners: list[tuple[FileEntry, dict | None]] = []
    if plan.retag_all:
        for row in rows.values():
            jobs.append(("retag", row["key"]))
            owners.append((by_source[row["source"]], row))
    for e, key in plan.reuse:
        jobs.append(("retag", key))
        owners.append((e, None))
    for (job, rec), (e, row) in zip(_run_jobs(store, jobs, store.messages), owners):
        if "missing" in rec or "skip" in rec:
            if row is not None:
                del rows[row["id"]]
                report.unchanged -= 1
            ingest_again(e, bool(rec.get("damaged")))
            continue
        if row is None:
            row = _new_row(e, job[1], rec["head"])
            rows[row["id"]] = row
            row["themes"] = rec["tags"]["themes"]
            if on_speech:
                store._arrived[row["id"]] = row  # listed now: it can be opened, counted, filtered
                on_speech(_summary(row, store))
        else:
            report.retagged += 1
        row["themes"] = rec["tags"]["themes"]
        tagged[row["id"]] = {"p": rec["tags"]["p"], "h": rec["tags"]["h"]}
        tick(e.source)

    # New and changed files.
    for (_kind, e), rec in _run_jobs(store, [("ingest", e) for e in plan.ingest], store.messages):
        if "skip" in rec:
            plan.skipped.append({"source": e.source, "reason": rec["skip"], "size": e.size, "mtime_ns": e.mtime_ns})
            tick(e.source)
            continue
        key = rec["key"]
        if "body" in rec:
            backend.write_body(key, rec["body"])
        row = _new_row(e, key, rec["head"])
        row["themes"] = rec["tags"]["themes"]
        rows[row["id"]] = row
        tagged[row["id"]] = {"p": rec["tags"]["p"], "h": rec["tags"]["h"]}
        new_terms[key] = rec["candidates"]
        report.segmented += 1
        tick(e.source)
        if on_speech:
            store._arrived[row["id"]] = row  # listed now: it can be opened, counted, filtered
            on_speech(_summary(row, store))

    # The passage index: shards of the speeches tagged, removed, or found damaged.
    def passages_again(i: int, why: str) -> dict:
        if P.entries[i]:
            store.messages.append(_("{file} is {why}; it is written again.").format(file=P.entries[i][0] or _("a part of the passage index"), why=why))
        store._passages = None
        out = {}
        for sid, row in rows.items():
            if shard_of(sid) != i:
                continue
            if sid in tagged:
                out[sid] = tagged[sid]
                continue
            try:
                rec = tag_record(themes, backend.read_body(row["key"]))
                report.retagged += 1
            except KeyError:
                rec = {"p": [], "h": []}
                store.messages.append(_("The saved copy of {file} cannot be read: its passages are left out until the file is read again.").format(file=row['source']))
            out[sid] = {"p": rec["p"], "h": rec["h"]}
        return out

    if plan.retag_all or not P.usable():
        full = {sid: tagged[sid] for sid in rows if sid in tagged}
        for i in sorted({shard_of(sid) for sid in rows if sid not in tagged}):
            full.update(passages_again(i, "missing"))
        P.write_all(full)
    else:
        changes: dict[str, dict | None] = dict(tagged)
        changes.update({sid: None for sid in old_rows if sid not in rows})
        P.update(changes, passages_again, plan.repair.get("passages", ()))

    # Keyword candidates, by body key.
    live = {r["key"] for r in rows.values()}
    terms_lost: list[str] = []

    def terms_again(i: int, why: str) -> dict:
        if T.entries[i]:
            store.messages.append(_("{file} is {why}; the keywords of its speeches are computed again.").format(file=T.entries[i][0], why=why))
        out = {}
        for k in live:
            if shard_of(k) != i:
                continue
            if k in new_terms:
                out[k] = new_terms[k]
                continue
            try:
                out[k] = body_candidates(backend.read_body(k))
            except KeyError:
                terms_lost.append(k)
        return out

    changed_old = [r["key"] for sid, r in old_rows.items() if sid not in rows or rows[sid]["key"] != r["key"]]
    changed_new = [r["key"] for sid, r in rows.items() if sid not in old_rows or old_rows[sid]["key"] != r["key"]]
    old_cands = T.get_many(set(changed_old), terms_again) if T.usable() else {}
    missing = [k for k in set(changed_new) if k not in new_terms]  # reused bodies: their terms, if stored
    known = T.get_many(missing, terms_again) if T.usable() else {}
    for k in missing:
        if k not in known:
            try:
                new_terms[k] = body_candidates(backend.read_body(k))
            except KeyError:
                terms_lost.append(k)
    term_changes: dict[str, list | None] = dict(new_terms)
    term_changes.update({k: None for k in {r["key"] for r in old_rows.values()} - live})
    if not T.usable():  # a first build, or a catalogue that lost its shard list
        every = {k: v for k, v in new_terms.items() if k in live}
        for i in sorted({shard_of(k) for k in live if k not in every}):
            every.update(terms_again(i, "missing"))
        T.write_all(every)
    else:
        T.update(term_changes, terms_again, plan.repair.get("terms", ()))

    # Keywords: each speech's candidates weighted by the corpus IDF.
    ordered = sorted(rows.values(), key=lambda r: r["source"])
    df_entry, df = _keywords(store, ordered, T, terms_again, changed_old, changed_new, old_cands, old_meta, bool(plan.repair.get("terms")))

    gen = store.generation + 1
    skipped_rows = sorted(plan.skipped, key=lambda s: s["source"])
    counts: dict[str, int] = {t.id: 0 for t in themes.themes}
    for e in P.entries:
        if e and e[2]:
            for tid, n in e[2].items():
                if tid in counts:
                    counts[tid] += n
    meta = {
        "schema": SCHEMA,
        "gen": gen,
        "parser": PARSER_VERSION,
        "rules": load_rules().fingerprint,
        "themes": themes.fingerprint,
        "themes_path": str(themes.path),
        "corpus": str(store.corpus_dir),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "speeches": len(rows),
        "passage_counts": counts,
        "shards": {"passages": P.entries, "terms": T.entries, "df": df_entry},
        "pending_gc": sorted({r["key"] for r in old_rows.values()} - live),
    }
    backend.sync()  # every body and shard is on disk before the catalogue names it
    backend.write(backend.catalog_path, {"meta": [meta], "speeches": ordered, "skipped": skipped_rows})
    # Garbage: bodies orphaned by the generation before this one (readers that
    # still hold it had a whole build's time to move on), shards neither this nor
    # the previous generation names, files of the older store layout.
    old_pending = set(old_meta.get("pending_gc", []))
    backend.remove_bodies(old_pending - live)
    keep = P.names() | T.names() | ({df_entry[0]} if df_entry else set()) | _shard_names(old_meta)
    backend.remove_shards(keep)
    backend.remove_leftovers()
    report.removed = len(plan.removed)
    report.skipped = [Skipped(s["source"], s["reason"]) for s in skipped_rows]
    store._install({"meta": [meta], "speeches": ordered, "skipped": skipped_rows})  # no need to read it back
    report.speeches = len(rows)
    report.paragraphs = sum(r["paragraphs"] for r in rows.values())


def _shard_names(meta: dict) -> set[str]:
    shards = meta.get("shards") if isinstance(meta.get("shards"), dict) else {}
    names: set[str] = set()
    for what in SHARDED:
        for e in valid_entries(shards.get(what)) or []:
            if e:
                names.add(e[0])
    df = shards.get("df")
    if isinstance(df, list) and df and isinstance(df[0], str):
        names.add(df[0])
    return names


def _read_df(store: Store, entry: object) -> tuple[int, dict[str, int]] | None:
    if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
        return None
    try:
        data = store.backend.read_shard(entry[0])
        n, df = data["n"], data["df"]
        if isinstance(n, int) and isinstance(df, dict) and all(type(v) is int for v in df.values()):
            return n, df
    except (KeyError, StoreCorrupt, TypeError):
        pass
    return None


def _keywords(store, ordered, T, terms_again, changed_old, changed_new, old_cands, old_meta, terms_damaged):
    """Rank keywords: every speech when the corpus is small or changed much (exact),
    else the changed speeches, with document frequencies updated exactly (those of
    the others shift by a few parts in a thousand and are ranked at the next large
    change). Returns the df file's entry and the table."""
    n = len(ordered)
    shards = old_meta.get("shards") if isinstance(old_meta.get("shards"), dict) else {}
    prior = None
    if n > KEYWORDS_FULL and not terms_damaged and len(changed_new) + len(changed_old) <= n // KEYWORDS_DRIFT:
        prior = _read_df(store, shards.get("df"))
    if prior is None:
        every = T.read_all(terms_again)
        per = [every.get(r["key"], []) for r in ordered]
        df = kw.document_frequencies(per)
        for r, cands in zip(ordered, per):
            r["keywords"] = kw.rank(cands, df, n)
    else:
        df = dict(prior[1])
        for k in changed_old:
            for c in old_cands.get(k, ()):
                left = df.get(c[0], 0) - 1
                if left > 0:
                    df[c[0]] = left
                else:
                    df.pop(c[0], None)
        fresh = set(changed_new)
        new = T.get_many(fresh, terms_again)
        for k in changed_new:
            for c in new.get(k, ()):
                df[c[0]] = df.get(c[0], 0) + 1
        for r in ordered:
            if r["key"] in fresh:
                r["keywords"] = kw.rank(new.get(r["key"], []), df, n)
    name, size = store.backend.write_shard("df", {"n": n, "df": df})
    return [name, size, None], df
