"""Committing a new generation, phase by phase.

1. carry over the unchanged speeches; 2. tag again what needs it (every speech
when the themes changed, content stored under another name); 3. ingest new and
changed files; 4. write the passage shards and 5. the terms and formulations shards that
changed, 6. rank keywords; 7. one `sync`, then catalog.json, written atomically, which
names every shard and body: a crash at any moment leaves the old complete store
or the new one; 8. remove what no generation in use names.
"""

from __future__ import annotations

import time

from jianghua.corpus.clean import load_rules
from jianghua.corpus.formulations import load_rules as formulation_rules
from jianghua.corpus.ingest import PARSER_VERSION, FileEntry, body_formulations

from .catalog import SCHEMA
from .generation import Generation
from .jobs import Ingest, Retag, Tagged, run_jobs
from . import body_maps, formulation_count
from .keyword_index import rank_keywords, write_terms
from .maps import shard_names
from .models import skipped_record
from .plan import skip_row
from .shards import shard_of
from .tagging import tag_record

import hashlib
from jianghua.i18n import N_, _


def speech_id(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def _new_row(entry: FileEntry, key: str, head: dict) -> dict:
    return {
        "id": speech_id(entry.source),
        "source": entry.source,
        "key": key,
        "size": entry.size,
        "mtime_ns": entry.mtime_ns,
        "ctime_ns": entry.ctime_ns,
        "ino": entry.ino,
        **head,
        "themes": [],
        "keywords": [],
    }


def commit(gen: Generation) -> None:
    by_source = {e.source: e for e in gen.plan.entries}
    carry_over(gen, by_source)
    retag(gen, by_source)
    ingest(gen)
    write_passages(gen)
    changes = write_terms(gen)
    f_again = write_formulations(gen)
    ordered = sorted(gen.rows.values(), key=lambda r: r["source"])
    df = rank_keywords(gen, ordered, changes)
    fcount = formulation_count.build(gen, ordered, f_again)
    gen.forget_made()
    meta = write_catalogue(gen, ordered, df, fcount)
    formulation_count.write_pointer(gen.cat, meta)
    collect_garbage(gen, meta)


def carry_over(gen: Generation, by_source: dict[str, FileEntry]) -> None:
    """Unchanged speeches are carried over (a new stat for those touched). The plan's
    rows are its own (`Catalog.kept_rows`): unchanged ones are taken as they are —
    unparsed, they are copied into catalog.json as the bytes they were read from."""
    plan = gen.plan
    for row in plan.keep.values():
        gen.rows[row["id"]] = row
    for source, row in plan.restat.items():
        row = dict(row)
        e = by_source[source]
        row["size"], row["mtime_ns"], row["ctime_ns"], row["ino"] = e.size, e.mtime_ns, e.ctime_ns, e.ino
        gen.rows[row["id"]] = row
    gen.report.unchanged = len(plan.keep) + len(plan.restat)


def _take(gen: Generation, row: dict, res: Tagged) -> None:
    row["themes"] = res.tags["themes"]
    gen.tagged[row["id"]] = res.tags["entry"]  # (Packed: `jobs.tagged`)


def retag(gen: Generation, by_source: dict[str, FileEntry]) -> None:
    """Tagging again from the stored bodies: every speech (the themes changed) and
    content stored under another name. A body that is missing or damaged: its file
    is ingested again."""
    plan, rows = gen.plan, gen.rows
    jobs: list[Retag] = []
    owners: list[tuple[FileEntry, dict | None]] = []
    if plan.retag_all:
        for r in rows.values():
            jobs.append(Retag(r["key"]))
            owners.append((by_source[r["source"]], r))
    for e, key in plan.reuse:
        jobs.append(Retag(key))
        owners.append((e, None))
    for (job, res), (e, row) in zip(run_jobs(gen.cat, jobs, gen.idf_cache), owners):
        if not isinstance(res, Tagged):
            if row is not None:
                del rows[row["id"]]
                gen.report.unchanged -= 1
            if res.damaged:
                gen.cat.messages.append(_("The saved copy of {file} was damaged; the file is read again.").format(file=e.source))
            plan.ingest.append(e)
            continue
        if row is None:
            new = _new_row(e, res.key, res.head)
            rows[new["id"]] = new
            _take(gen, new, res)
            gen.announce(new)
        else:
            gen.report.retagged += 1
            _take(gen, row, res)
        gen.tick(e.source)


def ingest(gen: Generation) -> None:
    """New and changed files (and those whose stored body was lost)."""
    backend = gen.cat.backend
    for job, res in run_jobs(gen.cat, [Ingest(e) for e in gen.plan.ingest], gen.idf_cache):
        assert isinstance(job, Ingest)
        e = job.entry
        if not isinstance(res, Tagged):
            gen.plan.skipped.append(skip_row(e, res.reason))
            gen.tick(e.source)
            continue
        if res.body is not None:
            backend.write_body(res.key, res.body)
        row = _new_row(e, res.key, res.head)
        _take(gen, row, res)
        gen.rows[row["id"]] = row
        gen.new_terms[res.key] = res.candidates or []
        if res.formulations is not None:
            gen.new_formulations[res.key] = res.formulations
        gen.report.segmented += 1
        gen.tick(e.source)
        gen.announce(row)


def write_passages(gen: Generation) -> None:
    """The passage index: shards of the speeches tagged, removed, or found damaged."""
    P, rows, tagged = gen.passages, gen.rows, gen.tagged
    backend, messages = gen.cat.backend, gen.cat.messages

    def again(i: int, why: str) -> dict:
        if P.entries[i]:
            messages.append(_("{file} is {why}; it is written again.").format(file=P.entries[i][0] or _("a part of the passage index"), why=why))
        out = {}
        for sid, row in rows.items():
            if shard_of(sid) != i:
                continue
            if sid in tagged:
                out[sid] = tagged[sid]
                continue
            try:
                rec = tag_record(gen.cat.themes, backend.read_body(row["key"]))
                gen.report.retagged += 1
            except KeyError:
                rec = {"p": [], "h": []}
                messages.append(_("The saved copy of {file} cannot be read: its passages are left out until the file is read again.").format(file=row["source"]))
            out[sid] = {"p": rec["p"], "h": rec["h"]}
        return out

    if gen.plan.retag_all or not P.usable():
        full = {sid: tagged[sid] for sid in rows if sid in tagged}
        for i in sorted({shard_of(sid) for sid in rows if sid not in tagged}):
            full.update(again(i, "missing"))
        P.write_all(full)
    else:
        changes: dict[str, dict | None] = dict(tagged)
        changes.update({sid: None for sid in gen.old_rows if sid not in rows})
        P.update(changes, again, gen.plan.repair.get("passages", ()))


def write_formulations(gen: Generation) -> body_maps.Again:
    """The formulations shards the new generation changes (see `body_maps`)."""

    def compute(body: dict) -> dict:
        return body_formulations(body, gen.idf_cache)

    again = body_maps.recompute(gen, gen.formulations, gen.new_formulations, compute, N_("set formulations"))
    body_maps.write(gen, gen.formulations, gen.new_formulations, again, compute)
    return again


def write_catalogue(gen: Generation, ordered: list[dict], df: list, fcount: dict[str, list]) -> dict:
    """Sync what this build wrote, then write catalog.json naming it (and take it)."""
    cat, themes = gen.cat, gen.cat.themes
    counts: dict[str, int] = {t.id: 0 for t in themes.themes}
    for e in gen.passages.entries:
        if e and e[2]:
            for tid, n in e[2].items():
                if tid in counts:
                    counts[tid] += n
    meta = {
        "schema": SCHEMA,
        "gen": cat.generation + 1,
        "parser": PARSER_VERSION,
        "rules": load_rules().fingerprint,
        "themes": themes.fingerprint,
        "themes_path": str(themes.path),
        "corpus": str(cat.corpus_dir),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "scanned_ns": gen.plan.scanned_ns,
        "speeches": len(ordered),
        "passage_counts": counts,
        "shards": {"passages": gen.passages.entries, "terms": gen.terms.entries, "df": df,
                   "formulations": gen.formulations.entries, **fcount},
        "formulation_rules": formulation_rules().fingerprint,
        "pending_gc": sorted({r["key"] for r in gen.old_rows.values()} - gen.live_keys()),
    }
    skipped = sorted(gen.plan.skipped, key=lambda s: s["source"])
    cat.write(meta, ordered, skipped)
    report = gen.report
    report.removed = len(gen.plan.removed)
    report.skipped = [skipped_record(s) for s in skipped]
    report.speeches = len(ordered)
    report.paragraphs = cat.paragraph_count()  # (of the catalogue just taken: its list's, when it is listed)
    return meta


def collect_garbage(gen: Generation, meta: dict) -> None:
    """Bodies orphaned by the generation before this one (readers that still hold
    it had a whole build's time to move on), shards neither this nor the previous
    generation names, files of the older store layout."""
    backend = gen.cat.backend
    old_pending = set(gen.old_meta.get("pending_gc", []))
    backend.remove_bodies(old_pending - gen.live_keys())
    backend.remove_shards(shard_names(meta) | shard_names(gen.old_meta))
    backend.remove_leftovers()
