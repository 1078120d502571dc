"""The speech list's frictions (issue 12 §3): column widths, Enter in the narrowing
box, title order by pinyin, remembered filter and position, read marks, skipped
files in the top bar, h/l keys, the theme picker's j/k and its background."""

from __future__ import annotations

from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.line_table import LineTable

from tui_helpers import SIZE, screen_text, settle


def titles(app) -> list[str]:
    return [s.title for s in app.screen.query_one(LineTable).rows]


async def test_enter_in_the_narrowing_box_opens_the_highlighted_speech(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"党支部")
        matches = titles(app)
        assert len(matches) > 1  # not only when one remains
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.speech.title == matches[0]
        # after moving down in the list, Enter in the box opens the row moved to
        await pilot.press("q")
        assert isinstance(app.screen, SpeechListScreen)
        await pilot.press("slash")
        await pilot.press("down", "j")  # ↓ leaves the box for the list; j moves there
        await pilot.press("slash", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.speech.title == matches[1]


async def test_picker_j_k_move_when_the_box_is_empty_and_type_otherwise(make_app, store):
    from jianghua.tui.dialogs.theme_picker import ThemeOptions, ThemePicker

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        assert isinstance(app.screen, ThemePicker)
        options = app.screen.query_one(ThemeOptions)
        box = app.screen.query_one("#picker-input")
        assert options.highlighted == 0
        await pilot.press("j", "j", "k")
        assert options.highlighted == 1 and box.value == ""
        await pilot.press("down")
        assert options.highlighted == 2
        # with text in the box, j and k are letters of the narrowing
        await pilot.press("o", "j")
        assert box.value == "oj"
        await pilot.press("backspace", "backspace")
        assert box.value == ""
        await pilot.press("j")
        assert box.value == "" and options.highlighted == 1


async def test_the_list_stays_visible_behind_the_picker(make_app, store):
    from rich.color import Color as RichColor

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        # the list's top bar and its titles show around the dialog (dimmed, not blanked)
        assert "5/5 speeches" in lines[0]
        assert any(store.speeches()[0].title[:6] in line for line in lines[2:6])


async def test_h_left_go_back_and_l_right_open(make_app, store):
    from jianghua.tui.screens.history import HistoryScreen
    from jianghua.tui.screens.problems import ProblemsScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for open_key, back_key in (("l", "h"), ("right", "left")):
            await pilot.press("j", open_key)
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen), open_key
            assert app.screen.speech_id == app.screen_stack[0].query_one(LineTable).current_row.id
            await pilot.press(back_key)
            await pilot.pause()
            assert isinstance(app.screen, SpeechListScreen), back_key
        for key, screen in (("exclamation_mark", ProblemsScreen), ("c", HistoryScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, SpeechListScreen)
        # typed into the narrowing box, h and l are letters
        await pilot.press("slash", "l", "h")
        assert app.screen.query_one("#narrow").value == "lh"
        assert isinstance(app.screen, SpeechListScreen)
        # and the help says so
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "l →" in text and "Open (like Enter)" in text
