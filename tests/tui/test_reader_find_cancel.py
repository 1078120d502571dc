"""The reader's `/` runs a regex as the corpus search does (Query.spans, in slices
with a cancel asked between them): a catastrophic `re:` neither freezes the reader
nor outlives the next keystroke, however long its time budget."""

from __future__ import annotations

import pytest
from tui_helpers import SIZE, settle, wait_until
from textual.worker import WorkerState

from jianghua.corpus.query import SearchCancelled, parse
from jianghua.tui.find import find_all
from jianghua.tui.screens import reader_find
from jianghua.tui.screens.reader_find import FindInput

LONG = "a" * 50_000  # re:(a+)+$ on it backtracks for ever (no match: it ends in 。)


@pytest.fixture
def long_store(tmp_path):
    from jianghua.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text("长段落的讲话\n\n同志们：\n\n" + LONG + "。\n", encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "st")
    store.update()
    return store


def test_find_all_stops_a_running_regex_when_cancelled(long_store):
    from jianghua.tui.document import Document

    doc = Document(long_store.speech(long_store.speeches()[0].id))
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return True

    with pytest.raises(SearchCancelled):
        find_all(doc, parse("re:(a+)+$"), timeout=None, cancel=cancel)
    assert asked  # (asked while the regex ran: no time budget would have ended it)


async def test_a_keystroke_cancels_the_readers_running_regex(make_app, long_store, monkeypatch):
    ended: list[str] = []  # how each search of the catastrophic regex in the reader ended
    real = reader_find.find_all

    def spy(doc, q, *a, **kw):
        if q.text != "re:(a+)+$":
            return real(doc, q, *a, **kw)
        try:
            out = real(doc, q, *a, **kw)
        except SearchCancelled:
            ended.append("cancelled")
            raise
        except TimeoutError:
            ended.append("out of time")
            raise
        ended.append("done")
        return out

    monkeypatch.setattr(reader_find, "find_all", spy)
    monkeypatch.setattr(reader_find, "REGEX_TIMEOUT", 30.0)  # (a regex runs until it is cancelled, not past this test's steps)
    app = make_app(long_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.open_speech(long_store.speeches()[0].id)
        await pilot.pause()
        screen = app.screen

        def running() -> list:
            return [w for w in app.workers if w.group == "find" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)]

        await pilot.press("slash", *"re:(a+)+$")
        await wait_until(pilot, lambda: bool(running()), "the regex runs in its worker")
        await pilot.press("backspace")  # re:(a+)+ : a new keystroke ...
        await wait_until(pilot, lambda: bool(ended), "the old regex stopped")  # ... stops the old one
        assert ended == ["cancelled"]  # (not left to run out its time budget)
        await wait_until(pilot, lambda: not running(), "the new regex answered")
        assert screen.query_one(FindInput).border_subtitle.endswith(("match", "matches"))
        await pilot.press("escape", "slash", *"re:(a+)+$")
        await wait_until(pilot, lambda: bool(running()), "the regex runs again")
        await pilot.press("escape")  # Esc stops it too
        await wait_until(pilot, lambda: len(ended) == 2, "Esc stopped the regex")
        assert ended == ["cancelled", "cancelled"] and app.is_running and screen.find_query is None
