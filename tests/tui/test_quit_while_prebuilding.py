"""Quitting while the reader is being built off-stage (it starts ~0.05 s after the
list is ready) ends cleanly: no error from the half-built reader."""

from __future__ import annotations

import pytest
from tui_helpers import SIZE, settle


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.12, 0.15])
async def test_quit_while_the_reader_is_built_off_stage(make_app, delay):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(delay)
    # (run_test raises the app's error, if any, on leaving)
