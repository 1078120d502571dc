"""Several warnings at start (a store that cannot be written and a keymap that cannot be
used — a full disk or a misplaced state folder gives both) are all shown: each came in a
toast of its own, and a toast replaces the one of its kind still shown, so only the last
was ever seen."""

from __future__ import annotations

from tui_helpers import notifications, settle


async def test_every_warning_at_start_is_shown(make_app, store, tmp_path):
    store.messages.append("The index at /somewhere cannot be written (the disk is full): working in memory.")
    state = tmp_path / "state" / "state.json"
    state.parent.mkdir(parents=True)
    (state.parent / "keymap.toml").write_text('"reader.copy" = "y"\nnot toml at all\n', encoding="utf-8")
    app = make_app(path=state)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        shown = "\n".join(notifications(app))
    assert "working in memory" in shown, shown
    assert "keymap" in shown, shown
