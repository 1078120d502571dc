"""The passages view's frictions (issue 12 §3): `/` narrowing, sorting, all/any with
`m`, the theme words lit in the preview, a score said in words, the keys in the
help; previews (passages, copy history) wrapped by the reader's rules."""

from __future__ import annotations

from tui_helpers import SIZE, screen_text, settle

from jianghua.tui.dialogs.help import HelpScreen
from jianghua.tui.screens.history import HistoryScreen
from jianghua.tui.screens.passages import THEME_WORD_STYLE, PassagesScreen
from jianghua.tui.textutil import NO_LINE_START
from jianghua.tui.widgets.line_table import LineTable
from jianghua.tui.widgets.wrapped_text import WrappedText

THEMES = ("politics",)


async def _passages(pilot, app, ids=THEMES) -> PassagesScreen:
    await settle(pilot, app)
    app.apply_filter_ids(ids)
    await pilot.press("p")
    await settle(pilot, app)
    assert isinstance(app.screen, PassagesScreen)
    return app.screen


async def test_narrow_passages_by_title_and_esc_clears(make_app, store):
    rows = store.passages(THEMES)
    titles = {p.title for p in rows}
    assert len(titles) > 1
    title = sorted(titles)[0]
    word = next(title[i : i + 3] for i in range(len(title) - 2) if sum(title[i : i + 3] in t for t in titles) == 1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _passages(pilot, app)
        table = screen.query_one(LineTable)
        assert len(table.rows) == len(rows)
        await pilot.press("slash", *word)
        assert table.rows and all(p.title == title for p in table.rows)
        assert len(table.rows) == sum(1 for p in rows if p.title == title)
        assert "narrowed to" in screen_text(app)
        await pilot.press("enter")  # to the table, still narrowed
        assert table.has_focus and all(p.title == title for p in table.rows)
        await pilot.press("escape")  # Esc clears the narrowing first ...
        assert len(table.rows) == len(rows) and app.screen is screen
        await pilot.press("escape")  # ... then goes back
        assert app.screen is not screen


async def test_sort_by_speech_order_and_year(make_app, store):
    rows = store.passages(THEMES)
    order = {s.id: k for k, s in enumerate(store.speeches())}
    years = {s.id: s.year or 0 for s in store.speeches()}
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _passages(pilot, app)
        table = screen.query_one(LineTable)
        assert table.rows == rows  # strongest first
        assert "sort: strongest first" in screen_text(app)
        await pilot.press("s")
        assert [(order[p.speech_id], p.paragraph) for p in table.rows] == sorted((order[p.speech_id], p.paragraph) for p in rows)
        assert "sort: speech order" in screen_text(app)
        await pilot.press("s")
        got = [years[p.speech_id] for p in table.rows]
        assert got == sorted(got, reverse=True) and len(set(got)) > 1
        await pilot.press("s")
        assert table.rows == rows


async def test_m_switches_all_and_any_in_the_passages_view(make_app, store):
    ids = ("politics", "theory")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _passages(pilot, app, ids)
        table = screen.query_one(LineTable)
        assert table.rows == store.passages(ids, "all")
        await pilot.press("m")
        await settle(pilot, app)
        assert app.theme_filter.mode == "any" and app.screen is screen
        assert table.rows == store.passages(ids, "any") and len(table.rows) > len(store.passages(ids, "all"))
        assert "(any of)" in screen_text(app)


async def test_preview_lights_the_theme_words_and_says_what_the_score_is(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _passages(pilot, app)
        p = screen.query_one(LineTable).current_row
        preview = screen.query_one("#preview", WrappedText)
        text = preview.text
        lit = [text.plain[s.start : s.end] for s in text.spans if s.style == THEME_WORD_STYLE]
        taxonomy = store.themes_taxonomy
        words = {kw for kw, w in taxonomy.by_id["politics"].keywords}
        assert lit and set(lit) <= words, lit
        assert f"{p.score:.1f} theme words per 100 characters" in text.plain
        assert "/100 chars" in screen_text(app)  # the column says what it counts


async def test_passages_keys_are_in_the_help(make_app, store):
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await _passages(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        section = text[text.index("Passages") : text.index("Speech list")]  # its own section comes first
        for words in ("Narrow", "Sort", "All/any", "Themes", "Copy passage"):
            assert words in section, words


WIDE = 98  # cells of a preview line at 100 columns (1 cell padding either side)


def _preview_lines(app) -> list[str]:
    preview = app.screen.query_one("#preview", WrappedText)
    region = preview.content_region
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text.rstrip() for y in range(region.y, min(region.bottom, len(strips)))]


async def test_previews_wrap_chinese_by_the_reader_rules(make_app, store):
    """A comma where the line is full goes down with the character before it, in the
    passages preview and the copy history's (which keeps the copy's lines)."""
    text = "一" * (WIDE // 2) + "，二三四五。"  # a naive wrap starts line 2 with "，"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _passages(pilot, app)
        screen.show_preview(text)
        await pilot.pause()
        lines = [ln for ln in _preview_lines(app) if ln]
        assert len(lines) == 2 and lines[1].startswith("一，"), lines
        assert not any(ln[0] in NO_LINE_START for ln in lines)
        await pilot.press("q")
        app.browser.state.add_copy(text + "\n「出处」", len(text), "sentence")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        lines = [ln for ln in _preview_lines(app) if ln]
        assert lines[:3] == ["一" * (WIDE // 2 - 1), "一，二三四五。", "「出处」"], lines
