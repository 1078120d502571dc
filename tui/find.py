"""Find in one speech (the reader's `/`): matches of a query in a laid-out Document.

Pure data, no Textual. Uses the same query language and folding as the corpus
search (jianghua.corpus.query), on the text the reader shows (its blocks).
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from jianghua.corpus.query import Query

from .document import Document


@dataclass(frozen=True)
class Match:
    block: int
    start: int
    end: int
    sentence: int  # the sentence holding the start of the match


def find_all(doc: Document, query: Query, timeout: float | None = None,
             cancel: Callable[[], bool] | None = None) -> list[Match]:
    """Every match in reading order. A regex runs as the corpus search runs it
    (Query.spans, in slices of REGEX_SLICE seconds): past `timeout` for the whole
    speech it raises TimeoutError; when `cancel()` says so (a new keystroke, Esc),
    SearchCancelled, within a slice."""
    out: list[Match] = []
    end = None if timeout is None else time.perf_counter() + timeout
    folded = doc.folded()
    for b, blk in enumerate(doc.blocks):
        if blk.kind != "para" or not blk.sentences:
            continue
        spans = query.spans(folded[b], cancel=cancel, deadline=end) if query.is_regex else query.spans(folded[b])
        for a, e in spans:
            sent = blk.sentences[0][0]
            for idx, sa, se in blk.sentences:
                if sa <= a:
                    sent = idx
                else:
                    break
            out.append(Match(b, a, e, sent))
    return out


def spans_by_block(matches: list[Match]) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for m in matches:
        out.setdefault(m.block, []).append((m.start, m.end))
    return out


def nearest(matches: list[Match], block: int, offset: int, direction: int = 1, inclusive: bool = True) -> tuple[int, bool] | None:
    """Index of the next (direction 1) or previous (-1) match from (block, offset),
    and whether it wrapped around the speech."""
    if not matches:
        return None
    keys = [(m.block, m.start) for m in matches]
    here = (block, offset)
    if direction > 0:
        i = bisect_left(keys, here) if inclusive else bisect_left(keys, (block, offset + 1))
        return (i, False) if i < len(matches) else (0, True)
    i = bisect_left(keys, here) - 1
    return (i, False) if i >= 0 else (len(matches) - 1, True)
