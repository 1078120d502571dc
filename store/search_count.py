"""Counting every hit of a query over the corpus, fast (CorpusSearch.count).

The search index holds each shard's folded text as UTF-16-LE (store.search_index).
A two-character query that is one of a shard's most frequent pairs is answered
from the counts the index keeps (store.search_pairs): summed, no text read.
Any other one-term query is counted with `bytes.count` over each speech's range of a
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
from itertools import repeat
from collections.abc import Callable, Iterable
from typing import Any

from jianghua.corpus.query import Query, SearchCancelled

from .search_index import _MASK
from .search_pairs import pair_key
from .search_shards import bit_indexes, grown
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
    sig = signatures(store)
    deadline = t0 + budget
    if query.is_regex or not query.terms:
        maps: list[int | None] = [None if sh is None else (1 << len(sh.keys)) - 1 for sh in sig.shards]
    else:
        maps = sig.bitmaps(cs.query_buckets(query))
    keys_in = None if speech_ids is None else {rows[sid]["key"] for sid in scope}
    found: dict[str, tuple[int, int]] = {}  # key → (paragraph hits, title/heading hits)
    term = query.first if (len(query.terms) == 1 and not query.excludes and not query.is_regex) else None
    units = term.encode("utf-16-le", "surrogatepass") if term else b""
    pair = pair_key(units) if len(units) == 4 else None
    buf = bytearray()
    lost: set[int] = set()  # shards counted from the bodies
    try:
        for i, sh in enumerate(sig.shards):
            if sh is None or maps[i] is None:
                lost.add(i)
                continue
            if cancel is not None and cancel():
                out.cancelled = True
                break
            got = sh.pair_counts(pair) if pair is not None else None
            if got is not None:  # one of the shard's most frequent pairs: its counts summed, no text read
                if not sh.checked:  # (damage is noticed as a scan would: checked once, usually while the query was typed)
                    buf = grown(buf, sh)
                    try:
                        sh.read_text(buf)
                    except (OSError, ValueError):
                        sig.drop(i)
                        lost.add(i)
                        continue
                keys = sh.keys
                found.update((k, (n, nh)) for k, n, nh in zip(keys, *got) if (n or nh) and (keys_in is None or k in keys_in))
                continue
            m = maps[i]
            js = list(range(len(sh.keys))) if m == (1 << len(sh.keys)) - 1 else bit_indexes(m) if m else []
            if keys_in is not None:
                js = [j for j in js if sh.keys[j] in keys_in]
            if not js:
                continue
            try:
                if len(js) * WHOLE >= len(sh.keys):
                    buf = grown(buf, sh)
                    sh.read_text(buf)
                    pieces = None
                else:
                    pieces = sh.read_speeches(js)
            except (OSError, ValueError):
                sig.drop(i)
                lost.add(i)
                continue
            exact: set[int] = set()
            fast = len(units) >= 4
            if fast:
                bridge = (units[2] << 8) | units[1]  # (low byte of unit 2) << 8 | high byte of unit 1
                exact = set(bit_indexes(sh.candidates({bridge & _MASK})))
            offs, hs, keys = sh.offs, sh.heads, sh.keys
            if fast and pieces is None:  # the common case (a common word): counted by C-level calls, no loop in Python
                quick = [j for j in js if j not in exact] if exact else js
                starts = [2 * offs[j] for j in quick]
                ns = map(buf.count, repeat(units), starts, [2 * offs[j + 1] for j in quick])
                nhs = map(buf.count, repeat(units), starts, [2 * hs[j] for j in quick])  # (title and headings)
                found.update((keys[j], (n - nh, nh)) for j, n, nh in zip(quick, ns, nhs) if n)
                js = [j for j in js if j in exact] if exact else []
            for j in js:
                if pieces is None:
                    data, a, h, e = buf, 2 * offs[j], 2 * hs[j], 2 * offs[j + 1]
                else:
                    data = pieces[j]
                    a, h, e = 0, 2 * (hs[j] - offs[j]), len(data)
                if fast and j not in exact:
                    n = data.count(units, a, e)
                    if not n:
                        continue
                    nh = data.count(units, a, h) if h > a else 0
                    n -= nh
                else:
                    head = bytes(data[a:h]).decode("utf-16-le", "surrogatepass").split("\n")[:-1]
                    paras = bytes(data[h:e]).decode("utf-16-le", "surrogatepass").split("\n")[:-1]
                    if term:
                        n = sum(p.count(term) for p in paras)
                        nh = sum(p.count(term) for p in head)
                    else:
                        n = sum(len(_spans(query, p, deadline, cancel)) for p in paras)
                        nh = sum(len(_spans(query, p, deadline, cancel)) for p in head)
                if n or nh:
                    found[keys[j]] = (n, nh)
        if lost:
            for sid in scope:
                key = rows[sid]["key"]
                if key in found or sig.where(key) is not None:
                    continue
                if cancel is not None and cancel():
                    out.cancelled = True
                    break
                slow = cs._read_folded(sid, out)
                if slow is None:
                    continue
                t = slow[1]
                found[key] = (sum(len(_spans(query, p, deadline, cancel)) for p in t.paras),
                              sum(len(_spans(query, p, deadline, cancel)) for p in t.head))
    except TimeoutError:
        out.timed_out = True
    except SearchCancelled:
        out.cancelled = True
    total = 0
    if found:
        for sid in scope:
            got = found.get(rows[sid]["key"])
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
