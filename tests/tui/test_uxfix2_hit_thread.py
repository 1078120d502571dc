"""A concordance hit in a long speech (from `FIND_IN_THREAD_CHARS` on) has its matches
found in a thread. When the reader moved meanwhile (page keys, j/k, another hit), the
thread's end used to pull the cursor back to the hit; now the cursor stays, the
matches light up and n goes on from where the reader is. The thread's find stops when
cancelled (another hit), and a time-out or an error is said, not swallowed.
(After /tmp/rux/test_rux_hit_race.py of the s25 review; the bundled speeches stand in
for long ones: the length is lowered to 0.)"""

from __future__ import annotations

import threading

from jianghua.corpus.query import SearchCancelled
from jianghua.tui.screens import reader_find
from jianghua.tui.widgets.kwic_table import KwicTable
from jianghua.tui.widgets.reader_view import ReaderView
from test_search import WORD, _concordance
from tui_helpers import SIZE, notifications, settle


def _gated(monkeypatch, gate: threading.Event) -> None:
    real = reader_find.find_all

    def slow(doc, q, *a, **k):
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)
        return real(doc, q, *a, **k)

    monkeypatch.setattr(reader_find, "find_all", slow)


async def _open_hit(pilot, app, row: int = 1):
    screen = await _concordance(pilot, app, WORD)
    screen.query_one(KwicTable).move_cursor(row)
    await pilot.press("enter")
    await pilot.pause()
    return app.screen


async def test_a_moved_cursor_is_not_pulled_back_to_the_hit(make_app, monkeypatch):
    monkeypatch.setattr(reader_find, "FIND_IN_THREAD_CHARS", 0)
    gate = threading.Event()
    _gated(monkeypatch, gate)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        reader = await _open_hit(pilot, app)
        view = reader.query_one(ReaderView)
        at_hit = view.cursor
        for _ in range(5):
            await pilot.press("pagedown")
        await pilot.pause()
        moved = view.cursor
        assert moved != at_hit
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.cursor == moved, (at_hit, moved, view.cursor)
        assert reader.matches and reader.jump_mode == "search"  # the matches are lit all the same
        assert view.current_match is None or reader.matches[reader.match_index].sentence == moved
        after = [m for m in reader.matches if m.sentence > moved]
        await pilot.press("n")  # on from where the reader is, not from the hit
        assert view.cursor == (after[0].sentence if after else reader.matches[0].sentence)


async def test_an_unmoved_cursor_goes_to_the_hit(make_app, monkeypatch):
    monkeypatch.setattr(reader_find, "FIND_IN_THREAD_CHARS", 0)
    gate = threading.Event()
    _gated(monkeypatch, gate)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        reader = await _open_hit(pilot, app)
        view = reader.query_one(ReaderView)
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        m = reader.matches[reader.match_index]
        assert view.current_match == (m.block, m.start, m.end) and view.cursor == m.sentence


async def test_a_result_for_a_hit_no_longer_shown_is_dropped(make_app, monkeypatch):
    monkeypatch.setattr(reader_find, "FIND_IN_THREAD_CHARS", 0)
    gate = threading.Event()
    _gated(monkeypatch, gate)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        reader = await _open_hit(pilot, app)
        view = reader.query_one(ReaderView)
        doc, cursor = reader.doc, view.cursor
        stale = reader._find_token
        reader._find_token += 1  # as when another hit or speech is opened: this thread's result is not for it
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reader.doc is doc and reader.find_query is None and not reader.matches
        assert view.cursor == cursor and not view.highlights
        reader._found_for_hit(doc, reader_find.parse(WORD), [], 0, 0, cursor, stale)  # (a late call: dropped too)
        assert reader.find_query is None


async def test_another_hit_stops_the_find_of_the_last(make_app, monkeypatch):
    monkeypatch.setattr(reader_find, "FIND_IN_THREAD_CHARS", 0)
    real = reader_find.find_all
    stopped = threading.Event()
    calls = []

    def endless(doc, q, *a, cancel=None, **k):  # a regex that would run for minutes
        calls.append(cancel)
        if len(calls) == 1:
            for _ in range(1000):
                if cancel is not None and cancel():
                    stopped.set()
                    raise SearchCancelled()
                threading.Event().wait(0.01)
        return real(doc, q, *a, cancel=cancel, **k)

    monkeypatch.setattr(reader_find, "find_all", endless)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await _open_hit(pilot, app, 1)
        await pilot.press("escape")
        await pilot.pause()
        await _open_hit(pilot, app, 2)
        await app.workers.wait_for_complete()
        assert stopped.is_set()


async def test_a_timeout_or_an_error_is_said(make_app, monkeypatch):
    monkeypatch.setattr(reader_find, "FIND_IN_THREAD_CHARS", 0)
    errors = [TimeoutError(), RuntimeError("磁盘读取失败")]

    def failing(doc, q, *a, **k):
        raise errors.pop(0)

    monkeypatch.setattr(reader_find, "find_all", failing)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        reader = await _open_hit(pilot, app, 1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("takes too long" in n for n in notifications(app)), notifications(app)
        assert reader.find_query is None
        await pilot.press("escape")
        await pilot.pause()
        await _open_hit(pilot, app, 2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("磁盘读取失败" in n for n in notifications(app)), notifications(app)
