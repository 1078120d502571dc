"""Start-up: the first paint never waits for a build; the list fills as speeches arrive."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from jianghua.store import Store
from jianghua.tui.dialogs.theme_picker import ThemePicker
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.line_table import LineTable
from tui_helpers import SIZE, notifications, screen_text, wait_until

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "bundled"


async def test_build_runs_in_a_worker_and_fills_the_list(make_app, tmp_path, tui_built):
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    store = Store.open(corpus, store_path=tmp_path / "fresh-store")
    assert not store.built()
    ready = Store.open(store_path=tui_built).speeches()

    staged = threading.Event()
    go = threading.Event()
    real_update = store.update

    def staged_update(progress=None, on_speech=None):
        # two speeches arrive (as a real build reports them), then the build waits
        progress(1, 5, ready[0].source)
        on_speech(ready[0])
        time.sleep(0.3)
        progress(2, 5, ready[1].source)
        on_speech(ready[1])
        staged.set()
        assert go.wait(20)
        return real_update(progress=progress, on_speech=on_speech)

    store.update = staged_update
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # painted at once, with the build under way
        assert isinstance(app.screen, SpeechListScreen)
        assert app.building
        await wait_until(pilot, lambda: staged.is_set() and len(app.screen.query_one(LineTable).rows) == 2, "two speeches listed during the build")
        table = app.screen.query_one(LineTable)
        assert [s.id for s in table.rows] == [ready[0].id, ready[1].id]
        assert app.screen.query_one("#build").has_class("-building")
        assert "Reading the folder… 2/5" in screen_text(app)
        # the user can already move around and open dialogs
        await pilot.press("j")
        assert table.cursor == 1
        await pilot.press("t")
        assert isinstance(app.screen, ThemePicker)
        await pilot.press("escape")
        go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.building
        assert len(table.rows) == 5
        assert not app.screen.query_one("#build").has_class("-building")
        assert any("Index updated" in n and "5 speeches ready" in n for n in notifications(app))
    assert Store.open(corpus, store_path=tmp_path / "fresh-store").is_current()


async def test_a_current_store_starts_without_building(make_app, store, monkeypatch):
    def no_update(*a, **k):
        raise AssertionError("a current store must not be rebuilt")

    monkeypatch.setattr(store, "update", no_update)
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert len(app.screen.query_one(LineTable).rows) == 5  # before the check finishes
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.building
        assert not list(app._notifications)  # nothing to say


async def test_a_failing_build_is_reported(make_app, tmp_path, monkeypatch, store):
    monkeypatch.setattr(store, "is_current", lambda: False)

    def broken(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(store, "update", broken)
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and not app.building
        assert any("could not be updated" in n and "disk full" in n for n in notifications(app))
        assert len(app.screen.query_one(LineTable).rows) == 5  # the old catalogue is still usable
