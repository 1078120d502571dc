"""The passage index: theme → every paragraph tagged with it, strongest first.

Read from the generation's passages shards on first use (one pass), sorted per
theme when first asked for. A shard that is missing (a newer build replaced it)
or damaged is recomputed from the stored bodies, with a message, and written
again by the next build.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

from jianghua.corpus.clean import one_line

from .catalog import Catalog
from .maps import shard_maps
from .models import Passage, SpeechSummary
from .shards import SHARDS, shard_of
from .storage import gc_paused
from .tagging import tag_record
from jianghua.i18n import _

# An entry: (-score to 3 places, rank of the source, paragraph, speech id, score,
# section): a plain tuple sort gives the order `passages` shows.
Entry = tuple


class PassageIndex:
    def __init__(self, theme_ids: Sequence[str]):
        self.by_theme: dict[str, list[Entry]] = {t: [] for t in theme_ids}
        self.headings: dict[str, list] = {}  # speech id → section headings
        self._sorted: set[str] = set()
        self._lock = threading.Lock()

    def items(self, theme_id: str) -> list[Entry]:
        """One theme's entries, sorted on first use (strongest first)."""
        items = self.by_theme.get(theme_id, [])
        if theme_id not in self._sorted:
            with self._lock:
                if theme_id not in self._sorted:
                    items.sort()
                    self._sorted.add(theme_id)
        return items

    def _passage(self, sid: str, para: int, score: float, sec: int, by_id: Mapping[str, SpeechSummary]) -> Passage:
        hs = self.headings.get(sid, ())
        return Passage(sid, para, round(score, 3), by_id[sid].title, hs[sec] if 0 <= sec < len(hs) else None)

    def passages(self, ids: Sequence[str], mode: str, by_id: Mapping[str, SpeechSummary], rank: Mapping[str, int]) -> list[Passage]:
        """Every paragraph tagged with the theme(s) (all of them, or any), strongest first."""
        if len(ids) == 1:
            with gc_paused():
                return [self._passage(sid, para, score, sec, by_id) for _key, _rank, para, sid, score, sec in self.items(ids[0])]
        acc: dict[tuple[str, int], list] = {}
        for t in ids:
            for _key, _rank, para, sid, score, sec in self.items(t):
                k = (sid, para)
                if k in acc:
                    acc[k][0] += score
                    acc[k][2] += 1
                else:
                    acc[k] = [score, sec, 1]
        need = len(ids) if mode != "any" else 1
        out = [
            self._passage(sid, para, score, sec, by_id)
            for (sid, para), (score, sec, n) in acc.items()
            if n >= need and sid in by_id
        ]
        out.sort(key=lambda p: (-p.score, rank[p.speech_id], p.paragraph))
        return out


def _entries(data: dict, rank: Mapping[str, int]) -> list[tuple[str, list, list]]:
    """One passages shard as (speech id, headings, [(theme id, index entry)]);
    ValueError & co. for a shard of the wrong shape."""
    out = []
    for sid, v in data.items():
        rk = rank.get(sid)
        hs = v["h"]
        if type(hs) is not list:
            raise ValueError("headings")
        items = []
        for tid, para, score, sec in v["p"]:
            if type(tid) is not str or type(para) is not int or type(sec) is not int:
                raise ValueError("passage entry")
            items.append((tid, (-round(score, 3), rk, para, sid, score, sec)))
        if rk is not None:  # (a speech no longer in the catalogue is left out)
            out.append((sid, hs, items))
    return out


def compute_shard(cat: Catalog, shard: int, body: Callable[[str], dict]) -> dict:
    """One shard of the passage index recomputed from the bodies (as the build makes it).
    body: speech id → its stored body."""
    out = {}
    for sid in list(cat.rows):
        if shard_of(sid) == shard:
            rec = tag_record(cat.themes, body(sid))
            out[sid] = {"p": rec["p"], "h": rec["h"]}
    return out


def read_passage_index(cat: Catalog, body: Callable[[str], dict] | None = None) -> PassageIndex | None:
    """The passage index of the catalogue's generation from its shards. A missing
    shard (a newer build replaced it) gives None; a damaged one is moved aside, with
    a message, and gives None — or, given `body` (speech id → stored body), is
    recomputed from the bodies (and written again at the next build)."""
    if not cat.generation:
        return None
    pmap = shard_maps(cat)["passages"]
    pmap.check = None  # checked below, while the entries are distributed (one pass)
    damaged: list[str] = []

    def again(i: int, why: str) -> dict:
        if why == "missing" and pmap.entries[i]:
            raise LookupError(pmap.entries[i][0])
        damaged.append(f"{pmap.entries[i][0] if pmap.entries[i] else i}: {why}")
        if body is None:
            raise LookupError(why)
        return compute_shard(cat, i, body)

    index: PassageIndex | None = PassageIndex([t.id for t in cat.themes.themes])
    rank = {sid: k for k, sid in enumerate(cat.rows)}  # rows are in source order
    try:
        with gc_paused(freeze=True):  # long-lived, like the catalogue
            for i in range(SHARDS):
                data = pmap.read_or(i, again)
                try:
                    entries = _entries(data, rank)
                except (KeyError, TypeError, ValueError, AttributeError) as e:
                    name = pmap.entries[i][0] if pmap.entries[i] else str(i)
                    cat.backend.quarantine_shard(name)
                    entries = _entries(again(i, f"damaged (wrong shape: {one_line(e)})"), rank)
                _add(index, entries)
    except LookupError:
        index = None
    if damaged:
        cat.messages.append(
            (
                _("The passage index was damaged ({why}); it is computed again from the saved speeches (and saved at the next update).")
                if body and index
                else _("The passage index was damaged ({why}); it is saved again at the next update.")
            ).format(why="; ".join(damaged[:3]))
        )
    return index


def _add(index: PassageIndex | None, entries: list[tuple[str, list, list]]) -> None:
    assert index is not None
    by_theme, headings = index.by_theme, index.headings
    for sid, hs, items in entries:
        headings[sid] = hs
        for tid, entry in items:
            lst = by_theme.get(tid)
            if lst is not None:
                lst.append(entry)
