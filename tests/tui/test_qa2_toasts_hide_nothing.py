"""After a copy the toast (shown 4–5 s) covered the copy history's preview (what Enter
copies again) and the `w` box (why these themes). Now a dialog opening over the
screen drops the copy's toast (the copy is in the history; warnings stay), and on a
screen with a preview toasts stand above it."""

from __future__ import annotations

from textual.widgets._toast import Toast

from jianghua.tui.dialogs.theme_evidence import ThemeEvidenceScreen
from tui_helpers import SIZE, notifications, open_reader, wait_until


def toasts(app) -> list[Toast]:
    return [t for t in app.screen.query(Toast) if t.region.height > 0]


async def test_a_copy_toast_does_not_cover_the_why_box(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot, store)
        await pilot.press("y")
        await wait_until(pilot, lambda: toasts(app), "the copy's toast")
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, ThemeEvidenceScreen), "the why box")
        await pilot.pause()
        box = app.screen.query_one("#why").region
        assert not [t.region for t in toasts(app) if t.region.overlaps(box)]
        app.warn_all(["a warning stays"])  # warnings are not dropped
        await pilot.pause()
        assert any("a warning stays" in n for n in notifications(app))


async def test_the_toast_of_copy_again_stands_above_the_history_preview(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot, store)
        await pilot.press("y", "c")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "HistoryScreen", "the copy history")
        await pilot.press("enter")  # copy again
        await wait_until(pilot, lambda: any("Copied again" in n for n in notifications(app)) and toasts(app), "the toast")
        await pilot.pause()
        preview = app.screen.query_one("#preview-box").region
        shown = [t.region for t in toasts(app)]
        assert shown and not [r for r in shown if r.overlaps(preview)], (shown, preview)
