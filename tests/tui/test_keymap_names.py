"""A user keymap with a key name no terminal sends ("ctrl-o", "hello", ",", an escape
sequence) used to be applied as it was: the action lost its key and nothing said so.
Now such an entry is named in a message and the default key stays."""

from __future__ import annotations

import pytest

from jianghua.tui import keymap
from tui_helpers import SIZE, notifications, settle


def test_every_shipped_key_is_a_key_name():
    for b in keymap.all_bindings():
        assert keymap.is_keys(b.key), b


@pytest.mark.parametrize("keys", ["ctrl-o", "hello", ",", "o,", "\\u001b[2J", "[b]", "ctrl+", "foo+o"])
async def test_a_key_that_is_not_a_key_name_keeps_the_default(make_app, state_path, keys):
    state_path.parent.mkdir(parents=True, exist_ok=True)
    (state_path.parent / "keymap.toml").write_text(f'"list.sort" = "{keys}"\n"list.passages" = "P"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert any("list.sort" in n for n in notifications(app)), notifications(app)
        assert not any("list.passages" in n for n in notifications(app))  # the good entry is not named …
        screen = app.screen
        await pilot.press("s")
        assert screen.sort == "title"  # s still sorts
        assert app.user_keys == {"list.passages": "P"}  # … and applies
