"""A short window (10 rows): the formulations view gave its preview 11 rows and left its
table none — not one formulation to see or choose. The preview gives way: the table
keeps rows of its own."""

from __future__ import annotations

from jianghua.tui.widgets.line_table import LineTable
from tui_helpers import open_formulations_view, settle


async def test_the_formulations_table_keeps_rows_on_a_short_window(make_app):
    app = make_app()
    async with app.run_test(size=(100, 10)) as pilot:
        await settle(pilot, app)
        view = await open_formulations_view(app, pilot)
        table = view.query_one(LineTable)
        assert table.rows and table.size.height >= 3, table.size  # the header and two formulations at least
        preview = view.query_one("#preview-box")
        assert preview.size.height >= 2  # and still a glimpse of the preview
