"""Search over the text of the corpus: hits in speech order, per speech, per year.

`CorpusSearch(store).run(query, speech_ids)` yields one `SpeechHits` per speech
with hits, in the catalogue's (file) order, so that a caller can show the first
screen while the rest is still being found, and stop (cancel) at any speech.
Only speeches the signature index (store.search_index) lets through are read.
A regex query runs with a time budget (TimeoutError ends the search with
`timed_out`); `cancel()` is asked between speeches.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from jianghua.corpus.query import REGEX_TIMEOUT, Query, fold_text, needs_fold

from .search_index import Signatures, term_buckets
from .shards import shard_of

if TYPE_CHECKING:
    from .search_index import StoreLike


class Hit(NamedTuple):  # (a tuple: 100 000 hits are made in a blink)
    speech_id: str
    paragraph: int  # 0-based index into the speech's paragraphs
    start: int  # offsets in the paragraph text (as written: folding keeps lengths)
    end: int
    sentence: int  # 0-based sentence within the paragraph


@dataclass
class SpeechHits:
    speech_id: str
    hits: list[Hit]
    paragraphs: list[str]  # the speech's paragraph texts as written (for contexts)
    folded: list[str]  # the same, folded (for sorting by context)


@dataclass
class Outcome:
    """How a search ended."""

    speeches: int = 0  # speeches searched (in scope)
    read: int = 0  # bodies actually read (candidates)
    timed_out: bool = False
    cancelled: bool = False
    seconds: float = 0.0
    per_speech: dict[str, int] = field(default_factory=dict)


_SIGS: dict[int, Signatures] = {}
_SIGS_LOCK = threading.Lock()


def signatures(store: StoreLike) -> Signatures:
    """The loaded signature index of the store's current catalogue (read on first use)."""
    with _SIGS_LOCK:
        sig = _SIGS.get(id(store))
        if sig is None or not sig.current(store):
            sig = _SIGS[id(store)] = Signatures(store)
        return sig


def context(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """(left, hit, right) of a hit, at most `width` characters either side."""
    return text[max(0, start - width) : start], text[start:end], text[end : end + width]


class CorpusSearch:
    def __init__(self, store: StoreLike):
        self.store = store

    def scope(self, speech_ids: Iterable[str] | None) -> list[str]:
        """Speech ids in catalogue (file) order, limited to speech_ids if given."""
        order = list(self.store.catalog.rows)
        if speech_ids is None:
            return order
        keep = set(speech_ids)
        return [s for s in order if s in keep]

    def candidates(self, query: Query, scope: list[str]) -> list[str]:
        if query.is_regex or not query.terms:
            return scope
        bs: set[int] = set()
        for t in query.terms:
            bs |= term_buckets(t)
        sig = signatures(self.store)
        keys, unknown = sig.candidate_keys(bs)
        rows = self.store.catalog.rows
        if not unknown:
            return [sid for sid in scope if rows[sid]["key"] in keys]
        return [sid for sid in scope if rows[sid]["key"] in keys or shard_of(rows[sid]["key"]) in unknown]

    def run(
        self,
        query: Query,
        speech_ids: Iterable[str] | None = None,
        *,
        cancel: Callable[[], bool] | None = None,
        budget: float = REGEX_TIMEOUT,
        outcome: Outcome | None = None,
    ) -> Iterator[SpeechHits]:
        """Speeches with hits, in file order. `outcome` (if given) is filled in."""
        t0 = time.perf_counter()
        out = outcome if outcome is not None else Outcome()
        scope = self.scope(speech_ids)
        out.speeches = len(scope)
        cands = self.candidates(query, scope)
        sig = signatures(self.store)
        deadline = t0 + budget
        rows = self.store.catalog.rows
        for sid in cands:
            if cancel is not None and cancel():
                out.cancelled = True
                break
            try:  # straight from the backend: a search must not push the reader's bodies out of the store's cache
                body = self.store.catalog.backend.read_body(rows[sid]["key"])
            except KeyError:
                try:
                    body = self.store.body(sid)  # missing or damaged: read again from the file, with a message
                except KeyError:
                    continue
            out.read += 1
            paras = body.get("paragraphs", ())
            fold_known = sig.folded(rows[sid]["key"])
            hits: list[Hit] = []
            texts: list[str] = []
            folded: list[str] = []
            plain = query.first if not query.is_regex else ""
            try:
                for k, p in enumerate(paras):
                    text = p[0]
                    f = fold_text(text) if (fold_known or (fold_known is None and needs_fold(text))) else text
                    texts.append(text)
                    folded.append(f)
                    if plain and plain not in f:  # the common case, in C: no hit in this paragraph
                        continue
                    if query.is_regex:
                        left = deadline - time.perf_counter()
                        if left <= 0:
                            raise TimeoutError
                        spans = query.spans(f, timeout=left)
                    else:
                        spans = query.spans(f)
                    if spans:
                        starts = [a for a, _ in p[2]] if len(p) > 2 else [0]
                        for a, e in spans:
                            hits.append(Hit(sid, k, a, e, max(0, bisect_right(starts, a) - 1)))
            except TimeoutError:
                out.timed_out = True
                if hits:
                    out.per_speech[sid] = len(hits)
                    yield SpeechHits(sid, hits, texts, folded)
                break
            if hits:
                out.per_speech[sid] = len(hits)
                yield SpeechHits(sid, hits, texts, folded)
        out.seconds = time.perf_counter() - t0

    def count(self, query: Query, speech_ids: Iterable[str] | None = None, **kw) -> tuple[int, Outcome]:
        out = Outcome()
        n = sum(len(sh.hits) for sh in self.run(query, speech_ids, outcome=out, **kw))
        return n, out


def sync_index(store: StoreLike) -> int:
    """Bring the signature index up to date (called after every store update)."""
    from .search_index import sync

    n = sync(store)
    if n:
        with _SIGS_LOCK:
            _SIGS.pop(id(store), None)
    return n
