"""The app's message handlers live in mixins (tui/app_workers.py, app_copying.py,
app_state.py): Textual finds a mixin's handler by its name (`on_…`), never by
`@on`, which a plain class does not register — these check each is reached."""

from __future__ import annotations

from tui_helpers import SIZE, settle, wait_until

from jianghua.tui.messages import StateChanged


async def test_the_list_cursor_at_rest_reads_its_speech_ahead(make_app, store, monkeypatch):
    read = []
    monkeypatch.setattr(store, "read_ahead", read.append)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_until(pilot, lambda: read, "the first speech read ahead")
        await pilot.press("j")
        await wait_until(pilot, lambda: len(read) == 2, "the second speech read ahead")
        assert read[1] != read[0] and read[1] == app.screen.query_one("LineTable").current_row.id


async def test_a_state_change_saves_now_when_asked(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.state.set_setting("citation", False)
        assert not state_path.exists()
        app.screen.post_message(StateChanged(now=True))
        await wait_until(pilot, state_path.exists, "the state file written")
