"""A mistyped regular expression (`/re:[(` in the reader, `re:(` in the search) is
explained in the interface's language: the Chinese interface showed the regex module's
English ("正则表达式有误：unterminated character set at position 2。")."""

from __future__ import annotations

import pytest
from tui_helpers import SIZE, notifications, open_reader, screen_text, settle


@pytest.mark.parametrize(
    "language, typed, wanted",
    [
        ("zh", "re:[(", "缺少与之配对的 ]"),
        ("zh", "re:a)b", "第 2 个字符"),
        ("en", "re:[(", "a [ without its ], at the end"),
    ],
)
async def test_the_readers_find_explains_a_bad_regex_in_words_of_the_interface(make_app, store, lang, language, typed, wanted):
    lang(language)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot, store)
        await pilot.press("slash", *typed, "enter")
        await pilot.pause()
        shown = "\n".join(notifications(app))
    assert wanted in shown, shown
    assert "unterminated" not in shown and "position" not in shown and "unbalanced" not in shown


async def test_the_search_explains_a_bad_regex_in_chinese(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("f", *"re:(", "enter")
        await pilot.pause()
        screen = screen_text(app)
    assert "缺少与之配对的 )" in screen, screen
    assert "missing" not in screen
