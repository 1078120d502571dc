"""Enter in the concordance paints the first hits in the frame that answers it:
the screen finds the first speech's hits itself (the index loaded, not a regex,
for a moment only), and the worker goes on after that speech — no hit twice, none
missing."""

from __future__ import annotations

from tui_helpers import SIZE, searched_texts, settle, wait_until

from jianghua.store.search import index_loaded
from jianghua.tui.screens.concordance import ConcordanceScreen, QueryInput
from jianghua.tui.widgets.kwic_table import KwicTable

WORD = "两个维护"


async def _open(pilot, app) -> ConcordanceScreen:
    await settle(pilot, app)
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(app.screen, ConcordanceScreen)
    screen = app.screen
    await wait_until(pilot, lambda: index_loaded(app.browser.store), "the index loaded while the box waits")
    return screen


async def test_enter_paints_the_first_hits_without_waiting_for_the_worker(make_app, store, monkeypatch):
    workers = []
    painted = []

    def search(self, *a):  # the worker never runs
        workers.append(a)
        painted.append(dict(self.query_one(KwicTable)._painted))

    monkeypatch.setattr(ConcordanceScreen, "_search", search)
    holders = [sid for sid, ts in searched_texts(store).items() if any(WORD in t for t in ts)]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        screen.query_one(QueryInput).value = WORD
        await pilot.press("enter")
        rows = screen.query_one(KwicTable).rows
        assert rows and {r.hit.speech_id for r in rows} == {holders[0]}  # the first speech's hits, in the table
        assert "counting" in screen.message and screen.searching
        await wait_until(pilot, lambda: bool(workers), "the worker started")
        first = workers[-1][-1]
        assert first is not None and first.after == holders[0] and first.n == len(rows)
        assert painted[-1]  # ... once those hits were drawn (it would compete with that frame)


async def test_the_worker_goes_on_after_the_first_speech(make_app, store):
    total = sum(t.count(WORD) for ts in searched_texts(store).values() for t in ts)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        screen.query_one(QueryInput).value = WORD
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.outcome is not None and not screen.searching, "searched")
        rows = screen.query_one(KwicTable).rows
        assert len(rows) == screen.total == total > 0 and len({(r.hit.speech_id, r.hit.paragraph, r.hit.start, r.hit.kind) for r in rows}) == total
        assert [r.order for r in rows] == list(range(total))


async def test_a_regex_is_never_searched_on_the_ui_thread(make_app, store, monkeypatch):
    workers = []
    monkeypatch.setattr(ConcordanceScreen, "_search", lambda self, *a: workers.append(a))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app)
        screen.query_one(QueryInput).value = "re:两个.护"
        await pilot.press("enter")
        assert not screen.query_one(KwicTable).rows and workers[-1][-1] is None  # (the worker searches it all)
