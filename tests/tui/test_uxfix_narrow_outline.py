"""The reader's outline column on a narrow window: it took 30 of 31 columns and left the
text one. Below the column's room it hides itself, a pane visited with o lies over the
text (which keeps its width), and it comes back when the window is widened."""

from __future__ import annotations

from jianghua.tui.widgets.outline import Outline
from tui_helpers import notifications, open_reader, screen_text


async def test_the_outline_makes_room_for_the_text_on_a_narrow_window(make_app, store):
    app = make_app()
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen, view = await open_reader(app, pilot, store)
        outline = screen.query_one(Outline)
        assert outline.display and view.size.width < 100  # the column beside the text
        for width in (31, 40, 60):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            assert not outline.display, width
            assert view.size.width == width, width  # the whole window for the text
            before = view.size.width
            await pilot.press("o")  # the outline over the text, the text not laid out again
            await pilot.pause()
            assert outline.display and outline.has_focus
            assert view.size.width == before, (screen.classes, outline.styles.dock, outline.region, view.region)
            assert "提纲" in screen_text(app) or "Outline" in screen_text(app)
            await pilot.press("o")  # back to the text: the outline hides again
            await pilot.pause()
            assert not outline.display and view.has_focus
        await pilot.press("O")  # on a narrow window O says what it does, and never squeezes the text
        await pilot.pause()
        assert not outline.display and app.state.setting("outline") is False
        assert any("The outline is hidden (O shows it again)." in n for n in notifications(app))
        await pilot.press("O")
        await pilot.pause()
        assert not outline.display and app.state.setting("outline") is True and view.has_focus
        assert any("at least 72 columns" in n for n in notifications(app))
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert outline.display  # the setting still shows it where there is room
        assert view.size.width == 120 - outline.region.width
        await pilot.press("o")  # visited on a narrow window, then widened: the column stays, for good
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        assert outline.display and outline.has_focus and view.size.width == 40
        await pilot.resize_terminal(120, 30)
        await pilot.press("o")
        await pilot.pause()
        assert outline.display and view.has_focus and view.size.width == 120 - outline.region.width


async def test_a_resize_under_another_screen_is_followed_by_the_reader(make_app, store):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen, view = await open_reader(app, pilot, store)
        outline = screen.query_one(Outline)
        assert outline.display
        await pilot.press("question_mark")  # the help over the reader, then the window narrowed
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not outline.display and view.size.width == 40
        await pilot.press("o")
        await pilot.pause()
        assert outline.has_focus and view.size.width == 40  # over the text
        await pilot.press("o", "q")  # back to the list, widened, the reader again
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert outline.display and view.size.width == 120 - outline.region.width

