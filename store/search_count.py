"""Counting every hit of a query over the corpus, fast (CorpusSearch.count).

The search index holds each shard's folded text as UTF-16-LE (store.search_index).
A one-term query is counted with `bytes.count` over each speech's range of a
shard's text, read whole into one reused buffer (os.preadv: no mmap, nothing kept
resident): C speed, no str made, no Hit made, no body read.

Exact, not approximate: every code unit is two bytes, and a match at an odd byte
offset would be a false one. It needs the text to hold the "bridge" unit (the
high byte of the term's first unit followed by the low byte of its second); the
signature tells which speeches may hold that unit, and those (rare) are counted
on their decoded text instead, as are one-character terms (no bridge to test).
Queries of several terms, with -exclusions or re: are counted line by line on
the decoded text (the index's text still: no body is read). A shard the index
lacks or finds damaged is counted from the bodies (the slow path), with a message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from jianghua.corpus.query import Query

from .search_index import _MASK, bit_indexes
from .search_text import Outcome, _spans, signatures

WHOLE = 4  # read a shard's whole text when at least 1/WHOLE of its speeches are candidates


def count(cs: Any, query: Query, speech_ids: Iterable[str] | None, *, heads: bool,
          cancel: Callable[[], bool] | None, budget: float) -> tuple[int, Outcome]:
    t0 = time.perf_counter()
    out = Outcome()
    store = cs.store
    rows = store.catalog.rows
    scope = cs.scope(speech_ids)
    out.speeches = len(scope)
    cands = cs.candidates(query, scope)
    sig = signatures(store)
    deadline = t0 + budget
    by_key: dict[str, tuple[int, int]] = {}  # key → (paragraph hits, title/heading hits)
    want: dict[int, list[int]] = {}  # shard → positions of candidate bodies
    slow: list[str] = []
    for sid in cands:
        key = rows[sid]["key"]
        if key in by_key:
            continue
        by_key[key] = (0, 0)
        loc = sig.where(key)
        if loc is None:
            slow.append(sid)
        else:
            want.setdefault(loc[0], []).append(loc[2])
    term = query.first if (len(query.terms) == 1 and not query.excludes and not query.is_regex) else None
    units = term.encode("utf-16-le", "surrogatepass") if term else b""
    buf = bytearray()
    try:
        for i, js in want.items():
            if cancel is not None and cancel():
                out.cancelled = True
                break
            sh = sig.shards[i]
            assert sh is not None
            try:
                if len(js) * WHOLE >= len(sh.keys):
                    need = 2 * sh.offs[-1]
                    if len(buf) < need:
                        buf = bytearray(need + need // 4)
                    sh.read_text(buf)
                    pieces = None
                else:
                    pieces = {j: sh.read_speech(j) for j in js}
            except (OSError, ValueError):
                sig.drop(i)
                lost = {sh.keys[j] for j in js}
                slow.extend(sid for sid in cands if rows[sid]["key"] in lost)
                continue
            exact: set[int] = set()
            if len(units) >= 4:
                bridge = (units[2] << 8) | units[1]  # (low byte of unit 2) << 8 | high byte of unit 1
                exact = set(bit_indexes(sh.candidates({bridge & _MASK})))
            for j in js:
                if pieces is None:
                    a, h, e = 2 * sh.offs[j], 2 * sh.heads[j], 2 * sh.offs[j + 1]
                    data = buf
                else:
                    data = pieces[j]
                    a, h, e = 0, 2 * (sh.heads[j] - sh.offs[j]), len(data)
                if units and len(units) >= 4 and j not in exact:
                    n = data.count(units, h, e)  # type: ignore[union-attr]
                    nh = data.count(units, a, h) if h > a else 0  # type: ignore[union-attr]
                else:
                    head = bytes(data[a:h]).decode("utf-16-le", "surrogatepass").split("\n")[:-1]
                    paras = bytes(data[h:e]).decode("utf-16-le", "surrogatepass").split("\n")[:-1]
                    if term:
                        n = sum(p.count(term) for p in paras)
                        nh = sum(p.count(term) for p in head)
                    else:
                        n = sum(len(_spans(query, p, deadline)) for p in paras)
                        nh = sum(len(_spans(query, p, deadline)) for p in head)
                by_key[sh.keys[j]] = (n, nh)
        for sid in slow:
            if cancel is not None and cancel():
                out.cancelled = True
                break
            body = cs._body(sid)
            if body is None:
                continue
            out.read += 1
            out.slow += 1
            t = cs._folded_body(body)
            by_key[rows[sid]["key"]] = (sum(len(_spans(query, p, deadline)) for p in t.paras),
                                        sum(len(_spans(query, p, deadline)) for p in t.head))
    except TimeoutError:
        out.timed_out = True
    total = 0
    for sid in scope:
        got = by_key.get(rows[sid]["key"])
        if not got:
            continue
        n, nh = got
        if heads:
            n += nh
        if nh:
            out.head_hits[sid] = nh
        if n:
            out.per_speech[sid] = n
            total += n
    out.seconds = time.perf_counter() - t0
    return total, out
