"""The concordance's distribution (d) showed "(5)" after each year's bar with no word
for what 5 counts: each bar now says it, "命中 5 处" (5 hits)."""

from __future__ import annotations

import re

from textual.widgets import Static
from tui_helpers import SIZE, open_concordance, settle


async def _searched(pilot, app) -> None:
    """The concordance of 发展, every hit listed."""
    await settle(pilot, app)
    await open_concordance(pilot, app)
    await pilot.press(*"发展", "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_each_bar_says_what_its_number_counts(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _searched(pilot, app)
        for _ in range(2):  # by year, then the densest speeches
            await pilot.press("d")
            await pilot.pause()
            lines = str(app.screen.query_one("#dist", Static).render()).splitlines()
            bars = [ln for ln in lines if "█" in ln]
            assert bars, lines
            for line in bars:
                assert re.search(r"命中 \d+ 处$", line.rstrip()), line
                assert not re.search(r"\(\d+\)", line), line


async def test_the_bar_of_undated_speeches_speaks_the_interfaces_language(make_app):
    # (the bundled corpus has speeches without a date; the bar read "无年份" in English too)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _searched(pilot, app)
        await pilot.press("d")
        await pilot.pause()
        text = str(app.screen.query_one("#dist", Static).render())
        assert "no date" in text and "无年份" not in text, text
