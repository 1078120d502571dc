"""A theme filter set on one screen, and the screens under it: a screen nobody sees
(the list under F, the passages under the reader, F under a search) reads its rows again
when it is shown, not at once — and then shows the filter's rows."""

from __future__ import annotations

from jianghua.tui.filtering import ThemeFilter
from jianghua.tui.screens.formulations import FormulationsScreen
from jianghua.tui.screens.passages import PassagesScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.line_table import LineTable
from tui_helpers import SIZE, open_formulations_view, screen_text, settle, wait_until


async def test_a_filter_set_in_f_shows_in_the_list_after_q(make_app, store, monkeypatch):
    reloads: list[int] = []
    real = SpeechListScreen.reload
    monkeypatch.setattr(SpeechListScreen, "reload", lambda self: reloads.append(1) or real(self))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        listed = app.screen
        everything = [s.id for s in listed.query_one(LineTable).rows]
        await open_formulations_view(app, pilot)
        reloads.clear()
        await pilot.press("t", *"廉洁", "enter")  # the picker, from the view
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme_filter == ThemeFilter(("integrity",), "all")
        assert "Themes: 廉洁自律" in screen_text(app).splitlines()[0]
        # the list under the view was not read again for rows nobody sees
        assert reloads == []
        assert [s.id for s in listed.query_one(LineTable).rows] == everything
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is listed
        assert [s.id for s in listed.query_one(LineTable).rows] == [s.id for s in store.filter(["integrity"])]
        assert "Themes: 廉洁自律" in screen_text(app).splitlines()[0]
        assert reloads == [1]
        # and T there gives every speech back, at once (the list is shown)
        await pilot.press("T")
        await pilot.pause()
        assert [s.id for s in listed.query_one(LineTable).rows] == everything


async def test_passages_under_the_reader_follow_the_filter_when_shown_again(make_app, store, monkeypatch):
    loads: list[ThemeFilter] = []
    real = PassagesScreen._load
    monkeypatch.setattr(PassagesScreen, "_load", lambda self, flt: loads.append(flt) or real(self, flt))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.apply_filter_ids(("execution",))
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        passages = app.screen
        assert isinstance(passages, PassagesScreen)
        assert passages.table.rows == store.passages(["execution"])
        await pilot.press("enter")  # a passage, in the reader above
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "reader shown")
        loads.clear()
        app.apply_filter_ids(("integrity",))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert loads == []  # not read under the view
        await pilot.press("q")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is passages
        assert passages.table.rows == store.passages(["integrity"])
        assert "廉洁自律" in screen_text(app).splitlines()[0]


async def test_f_under_a_search_counts_the_new_filter_when_shown_again(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = await open_formulations_view(app, pilot)
        await pilot.press("enter")  # the concordance of the first formulation, above the view
        await wait_until(pilot, lambda: app.screen is not view and not isinstance(app.screen, FormulationsScreen), "search shown")
        app.apply_filter_ids(("history",))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view._loaded_for != app.theme_filter  # not counted under the search
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is view, "F shown again")
        await app.workers.wait_for_complete()
        await pilot.pause()
        want = store.formulations(["history"])
        assert [(f.text, f.hits) for f in view.table.rows] == [(f.text, f.hits) for f in want]
        assert "Themes: " in screen_text(app).splitlines()[0]


async def test_the_reader_under_f_marks_the_new_themes_when_shown_again(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "reader shown")
        reader = app.screen
        await open_formulations_view(app, pilot)
        app.apply_filter_ids(("integrity",))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reader.view.themes == frozenset()  # not marked under the view
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is reader, "reader shown again")
        await pilot.pause()
        assert reader.view.themes == frozenset({"integrity"})
        assert "Themes: 廉洁自律" in screen_text(app)


async def test_q_and_f_again_do_not_put_off_the_warm_up_for_a_filter(make_app, store, monkeypatch):
    """F reads what a theme filter is counted from a moment after its rows show (a
    filter set then answers at once); leaving and opening it again meanwhile keeps
    that moment, it does not start the wait over."""
    from jianghua.store import Store
    from jianghua.tui.screens import formulations

    monkeypatch.setattr(formulations, "WARM_AFTER", 0.3)
    warmed: list[int] = []
    monkeypatch.setattr(Store, "prepare_formulation_filters", lambda self: warmed.append(1))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for _ in range(6):  # F … q, again and again, each time sooner than the wait
            await pilot.press("F")
            await wait_until(pilot, lambda: isinstance(app.screen, FormulationsScreen), "F shown")
            await pilot.press("q")
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        assert warmed
