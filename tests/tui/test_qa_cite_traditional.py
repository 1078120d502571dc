"""A copy from a speech in traditional script cites its occasion only when the title does
not already name it: `《2026年上海市政府工作報告》（2026年2月3日，政府工作报告）` repeated the
title (the occasion is read from the simplified form, the title is shown as written)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui_helpers import SIZE, settle

from jianghua.store import Store

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "traditional"


async def test_a_traditional_titles_occasion_is_not_cited_twice(make_app, tmp_path):
    from jianghua.tui.screens.reader import ReaderScreen

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(REAL / "2026_上海市_政府工作報告.txt", folder)
    store = Store.open(folder, store_path=tmp_path / "store")
    store.update()
    speech = store.speeches()[0]
    # the occasion is the session the report was given at (read from the simplified form)
    assert speech.title == "2026年上海市政府工作報告" and speech.occasion == "上海市第十六届人民代表大会第四次会议"
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("y")
        await pilot.pause()
    source = app.clipboard.splitlines()[-1]
    assert source.startswith("龔正《2026年上海市政府工作報告》（2026年2月3日，上海市第十六届人民代表大会第四次会议）"), source
    assert source.count("政府工作") == 1, source
