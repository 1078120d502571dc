"""The concordance searches as you type (issue 10): no Enter needed, a new keystroke
or Esc cancels the running search, the first hits are painted before the search
ends, hostile queries typed into the box, and hits the store finds in titles."""

from __future__ import annotations

import threading

from tui_helpers import SIZE, long_paragraph_store, open_concordance, screen_text, searched_texts, settle, wait_until

from jianghua.store.search import CorpusSearch
from jianghua.tui.screens.concordance import ConcordanceScreen, QueryInput
from jianghua.tui.widgets.kwic_table import KwicTable

WORD = "两个维护"


async def _open(pilot, app) -> ConcordanceScreen:
    await settle(pilot, app)
    return await open_concordance(pilot, app)


async def test_hits_appear_as_you_type_without_enter(make_app, store):
    total = sum(t.count(WORD) for ts in searched_texts(store).values() for t in ts)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        table = screen.query_one(KwicTable)
        await pilot.press(*WORD)  # no Enter
        await wait_until(pilot, lambda: screen.outcome is not None and not screen.searching, "the typed query searched")
        assert screen.query_one(QueryInput).has_focus  # still typing
        assert screen.rows_query.text == WORD and len(table.rows) == total > 0
        assert f"{total} hits in" in screen_text(app)
        # typing on narrows the query: the hits follow
        await pilot.press("backspace", "backspace")
        await wait_until(pilot, lambda: screen.rows_query.text == "两个" and not screen.searching, "the shorter query searched")
        assert len(table.rows) >= total
        # Enter goes to the hits (nothing more to search)
        await pilot.press("enter")
        assert table.has_focus


def _gated_run(started: list, cancelled: list, release: threading.Event):
    """A CorpusSearch.run that, in a worker, yields the real first speech with hits,
    then waits for the test (or for its cancellation). (On the UI thread, where the
    screen looks for the first hits itself for a moment, it is the real one.)"""
    real = CorpusSearch.run

    def run(self, query, speech_ids=None, *, cancel=None, outcome=None, **kw):
        if threading.current_thread() is threading.main_thread():
            yield from real(self, query, speech_ids, cancel=cancel, outcome=outcome, **kw)
            return
        started.append(query.text)
        it = real(self, query, speech_ids, cancel=cancel, outcome=outcome, **kw)
        first = next(it, None)
        if first is not None:
            yield first
        while not release.wait(0.01):
            if cancel is not None and cancel():
                cancelled.append(query.text)
                return
        yield from it

    return run


async def test_a_keystroke_or_esc_cancels_the_running_search(make_app, store, monkeypatch):
    started: list = []
    cancelled: list = []
    release = threading.Event()
    monkeypatch.setattr(CorpusSearch, "run", _gated_run(started, cancelled, release))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*"发展")
        await wait_until(pilot, lambda: "发展" in started, "the search started after the typing paused")
        # the first hits are on screen while the search still runs
        await wait_until(pilot, lambda: len(screen.query_one(KwicTable).rows) > 0, "the first hits painted")
        assert screen.searching
        await pilot.press("a")  # a new keystroke cancels the old search
        await wait_until(pilot, lambda: "发展" in cancelled, "the old search cancelled")
        await wait_until(pilot, lambda: "发展a" in started, "the new query searched")
        await pilot.press("escape")  # Esc stops it, the box keeps the focus
        await wait_until(pilot, lambda: "发展a" in cancelled, "Esc cancelled the search")
        assert not screen.searching and "stopped" in screen.message
        assert screen.query_one(QueryInput).has_focus
        # the next Esc leaves the box; Enter in it would have searched again
        release.set()
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.outcome is not None and not screen.searching, "Enter searched again")
        assert started.count("发展a") == 2


async def test_the_total_shows_before_the_rows_are_all_made(make_app, store, monkeypatch):
    """The store's count (no row made) answers N hits in M speeches, and the per-year
    distribution, while the rows are still being made: here the row making blocks
    after the first speech until the test releases it."""
    word = "发展"
    texts = searched_texts(store)
    total = sum(t.count(word) for ts in texts.values() for t in ts)
    speeches = sum(1 for ts in texts.values() if any(word in t for t in ts))
    started: list = []
    cancelled: list = []
    release = threading.Event()
    monkeypatch.setattr(CorpusSearch, "run", _gated_run(started, cancelled, release))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*word, "enter")
        await wait_until(pilot, lambda: f"{total} hits in {speeches} speeches" in screen.message, "the total shown")
        table = screen.query_one(KwicTable)
        assert screen.searching and 0 < len(table.rows) < total and not release.is_set()
        assert f"{len(table.rows)} listed so far, still listing" in screen.message and "counting" not in screen.message
        await pilot.press("d")  # the distribution draws from the count already
        assert "by year" in str(screen.query_one("#dist").render())
        release.set()
        await wait_until(pilot, lambda: not screen.searching, "every row made")
        assert len(table.rows) == screen.total == total and "still listing" not in screen.message
        assert f"{total} hits in {speeches} speeches" in screen.message


HOSTILE = [" ", "\x1b[31m发展\x07", "re:(", "[/]", "[@click=app.quit]x", "发" * 10_000, "re:(a+)+$", ""]


async def test_hostile_queries_typed_into_the_box(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        box = screen.query_one(QueryInput)
        await pilot.press(*"发展")
        # (not 发 alone, searched if the typing paused between the keys)
        await wait_until(pilot, lambda: screen.outcome is not None and screen.rows_query.text == "发展" and not screen.searching, "发展 searched")
        n = len(screen.rows)
        for q in HOSTILE:
            box.value = q  # as a paste puts it (one change)
            await pilot.pause()
            await wait_until(pilot, lambda: not screen.searching, f"{q[:20]!r} searched")
            assert app.screen is screen and app.is_running
            if q == "re:(":  # mid-typing: the reason, and the last hits stay
                assert "Not a valid regular expression" in screen.message and "the hits below are for" in screen.message
                assert screen.rows
            if q == "发" * 10_000:
                assert "cut to its first" in screen.message
        assert "Type something" in screen.message and not screen.rows  # the box emptied: nothing listed
        box.value = "发展"
        await wait_until(pilot, lambda: screen.outcome is not None and screen.rows_query.text == "发展" and not screen.searching, "发展 again")
        assert len(screen.rows) == n  # nothing lost on the way


async def test_a_hit_in_a_title_is_tagged_and_copies_the_title(make_app, store, monkeypatch):
    """Where the store reports hits in titles (Hit.kind == "title"), the row says so."""
    from typing import NamedTuple

    from jianghua.store.search import SpeechHits

    class TitleHit(NamedTuple):
        speech_id: str
        paragraph: int
        start: int
        end: int
        sentence: int
        kind: str = ""
        section: int = -1

    sid = store.speeches()[0].id
    title = store.speech(sid).title

    def run(self, query, speech_ids=None, *, cancel=None, outcome=None, **kw):
        if outcome is not None:
            outcome.per_speech[sid] = 1
        sh = SpeechHits(sid, [TitleHit(sid, 0, 0, 2, 0, "title")], [title], [title])
        sh.text_of = lambda h: title
        yield sh

    monkeypatch.setattr(CorpusSearch, "run", run)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*title[:2], "enter")
        await wait_until(pilot, lambda: screen.outcome is not None, "searched")
        assert "〔title〕" in screen_text(app)
        await pilot.press("y")
        assert app.clipboard.startswith(title)


async def test_a_catastrophic_regex_typed_leaves_the_box_answering(make_app, tmp_path):
    """re:(a+)+$ on a 50 000-character paragraph: while the regex runs (in its
    worker, up to its time budget), the next keystrokes are taken at once and
    cancel it; Esc stops the search."""
    from textual.worker import WorkerState

    app = make_app(long_paragraph_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        box = screen.query_one(QueryInput)

        def running():
            return [w for w in app.workers if w.node is screen and w.group == "corpus-search" and w.state == WorkerState.RUNNING]

        await pilot.press(*"re:(a+)+$")
        await wait_until(pilot, lambda: bool(running()), "the regex search running")
        old = running()[0]
        await pilot.press("backspace")  # taken while the regex runs ...
        assert box.value == "re:(a+)+" and old.is_cancelled  # ... and it cancels the old search
        await pilot.press("$")
        await wait_until(pilot, lambda: any(w is not old for w in running()), "the regex searched again")
        await pilot.press("escape")
        assert "stopped" in screen.message and box.has_focus
        await app.workers.wait_for_complete()
        assert app.is_running and app.screen is screen


async def test_hits_beyond_the_listed_rows_are_counted(make_app, store, monkeypatch):
    """Past MAX_ROWS rows the rest of the corpus is only counted: N hits in M
    speeches stays the full count, the summary says how many are listed."""
    from jianghua.tui.screens import concordance_search

    word = "发展"
    texts = searched_texts(store)
    total = sum(t.count(word) for ts in texts.values() for t in ts)
    speeches = sum(1 for ts in texts.values() if any(word in t for t in ts))
    monkeypatch.setattr(concordance_search, "MAX_ROWS", 3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*word, "enter")
        await wait_until(pilot, lambda: screen.outcome is not None, "searched")
        assert screen.total == total > 3 and len(screen.outcome.per_speech) == speeches > 1
        assert 3 <= len(screen.rows) < total  # (the speech that reached the cap is listed whole)
        assert f"{total} hits in {speeches} speeches" in screen.message and "the first" in screen.message


async def test_a_regex_is_not_counted_ahead_of_its_rows(make_app, store, monkeypatch):
    """A regex's count would cost what its rows cost and eat into their time budget:
    its total comes with its rows, as before."""
    asked = []
    real = CorpusSearch.count

    def count(self, query, *a, **kw):
        asked.append(query.text)
        return real(self, query, *a, **kw)

    monkeypatch.setattr(CorpusSearch, "count", count)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*"re:发.", "enter")
        await wait_until(pilot, lambda: screen.outcome is not None and not screen.searching, "searched")
        assert screen.total > 0 and f"{screen.total} hits in" in screen.message
        assert asked == []
