"""In the Chinese interface the palette's "no matches" line and the copy notice's label
are Chinese (user trial: "No matches found" — Textual's own words — and "Text · 32 字")."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from tui_helpers import SIZE, notifications, screen_text, settle, wait_until

from jianghua.tui.screens.formulations import FormulationsScreen


async def test_the_palette_says_no_matches_in_chinese(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"zzqqxx")
        no_match = CommandPalette._NO_MATCHES
        await wait_until(pilot, lambda: any(o.id == no_match for o in app.screen.query_one(CommandList).options), "the no-matches line")
        option = next(o for o in app.screen.query_one(CommandList).options if o.id == no_match)
        words = option.prompt.renderable.plain  # (Align(Text) as Textual makes it)
        assert words == "没有匹配的结果", words
        await wait_until(pilot, lambda: "没有匹配的结果" in screen_text(app), "the line painted")
        assert "No matches" not in screen_text(app)


async def test_the_copy_notice_of_the_formulations_table_is_chinese(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("F")
        assert isinstance(app.screen, FormulationsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        notice = notifications(app)[-1]
        assert "提法表 · " in notice and "Text" not in notice, notice  # (says what it is: s26)
