"""The formulations view is built ahead, off-stage, once the list rests: F shows
that screen — with the rows of the theme filter and the corpus count of the
moment, reset as a new view opens — and a view built ahead but never shown
costs nothing seen: no frame, no count, no theme-filter warm-up."""

from __future__ import annotations

import re

import shutil
from pathlib import Path

from jianghua.store import Store
from jianghua.tui.screens.concordance import ConcordanceScreen
from jianghua.tui.screens.formulations import FormulationNarrow, FormulationsScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from tui_helpers import SIZE, record, screen_text, settle, wait_until

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "bundled"


async def built_ahead(app, pilot) -> FormulationsScreen:
    """Wait for the view the app builds off-stage once the list rests."""
    await settle(pilot, app)

    def built() -> bool:
        done = app._formulations_built
        return done is not None and done.is_set() and app.is_screen_installed("formulations")

    await wait_until(pilot, built, "the formulations view built ahead")
    screen = app.get_screen("formulations")
    assert isinstance(screen, FormulationsScreen) and screen.is_mounted and screen not in app.screen_stack
    return screen


def _texts(rows) -> list[tuple[str, int, int]]:
    return [(f.text, f.hits, f.speeches) for f in rows]


def _drawing(monkeypatch) -> list:
    """The rows the view draws (its cells made)."""
    drawn: list = []
    real = FormulationsScreen.cells
    monkeypatch.setattr(FormulationsScreen, "cells", lambda self, f: drawn.append(f) or real(self, f))
    return drawn


def _counting(monkeypatch) -> list:
    """The view's counts in a worker (a view shown with rows at hand makes none)."""
    counts: list = []
    real = FormulationsScreen._count
    monkeypatch.setattr(FormulationsScreen, "_count", lambda self, flt: counts.append(flt) or real(self, flt))
    return counts


async def test_F_shows_the_view_built_ahead_with_its_rows(make_app, store, monkeypatch):
    counts = _counting(monkeypatch)
    drawn = _drawing(monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = await built_ahead(app, pilot)
        assert isinstance(app.screen, SpeechListScreen)
        assert _texts(kept.table.rows) == _texts(store.formulations())  # its rows made off-stage
        assert drawn  # and drawn
        for _time in range(2):  # (and again after q)
            drawn.clear()
            await pilot.press("F")
            assert app.screen is kept
            assert _texts(app.screen.table.rows) == _texts(store.formulations())
            assert counts == [] and drawn == []  # shown as drawn off-stage: no row drawn again
            text = screen_text(app)
            assert "两个维护" in text and f"{len(store.formulations())} formulations" in text and "sort: most used" in text
            await pilot.press("q")
            assert isinstance(app.screen, SpeechListScreen)


async def test_a_theme_filter_set_in_the_list_is_counted_when_F_shows_the_view(make_app, store, monkeypatch):
    counts = _counting(monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = await built_ahead(app, pilot)
        app.apply_filter_ids(("history",))
        await pilot.pause()
        assert counts == []  # off-stage: not counted for nothing
        await pilot.press("F")
        assert app.screen is kept
        await app.workers.wait_for_complete()
        await pilot.pause()
        want = store.formulations(["history"])
        assert _texts(kept.table.rows) == _texts(want) and len(want) < len(store.formulations())
        assert f"{len(want)} formulations" in screen_text(app)
        await pilot.press("T")  # the filter dropped from the view
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _texts(kept.table.rows) == _texts(store.formulations())
        # dropped in the list instead: F shows every formulation again
        await pilot.press("q")
        app.apply_filter_ids(("history",))
        await pilot.pause()
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _texts(kept.table.rows) == _texts(want)
        await pilot.press("q")
        app.apply_filter_ids(())
        await pilot.press("F")
        assert app.screen is kept and _texts(kept.table.rows) == _texts(store.formulations())


async def test_a_view_built_without_the_count_counts_on_F(make_app, store, monkeypatch):
    """No kept count to read (an older store): the view is built without rows and
    counts them when F shows it."""
    monkeypatch.setattr(Store, "read_kept_formulations", lambda self: False)
    counts = _counting(monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = await built_ahead(app, pilot)
        assert kept.table.rows == [] and counts == []
        await pilot.press("F")
        assert app.screen is kept
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(counts) == 1
        assert _texts(kept.table.rows) == _texts(store.formulations())


async def test_the_count_of_a_changed_corpus_is_shown(tmp_path, state_path, monkeypatch):
    """The store was updated after the view was built (its count is another): F shows
    the new count, not the rows made ahead."""
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    store = Store.open(corpus, None, tmp_path / "store")
    store.update()
    from jianghua.tui.app import JianghuaApp

    app = JianghuaApp(store, state_path=state_path)
    async with app.run_test(size=SIZE) as pilot:
        kept = await built_ahead(app, pilot)
        before = {f.text: f.hits for f in kept.table.rows}
        (corpus / "new-speech.txt").write_text(
            "在全市干部大会上的讲话\n\n2024年3月1日\n\n同志们：\n\n"
            + "我们要增强四个意识，坚定四个自信，做到两个维护。" * 3 + "\n", encoding="utf-8")
        store.update()  # (what a build does)
        app.browser.store_updated.publish(None)
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is kept
        rows = {f.text: f.hits for f in kept.table.rows}
        assert rows == {f.text: f.hits for f in store.formulations()}
        assert rows["四个意识"] == before["四个意识"] + 3


async def test_F_again_after_q_opens_as_new_and_works(make_app, store, monkeypatch):
    counts = _counting(monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        kept = await built_ahead(app, pilot)
        await pilot.press("F", "s", "s", "slash", *"四个", "down", "down")
        assert kept.sort == "first" and kept.query_text == "四个" and kept.table.cursor == 1
        await pilot.press("q")
        assert isinstance(app.screen, SpeechListScreen)
        await pilot.press("F")
        assert app.screen is kept and counts == []
        assert kept.sort == "hits" and kept.query_text == "" and kept.table.cursor == 0
        narrow = kept.query_one(FormulationNarrow)
        assert narrow.value == "" and not narrow.has_class("-shown") and kept.table.has_focus
        assert _texts(kept.table.rows) == _texts(store.formulations())
        text = screen_text(app)
        assert "sort: most used" in text and "narrowed" not in text
        # type-to-narrow, the copy, Enter → the concordance, as in a new view
        await pilot.press("slash", *"两个", "down", "y")
        await pilot.pause()
        body = [line.split("\t")[0] for line in app.clipboard.splitlines()[1:] if "\t" in line]
        assert body == [f.text for f in store.formulations() if "两个" in f.text]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConcordanceScreen) and app.screen.initial == f'"{kept.table.current_row.text}"'
        await pilot.press("q")
        assert app.screen is kept


async def test_F_from_a_reader_above_the_view_opens_a_view_of_its_own(make_app, store):
    """The kept view already open under the reader (F → Enter → a hit → the reader):
    F there opens another view on top, as before, and q comes back to the reader."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = await built_ahead(app, pilot)
        await pilot.press("F")
        kept.table.move_cursor([f.text for f in kept.table.rows].index("两个维护"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "the concordance")
        app.open_speech(kept.table.current_row.top[0][0])  # (a hit opened)
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FormulationsScreen) and app.screen is not kept
        assert app.screen_stack.count(kept) == 1
        assert _texts(app.screen.table.rows) == _texts(store.formulations())
        await pilot.press("q")
        assert isinstance(app.screen, ReaderScreen)


async def test_the_view_built_ahead_paints_nothing_and_warms_nothing(make_app, store, monkeypatch):
    """Built off-stage: no byte written to the terminal, no theme-filter warm-up (it
    reads ~0.3 s at 10 000 speeches and keeps it) until the view is shown."""
    from jianghua.tui.screens import formulations

    monkeypatch.setattr(formulations, "WARM_AFTER", 0.01)
    warmed = []
    monkeypatch.setattr(Store, "prepare_formulation_filters", lambda self: warmed.append(1))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        out = record(app)
        await built_ahead(app, pilot)
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        # (a screen mounting sets the pointer shape once, OSC 22 "default", 16 bytes: Textual's
        # var init, not a paint — it fell inside this window when the machine was loaded)
        assert re.sub(r"\x1b\]22;default\x07", "", "".join(out)) == "" and warmed == []
        await pilot.press("F")
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        assert warmed and "两个维护" in "".join(out)


async def test_the_view_built_ahead_speaks_the_language_chosen_since(make_app, store, lang):
    from jianghua.tui import language

    lang("en")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = await built_ahead(app, pilot)
        language.switch(app, "zh")
        await pilot.pause()
        await pilot.press("F")
        assert app.screen is kept
        text = screen_text(app)
        assert f"{len(store.formulations())} 条提法" in text and "排序：次数最多" in text
        assert "formulations" not in text and "Formulation" not in text


async def test_a_colour_scheme_chosen_since_redraws_the_rows(make_app, store, monkeypatch):
    """The rows drawn ahead are kept only while the styles they were drawn with hold."""
    drawn = _drawing(monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = await built_ahead(app, pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        drawn.clear()
        await pilot.press("F")
        await pilot.pause()
        assert app.screen is kept and len(drawn) >= min(len(kept.table.rows), kept.table.size.height - 1)
        cursor = kept.table.get_component_rich_style("line-table--cursor")
        line = app.screen._compositor.render_strips()[kept.table.region.y + 1]
        assert any(seg.style and seg.style.bgcolor == cursor.bgcolor for seg in line)  # the cursor row in the new colours


async def test_quitting_while_the_view_is_built_ahead(make_app, monkeypatch):
    """The app quits while the view is being mounted off-stage: it ends cleanly."""
    from jianghua.tui import pins

    real = pins.mount_off_stage
    started = []

    async def quit_meanwhile(app, screen):
        if isinstance(screen, FormulationsScreen):
            started.append(screen)
            app.exit()
        await real(app, screen)

    monkeypatch.setattr(pins, "mount_off_stage", quit_meanwhile)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: started or not app.is_running, "the view being built ahead")
    assert started and app.return_code in (0, None)
