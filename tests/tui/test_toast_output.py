"""A toast must reach the terminal and stay there: the partial updates Textual sends
after it (the scrollbar, a line of the text) hold, beside their spans, stale pieces
of the widgets under the toast. Writing those painted the text back over the toast
within a frame — in a real terminal no "Copied" toast was ever seen (headless tests,
which skip the output layer, showed it)."""

from __future__ import annotations


from test_bytes import SIZE, diff, full_repaint, record, shown, walk
from tui_helpers import settle


async def test_the_copy_toast_stays_on_the_terminal(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        out = record(app)
        app.screen.refresh()  # a first full frame on the recording terminal
        await walk(pilot, ["enter", "j", "y"])
        for _ in range(4):
            await pilot.pause(0.05)
        text = "\n".join(shown(out).lines())
        assert "Copied" in text and "characters" in text, text
        assert diff(shown(out), await full_repaint(app, pilot)) == []
        await walk(pilot, ["j", "J", "y"])  # moving on under a toast, and another copy
        text = "\n".join(shown(out).lines())
        assert "Copied" in text, text
        assert diff(shown(out), await full_repaint(app, pilot)) == []
