"""Keys typed after `q` (type-ahead over a slow SSH link: `q` then `t`, `?`, `f` …)
must not open screens on an app that is shutting down: the dialog's on_mount found no
widgets and the app ended with a traceback and exit status 1."""

from __future__ import annotations

import pytest
from textual import events
from textual.keys import key_to_character
from tui_helpers import SIZE, settle


@pytest.mark.parametrize("after", ["t", "question_mark", "f", "p", "c", "exclamation_mark", "F", "ctrl+p"])
async def test_a_key_typed_after_quit_is_ignored(make_app, after):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        # both keys arrive in one read, as from a terminal: no pause between them
        for key in ("q", after):
            app.post_message(events.Key(key, key_to_character(key)))
        await pilot.pause()
    # run_test raises the app's error, if any, on leaving
    assert app.return_code == 0
