"""The formulations view (F): the set formulations of the speeches shown, sorted,
narrowed, with their trend; y copies the rows as a table."""

from __future__ import annotations

from jianghua.tui.dialogs.trend import TrendDialog
from jianghua.tui.screens.formulations import FormulationsScreen
from tui_helpers import SIZE, formulations_table, screen_text




async def test_the_view_lists_the_formulations_most_used_first(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        rows = table.rows
        assert [f.text for f in rows] == [f.text for f in store.formulations()]
        assert [f.hits for f in rows] == sorted((f.hits for f in rows), reverse=True)
        text = screen_text(app)
        assert "两个维护" in text and f"{len(rows)} formulations" in text
        # the preview names the speeches that use the highlighted one
        top = rows[0]
        sid, _ = max(top.uses, key=lambda u: u[1])
        assert store.summary(sid).title[:8] in text
        await pilot.press("q")
        assert not isinstance(app.screen, FormulationsScreen)


async def test_sort_and_narrow(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        await pilot.press("s")  # in most speeches
        assert [f.speeches for f in table.rows] == sorted((f.speeches for f in table.rows), reverse=True)
        await pilot.press("s")  # newest first
        firsts = [f.first for f in table.rows if f.first]
        assert firsts == sorted(firsts, reverse=True)
        await pilot.press("s")  # by name
        assert [f.text for f in table.rows] == sorted(f.text for f in table.rows)
        await pilot.press("slash", *"兩個")  # traditional script narrows like simplified
        await pilot.pause()
        assert {f.text for f in table.rows} == {f.text for f in store.formulations() if "两个" in f.text}
        assert "两个维护" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(table.rows) == len(store.formulations())


async def test_the_theme_filter_counts_its_speeches_only(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        app.apply_filter_ids(("history",))
        await app.workers.wait_for_complete()
        await pilot.pause()
        want = store.formulations(["history"])
        assert [(f.text, f.hits) for f in table.rows] == [(f.text, f.hits) for f in want]
        assert len(want) < len(store.formulations())
        await pilot.press("T")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(table.rows) == len(store.formulations())


async def test_y_copies_the_rows_as_a_table(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await formulations_table(app, pilot)
        await pilot.press("slash", *"四个", "down")
        await pilot.press("y")
        await pilot.pause()
        lines = app.clipboard.splitlines()
        assert lines[0].split("\t")[:4] == ["Formulation", "Kind", "Uses", "Speeches"]
        body = [line.split("\t") for line in lines[1:] if "\t" in line]
        assert [(r[0], int(r[2])) for r in body] == [(f.text, f.hits) for f in table.rows]
        assert ["四个意识", "numbered", "6", "5"] == body[[r[0] for r in body].index("四个意识")][:4]


async def test_r_draws_the_trend(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        table.move_cursor([f.text for f in table.rows].index("两个维护"))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TrendDialog)
        years = store.chars_by_year()
        f = table.current_row
        assert app.screen.values == [round(f.by_year.get(y, 0) * 10000 / c, 3) for y, c in sorted(years.items())]
        text = screen_text(app)
        assert "Trend — 两个维护" in text and "2022" in text and "2023" in text
        # the chart stands on a screen of its own: the view's rows are neither
        # drawn again (dimmed) behind it nor sent to the terminal again
        assert f"{len(table.rows)} formulations" not in text and app.screen.styles.background.a == 1
        await pilot.press("escape")
        assert isinstance(app.screen, FormulationsScreen)


async def test_the_trend_says_how_many_uses_have_no_date(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        years = store.chars_by_year()
        undated = {f.text: f.hits - sum(n for y, n in f.by_year.items() if y in years) for f in table.rows}
        text = max(undated, key=lambda t: undated[t])
        assert undated[text] > 0  # the bundled corpus has speeches without a date
        table.move_cursor([f.text for f in table.rows].index(text))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TrendDialog)
        assert f"{undated[text]} more uses are in speeches without a date" in screen_text(app)
