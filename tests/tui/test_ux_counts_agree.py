"""Counts that agree (user trial): F showed 组织生活会 with 10 uses, Enter "13 hits"
(3 in titles) with nothing saying so; 决策部署's "25 uses in 5 speeches" was broken down
into 4 speeches adding up to 23."""

from __future__ import annotations

import re

from tui_helpers import SIZE, formulations_table, wait_until

from jianghua.tui.screens.concordance import ConcordanceScreen




async def test_enter_says_which_hits_are_in_titles(make_app):
    app = make_app()
    async with app.run_test(size=(160, 30)) as pilot:
        table = await formulations_table(app, pilot)
        table.move_cursor([f.text for f in table.rows].index("组织生活会"))
        uses = table.current_row.hits
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcordanceScreen) and app.screen.outcome is not None
                         and not app.screen.searching, "the concordance's count")
        said = app.screen.message
        m = re.search(r"(\d+) hits in \d+ speeches \((\d+) in the text, (\d+) in titles and headings\)", said)
        assert m, said
        total, text, heads = map(int, m.groups())
        assert text == uses and total == text + heads and heads > 0, (said, uses)


async def test_the_preview_breakdown_adds_up(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        table.move_cursor([f.text for f in table.rows].index("决策部署"))
        await pilot.pause()
        f = table.current_row
        preview = app.screen.query_one("#preview")._text.plain
        counts = [int(n) for n in re.findall(r"^\s+(\d+)×", preview, re.M)]
        assert f.speeches > 4 and sum(counts) == f.hits, (counts, f.hits, preview)
        assert f"in {f.speeches - 4} more speech" in preview, preview
