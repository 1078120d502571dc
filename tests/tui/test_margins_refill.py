"""The formulations view refills when it is shown again (after a build, after a
theme filter set elsewhere) through the screens' one mechanism (`when_shown`), and
the reader's formulations pane counts a speech once, even when `u` comes while its
look-ahead count still runs."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from jianghua.store import Store
from jianghua.tui.screens.formulations import FormulationsScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.formulation_pane import FormulationPane
from tui_helpers import COUNTY, SIZE, open_formulations_view, open_reader, screen_text, settle, wait_until

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "bundled"
NEW_SPEECH = ("在全市干部大会上的讲话\n\n2024年3月1日\n\n同志们：\n\n"
              + "我们要增强四个意识，坚定四个自信，做到两个维护。" * 3 + "\n")


def _counting(monkeypatch) -> list:
    counts: list = []
    real = FormulationsScreen._count
    monkeypatch.setattr(FormulationsScreen, "_count", lambda self, flt: counts.append(flt) or real(self, flt))
    return counts


async def test_u_during_the_look_ahead_count_counts_the_speech_once(make_app, store, monkeypatch):
    calls: list[str] = []
    release = threading.Event()
    real = Store.speech_formulations

    def slow(self, sid):
        calls.append(sid)
        release.wait(10)  # (the look-ahead count still runs when u comes)
        return real(self, sid)

    monkeypatch.setattr(Store, "speech_formulations", slow)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _view = await open_reader(app, pilot, store, COUNTY)
        await wait_until(pilot, lambda: calls, "the look-ahead count started")
        await pilot.press("u")
        pane = screen.query_one(FormulationPane)
        assert pane.display and not pane.uses  # waiting for the count under way
        release.set()
        await wait_until(pilot, lambda: pane.uses, "the pane's rows")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert calls == [screen.speech_id]  # counted once, not again for u
        assert "两个确立" in {u.text for u in pane.uses}


async def test_a_build_under_a_search_is_counted_when_the_view_is_shown_again(tmp_path, state_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    store = Store.open(corpus, None, tmp_path / "store")
    store.update()
    from jianghua.tui.app import JianghuaApp

    counts = _counting(monkeypatch)
    app = JianghuaApp(store, state_path=state_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = await open_formulations_view(app, pilot)
        before = {f.text: f.hits for f in view.table.rows}
        await pilot.press("enter")  # a search above the view
        await wait_until(pilot, lambda: app.screen is not view and not isinstance(app.screen, FormulationsScreen), "search shown")
        (corpus / "new-speech.txt").write_text(NEW_SPEECH, encoding="utf-8")
        store.update()  # (what a build does)
        app.browser.store_updated.publish(None)
        await app.workers.wait_for_complete()
        await pilot.pause()
        counted = len(counts)
        assert {f.text: f.hits for f in view.table.rows} == before  # nobody sees it: not counted
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is view, "the view shown again")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = {f.text: f.hits for f in view.table.rows}
        assert rows == {f.text: f.hits for f in store.formulations()} and rows["四个意识"] == before["四个意识"] + 3
        assert len(counts) <= counted + 1  # counted once when shown
        await pilot.press("q", "F")  # and F again opens it as it is: no count
        await wait_until(pilot, lambda: isinstance(app.screen, FormulationsScreen), "F again")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert {f.text: f.hits for f in app.screen.table.rows} == rows


async def test_a_filter_set_in_the_list_is_counted_once_when_F_shows_the_kept_view(make_app, store, monkeypatch):
    counts = _counting(monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_formulations_view(app, pilot)
        await pilot.press("q")
        assert isinstance(app.screen, SpeechListScreen)
        counts.clear()
        app.apply_filter_ids(("history",))
        app.apply_filter_ids(("history", "party_building"))
        app.apply_filter_ids(("history",))  # (three changes, nobody looking: one count when shown)
        await pilot.pause()
        assert counts == []
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FormulationsScreen)
        want = store.formulations(["history"])
        assert [(f.text, f.hits) for f in app.screen.table.rows] == [(f.text, f.hits) for f in want]
        assert len(counts) == 1 and f"{len(want)} formulations" in screen_text(app)
        assert "Themes: " in screen_text(app).splitlines()[0]


async def test_the_preview_follows_the_cursor_and_new_rows(make_app, store):
    from jianghua.tui.widgets.wrapped_text import WrappedText

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_formulations_view(app, pilot)
        preview = view.query_one("#preview", WrappedText)
        rows = view.table.rows
        assert preview._text.plain.startswith(rows[0].text)
        await pilot.press("down")
        assert preview._text.plain.startswith(rows[1].text)
        await pilot.press("up")
        assert preview._text.plain.startswith(rows[0].text)
        app.apply_filter_ids(("history",))  # new rows: the preview shows their first
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        first = view.table.rows[0]
        assert view.table.rows != rows and preview._text.plain.startswith(first.text)
        assert f"{first.speeches} speech" in preview._text.plain


def test_the_sparkline_stands_on_zero_and_tells_no_speeches_from_not_used():
    """User trial: 12.26 and 10.27 uses per 10 000 characters were drawn as a full bar
    and an empty floor (the lowest value was the baseline), and years without speeches
    like years where the phrase was not used. Bars now stand on zero: a use is above
    the floor, not used is the floor (▁), no speeches is blank."""
    from jianghua.tui.screens.formulations import SPARK
    from jianghua.tui.year_chart import sparkline

    assert sparkline([12.26, 10.27], SPARK).plain == "█▇"  # nearly as often: nearly as high
    assert sparkline([12.26, 0.0], SPARK).plain == "█▁"  # not used the second year: the floor
    assert sparkline([12.26, None, 6.13], SPARK).plain == "█ ▄"  # no speeches that year: blank
    assert sparkline([0.1, 40.0], SPARK).plain == "▂█"  # however little, a use is above the floor
    assert sparkline([0.0, 0.0], SPARK).plain == "▁▁"
    # more years than cells: each cell holds several years (their highest use; blank only when none had speeches)
    years = [None] * 50 + [1.0] + [None] * 49 + [2.0]
    line = sparkline(years, SPARK).plain
    assert len(line) == SPARK and line[0] == " " and line[-1] == "█" and "▄" in line
