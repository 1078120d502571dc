"""The trend chart (F, r) cannot mislead (user trial: 决策部署, 12.26 uses per 10 000
characters in 2022 and 10.27 in 2023, was a full bar and an empty floor — the same
picture as 组织生活会, used in 2022 only; years without speeches looked like "not used")."""

from __future__ import annotations

from tui_helpers import SIZE, screen_text, settle

from jianghua.store.formulations import Formulation
from jianghua.tui.dialogs.trend import TrendDialog
from jianghua.tui.screens.formulations import FormulationsScreen
from jianghua.tui.widgets.line_table import LineTable


def chart_lines(app) -> list[str]:
    """The chart's bar lines as drawn (without the year axis)."""
    chart = app.screen.query_one("#trend-chart")
    lines = [s.text for s in chart.render_lines(chart.region.reset_offset)]  # (the widget's own lines)
    return [line for line in lines if line.strip()][:-1]


def column(lines: list[str], at: int) -> str:
    return "".join(line[at] if at < len(line) else " " for line in lines)


async def _trend(app, pilot, text: str) -> list[str]:
    await pilot.press("F")
    assert isinstance(app.screen, FormulationsScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    table = app.screen.query_one(LineTable)
    table.move_cursor([f.text for f in table.rows].index(text))
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, TrendDialog)
    return chart_lines(app)


async def test_a_smaller_use_is_a_smaller_bar_not_the_floor(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        lines = await _trend(app, pilot, "决策部署")  # 2022: 12.26, 2023: 10.27
        width = max(len(line.rstrip()) for line in lines)
        y2022, y2023 = column(lines, 0), column(lines, width - 1)
        assert set(y2022) == {"█"} and y2023.count("█") >= len(lines) - 2, lines  # about 84 % as high
        await pilot.press("escape", "q")
        await pilot.pause()
        lines = await _trend(app, pilot, "组织生活会")  # used in 2022 only
        width = max(len(line.rstrip()) for line in lines)
        assert column(lines, width - 1).strip() == "▁", lines  # 2023: the floor, "not used"
        assert "not used that year" in screen_text(app)


async def test_a_year_without_speeches_is_blank_not_the_floor(make_app):
    app = make_app()
    f = Formulation("两个维护", "numbered", 6, 3, "2019", "2021", {2019: 3, 2021: 3})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        # speeches in 2019, 2021 and 2022, none in 2020; not used in 2022
        app.push_screen(TrendDialog(f, {2019: 10_000, 2021: 20_000, 2022: 10_000}))
        await pilot.pause()
        lines = chart_lines(app)
        width = max(len(line) for line in lines)
        quarter = width // 4
        cols = [column(lines, quarter * i + 1) for i in range(4)]  # 2019 2020 2021 2022
        assert set(cols[0]) == {"█"}  # 3 per 10 000: the highest
        assert cols[1].strip() == ""  # 2020: no speeches — blank
        assert cols[2].strip() and cols[2].count("█") == len(lines) // 2  # 1.5 per 10 000: half as high
        assert cols[3].strip() == "▁"  # 2022: speeches, not used — the floor
        text = screen_text(app)
        assert "Speeches in 3 of the years 2019–2022; used in 2 of them." in text
        assert "2019" in text and "2022" in text


async def test_the_by_year_column_is_explained_in_the_preview(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "By year: bars from zero · ▁ not used that year · blank: no speeches that year" in screen_text(app)
