"""Search over the text of the corpus: hits in speech order, per speech, per year.

`CorpusSearch(store).run(query, speech_ids)` yields one `SpeechHits` per speech
with hits, in the catalogue's (file) order, so that a caller can show the first
screen while the rest is still being found, and stop (cancel) at any speech.
Only speeches the signature index (store.search_index) lets through are read.
A regex query runs with a time budget (TimeoutError ends the search with
`timed_out`); `cancel()` is asked between speeches, and every REGEX_SLICE
seconds while a regex runs (a catastrophic one stops when the user moves on).
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from jianghua.corpus.query import REGEX_TIMEOUT, Query, SearchCancelled

from .search_index import _fold_lines, speech_lines, term_buckets
from .search_text import _SIGS, _SIGS_LOCK, Outcome, _spans, index_loaded, signatures  # noqa: F401 - Outcome, signatures and index_loaded re-exported
from .shards import shard_of

if TYPE_CHECKING:
    from .search_index import StoreLike
    from .search_shards import Signatures


class Hit(NamedTuple):  # (a tuple: 100 000 hits are made in a blink)
    speech_id: str
    paragraph: int  # 0-based index into the speech's paragraphs (a heading: its section's first paragraph; the title: 0)
    start: int  # offsets in the text (as written: folding keeps lengths)
    end: int
    sentence: int  # 0-based sentence within the paragraph (0 for a title or heading)
    kind: str = ""  # "" in a paragraph, "title" in the title, "heading" in a section heading
    section: int = -1  # the section of a heading hit


@dataclass
class SpeechHits:
    speech_id: str
    hits: list[Hit]
    paragraphs: list[str]  # the speech's paragraph texts as written (for contexts)
    folded: list[str]  # the same, folded (for sorting by context)
    title: str = ""  # the title as written (for hits in it)
    headings: list[str] = field(default_factory=list)  # section headings as written ("" for none)

    def text_of(self, hit: Hit) -> str:
        """The text a hit is in: its paragraph, the title or its section heading."""
        if hit.kind == "title":
            return self.title
        if hit.kind == "heading":
            return self.headings[hit.section] if 0 <= hit.section < len(self.headings) else ""
        return self.paragraphs[hit.paragraph]


def context(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """(left, hit, right) of a hit, at most `width` characters either side."""
    return text[max(0, start - width) : start], text[start:end], text[end : end + width]


class _Text(NamedTuple):
    """A speech's folded lines, from the index (or folded from its body)."""

    head: list[str]  # title, then one line per section heading
    paras: list[str]
    fold: bool | None  # did folding change it? (None: not known)


def query_buckets(query: Query) -> set[int]:
    """The buckets a paragraph holding every term of the query has."""
    bs: set[int] = set()
    for t in query.terms:
        bs |= term_buckets(t)
    return bs


class CorpusSearch:
    query_buckets = staticmethod(query_buckets)

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
        """The speeches of scope the index cannot rule out."""
        if query.is_regex or not query.terms:
            return scope
        bs = query_buckets(query)
        sig = signatures(self.store)
        keys, unknown = sig.candidate_keys(bs)
        rows = self.store.catalog.rows
        if not unknown:
            return [sid for sid in scope if rows[sid]["key"] in keys]
        return [sid for sid in scope if rows[sid]["key"] in keys or shard_of(rows[sid]["key"]) in unknown]

    # ------------------------------------------------------------ texts

    def _indexed(self, sig: Signatures, key: str, needle: bytes | None) -> _Text | None | bool:
        """A speech's folded lines from the index; False when the needle cannot be in
        it (a quick test on the bytes); None when the index has no (sound) text for it."""
        loc = sig.where(key)
        if loc is None:
            return None
        i, sh, j = loc
        try:
            data = sh.read_speech(j)
        except (OSError, ValueError):
            sig.drop(i)
            return None
        if needle is not None and needle not in data:  # (a byte match may be misaligned: only a quick no)
            return False
        nh = 2 * (sh.heads[j] - sh.offs[j])
        head = data[:nh].decode("utf-16-le", "surrogatepass").split("\n")
        paras = data[nh:].decode("utf-16-le", "surrogatepass").split("\n")
        head.pop()
        paras.pop()
        return _Text(head, paras, j in sh.fold)

    def _body(self, sid: str) -> dict | None:
        key = self.store.catalog.rows[sid]["key"]
        try:  # straight from the backend: a search must not push the reader's bodies out of the store's cache
            return self.store.catalog.backend.read_body(key)
        except KeyError:
            try:
                return self.store.body(sid)  # missing or damaged: read again from the file, with a message
            except KeyError:
                return None

    def _read_folded(self, sid: str, out) -> tuple[dict, _Text] | None:
        """The slow path, for a speech the index has no text for: its body read (counted
        in `out.read` and `out.slow`) and folded; None when it has no body."""
        body = self._body(sid)
        if body is None:
            return None
        out.read += 1
        out.slow += 1
        return body, self._folded_body(body)

    @staticmethod
    def _folded_body(body: dict) -> _Text:
        head, paras = speech_lines(body)
        fh, a = _fold_lines(head)
        fp, b = _fold_lines(paras) if paras else ("\n", False)
        return _Text(fh.split("\n")[:-1], fp.split("\n")[:-1] if paras else [], a or b)

    # ------------------------------------------------------------ searching

    def run(
        self,
        query: Query,
        speech_ids: Iterable[str] | None = None,
        *,
        cancel: Callable[[], bool] | None = None,
        budget: float = REGEX_TIMEOUT,
        outcome: Outcome | None = None,
        heads: bool = False,
    ) -> Iterator[SpeechHits]:
        """Speeches with hits, in file order. `outcome` (if given) is filled in.
        heads=True: hits in titles and section headings too (Hit.kind says which)."""
        t0 = time.perf_counter()
        out = outcome if outcome is not None else Outcome()
        scope = self.scope(speech_ids)
        out.speeches = len(scope)
        sig = signatures(self.store)
        maps = sig.bitmaps(query_buckets(query)) if (query.terms and not query.is_regex) else None
        deadline = t0 + budget
        rows = self.store.catalog.rows
        loc = sig.loc
        needle = query.first.encode("utf-16-le", "surrogatepass") if (query.terms and not query.is_regex) else None
        try:
            for sid in scope:  # (candidates tested one by one: the first screen is found without a pass over them all)
                key = rows[sid]["key"]
                if maps is not None:
                    at = loc.get(key)
                    m = maps[at[0]] if at is not None else None
                    if m is not None and not (m >> at[1]) & 1:  # type: ignore[index]
                        continue
                if cancel is not None and cancel():
                    out.cancelled = True
                    break
                text = self._indexed(sig, key, needle)
                if text is False:
                    continue
                body = None
                if text is None:
                    slow = self._read_folded(sid, out)
                    if slow is None:
                        continue
                    body, text = slow
                found = [(k, a, e) for k, line in enumerate(text.paras) for a, e in _spans(query, line, deadline, cancel)]
                hfound = [(k, a, e) for k, line in enumerate(text.head) for a, e in _spans(query, line, deadline, cancel)] if heads else []
                if not found and not hfound:
                    continue
                if body is None:
                    body = self._body(sid)
                    if body is None:
                        continue
                    out.read += 1
                sh = _speech_hits(sid, body, text, found, hfound)
                if sh is None:  # the index is not this body's (never here: the key names the content)
                    continue
                out.per_speech[sid] = len(sh.hits)
                yield sh
        except TimeoutError:
            out.timed_out = True
        except SearchCancelled:
            out.cancelled = True
        out.seconds = time.perf_counter() - t0

    def count(self, query: Query, speech_ids: Iterable[str] | None = None, *, heads: bool = False,
              cancel: Callable[[], bool] | None = None, budget: float = REGEX_TIMEOUT, **_kw) -> tuple[int, Outcome]:
        """Every hit counted (N hits in M speeches, per speech in Outcome.per_speech),
        without making a Hit: from the index's folded text, bodies only where the
        index has none. heads=True counts hits in titles and headings as hits."""
        from .search_count import count

        return count(self, query, speech_ids, heads=heads, cancel=cancel, budget=budget)


def _speech_hits(sid: str, body: dict, text: _Text, found: list, hfound: list) -> SpeechHits | None:
    paras = body.get("paragraphs", ())
    if len(paras) != len(text.paras):
        return None
    written = [p[0] for p in paras]
    hits: list[Hit] = []
    for k, a, e in found:
        p = paras[k]
        starts = [s for s, _ in p[2]] if len(p) > 2 and p[2] else [0]
        hits.append(Hit(sid, k, a, e, max(0, bisect_right(starts, a) - 1)))
    title = body.get("title") or ""
    sections = body.get("sections", ())
    headings = [(sec[0] or "") if isinstance(sec, list) and sec else "" for sec in sections]
    if hfound:
        # a heading's paragraph: the first one after it — its section's first, or, for a
        # section without paragraphs of its own (一、 straight over （一）), the next one's
        secs = [p[1] if len(p) > 1 and isinstance(p[1], int) else 0 for p in paras]
        last = max(0, len(paras) - 1)
        heads = []
        for k, a, e in hfound:
            if k == 0:
                heads.append(Hit(sid, 0, a, e, 0, "title"))
            else:
                heads.append(Hit(sid, min(bisect_left(secs, k - 1), last), a, e, 0, "heading", k - 1))
        hits = heads + hits
    return SpeechHits(sid, hits, written, text.paras, title, headings)


def warm_index(store: StoreLike) -> None:
    """Load the search index and check its texts (what the first search would
    otherwise pay for): called while a query is being typed."""
    signatures(store).verify()


def sync_index(store: StoreLike) -> int:
    """Bring the signature index up to date (called after every store update)."""
    from .search_sync import sync

    n = sync(store)
    if n:
        with _SIGS_LOCK:
            _SIGS.pop(id(store), None)
    return n
