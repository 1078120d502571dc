"""The list's read-ahead lays the speech under the cursor out at the reader's width
(in a thread): Enter then wraps nothing on the UI thread, and shows that speech."""

from __future__ import annotations

import threading

from tui_helpers import SIZE, settle, wait_until

from jianghua.tui import document
from jianghua.tui.document import Document
from jianghua.tui.widgets.line_table import LineTable


async def test_enter_on_a_speech_read_ahead_wraps_nothing_on_the_ui_thread(make_app, monkeypatch):
    app = make_app()
    ui_wraps: list[int] = []
    layout = Document.layout

    def counting(doc, width, *a, **kw):
        if threading.current_thread() is threading.main_thread() and (max(8, width) != doc.width or not doc.lines):
            ui_wraps.append(width)
        return layout(doc, width, *a, **kw)

    monkeypatch.setattr(Document, "layout", counting)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.6)  # the reader built off-stage
        await pilot.press("down", "down")
        row = app.screen.query_one(LineTable).current_row
        reader = app.get_screen("reader")

        def laid_out() -> bool:
            ahead = document._AHEAD[:1]
            return bool(ahead) and ahead[0][0].id == row.id and ahead[0][1].width == reader.view.text_width()

        await wait_until(pilot, laid_out, "the speech under the cursor laid out ahead")
        ui_wraps.clear()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader and reader.speech_id == row.id
        assert reader.doc is document._AHEAD[0][1] and reader.doc.lines
        assert ui_wraps == []
        await pilot.press("escape", "up")  # another speech: not laid out ahead yet, wrapped on Enter
        ui_wraps.clear()
        await pilot.press("enter")
        await pilot.pause()
        assert reader.speech_id != row.id and reader.doc.width == reader.view.text_width()


async def test_opening_a_speech_draws_no_outline_row_before_the_frame(make_app, monkeypatch):
    """The outline is refilled for the new speech and its cursor set: its rows are
    drawn by the screen's paint, not once more beforehand to see which changed."""
    from textual.widgets import OptionList

    from jianghua.tui.widgets.outline import Outline

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.6)
        drawn: list[int] = []
        render_line = OptionList.render_line

        def counting(self, y):
            if isinstance(self, Outline):
                drawn.append(y)
            return render_line(self, y)

        monkeypatch.setattr(OptionList, "render_line", counting)
        sid = app.screen.query_one(LineTable).rows[3].id
        app.open_speech(sid)  # (what Enter does, up to the push: no frame in between)
        assert drawn == []
        await pilot.pause()
        outline = app.screen.query_one(Outline)
        assert app.screen.speech_id == sid and outline.highlighted is not None and drawn  # then painted
