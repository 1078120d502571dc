"""The concordance gives a wide terminal's room to the speech's title as well as to the
contexts (user trial at 200×50: the 讲话 column stayed 14 cells, "“不忘初心、牢…", while
the left context had ~90)."""

from __future__ import annotations

from tui_helpers import open_concordance, settle, wait_until

from jianghua.tui.widgets.kwic_table import KwicTable

TITLE = "在“不忘初心、牢记使命”主题教育总结大会上的讲话"


async def test_a_wide_concordance_shows_more_of_the_title(make_app, store):
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        await open_concordance(pilot, app)
        await pilot.press(*"发展", "enter")
        await wait_until(pilot, lambda: bool(app.screen.query_one(KwicTable).rows), "the hits")
        table = app.screen.query_one(KwicTable)
        widths = {c.key: w for c, w in table._column_widths(table.scrollable_content_region.width)}
        assert widths["title"] >= 28 and widths["left"] >= 60 and widths["right"] >= 60, widths
        row = table.rows[0]
        line = table.row_text(row, table.scrollable_content_region.width, None).plain
        shown = line[2:2 + widths["title"]].rstrip()  # (after the leading space and the mark)
        assert len(shown.rstrip("…")) >= 12, shown


async def test_at_100_columns_the_contexts_come_first(make_app, store):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await open_concordance(pilot, app)
        await pilot.press(*"发展", "enter")
        await wait_until(pilot, lambda: bool(app.screen.query_one(KwicTable).rows), "the hits")
        table = app.screen.query_one(KwicTable)
        widths = {c.key: w for c, w in table._column_widths(table.scrollable_content_region.width)}
        assert widths["left"] >= 34 and widths["title"] >= 14, widths
