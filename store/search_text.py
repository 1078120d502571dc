"""What the search (store.search) and the counting (store.search_count) share:
how a search ended (`Outcome`), the loaded index of a store, matching one line."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jianghua.corpus.query import Query

from .search_shards import Signatures

if TYPE_CHECKING:
    from .search_index import StoreLike


@dataclass
class Outcome:
    """How a search ended."""

    speeches: int = 0  # speeches searched (in scope)
    read: int = 0  # bodies actually read (candidates)
    timed_out: bool = False
    cancelled: bool = False
    seconds: float = 0.0
    per_speech: dict[str, int] = field(default_factory=dict)  # hits in paragraphs (and titles/headings with heads=True)
    head_hits: dict[str, int] = field(default_factory=dict)  # hits in titles and headings (count only)
    slow: int = 0  # speeches the index could not answer for (read from their bodies)


_SIGS: dict[int, Signatures] = {}
_SIGS_LOCK = threading.Lock()


def signatures(store: StoreLike) -> Signatures:
    """The loaded signature index of the store's current catalogue (read on first use)."""
    with _SIGS_LOCK:
        sig = _SIGS.get(id(store))
        if sig is None or not sig.current(store):
            sig = _SIGS[id(store)] = Signatures(store)
        return sig


def index_loaded(store: StoreLike) -> bool:
    """Is the store's search index loaded and current (a search starts without
    reading it)? Never waits: False while another thread loads it."""
    if not _SIGS_LOCK.acquire(blocking=False):
        return False
    try:
        sig = _SIGS.get(id(store))
        return sig is not None and sig.current(store)
    finally:
        _SIGS_LOCK.release()


def _spans(query: Query, line: str, deadline: float, cancel: Callable[[], bool] | None = None) -> list[tuple[int, int]]:
    """A line's hits. A regex raises TimeoutError past the deadline, and
    SearchCancelled when `cancel()` says so while it runs (asked every REGEX_SLICE)."""
    if query.is_regex:
        return query.spans(line, cancel=cancel, deadline=deadline)
    if query.first not in line:  # the common case, in C: no hit here
        return []
    return query.spans(line)
