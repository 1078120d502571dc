"""Found in the s24 user trial (a real terminal through ssh, zh and en, the bundled
corpus, tests/data/real and a hostile folder): what a person saw that was wrong."""

from __future__ import annotations

from tui_helpers import SIZE, screen_text, settle

from jianghua.store.formulations import Formulation
from jianghua.tui.dialogs.trend import TrendDialog


async def test_trend_table_says_1_use_not_1_uses(make_app):
    app = make_app()
    f = Formulation("风险隐患", "dictionary", 3, 2, "2020", "2021", {2020: 1, 2021: 2})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.push_screen(TrendDialog(f, {2020: 10_000, 2021: 10_000}))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any("2020      1 use  " in line for line in lines), lines
        assert not any("1 uses" in line for line in lines)
        assert any("2021      2 uses  " in line for line in lines), lines


def preview_text(app) -> str:
    return app.screen.query_one("#preview").text.plain


async def test_by_year_legend_only_with_its_column(make_app):
    """80 columns hide the By year column: its legend in the preview went on explaining it."""
    from tui_helpers import formulations_table

    app = make_app()
    legend = "By year: bars from zero"
    async with app.run_test(size=(80, 24)) as pilot:
        table = await formulations_table(app, pilot)
        await pilot.pause()
        assert "By year" not in screen_text(app).splitlines()[1]  # the header: no such column
        assert "r shows the trend" in preview_text(app)
        assert legend not in preview_text(app)
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        await pilot.pause()
        assert "By year" in screen_text(app).splitlines()[1]
        assert legend in preview_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert legend not in preview_text(app)
        table.action_cursor_down()
        await pilot.pause()
        assert legend not in preview_text(app)
