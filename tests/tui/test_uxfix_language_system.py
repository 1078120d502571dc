"""A language chosen in the browser is remembered and wins over LANG at every start;
the palette also offers the way back: "Language / 界面语言: as the system" forgets the choice,
shows the system's language now and lets the next start follow LANG again."""

from __future__ import annotations

import json

from jianghua import cli, i18n
from jianghua.store.state import remembered_setting
from test_help_palette import palette
from tui_helpers import SIZE, screen_text, settle


async def test_the_palette_goes_back_to_the_system_language(make_app, state_path, monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("JIANGHUA_STATE_DIR", str(state_path.parent))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompts = await palette(pilot, app, "Language")
        assert not any("system" in p for p in prompts)  # nothing chosen yet: nothing to go back from
        assert i18n.language() == "zh"  # English -> 中文, remembered
        await pilot.press("escape")
        prompts = await palette(pilot, app, "语言：English")
        assert i18n.language() == "en"
        app.save_state()
    assert remembered_setting("language", state_path) == "en"
    assert cli.choose_language([]) == "en"  # the choice wins over LANG=zh_CN at the next start

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompts = await palette(pilot, app, "as the system")
        assert prompts[0].startswith("Language / 界面语言: as the system (中文)"), prompts
        assert i18n.language() == "zh"
        assert "打开" in screen_text(app).splitlines()[-1]  # the key bar redrawn in Chinese at once
        app.save_state()
    saved = json.loads(state_path.read_text(encoding="utf-8"))
    assert saved["settings"]["language"] is None
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert cli.choose_language([]) == "en"  # the next start follows LANG again
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli.choose_language([]) == "zh"
