"""The `u` pane's counts (tui/screens/reader_panes.py): never stuck on "counting" after
a look-ahead count was cancelled before it ran, and never the counts from before the
store was updated. (Adapted from a reviewer's reproductions.)"""

from __future__ import annotations

import asyncio
import threading

from jianghua.store import Store
from jianghua.tui.app import JianghuaApp
from jianghua.tui.widgets.formulation_pane import FormulationPane
from tui_helpers import COUNTY, SIZE, open_reader, settle, speech_id, wait_until


async def test_u_shows_rows_after_its_look_ahead_was_cancelled_before_it_ran(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = next(s.title for s in store.speeches() if s.title != COUNTY)
        await settle(pilot, app)
        await app.workers.wait_for_complete()
        # every thread of the pool busy (a build, a search …): a worker started now waits its turn
        release = threading.Event()
        loop = asyncio.get_running_loop()
        blockers = [loop.run_in_executor(None, release.wait, 20) for _ in range(16)]
        try:
            screen, _v = await open_reader(app, pilot, store, COUNTY)
            first = screen.speech_id
            await wait_until(pilot, lambda: first in screen._counting, "the first speech's look-ahead queued")
            app.open_speech(speech_id(store, other))  # its look-ahead cancels the first's (one at a time)
            for _ in range(3):
                await pilot.pause()
        finally:
            release.set()
            await asyncio.gather(*blockers)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.open_speech(first)
        await pilot.pause()
        await pilot.pause()
        await pilot.press("u")
        pane = screen.query_one(FormulationPane)
        await wait_until(pilot, lambda: pane.uses, "the pane's rows for the first speech", tries=200)
        assert "两个确立" in {u.text for u in pane.uses}


async def test_u_counts_again_after_the_store_is_updated(corpus_copy, tmp_path, state_path):
    store = Store.open(corpus_copy, None, tmp_path / "store")
    store.update()
    app = JianghuaApp(store, state_path=state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, _v = await open_reader(app, pilot, store, COUNTY)
        await pilot.press("u")
        pane = screen.query_one(FormulationPane)
        await wait_until(pilot, lambda: pane.uses, "the pane's rows")
        before = {u.text: u.count for u in pane.uses}["两个确立"]
        src = next(p for p in corpus_copy.glob("*.txt") if COUNTY in p.read_text(encoding="utf-8")[:200])
        src.write_text(src.read_text(encoding="utf-8") + "\n要坚定拥护“两个确立”，坚决做到“两个维护”。两个确立。\n",
                       encoding="utf-8")
        store.update()  # (what a build does; the speech keeps its id)
        app.browser.store_updated.publish(None)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")  # back to the text
        await pilot.pause()
        app.open_speech(screen.speech_id)
        await pilot.pause()
        await pilot.pause()
        if not pane.has_focus:
            await pilot.press("u")
        await wait_until(pilot, lambda: pane.uses and pane.speech_id == screen.speech_id, "the rows again")
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = {u.text: u.count for u in pane.uses}["两个确立"]
        assert after == before + 2
