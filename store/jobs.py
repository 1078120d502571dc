"""Build work on one file or body, in worker processes when there are many.

`Ingest(entry)`: read, decode, clean, parse, segment and tag a file;
`Retag(key)`: tag a stored body again (the themes changed, or the content is
stored under another name). Each gives a `Tagged` or a `Failed` result. Workers
get the taxonomy, the store folder and the IDF cache once (pool initializer) and
write the bodies they make straight into the store's folder.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Union

from jianghua.corpus.clean import one_line
from jianghua.corpus.ingest import FileEntry, Skip, body_analysis, content_key, ingest_bytes, read_file, unexpected
from jianghua.corpus.themes import Themes
from jianghua import i18n
from jianghua.i18n import _

from .backends import Backend, DiskBackend
from .catalog import Catalog
from .shards import Packed, pack
from .storage import BodyDamaged, write_body_file
from .tagging import tag_record
from .workers import give_back, start_mp_helpers, this_builder, worker_start

PARALLEL_MIN = 24  # files to ingest before worker processes pay off


class Ingest(NamedTuple):
    entry: FileEntry


class Retag(NamedTuple):
    key: str  # of the stored body


Job = Union[Ingest, Retag]


@dataclass(frozen=True)
class Tagged:
    """A body made (Ingest) or read (Retag), and its tags."""

    key: str  # the body's content key
    head: dict  # what a catalogue row keeps of the body (`head`)
    tags: dict  # `tagged`: {"themes", "entry": the passage index's entry, Packed}
    candidates: Packed | None = None  # keyword candidates (Ingest only)
    formulations: Packed | None = None  # formulation candidates (Ingest only)
    body: dict | None = None  # for the builder to write (None: already in the store)


@dataclass(frozen=True)
class Failed:
    reason: str  # why the file is not a speech (Ingest) or the body cannot be read (Retag)
    damaged: bool = False  # Retag: the body file was damaged (moved aside), not just missing


Result = Union[Tagged, Failed]


@dataclass(frozen=True)
class JobContext:
    themes: Themes
    idf_cache: Path | None  # see corpus.keywords.jieba_idf
    backend: Backend | None = None  # in the builder: the store's backend
    root: str | None = None  # in a worker: the store folder, where it writes bodies


def head(body: dict) -> dict:
    """What a catalogue row keeps of a body."""
    return {
        "title": body["title"],
        "year": body.get("year"),
        "date": body.get("date"),
        "speaker": body.get("speaker"),
        "occasion": body.get("occasion"),
        "level": body.get("level"),
        "encoding": body.get("encoding"),
        "chars": sum(len(p[0]) for p in body["paragraphs"]),
        "paragraphs": len(body["paragraphs"]),
    }


def tagged(record: dict) -> dict:
    """`Tagged.tags` of a `tagging.tag_record`: its themes, and its passage entry
    ({"p", "h"}) packed — the results of 10 000 speeches wait for the shards to be
    written, and as JSON they hold a fraction of the memory (`shards.Packed`)."""
    return {"themes": record["themes"], "entry": pack({"p": record["p"], "h": record["h"]})}


def run_job(job: Job, ctx: JobContext) -> Result:
    """One unit of build work, in a worker or in this process. In a worker the body
    is written straight into the store's folder and not sent back."""
    try:
        if isinstance(job, Retag):
            backend = ctx.backend or DiskBackend(ctx.root or "")
            try:
                body = backend.read_body(job.key)
            except KeyError as e:  # missing or damaged
                return Failed("missing", damaged=isinstance(e, BodyDamaged))
            return Tagged(job.key, head(body), tagged(tag_record(ctx.themes, body)))
        data = read_file(job.entry)
        key = content_key(data, job.entry.source)
        body = ingest_bytes(data, segment=False, source=job.entry.source)["body"]
        # Tagged before it is segmented: a build segmenting in a second process
        # (`workers.Segmenter`) gives its segmenter this long to start.
        tags = tagged(tag_record(ctx.themes, body))
        candidates, formulations = body_analysis(body, ctx.idf_cache)
        made = Tagged(key, head(body), tags, candidates=pack(candidates), formulations=pack(formulations), body=body)
        if ctx.backend is None:
            try:
                write_body_file(DiskBackend(ctx.root or "").bodies, key, body)
                made = dataclasses.replace(made, body=None)
            except OSError:
                pass  # the builder writes it (or falls back to memory)
        return made
    except Skip as e:
        return Failed(e.reason)
    except Exception as e:  # one bad file never stops a build
        return Failed(unexpected(e))


# ------------------------------------------------------------ worker processes

_worker: JobContext | None = None  # in a worker process: set by its initializer


def _pool_job(job: Job) -> Result:
    assert _worker is not None
    return run_job(job, _worker)


def _worker_init(builder: int, builder_start: bytes | None, ctx: JobContext, language: str = "en") -> None:
    global _worker
    _worker = ctx
    i18n.set_language(language)  # skip reasons in the builder's language
    worker_start(builder, builder_start)


def _workers() -> int:
    return min(os.cpu_count() or 1, 8)


def in_workers(backend: Backend, n: int) -> bool:
    """Whether `n` build jobs run in worker processes (`run_jobs`), not in this one."""
    return backend.persistent and n >= PARALLEL_MIN and _workers() > 1 and os.environ.get("JIANGHUA_WORKERS") != "1"


def tables_for_workers(idf_cache: Path | None) -> tuple[Path | None, str | None]:
    """Where the worker processes find the indexed copies of jieba's IDF and tag tables
    (`keywords.make_copy`, `formulation_tags.make_copy`), made here once before they
    start: each worker maps them instead of reading the text tables into dicts it
    keeps for the whole build (~110 MB a worker on a first build). A cache folder
    that cannot take them (read-only, full): a temporary folder, removed after the
    build (returned second); none either: the workers read the text tables."""
    from jianghua.corpus import formulation_tags, keywords

    def made(cache: Path) -> bool:
        return keywords.make_copy(cache) & formulation_tags.make_copy(cache)

    try:
        if idf_cache is None or made(idf_cache):
            return idf_cache, None
        try:
            spare = tempfile.mkdtemp(prefix="jianghua-tables-")
        except OSError:
            return idf_cache, None
        if made(Path(spare) / idf_cache.name):
            return Path(spare) / idf_cache.name, spare
        shutil.rmtree(spare, ignore_errors=True)
        return idf_cache, None
    finally:
        give_back()  # the text tables' memory, freed, back to the system (~100 MB)


def run_jobs(cat: Catalog, jobs: Sequence[Job], idf_cache: Path | None) -> Iterator[tuple[Job, Result]]:
    """Run build jobs on every core when there are many (the bodies are written by
    the workers), else in this process."""
    workers = _workers()
    done = 0
    backend = cat.backend
    if in_workers(backend, len(jobs)):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        start_mp_helpers(ctx)
        # (re-tagging reads no table: only a build that ingests makes them)
        tables, spare = tables_for_workers(idf_cache) if any(isinstance(j, Ingest) for j in jobs) else (idf_cache, None)
        worker_ctx = JobContext(cat.themes, tables, root=str(backend.root))
        try:
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(*this_builder(), worker_ctx, i18n.language()),
            )
            stopped = False
            try:
                for job, res in zip(jobs, pool.map(_pool_job, jobs, chunksize=4)):
                    done += 1
                    backend.mark_unsynced()
                    yield job, res
            except GeneratorExit:
                # The caller stopped (a browser that quits during its first build):
                # drop the files not started instead of reading them all first.
                stopped = True
                raise
            finally:
                pool.shutdown(wait=not stopped, cancel_futures=stopped)
        except Exception as err:  # a worker killed (out of memory …), no processes or semaphores allowed …
            cat.messages.append(_("Reading in parallel failed ({error}); the remaining files are read one by one.").format(error=one_line(f"{type(err).__name__}: {err}")))
        finally:
            if spare is not None:
                shutil.rmtree(spare, ignore_errors=True)
    local = JobContext(cat.themes, idf_cache, backend=backend)
    for job in jobs[done:]:
        yield job, run_job(job, local)
