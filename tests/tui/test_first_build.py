"""The first build of a folder, seen from the browser: quitting in the middle of it
(issue 12 §2.1) and using what is listed before it ends (§2.2)."""

from __future__ import annotations

import asyncio
import threading

from jianghua.store import Store

from tui_helpers import SIZE, notifications

N_FILES = 30  # more than store.build.PARALLEL_MIN: the worker processes read them

PARAGRAPHS = (
    "一、提高政治站位\n要坚持讲政治，把牢政治方向，坚定拥护“两个确立”，坚决做到“两个维护”。",
    "二、加强理论学习\n要抓好理论学习中心组学习，读原著、学原文、悟原理，学以致用。",
    "三、严守纪律规矩\n要严明政治纪律和政治规矩，廉洁自律，守住底线。",
)


def write_corpus(folder, n: int = N_FILES):
    folder.mkdir()
    for i in range(n):
        body = "\n".join(PARAGRAPHS[(i + k) % 3] for k in range(3))
        (folder / f"{i:03}.txt").write_text(f"在全县第{i + 1}次工作会议上的讲话\n同志们：\n{body}\n第{i}号文件。\n", encoding="utf-8")
    return folder


def gated(store: Store, stop_after: int):
    """store.update whose progress waits at file `stop_after` until the test opens the gate."""
    reached, gate, finished, calls = threading.Event(), threading.Event(), threading.Event(), []
    real = store.update

    def update(progress=None, on_speech=None):
        try:
            return build(progress, on_speech)
        finally:
            finished.set()

    def build(progress, on_speech):
        def wrapped(done, total, source):
            calls.append(done)
            if done == stop_after:
                reached.set()
                gate.wait(30)
            if progress:
                progress(done, total, source)

        return real(progress=wrapped, on_speech=on_speech)

    store.update = update
    return reached, gate, finished, calls


async def test_quitting_during_the_first_build_stops_it_and_keeps_the_store_whole(make_app, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    store = Store.open(corpus, store_path=tmp_path / "fresh-store")
    reached, gate, finished, calls = gated(store, stop_after=3)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        assert await asyncio.to_thread(reached.wait, 60)
        await pilot.press("q")
        gate.set()
    assert await asyncio.to_thread(finished.wait, 120)  # the build thread has ended
    assert app.return_code == 0
    # the build stopped at the next file instead of reading all of them first
    assert max(calls) <= 4, f"the build went on to file {max(calls)} of {N_FILES}"
    assert not any("could not be updated" in n for n in notifications(app))
    # the worker processes started under the app's captured stderr (they did not: fds_to_keep)
    assert not any("parallel" in m for m in store.messages), store.messages
    # nothing half-made: the store was not committed, and the next build completes it
    again = Store.open(corpus, store_path=tmp_path / "fresh-store")
    assert not again.is_current()
    report = again.update()
    assert report.speeches == N_FILES and not report.skipped
    assert not any("parallel" in m for m in report.messages)
    assert Store.open(corpus, store_path=tmp_path / "fresh-store").is_current()


def test_the_app_leaves_textuals_flush_alone(make_app, store):
    """`_flush(stderr=…)` is Textual's (print capture); an app method of that name broke exit."""
    app = make_app()
    app._flush(stderr=True)
    app._flush()


async def test_what_is_listed_during_the_first_build_opens_counts_and_filters(make_app, tmp_path):
    """Issue 12 §2.2: a listed speech opens at once; theme counts and filters cover
    what has been read so far, and say so."""
    from jianghua.tui.screens.reader import ReaderScreen
    from jianghua.tui.screens.speech_list import SpeechListScreen
    from jianghua.tui.widgets.line_table import LineTable

    corpus = write_corpus(tmp_path / "corpus")
    store = Store.open(corpus, store_path=tmp_path / "fresh-store")
    reached, gate, finished, calls = gated(store, stop_after=12)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        try:
            assert await asyncio.to_thread(reached.wait, 60)
            for _ in range(40):  # the list shows arrivals a few times a second
                await pilot.pause(0.05)
                if app.screen.query_one(LineTable).rows:
                    break
            listed = list(app.screen.query_one(LineTable).rows)
            assert listed and app.building
            current = app.screen.query_one(LineTable).current_row
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen), notifications(app)
            assert app.screen.speech_id == current.id
            assert not any("no longer" in n for n in notifications(app))
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, SpeechListScreen)
            so_far = len(store.speeches())  # the build waits at the gate: this does not change
            assert len(listed) <= so_far < N_FILES
            themes = {t.id: t for t in store.themes()}
            assert themes["politics"].speeches == so_far  # every speech of the corpus speaks of it
            assert themes["politics"].passages > 0
            await pilot.press("t")
            await pilot.pause()
            assert "so far" in str(app.screen.query_one("#picker-title").render())
            assert f"{so_far} speeches" in str(app.screen.query_one("#picker-options").get_option_at_index(0).prompt)
            await pilot.press("escape")
            app.apply_filter_ids(("politics",))
            await pilot.pause()
            assert len(app.screen.query_one(LineTable).rows) == so_far
        finally:
            gate.set()
        assert await asyncio.to_thread(finished.wait, 120)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.screen.query_one(LineTable).rows) == N_FILES
        assert not store.building
