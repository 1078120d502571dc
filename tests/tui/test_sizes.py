"""Usable at 80×24; nothing breaks at 60×20 (every screen and dialog)."""

from __future__ import annotations

import pytest

from jianghua.tui.dialogs.help import HelpScreen
from jianghua.tui.dialogs.theme_picker import ThemePicker
from jianghua.tui.screens.history import HistoryScreen
from jianghua.tui.screens.passages import PassagesScreen
from jianghua.tui.screens.problems import ProblemsScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.widgets.line_table import LineTable
from tui_helpers import screen_text, settle


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_screen_fits(make_app, store, size):
    width, height = size
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)

        def check() -> str:
            text = screen_text(app)
            lines = text.splitlines()
            assert len(lines) == height
            return text

        text = check()
        table = app.screen.query_one(LineTable)
        assert "Title" in text and store.speeches()[0].title[:8] in text
        shown = [c.key for c, _ in table._column_widths(table.scrollable_content_region.width)]
        assert shown[0] == "title" and ("themes" in shown) == (width >= 84)
        await pilot.press("t", *"廉洁")
        assert isinstance(app.screen, ThemePicker)
        assert "廉洁自律" in check()
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        text = check()
        assert "sent. 1/" in text  # the status line is on screen
        await pilot.press("n", "o", "j", "v", "J", "y")
        assert app.clipboard
        check()
        await pilot.press("o", "escape")  # outline back, selection (already copied) → back... stays or leaves
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
