"""Building the store: incremental, crash-safe, one builder at a time.

1. Under the store's file lock, re-read the catalogue (another process may just
   have built it) and walk the corpus folder.
2. A file whose size and mtime match the catalogue is taken as unchanged without
   being read. Otherwise it is read and hashed: same content → only its stat is
   updated; content already stored under another name → its body is reused;
   anything else is ingested (decoded, cleaned, parsed, segmented with jieba) —
   in worker processes when there are many.
3. A changed themes file re-tags every speech from the stored bodies (no jieba).
4. A new generation is committed: bodies (immutable, named by content hash)
   first, then terms-N.json and passages-N.json, then catalog.json, each written
   atomically. catalog.json names its generation, so a crash at any moment leaves
   the old complete store or the new one. Files of older generations and bodies
   nothing refers to are removed afterwards.

When nothing changed no file is written and jieba is not imported.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from corpus import keywords as kw
from corpus.ingest import (
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
from corpus.clean import load_rules

from .models import BuildReport, Skipped, SpeechSummary, ThemeScore
from .storage import BodyDamaged, DiskBackend, MemoryBackend, StoreCorrupt
from .store import SCHEMA, CorpusError, Store
from .tagging import tag_body

import hashlib

PARALLEL_MIN = 24  # files to ingest before worker processes pay off
LOCK_POLL = 0.1


def speech_id(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def _ingest_job(args: tuple[bytes, bool]) -> dict:
    data, segment = args
    try:
        return ingest_bytes(data, segment=segment)
    except Skip as e:
        return {"skip": one_line(e)}
    except Exception as e:  # one bad file never stops a build
        return {"skip": unexpected(e)}


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


def _worker_init(builder: int, builder_start: bytes | None) -> None:
    # Workers must not print (the browser owns the terminal) nor fight over ^C.
    import signal
    import threading

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
    reuse: list[tuple[FileEntry, str, dict]]  # (entry, key, body) content stored under another name
    ingest: list[tuple[FileEntry, str, bytes]]  # (entry, key, data)
    skipped: list[dict]
    removed: list[str]
    retag_all: bool
    skip_changed: bool = False
    messages: list[str] = field(default_factory=list)
    repair: set[str] = field(default_factory=set)  # generation files to write again ("passages", "terms")

    def empty(self) -> bool:
        return not (self.restat or self.reuse or self.ingest or self.removed or self.retag_all or self.skip_changed or self.repair)


def _check_corpus(store: Store) -> list[FileEntry]:
    if not store.corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {store.corpus_dir}")
    return scan(store.corpus_dir)


def _stale_meta(store: Store) -> bool:
    m = store.meta
    return m.get("parser") != PARSER_VERSION or m.get("rules") != load_rules().fingerprint


GENERATION_FILES = ("passages", "terms")


def _generation_file_changed(store: Store, what: str) -> bool:
    """Is this generation's file missing, or not the size the catalogue recorded? (stat only)"""
    if not isinstance(store.backend, DiskBackend) or not store.generation:
        return False
    try:
        size = store.backend.gen_path(what, store.generation).stat().st_size
    except OSError:
        return True
    recorded = store.meta.get("files", {}).get(what) if isinstance(store.meta.get("files"), dict) else None
    return recorded is not None and recorded != size


def damaged_generation_files(store: Store) -> set[str]:
    """The generation files that must be written again: missing ones, and changed
    ones that no longer parse (moved aside, with a message)."""
    damaged: set[str] = set()
    for what in GENERATION_FILES:
        if not _generation_file_changed(store, what):
            continue
        path = store.backend.gen_path(what, store.generation)
        if not path.exists():
            store.messages.append(f"{path.name} is missing from the store; it is written again.")
            damaged.add(what)
            continue
        damaged.add(what)  # a different size: written again, whether it parses or not
        try:
            store.backend.read(path, what)
        except (StoreCorrupt, KeyError, TypeError, ValueError) as e:
            moved = store.backend.quarantine(path)
            where = f" (moved aside to {moved.name})" if moved else ""
            store.messages.append(f"{path.name} was damaged ({one_line(e)}){where}; it is written again.")
    if "passages" in damaged:
        store._passages = None
    return damaged


def plan_is_empty(store: Store) -> bool:
    """Cheap check (stat only, nothing read) that the store is current."""
    store.reload()
    if not store.built() or _stale_meta(store):
        return False
    if any(_generation_file_changed(store, what) for what in GENERATION_FILES):
        return False
    if store.meta.get("themes") != store.themes_taxonomy.fingerprint:
        return False
    entries = _check_corpus(store)
    rows = {r["source"]: r for r in store._rows.values()}
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
    rows = {r["source"]: r for r in store._rows.values()}
    keys_stored = {r["key"] for r in rows.values()}
    old_skips = {r["source"]: r for r in store._skipped_rows}
    plan = Plan(entries, {}, {}, [], [], [], [], retag_all=store.meta.get("themes") != store.themes_taxonomy.fingerprint)
    seen_keys: dict[str, FileEntry] = {}
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
            data = read_file(e)
        except Skip as err:
            plan.skipped.append({"source": e.source, "reason": one_line(err), "size": e.size, "mtime_ns": e.mtime_ns})
            continue
        key = content_key(data)
        if row and row["key"] == key:
            plan.restat[e.source] = row
        elif key in keys_stored or key in seen_keys or store.backend.has_body(key):
            plan.reuse.append((e, key, {}))
        else:
            plan.ingest.append((e, key, data))
            seen_keys[key] = e
    present = {e.source for e in entries}
    plan.removed = [s for s in rows if s not in present]
    new_skips = {s["source"]: (s["size"], s["mtime_ns"], s["reason"]) for s in plan.skipped}
    plan.skip_changed = new_skips != {s: (r["size"], r["mtime_ns"], r["reason"]) for s, r in old_skips.items()}
    return plan


def _summary(row: dict, store: Store) -> SpeechSummary:
    names = {t.id: t.name for t in store.themes_taxonomy.themes}
    return SpeechSummary(
        id=row["id"],
        title=row["title"],
        source=row["source"],
        year=row.get("year"),
        occasion=row.get("occasion"),
        level=row.get("level"),
        chars=row["chars"],
        paragraphs=row["paragraphs"],
        themes=tuple(ThemeScore(t, names.get(t, t), s) for t, s, n in row["themes"] if n),
        keywords=tuple(row.get("keywords", ())),
    )


def _tag(store: Store, row: dict, body: dict, passages: dict[str, list], headings: dict[str, list]) -> None:
    """Fill row["themes"] and this speech's passage entries from its body."""
    th = store.themes_taxonomy.themes
    tags = tag_body(store.themes_taxonomy, body)
    row["themes"] = [[th[i].id, score, n] for i, score, n in tags.speech]
    entries: list[list] = []
    for k, t in enumerate(tags.paragraphs):
        sec = body["paragraphs"][k][1]
        for i, score in zip(t.themes, t.scores):
            entries.append([th[i].id, k, score, sec])
    passages[row["id"]] = entries
    headings[row["id"]] = [h for h, _, _ in body["sections"]]


def _row_from_body(entry: FileEntry, key: str, body: dict) -> dict:
    return {
        "id": speech_id(entry.source),
        "source": entry.source,
        "key": key,
        "size": entry.size,
        "mtime_ns": entry.mtime_ns,
        "title": body["title"],
        "year": body.get("year"),
        "occasion": body.get("occasion"),
        "level": body.get("level"),
        "chars": sum(len(p[0]) for p in body["paragraphs"]),
        "paragraphs": len(body["paragraphs"]),
        "encoding": body.get("encoding"),
        "themes": [],
        "keywords": [],
    }


def _run_ingest(jobs: list[tuple[FileEntry, str, bytes]], messages: list[str] | None = None) -> Iterator[tuple[FileEntry, str, dict]]:
    workers = min(os.cpu_count() or 1, 8)
    done = 0
    if len(jobs) >= PARALLEL_MIN and workers > 1 and os.environ.get("JIANGHUA_WORKERS") != "1":
        import multiprocessing as mp

        ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(), _process_start(os.getpid()))) as pool:
                args = ((data, True) for _, _, data in jobs)
                for (e, key, _), rec in zip(jobs, pool.map(_ingest_job, args, chunksize=4)):
                    done += 1
                    yield e, key, rec
        except Exception as err:  # a worker killed (out of memory …), no processes or semaphores allowed …
            if messages is not None:
                messages.append(f"The worker processes failed ({one_line(f'{type(err).__name__}: {err}')}); the remaining files are read in this process.")
    for e, key, data in jobs[done:]:
        yield e, key, _ingest_job((data, True))


def _to_memory(store: Store, why: str) -> None:
    """Keep working with a store that cannot be written: in memory, reading what
    is on disk underneath."""
    disk = store.backend
    assert isinstance(disk, DiskBackend)
    store.backend = MemoryBackend(disk if disk.catalog_path.exists() else None)
    store.messages.append(f"The store at {disk.root} cannot be written ({why}): working in memory; nothing is saved for the next start.")


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
                progress(0, 0, "waiting for another jianghua that is building this store…")
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
    t0 = time.perf_counter()
    report = BuildReport()
    lock = _acquire(store, progress)
    try:
        store.reload()
        entries = _check_corpus(store)
        plan = make_plan(store, entries)
        plan.repair = damaged_generation_files(store)
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
        if lock is not None:
            try:
                lock.release()
            except OSError:
                pass
    from corpus import segment

    report.jieba_loaded = segment.initialised
    report.seconds = time.perf_counter() - t0
    report.messages = list(store.messages)
    return report


def _commit(store, plan: Plan, report: BuildReport, progress, on_speech) -> None:
    backend = store.backend
    old_gen = store.generation
    old_terms: dict[str, list] = {}
    old_pass: dict[str, list] = {}
    old_heads: dict[str, list] = {}
    if old_gen:
        if "terms" not in plan.repair:
            path = backend.gen_path("terms", old_gen)
            try:
                t = backend.read(path, "terms")
                old_terms = {d["key"]: d["c"] for d in (t or {}).get("terms", [])}
            except (StoreCorrupt, KeyError, TypeError, ValueError) as e:
                moved = backend.quarantine(path)
                where = f" (moved aside to {moved.name})" if moved else ""
                store.messages.append(f"{path.name} was damaged ({one_line(e)}){where}; keywords are computed again.")
                old_terms = {}
        if not plan.retag_all:
            # A missing or damaged passage index: every speech is tagged again from its body.
            idx = store._passages or store._read_passage_index() or {"by_theme": {}, "headings": {}}
            for tid, items in idx["by_theme"].items():
                for sid, para, score, sec in items:
                    old_pass.setdefault(sid, []).append([tid, para, score, sec])
            old_heads = dict(idx["headings"])

    rows: dict[str, dict] = {}
    passages: dict[str, list] = {}
    headings: dict[str, list] = {}
    terms: dict[str, list] = {}
    total = len(plan.ingest) + len(plan.reuse) + (len(plan.keep) + len(plan.restat) if plan.retag_all else 0)
    done = 0

    def tick(source: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, source)

    def ingest_again(e: FileEntry, err: KeyError) -> None:
        """A body went missing or is damaged: read and ingest the file again."""
        if isinstance(err, BodyDamaged):
            store.messages.append(f"The stored text of {e.source} was damaged; the file is read again.")
        try:
            data = read_file(e)
            plan.ingest.append((e, content_key(data), data))
        except Skip as why:
            plan.skipped.append({"source": e.source, "reason": one_line(why), "size": e.size, "mtime_ns": e.mtime_ns})

    by_source = {e.source: e for e in plan.entries}
    # Unchanged speeches: carried over (re-tagged when the themes changed or the
    # passage index was lost; keywords computed again when the terms were lost).
    for source, row in list(plan.keep.items()) + list(plan.restat.items()):
        row = dict(row)
        if source in plan.restat:
            e = by_source[source]
            row["size"], row["mtime_ns"] = e.size, e.mtime_ns
        retag = plan.retag_all or row["id"] not in old_heads
        body = None
        if retag or row["key"] not in old_terms:
            try:
                body = backend.read_body(row["key"])
            except KeyError as err:
                ingest_again(by_source[source], err)
                continue
        if retag:
            _tag(store, row, body, passages, headings)
            report.retagged += 1
            tick(source)
        else:
            passages[row["id"]] = old_pass.get(row["id"], [])
            headings[row["id"]] = old_heads.get(row["id"], [])
        rows[row["id"]] = row
        terms[row["key"]] = old_terms[row["key"]] if row["key"] in old_terms else body_candidates(body)
    report.unchanged = len(plan.keep) + len(plan.restat)

    # Same content as a stored body (a renamed or copied file).
    for e, key, _ in plan.reuse:
        try:
            body = backend.read_body(key)
        except KeyError as err:
            ingest_again(e, err)
            continue
        row = _row_from_body(e, key, body)
        _tag(store, row, body, passages, headings)
        rows[row["id"]] = row
        terms[key] = old_terms[key] if key in old_terms else body_candidates(body)
        tick(e.source)
        if on_speech:
            on_speech(_summary(row, store))

    # New and changed files.
    for e, key, rec in _run_ingest(plan.ingest, store.messages):
        if "skip" in rec:
            plan.skipped.append({"source": e.source, "reason": rec["skip"], "size": e.size, "mtime_ns": e.mtime_ns})
            tick(e.source)
            continue
        body = rec["body"]
        backend.write_body(key, body)
        row = _row_from_body(e, key, body)
        _tag(store, row, body, passages, headings)
        rows[row["id"]] = row
        terms[key] = rec["candidates"]
        report.segmented += 1
        tick(e.source)
        if on_speech:
            on_speech(_summary(row, store))

    # Keywords: corpus IDF over every speech's candidates (no segmentation).
    ordered = sorted(rows.values(), key=lambda r: r["source"])
    finals = kw.finalize([[(t, w) for t, w in terms.get(r["key"], [])] for r in ordered])
    for r, words in zip(ordered, finals):
        r["keywords"] = words

    # Theme index: per theme, entries strongest first.
    by_theme: dict[str, list] = {t.id: [] for t in store.themes_taxonomy.themes}
    for sid, items in passages.items():
        if sid not in rows:
            continue
        for tid, para, score, sec in items:
            if tid in by_theme:
                by_theme[tid].append([sid, para, score, sec])
    for items in by_theme.values():
        items.sort(key=lambda x: (-x[2], x[0], x[1]))

    gen = old_gen + 1
    meta = {
        "schema": SCHEMA,
        "gen": gen,
        "parser": PARSER_VERSION,
        "rules": load_rules().fingerprint,
        "themes": store.themes_taxonomy.fingerprint,
        "themes_path": str(store.themes_taxonomy.path),
        "corpus": str(store.corpus_dir),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "speeches": len(rows),
        "passage_counts": {t: len(v) for t, v in by_theme.items()},
        "pending_gc": sorted({r["key"] for r in store._rows.values()} - {r["key"] for r in rows.values()}),
    }
    skipped_rows = sorted(plan.skipped, key=lambda s: s["source"])
    backend.write(backend.gen_path("terms", gen), {"terms": [{"key": k, "c": v} for k, v in terms.items()]})
    backend.write(
        backend.gen_path("passages", gen),
        {
            "passages": [{"theme": t, "items": v} for t, v in by_theme.items()],
            "headings": [{"id": sid, "h": headings[sid]} for sid in rows if sid in headings],
        },
    )
    if isinstance(backend, DiskBackend):
        # Sizes of this generation's files: a start that finds them changed (a
        # truncated or replaced file) writes them again.
        meta["files"] = {what: backend.gen_path(what, gen).stat().st_size for what in GENERATION_FILES}
    backend.write(backend.catalog_path, {"meta": [meta], "speeches": ordered, "skipped": skipped_rows})
    # Garbage: bodies orphaned by the generation before this one (readers that
    # still hold it had a whole build's time to move on), older generation files.
    old_pending = set(store.meta.get("pending_gc", []))
    live = {r["key"] for r in rows.values()}
    backend.remove_bodies(old_pending - live)
    backend.remove_generations({gen, old_gen})
    report.removed = len(plan.removed)
    report.skipped = [Skipped(s["source"], s["reason"]) for s in skipped_rows]
    store._catalog_stamp = None
    store.reload()
    report.speeches = len(rows)
    report.paragraphs = sum(r["paragraphs"] for r in rows.values())
