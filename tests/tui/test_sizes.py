"""Usable at 80×24; nothing breaks at 60×20 (every screen and dialog)."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from jianghua.tui.dialogs.help import HelpScreen
from jianghua.tui.dialogs.theme_picker import ThemePicker
from jianghua.tui.screens.history import HistoryScreen
from jianghua.tui.screens.passages import PassagesScreen
from jianghua.tui.screens.problems import ProblemsScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.key_bar import KeyBar
from jianghua.tui.widgets.line_table import LineTable
from jianghua.tui.widgets.outline import Outline
from jianghua.tui.widgets.reader_view import ReaderView
from tui_helpers import screen_text, settle


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_screen_fits(make_app, store, size):
    width, height = size
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)

        def check() -> str:
            # Every top-level widget of the screen lies inside the terminal with room
            # to draw (a layout that overflows pushes the key bar off or squeezes a
            # pane to nothing), and a key bar is the bottom row and says something.
            screen = app.screen
            assert screen.region == Region(0, 0, width, height)
            shown = [w for w in screen.children if w.display]
            assert shown
            for w in shown:
                assert screen.region.contains_region(w.region), (w, w.region)
                assert w.region.width > 0 and w.region.height > 0, (w, w.region)
            text = screen_text(app)
            for bar in screen.query(KeyBar):  # the key bar, where there is one, is the bottom row
                assert bar.region.bottom == height and bar.region.width == width
                assert text.splitlines()[-1].strip()
            return text

        text = check()
        table = app.screen.query_one(LineTable)
        assert "Title" in text and store.speeches()[0].title[:8] in text
        shown = [c.key for c, _ in table._column_widths(table.scrollable_content_region.width)]
        assert shown[:2] == ["read", "title"] and "themes" in shown  # (widths: tests/tui/test_list_ux.py)
        await pilot.press("t", *"廉洁")
        assert isinstance(app.screen, ThemePicker)
        assert "廉洁自律" in check()
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        text = check()
        assert "sent. 1/" in text  # the status line is on screen
        await pilot.press("n", "j", "v", "J", "y")
        assert app.screen.query_one(ReaderView).anchor is None  # copying ended the selection
        assert app.clipboard.count("。") >= 2  # … which held several sentences
        check()
        outline = app.screen.query_one(Outline)
        shown = outline.display
        await pilot.press("o")  # the focus into the outline (shown for the visit when there is no room), and the screen still fits
        assert outline.display and outline.has_focus
        check()
        await pilot.press("escape")  # back to the text: the outline as it was
        assert isinstance(app.screen, ReaderScreen) and app.screen.query_one(ReaderView).has_focus
        assert outline.display is shown
        check()
        await pilot.press("escape")  # nothing selected: escape leaves the reader
        assert isinstance(app.screen, SpeechListScreen)
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PassagesScreen)
        assert "第" in check()
        await pilot.press("c")
        assert isinstance(app.screen, HistoryScreen)
        check()
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        check()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Keys" in check()
        await pilot.press("escape", "escape", "escape", "escape")
        assert app.is_running
