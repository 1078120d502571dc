"""The concordance's search, off the UI thread: the worker that runs the store's
search, makes the rows and hands the first ones to the screen as soon as they
are found (`ConcordanceScreen` mixes it in), and the distribution it draws."""

from __future__ import annotations

import inspect
import time
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.widgets import Static
from textual.worker import get_current_worker

from jianghua.corpus.cells import truncate
from jianghua.corpus.query import Query, fold_text
from jianghua.i18n import _, ngettext
from jianghua.store.search import CorpusSearch, Outcome, index_loaded, warm_index

from ..kwic import MAX_ROWS, KwicRow, bar_text, make_row, per_speech, per_year
from ..textutil import clean

FIRST_SCREEN = 60  # rows a screenful holds at most (the bench's first screen)
FIRST_NOW = 0.015  # seconds the UI thread may look for the first hits itself (then a worker goes on)


class First(NamedTuple):
    """The hits of the first speech with any, found at once on the UI thread."""

    rows: list[KwicRow]
    n: int  # hits (rows made up to MAX_ROWS)
    per_speech: dict[str, int]
    after: str  # the speech they are in: the worker goes on after it


@lru_cache(maxsize=1)
def _run_options() -> dict:
    """Hits in titles and headings too, where the store's search offers them."""
    return {"heads": True} if "heads" in inspect.signature(CorpusSearch.run).parameters else {}


def _text_of(sh, h) -> str:
    """The text a hit is in (a paragraph; a title or heading where the store finds those)."""
    text_of = getattr(sh, "text_of", None)
    return text_of(h) if text_of is not None else sh.paragraphs[h.paragraph]


def _count_heads(out: Outcome, hits) -> None:
    """Hits in a speech's title and headings, counted apart (`Outcome.head_hits`, as the
    store's count gives them): the summary says how many of the hits they are."""
    for h in hits:
        if h.kind:
            out.head_hits[h.speech_id] = out.head_hits.get(h.speech_id, 0) + 1


def _summary(store, speech_id: str):
    try:
        return store.summary(speech_id)
    except KeyError:
        return None


class SearchWorker:
    """The worker half of ConcordanceScreen (needs its browser, `_partial`,
    `_progress`, `_failed` and `_done`)."""

    @work(thread=True, group="warm", exit_on_error=False)
    def _warm(self) -> None:
        """While the query is typed: read the index and make the folding tables
        (~0.1 s on first use), so that Enter pays for the search alone."""
        warm_index(self.browser.store)
        fold_text("預熱")

    def _first_now(self, q: Query, scope: list[str] | None) -> First | None:
        """The first speech's hits, found here and now (on the UI thread, so that they
        are painted in the frame that answers Enter, without waiting for a thread and
        a hop back): only when the index is loaded, never for a regex, and giving up
        after FIRST_NOW seconds (None: the worker searches from the start)."""
        store = self.browser.store
        if q.is_regex or not index_loaded(store):
            return None
        end = time.perf_counter() + FIRST_NOW
        out = Outcome()
        for sh in CorpusSearch(store).run(q, scope, cancel=lambda: time.perf_counter() > end, outcome=out, **_run_options()):
            s = _summary(store, sh.speech_id)
            if s is None:
                return None
            rows = [make_row(h, k, s.title, s.year, _text_of(sh, h)) for k, h in enumerate(sh.hits[:MAX_ROWS])]
            return First(rows, len(sh.hits), dict(out.per_speech), sh.speech_id)
        return None

    @work(thread=True, exclusive=True, group="corpus-search", exit_on_error=False)
    def _search(self, q: Query, scope: list[str] | None, token: int, screen: int = FIRST_SCREEN, first: First | None = None) -> None:
        worker = get_current_worker()
        out = Outcome()
        rows: list[KwicRow] = []
        if first is not None:  # (the first speech's hits, already shown: go on after it)
            rows += first.rows
            out.per_speech.update(first.per_speech)
            _count_heads(out, [r.hit for r in first.rows])
        try:
            counted = self._collect(q, scope, token, worker, out, rows, screen, first)
        except Exception as e:  # noqa: BLE001 - never leave the screen "counting…" forever
            from jianghua.corpus.clean import one_line

            self.app.call_from_thread(self._failed, token, _("The search stopped: {why}").format(why=one_line(e)))
            return
        if worker.is_cancelled:
            return
        chars, titles = counted[1:] if counted is not None else self._scope_of(scope, out)
        self.app.call_from_thread(self._done, token, rows, sum(out.per_speech.values()), out, chars, titles)

    def _scope_of(self, scope: list[str] | None, out: Outcome) -> tuple[dict, dict]:
        """(year, characters) of every speech searched, and the titles of those with hits."""
        store = self.browser.store
        ids = scope if scope is not None else [s.id for s in store.speeches()]
        chars = {}
        titles = {}
        for sid in ids:
            s = _summary(store, sid)
            if s is None:
                continue
            chars[sid] = (s.year, s.chars)
            if sid in out.per_speech:
                titles[sid] = s.title
        return chars, titles

    def _count_now(self, q: Query, scope: list[str] | None, token: int, search: CorpusSearch, cancel) -> tuple | None:
        """The exact total (per speech, hence per year) from the store's count, shown
        at once while the rows are still being made; None when it was cancelled or
        ran out of time (a regex): the rows' own count is shown then, as before."""
        _n, out = search.count(q, scope, cancel=cancel, **_run_options())
        if out.cancelled or out.timed_out:
            return None
        chars, titles = self._scope_of(scope, out)
        self.app.call_from_thread(self._counted, token, sum(out.per_speech.values()), out, chars, titles)
        return out, chars, titles

    def _collect(self, q: Query, scope: list[str] | None, token: int, worker, out: Outcome, rows: list[KwicRow], screen: int,
                 first: First | None = None) -> tuple | None:
        """Rows of every hit; the first ones painted as soon as they are found (the
        first speech with hits, then again when a screenful is in), then the count
        every 0.3 s. With `first`, its speech's hits are in already: on after it.
        Once the first rows are painted, the store counts every hit (fast: no row
        made, no body read) and the screen shows that total while rows go on
        arriving; returns what that count gave (outcome, chars, titles) or None."""
        store = self.browser.store
        n = 0 if first is None else first.n
        painted = len(rows)  # rows painted so far
        last = time.monotonic()
        search = CorpusSearch(store)
        cancel = lambda: worker.is_cancelled  # noqa: E731
        sid = None
        todo = scope
        counted = None
        # the store's count asked for already — or never, for a regex: its count costs as
        # much as its rows and would eat into the rows' time budget (run's clock is running)
        tried = first is not None or q.is_regex
        if first is not None:  # (its rows are painted: the total next)
            counted = self._count_now(q, scope, token, search, cancel)
            if worker.is_cancelled:
                return None
            order = search.scope(scope)
            todo = order[order.index(first.after) + 1 :]
            if len(rows) >= MAX_ROWS:
                sid, todo = first.after, []
        for sh in search.run(q, todo, cancel=cancel, outcome=out, **_run_options()):
            s = _summary(store, sh.speech_id)
            if s is None:  # (a build replaced the catalogue meanwhile)
                continue
            _count_heads(out, sh.hits)
            for h in sh.hits:
                if len(rows) < MAX_ROWS:
                    rows.append(make_row(h, n, s.title, s.year, _text_of(sh, h)))
                n += 1
            if worker.is_cancelled:
                return None
            now = time.monotonic()
            if painted < screen and len(rows) > painted:
                painted = len(rows)
                last = now
                self.app.call_from_thread(self._partial, token, list(rows), n, len(out.per_speech))
                if not tried:  # the first rows are on screen: the total next
                    tried = True
                    counted = self._count_now(q, scope, token, search, cancel)
            elif now - last > 0.3:
                last = now
                self.app.call_from_thread(self._progress, token, n, len(out.per_speech))
            if len(rows) >= MAX_ROWS:  # every row listed is made: the rest is only counted
                sid = sh.speech_id
                break
        if counted is not None and not worker.is_cancelled:  # every hit counted already
            out.per_speech.clear()
            out.per_speech.update(counted[0].per_speech)
            out.head_hits.clear()
            out.head_hits.update(counted[0].head_hits)
            return counted
        if sid is not None and not worker.is_cancelled:
            order = search.scope(scope)
            rest = order[order.index(sid) + 1 :]
            _n, more = search.count(q, rest, cancel=cancel, **_run_options())
            out.per_speech.update(more.per_speech)
            out.head_hits.update(more.head_hits)
            out.timed_out = out.timed_out or more.timed_out
        return None

    def _draw_distribution(self) -> None:
        dist = self.query_one("#dist", Static)
        out = self.outcome
        if out is None or not dist.has_class("-shown"):
            return
        if self.dist_mode == 0:
            bars = per_year(out.per_speech, self._scope_chars)
            head = _("hits per 10 000 characters, by year")
            if len(bars) > 8:  # the years with most hits per character, in year order
                head += " " + _("(the 8 densest of {n} years)").format(n=len(bars))
                keep = {id(b) for b in sorted(bars, key=lambda b: -b.rate)[:8]}
                bars = [b for b in bars if id(b) in keep]
        else:
            bars = per_speech(out.per_speech, self._scope_chars, self._titles)
            head = _("hits per 10 000 characters, the densest speeches (d again hides)")
        text = Text(head, style="dim", end="")
        top = max((b.rate for b in bars), default=0.0)
        width = max(10, min(40, self.size.width - 40))
        for b in bars:
            text.append("\n")
            label = truncate(clean(b.label, single_line=True), 14)
            text.append(label + " " * (14 - cell_len(label)))
            text.append(" " + bar_text(b.rate, top, width), style="bold")
            hits = ngettext("{n} hit", "{n} hits", b.hits).format(n=b.hits)
            text.append(f" {b.rate:6.1f}  " + hits, style="dim")
        dist.update(text)

