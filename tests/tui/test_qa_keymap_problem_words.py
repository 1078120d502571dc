"""A keymap file that cannot be used is reported in the interface's language: the Chinese
toast quoted Python's "[Errno 20] Not a directory: '…/keymap.toml'" or the TOML parser's
"Expected '=' after a key … (at line 2, column 5)"."""

from __future__ import annotations

import re

import pytest
from tui_helpers import notifications, settle


@pytest.mark.parametrize("case, wanted", [("bad-toml", "第 2 行"), ("not-utf8", "UTF-8")])
async def test_a_bad_keymap_is_explained_in_chinese(make_app, tmp_path, lang, case, wanted):
    lang("zh")
    state = tmp_path / "state" / "state.json"
    state.parent.mkdir(parents=True)
    keymap = state.parent / "keymap.toml"
    if case == "bad-toml":
        keymap.write_text('"reader.copy" = "y"\n复制 按 c\n', encoding="utf-8")
    else:
        keymap.write_bytes('"reader.copy" = "复制"'.encode("gbk"))
    app = make_app(path=state)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        shown = "\n".join(n for n in notifications(app) if "keymap" in n)
    assert wanted in shown, shown
    words = set(re.findall(r"[A-Za-z]{3,}", shown.replace(str(keymap), ""))) - {"UTF"}
    assert not words, (words, shown)
