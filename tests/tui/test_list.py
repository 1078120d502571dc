"""The speech list: start-up, sort, narrow (with Chinese), open, quit."""

from __future__ import annotations

from jianghua.tui.filtering import TitleIndex, sort_rows
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.line_table import LineTable

from tui_helpers import SIZE, screen_text, settle, titles


async def test_list_shows_every_speech_at_once(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # the store is current: rows are there before the start-up check finishes
        assert isinstance(app.screen, SpeechListScreen)
        assert titles(app) == [s.title for s in store.speeches()]
        await settle(pilot, app)
        assert app.building is False
        text = screen_text(app)
        assert "Title" in text and "Length" in text and "Themes" in text
        for s in store.speeches()[:4]:
            assert s.title[:16] in text  # (a long title is cut at 100 columns: tests/tui/test_list_ux.py)
        assert "4077" in text  # 字数 of 001
        assert "5/5 speeches" in text


async def test_sort_cycles_title_year_length_strength(make_app, store):
    app = make_app()
    rows = store.speeches()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        expected = {
            "title": sorted(rows, key=lambda s: s.title_key),  # pinyin: tests/tui/test_list_ux.py
            "year": sorted(rows, key=lambda s: (s.year is None, -(s.year or 0), s.title)),
            "length": sorted(rows, key=lambda s: -s.chars),
            "strength": sorted(rows, key=lambda s: -s.themes[0].score),
            "source": rows,
        }
        for name in ("title", "year", "length", "strength", "source"):
            await pilot.press("s")
            assert app.screen.sort == name
            assert titles(app) == [s.title for s in expected[name]], name
        # length really is longest first, and the years are 2023, 2022, then none
        assert [s.chars for s in expected["length"]] == sorted((s.chars for s in rows), reverse=True)
        assert [s.year for s in expected["year"]][:2] == [2023, 2022]


async def test_narrow_by_typing_chinese_and_escape_clears(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.press(*"县委")
        assert titles(app) == ["在县委办党支部2022年度组织生活会上的讲话"]
        assert "narrowed" in screen_text(app)
        await pilot.press("backspace")  # "县"
        assert titles(app) == [s.title for s in store.speeches() if "县" in s.title]
        await pilot.press(*"市")  # "县市": nothing
        assert titles(app) == []
        assert "No title contains that" in screen_text(app)
        await pilot.press("escape")
        assert len(titles(app)) == 5
        assert app.screen.query_one(LineTable).has_focus
        # Enter in the narrowing box opens the only match
        await pilot.press("slash", *"主任会议", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.speech.title == "在2023年全市党政办公室主任会议上的讲话"


async def test_cursor_moves_and_enter_opens_that_speech(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "k", "down")
        table = app.screen.query_one(LineTable)
        assert table.cursor == 2
        await pilot.press("G")
        assert table.cursor == 4
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.speech_id == store.speeches()[1].id
        await pilot.press("q")
        assert isinstance(app.screen, SpeechListScreen)
        assert table.cursor == 1  # the list kept its place


async def test_q_on_the_list_quits(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_ctrl_q_quits_from_the_reader(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


def test_sort_and_narrow_helpers(store):
    rows = store.speeches()
    assert TitleIndex(rows).narrow("") == rows
    assert [s.title for s in TitleIndex(rows).narrow("党支部 组织")] == [s.title for s in rows if "党支部" in s.title and "组织" in s.title]
    assert sort_rows(rows, "length")[0].chars == max(s.chars for s in rows)
    ids = ("integrity",)
    strong = sort_rows(rows, "strength", ids)
    scores = [s.theme_score("integrity") for s in strong]
    assert scores == sorted(scores, reverse=True)


async def test_ten_thousand_rows_are_rows_not_widgets(make_app, store):
    """Sorting and narrowing 10 000 rows is a list operation, not 10 000 widgets.
    (How fast it is is measured by the benchmarks in tests/bench, not here.)"""
    import dataclasses

    base = store.speeches()
    many = [dataclasses.replace(base[i % 5], id=f"x{i}", title=f"{base[i % 5].title}{i}", chars=i) for i in range(10_000)]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        widgets = len(list(screen.query("*")))
        screen._base = many
        screen._refresh_rows()
        await pilot.pause()
        assert len(titles(app)) == 10_000
        assert len(list(screen.query("*"))) == widgets  # no widget per row
        await pilot.press("s")  # title
        await pilot.press("slash", *"县委")
        await pilot.pause()
        assert len(titles(app)) == 2000
        assert len(list(screen.query("*"))) <= widgets + 2  # (the narrowing bar)
        await pilot.press("escape", "G")
        assert app.screen.query_one(LineTable).cursor == 9_999


async def test_date_column_shows_the_date_or_the_year_and_sorts_by_it(make_app, tmp_path):
    """Real files (tests/data/real): a full date where the speech states one, the
    year where that is all we know; sorting by date puts the newest first."""
    import shutil
    from pathlib import Path

    from jianghua.store import Store

    real = Path(__file__).resolve().parent.parent / "data" / "real"
    corpus = tmp_path / "real"
    corpus.mkdir()
    for name in ("2026_浙江省_政府工作报告.txt", "2020-11-19_01.txt", "000-中国社会各阶级的分析.md", "001-湖南农民运动考察报告.md"):
        shutil.copy(real / name, corpus / name)
    (corpus / "undated.txt").write_text("同志们：\n2023年全市经济社会发展取得新成效，要抓好落实。", encoding="utf-8")
    s = Store.open(corpus, store_path=tmp_path / "store")
    s.update()
    app = make_app(s)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "Date" in text
        for shown in ("2026-01-14", "2020-11-19", "1925-12-01", "1927-03"):
            assert shown in text
        undated = next(r for r in app.screen.query_one(LineTable).rows if r.source == "undated.txt")
        assert (undated.date, undated.year) == (None, None)  # never a year from the body
        assert app.screen._cells(undated)[2] == ""  # (after the read mark and the title)
        while app.screen.sort != "year":
            await pilot.press("s")
        dates = [r.date for r in app.screen.query_one(LineTable).rows]
        assert dates == ["2026-01-14", "2020-11-19", "1927-03", "1925-12-01", None]
