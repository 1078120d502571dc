"""The sharded maps a catalogue generation names, and the shape of their values.

* passages: speech id → {"p": [[theme id, paragraph, score, section]], "h": headings}
  (summary per shard: passage counts per theme);
* terms: body key → keyword candidates [[term, weight]];
* formulations: body key → formulation candidates {"f": [[text, kind, n]], "p": [[phrase, n, log p, before, after]]}
  (a map of a generation made with other formulation rules counts as lost);
* df (one file, not sharded): {"n": speeches, "df": term → document frequency};
* fcount, fuses (one file each): the corpus count of the formulations and its
  uses (`formulation_count`); fthemes (one file, or none): each theme's count
  (`formulation_themes`).
"""

from __future__ import annotations

from .catalog import Catalog
from .shards import ShardedMap, valid_entries

SHARDED = ("passages", "terms", "formulations")


def passage_counts(data: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in data.values():
        for tid, *_ in v["p"]:
            counts[tid] = counts.get(tid, 0) + 1
    return counts


def check_passages(v: dict) -> None:
    if not isinstance(v["h"], list) or not all(h is None or isinstance(h, str) for h in v["h"]):
        raise ValueError("headings")
    for tid, para, score, sec in v["p"]:
        if not (isinstance(tid, str) and type(para) is int and isinstance(score, (int, float)) and type(sec) is int):
            raise ValueError("passage entry")


def check_terms(v: list) -> None:
    for term, weight in v:
        if not (isinstance(term, str) and isinstance(weight, (int, float))):
            raise ValueError("term entry")


def check_formulations(v: dict) -> None:
    for text, kind, n in v["f"]:
        if not (isinstance(text, str) and isinstance(kind, str) and type(n) is int):
            raise ValueError("formulation entry")
    for text, n, logp, before, after in v["p"]:
        if not (isinstance(text, str) and type(n) is int and isinstance(logp, (int, float))
                and isinstance(before, str) and isinstance(after, str)):
            raise ValueError("phrase entry")


def _shards(meta: dict) -> dict:
    shards = meta.get("shards")
    return shards if isinstance(shards, dict) else {}


def shard_maps(cat: Catalog) -> dict[str, ShardedMap]:
    """The sharded maps of the catalogue's current generation."""
    shards = _shards(cat.meta)
    lost = cat.speech_count() > 0  # speeches, but no valid list of shards: all of them are missing
    return {
        "passages": ShardedMap(cat.backend, "passages", valid_entries(shards.get("passages")), passage_counts, check_passages, lost),
        "terms": ShardedMap(cat.backend, "terms", valid_entries(shards.get("terms")), check=check_terms, lost=lost),
        "formulations": formulation_map(cat),
    }


def formulation_map(cat: Catalog) -> ShardedMap:
    """The formulations map; none (all lost) when it was made with other rules."""
    from jianghua.corpus.formulation_rules import rules_fingerprint  # (not the rules: ~40 ms of imports and patterns)

    shards = _shards(cat.meta)
    current = cat.meta.get("formulation_rules") == rules_fingerprint()
    entries = valid_entries(shards.get("formulations")) if current else None
    m = ShardedMap(cat.backend, "formulations", entries, check=check_formulations, lost=cat.speech_count() > 0)
    m.rules_changed = not current
    return m


def df_entry(meta: dict) -> object:
    """The df file's entry in a catalogue's meta ([name, size, None]; unchecked)."""
    return _shards(meta).get("df")


def shard_names(meta: dict) -> set[str]:
    """Every shard file a catalogue's meta names."""
    shards = _shards(meta)
    names: set[str] = set()
    for what in SHARDED:
        for e in valid_entries(shards.get(what)) or []:
            if e:
                names.add(e[0])
    for one in ("df", "fcount", "fuses", "fthemes"):
        e = shards.get(one)
        if isinstance(e, list) and e and isinstance(e[0], str):
            names.add(e[0])
    return names
