"""The key bar always shows the ways back and out and help (user trial: the English list
at 80×24 dropped `q Quit` and `? Help`; the Chinese passages view at 100 columns showed
no `q 返回`). Other keys give way first, then the palette's key."""

from __future__ import annotations

import pytest
from tui_helpers import settle

from jianghua.tui.widgets.key_bar import KeyBar


def bar(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("width", [80, 100])
async def test_quit_back_and_help_are_always_in_the_key_bar(make_app, lang, language, width):
    lang(language)
    words = {"en": ("Quit", "Back", "Help"), "zh": ("退出", "返回", "帮助")}[language]
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot, app)
        text = bar(app)
        assert f"q {words[0]}" in text and f"? {words[2]}" in text, text
        for key in ("p", "F"):  # passages, formulations
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = bar(app)
            assert "q" in text and words[1] in text and f"? {words[2]}" in text, (key, text)
            await pilot.press("q")
            await pilot.pause()
        await pilot.press("enter")  # the reader
        await pilot.pause()
        text = bar(app)
        assert f"q {words[1]}" in text and f"? {words[2]}" in text, text
