"""Toasts (notifications shown): never over the reader's status line nor the key
bar; a repeated toast replaces the one of its kind instead of stacking."""

from __future__ import annotations

from textual.widgets._toast import Toast

from jianghua.tui.screens.reader import StatusLine
from jianghua.tui.widgets.key_bar import KeyBar
from tui_helpers import SIZE, notifications, open_reader, screen_text, wait_until


def toasts(app) -> list[Toast]:
    return list(app.screen.query(Toast))


async def test_a_toast_leaves_the_status_line_and_key_bar_visible(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot, store)
        status = app.screen.query_one(StatusLine)
        await pilot.press("n")  # no theme filter: a warning toast
        await wait_until(pilot, lambda: toasts(app) and toasts(app)[0].region.height > 0, "a toast")
        toast = toasts(app)[0].region
        for widget in (status, app.screen.query_one(KeyBar)):
            assert not toast.overlaps(widget.region), (toast, widget.region)
        rows = screen_text(app).splitlines()
        assert "sent. 1/" in rows[status.region.y]  # the status line reads whole beside the toast


async def test_a_repeated_toast_replaces_the_last_one(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot, store)
        for _ in range(3):
            await pilot.press("n")  # "No theme filter: …" each time (a warning, shown 5 s)
            await pilot.pause()
        assert [n.severity for n in app._notifications] == ["warning"]
        await wait_until(pilot, lambda: len(toasts(app)) == 1, "one toast on screen")
        await pilot.press("y")  # "Copied": another kind, shown beside it
        await pilot.pause()
        assert sorted(n.severity for n in app._notifications) == ["information", "warning"]
        assert any("Copied" in n for n in notifications(app))
