"""Keywords: each speech's candidates (kept by body key in the terms shards)
weighted by the corpus IDF (document frequencies kept in the df file).

`write_terms` brings the terms shards of a new generation up to date;
`rank_keywords` ranks the rows' keywords: every speech when the corpus is small
or changed much (exact), else the changed speeches, with document frequencies
updated exactly (those of the others shift by a few parts in a thousand and are
ranked at the next large change).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jianghua.corpus import keywords as kw
from jianghua.corpus.ingest import body_candidates
from jianghua.i18n import N_

from . import body_maps
from .backends import Backend
from .generation import Generation
from .maps import df_entry
from .shards import unpack
from .storage import StoreCorrupt
from .whole import recompute_whole


@dataclass
class TermChanges:
    """Which bodies the new generation dropped and added, and how to read terms again."""

    old_keys: list[str]  # bodies of rows removed or changed
    new_keys: list[str]  # bodies of rows added or changed
    old_candidates: dict[str, list]  # the dropped bodies' candidates (to take out of the df)
    again: Callable[[int, str], dict]  # recompute a terms shard that is missing or damaged


def write_terms(gen: Generation) -> TermChanges:
    """Write the terms shards the new generation changes (all of them on a first build)."""
    T = gen.terms

    def compute(body: dict) -> list:
        return body_candidates(body, gen.idf_cache)

    again = body_maps.recompute(gen, T, gen.new_terms, compute, N_("keywords"))
    old_rows, rows = gen.old_rows, gen.rows
    changed_old = [r["key"] for sid, r in old_rows.items() if sid not in rows or rows[sid]["key"] != r["key"]]
    changed_new = [r["key"] for sid, r in rows.items() if sid not in old_rows or old_rows[sid]["key"] != r["key"]]
    # (read before the shards are written over; not when every speech is ranked again,
    # which never looks at them: a build that changed every file read every old shard)
    whole = recompute_whole(len(rows), len(changed_new) + len(changed_old)) or bool(gen.plan.repair.get("terms"))
    old_cands = T.get_many(set(changed_old), again) if T.usable() and not whole else {}
    body_maps.write(gen, T, gen.new_terms, again, compute)
    return TermChanges(changed_old, changed_new, old_cands, again)


def _read_df(backend: Backend, entry: object) -> tuple[int, dict[str, int]] | None:
    if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
        return None
    try:
        data = backend.read_shard(entry[0])
        n, df = data["n"], data["df"]
        if isinstance(n, int) and isinstance(df, dict) and all(type(v) is int for v in df.values()):
            return n, df
    except (KeyError, StoreCorrupt, TypeError):
        pass
    return None


def rank_keywords(gen: Generation, ordered: list[dict], ch: TermChanges) -> list:
    """Set the rows' "keywords" (rows in source order); write the df file and
    return its entry for the catalogue's meta."""
    n = len(ordered)
    backend = gen.cat.backend
    prior = None
    # every speech ranked again, or only the changed ones against the kept frequencies
    if not recompute_whole(n, len(ch.new_keys) + len(ch.old_keys)) and not gen.plan.repair.get("terms"):
        prior = _read_df(backend, df_entry(gen.old_meta))
    df: dict[str, int]
    if prior is None:
        every = gen.terms.read_all_packed(ch.again)  # (one speech's candidates unpacked at a time)
        df = kw.document_frequencies(unpack(every.get(r["key"], [])) for r in ordered)
        for r in ordered:
            r["keywords"] = kw.rank(unpack(every.get(r["key"], [])), df, n)
    else:
        df = dict(prior[1])
        for k in ch.old_keys:
            for c in ch.old_candidates.get(k, ()):
                left = df.get(c[0], 0) - 1
                if left > 0:
                    df[c[0]] = left
                else:
                    df.pop(c[0], None)
        fresh = set(ch.new_keys)
        new = gen.terms.get_many(fresh, ch.again)
        for k in ch.new_keys:
            for c in new.get(k, ()):
                df[c[0]] = df.get(c[0], 0) + 1
        for r in ordered:
            if r["key"] in fresh:
                r["keywords"] = kw.rank(new.get(r["key"], []), df, n)
    name, size = backend.write_shard("df", {"n": n, "df": df})
    return [name, size, None]
