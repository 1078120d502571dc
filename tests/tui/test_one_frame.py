"""A keystroke is answered in one frame: narrowing the list that hides its scroll bar,
and Enter on a speech (the reader's bar takes the new speech's length). Textual
refreshes a scroll bar at every layout and shows/hides it with a second layout;
tui/pins.py (settle_scrollbars, paint_scrollbars_with_layout) puts both into the
layout's own frame. The terminal must still show what a full repaint shows (a bar
left stale by the single frame fails), and a frame more costs ~17-33 ms of latency."""

from __future__ import annotations

from tests.bench.bytes import Screen
from textual._compositor import LayoutUpdate
from tui_helpers import record, settle

from jianghua.tui.widgets.line_table import LineTable
from jianghua.tui.widgets.reader_view import ReaderView

SIZE = (100, 7)  # a short terminal: the 5 bundled speeches need a scroll bar
READER_SIZE = (100, 30)  # (in a short one the reader scrolls its cursor into view: a frame of its own)


def frames(app) -> list[str]:
    seen: list[str] = []
    orig = type(app)._display

    def counting(self, screen, renderable):
        if renderable is not None:
            seen.append(type(renderable).__name__)
        return orig(self, screen, renderable)

    app._display = counting.__get__(app)
    return seen


async def full_repaint(app, pilot, size=SIZE) -> list:
    for widget in app.screen.query("*"):
        widget.refresh()
    await pilot.pause()
    update = app.screen._compositor.render_update(full=True)
    assert isinstance(update, LayoutUpdate)
    term = Screen(size)
    term.feed(update.render_segments(app.console).encode())
    return term.styled_lines()


def shown(out: list[str], size=SIZE) -> list:
    term = Screen(size)
    term.feed("".join(out).encode())
    return term.styled_lines()


async def quiet(pilot) -> None:
    for _ in range(6):
        await pilot.pause(0.05)


async def test_narrowing_that_hides_the_scroll_bar_paints_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.6)  # (the reader is built off-stage meanwhile)
        table = app.screen.query_one(LineTable)
        assert table.show_vertical_scrollbar
        out = record(app)
        app.screen.refresh()
        await pilot.press("slash")
        await quiet(pilot)
        seen = frames(app)
        await pilot.press("县")  # one title
        await quiet(pilot)
        assert len(table.rows) == 1 and not table.show_vertical_scrollbar
        assert len(seen) == 1, seen
        assert shown(out) == await full_repaint(app, pilot)
        seen.clear()
        await pilot.press("backspace")  # all five again: the bar comes back
        await quiet(pilot)
        assert table.show_vertical_scrollbar
        assert len(seen) == 1, seen
        assert shown(out) == await full_repaint(app, pilot)


async def test_opening_speeches_of_other_lengths_paints_once_with_their_bar(make_app):
    app = make_app()
    async with app.run_test(size=READER_SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.6)  # PREWARM_AFTER: the reader is built off-stage
        out = record(app)
        app.screen.refresh()
        await quiet(pilot)
        seen = frames(app)
        sizes = []
        for _ in range(3):
            seen.clear()
            await pilot.press("enter")
            await quiet(pilot)
            view = app.screen.query_one(ReaderView)
            sizes.append(view.virtual_size.height)
            if not sizes[:-1]:  # the first Enter (the reader built off-stage): the layout's frame only
                assert seen == ["LayoutUpdate"] * len(seen) and len(seen) <= 2, seen  # (the screen's own repaint: no bytes)
            assert shown(out, READER_SIZE) == await full_repaint(app, pilot, READER_SIZE)
            await pilot.press("escape")
            await quiet(pilot)
            await pilot.press("down")
            await quiet(pilot)
        assert len(set(sizes)) == 3  # three lengths: the bar changed each time
