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
from corpus.ingest import PARSER_VERSION, FileEntry, Skip, content_key, ingest_bytes, read_file, scan
from corpus.clean import load_rules

from .models import BuildReport, Skipped, SpeechSummary, ThemeScore
from .storage import DiskBackend, StoreCorrupt
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
        return {"skip": str(e)}
    except Exception as e:  # one bad file never stops a build
        return {"skip": f"could not be read as a speech ({type(e).__name__}: {e})"[:200]}


def _worker_init() -> None:
    # Workers must not print (the browser owns the terminal) nor fight over ^C.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


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

    def empty(self) -> bool:
        return not (self.restat or self.reuse or self.ingest or self.removed or self.retag_all or self.skip_changed)


def _check_corpus(store: Store) -> list[FileEntry]:
    if not store.corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {store.corpus_dir}")
    return scan(store.corpus_dir)


def _stale_meta(store: Store) -> bool:
    m = store.meta
    return m.get("parser") != PARSER_VERSION or m.get("rules") != load_rules().fingerprint


def plan_is_empty(store: Store) -> bool:
    """Cheap check (stat only, nothing read) that the store is current."""
    store.reload()
    if not store.built() or _stale_meta(store):
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
            plan.skipped.append({"source": e.source, "reason": str(err), "size": e.size, "mtime_ns": e.mtime_ns})
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


def _run_ingest(jobs: list[tuple[FileEntry, str, bytes]]) -> Iterator[tuple[FileEntry, str, dict]]:
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) >= PARALLEL_MIN and workers > 1 and os.environ.get("JIANGHUA_WORKERS") != "1":
        import multiprocessing as mp

        ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init) as pool:
            args = ((data, True) for _, _, data in jobs)
            for (e, key, _), rec in zip(jobs, pool.map(_ingest_job, args, chunksize=4)):
                yield e, key, rec
    else:
        for e, key, data in jobs:
            yield e, key, _ingest_job((data, True))


def _acquire(store: Store, progress: Callable[[int, int, str], None] | None):
    """The store's file lock (None for a memory store)."""
    if not isinstance(store.backend, DiskBackend):
        return None
    from filelock import FileLock, Timeout

    lock = FileLock(str(store.backend.lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if progress:
            progress(0, 0, "waiting for another jianghua that is building this store…")
        lock.acquire(timeout=-1, poll_interval=LOCK_POLL)
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
        report.skipped = [Skipped(s["source"], s["reason"]) for s in plan.skipped]
        if plan.empty():
            report.unchanged = len(plan.keep)
            report.speeches = len(store._rows)
            report.paragraphs = sum(r["paragraphs"] for r in store._rows.values())
            report.seconds = time.perf_counter() - t0
            report.messages = list(store.messages)
            return report
        _commit(store, plan, report, progress, on_speech)
    finally:
        if lock is not None:
            lock.release()
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
        try:
            t = backend.read(backend.gen_path("terms", old_gen), "terms")
            old_terms = {d["key"]: d["c"] for d in (t or {}).get("terms", [])}
        except StoreCorrupt:
            old_terms = {}
        if not plan.retag_all:
            idx = store._passage_index()
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

    by_source = {e.source: e for e in plan.entries}
    # Unchanged speeches: carried over (re-tagged when the themes changed).
    for source, row in list(plan.keep.items()) + list(plan.restat.items()):
        row = dict(row)
        if source in plan.restat:
            e = by_source[source]
            row["size"], row["mtime_ns"] = e.size, e.mtime_ns
        if plan.retag_all or row["id"] not in old_heads:
            try:
                body = backend.read_body(row["key"])
            except KeyError:
                # A body went missing: ingest the file again.
                e = by_source[source]
                try:
                    data = read_file(e)
                    plan.ingest.append((e, content_key(data), data))
                except Skip as err:
                    plan.skipped.append({"source": e.source, "reason": str(err), "size": e.size, "mtime_ns": e.mtime_ns})
                continue
            _tag(store, row, body, passages, headings)
            report.retagged += 1
            tick(source)
        else:
            passages[row["id"]] = old_pass.get(row["id"], [])
            headings[row["id"]] = old_heads.get(row["id"], [])
        rows[row["id"]] = row
        if row["key"] in old_terms:
            terms[row["key"]] = old_terms[row["key"]]
    report.unchanged = len(plan.keep) + len(plan.restat)

    # Same content as a stored body (a renamed or copied file).
    for e, key, _ in plan.reuse:
        try:
            body = backend.read_body(key)
        except KeyError:
            plan.ingest.append((e, key, read_file(e)))
            continue
        row = _row_from_body(e, key, body)
        _tag(store, row, body, passages, headings)
        rows[row["id"]] = row
        if key in old_terms:
            terms[key] = old_terms[key]
        tick(e.source)
        if on_speech:
            on_speech(_summary(row, store))

    # New and changed files.
    for e, key, rec in _run_ingest(plan.ingest):
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
