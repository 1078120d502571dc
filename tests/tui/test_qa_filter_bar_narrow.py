"""At 80 columns the list's top bar, with skipped files to report, cut its first words to
"未按主…" / "No theme filt…" (and an active filter's hint to "按 T …"): a narrow bar now drops
the key hint first and keeps the words whole."""

from __future__ import annotations

from tui_helpers import settle

from jianghua.tui.widgets.filter_bar import FilterBar


def bar_text(app) -> str:
    return app.screen.query_one(FilterBar).render().plain


async def test_a_narrow_bar_drops_the_hint_not_the_words(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        screen._skipped = 12  # as with files the folder could not give (the problems view lists them)
        screen._update_bar()
        await pilot.pause()
        text = bar_text(app)
        assert "跳过 12 个文件" in text, text
        assert text.startswith("未按主题筛选"), text
        assert "…" not in text, text
        await pilot.press("t", "space", "enter")
        await pilot.pause()
        screen._update_bar()
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith("主题：讲政治"), text
        assert "…" not in text, text


async def test_a_wide_bar_keeps_the_hint(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, app)
        assert "未按主题筛选 · 按 t 选择主题" in bar_text(app)
