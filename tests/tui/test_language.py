"""The interface in Chinese and in English (issue 12 §1): every screen speaks the
chosen language, the palette finds commands by Chinese words, the choice made in
the palette is remembered and used by the next start (and by the command line)."""

from __future__ import annotations

import json
import re

from jianghua import i18n
from jianghua.tui.dialogs.help import HelpScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from test_help_palette import palette
from tui_helpers import SIZE, notifications, screen_text, settle

# What may stay in Latin letters on a Chinese screen: key names, the program's
# name, file types. Not the theme ids of the taxonomy ("讲政治 politics" in the picker
# and the palette): a Chinese screen shows only the theme's Chinese name.
ALLOWED = {
    "Enter", "Esc", "Tab", "ctrl", "PgDn", "PgUp", "Home", "End", "space", "jianghua",
    "txt", "JSON", "SVG", "English",
}


def english_words(text: str, store) -> set[str]:
    path = set(re.findall(r"[A-Za-z]+", str(store.corpus_dir)))  # the folder's path (problems view)
    words = set(re.findall(r"[A-Za-z]{3,}", text))
    return {w for w in words if w not in ALLOWED and w not in path}


async def test_every_screen_speaks_chinese(make_app, store, lang):
    lang("zh")
    app = make_app()
    seen: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        seen["list"] = screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        seen["picker"] = screen_text(app)
        await pilot.press("space", "enter")
        await pilot.pause()
        seen["list, filtered"] = screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("n", "y")
        await pilot.pause()
        seen["reader"] = screen_text(app)
        copied = notifications(app)  # (a dialog opening drops the copy's toast)
        await pilot.press("question_mark")
        await pilot.pause()
        seen["help"] = screen_text(app)
        await pilot.press("escape", "p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["passages"] = screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        seen["copies"] = screen_text(app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        seen["problems"] = screen_text(app)
    english = {name: english_words(text, store) for name, text in seen.items()}
    assert {k: v for k, v in english.items() if v} == {}
    assert "讲话库" in seen["list"] or "篇" in seen["list"]
    assert any("已复制" in n for n in copied)  # the toast of the copy


async def test_the_palette_finds_commands_by_chinese_words(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompts = await palette(pilot, app, "复制记录")
        assert prompts and "复制记录" in prompts[0]
        assert app.screen.__class__.__name__ == "HistoryScreen"


async def test_the_palette_names_themes_in_chinese_only(make_app, store, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        theme = next(t for t in store.themes() if t.id == "integrity")
        prompts = await palette(pilot, app, theme.name)
        assert app.theme_filter.ids == ("integrity",)
        await palette(pilot, app, "politics")  # the id still finds the theme when typed
        assert app.theme_filter.ids == ("politics",)
    hit = next(p for p in prompts if theme.name in p)
    assert not re.search("[A-Za-z]{3,}", hit), hit


async def test_the_language_set_in_the_palette_is_remembered(make_app, state_path, lang):
    lang("en")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "Open" in screen_text(app).splitlines()[-1]
        prompts = await palette(pilot, app, "Language")
        assert any("中文" in p for p in prompts)
        await pilot.pause()
        assert i18n.language() == "zh"
        assert isinstance(app.screen, SpeechListScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "打开" in footer and "Open" not in footer  # redrawn at once
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "讲话列表" in screen_text(app)
    saved = json.loads(state_path.read_text(encoding="utf-8"))
    assert saved["settings"]["language"] == "zh"
    from jianghua.store.state import remembered_setting

    assert remembered_setting("language", state_path) == "zh"  # what the next `jianghua` starts in


async def test_english_counts_use_plural_forms(make_app, store, lang):
    lang("en")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
    assert not re.search(r"\b1 speeches\b|\b1 passages\b", text)
    one = [t for t in store.themes() if t.speeches == 1]
    if one:
        assert "1 speech ·" in text
