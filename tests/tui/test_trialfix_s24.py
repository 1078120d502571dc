"""Found in the s24 user trial (a real terminal through ssh, zh and en, the bundled
corpus, tests/data/real and a hostile folder): what a person saw that was wrong."""

from __future__ import annotations

import pytest

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


async def test_concordance_shortens_traditional_titles_too(make_app, tmp_path):
    """The 讲话 column drops 在 … 上的讲话 of a title: of a traditional title (上的講話) too."""
    from tui_helpers import open_concordance, wait_until

    from jianghua.store import Store
    from jianghua.tui.widgets.kwic_table import KwicTable

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("在全市工作會議上的講話\n同志們：\n要堅持全面從嚴治黨。\n", encoding="utf-8")
    (folder / "b.txt").write_text("在全县工作会议上的讲话\n同志们：\n要坚持全面从严治党。\n", encoding="utf-8")
    store = Store.open(folder, store_path=tmp_path / "st")
    store.update()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_concordance(pilot, app)
        await pilot.press(*"从严治党", "enter")
        await wait_until(pilot, lambda: len(app.screen.query_one(KwicTable).rows) == 2, "both hits")
        await pilot.pause()
        text = screen_text(app)
        assert "全县工作会议 " in text and "全市工作會議 " in text, text
        assert "講話" not in text and "上的讲话" not in text


def gated_store(tmp_path):
    """A one-file folder whose build waits for the test's gate (a long file being read)."""
    import threading

    from jianghua.store import Store

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "big.txt").write_text("在全县工作会议上的讲话\n同志们：\n要坚持讲政治。\n", encoding="utf-8")
    store = Store.open(folder, store_path=tmp_path / "st")
    gate, real = threading.Event(), store.update

    def slow_update(progress=None, on_speech=None):
        gate.wait(60)  # (reading the one long file)
        return real(progress=progress, on_speech=on_speech)

    store.update = slow_update
    return store, gate


async def test_a_building_list_does_not_say_read_for_listed(make_app, tmp_path, lang):
    """zh: while building, the bar said 已读 0 篇 — 已读 is what the ✓ of a speech read
    before means (the help's legend); the bar counts speeches listed so far."""
    from tui_helpers import wait_until

    from jianghua.tui.widgets.filter_bar import FilterBar

    lang("zh")
    store, gate = gated_store(tmp_path)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        bar = lambda: app.screen.query_one(FilterBar).render().plain  # noqa: E731
        await wait_until(pilot, lambda: "仍在读取文件夹" in bar(), "the building bar")
        assert "已列出 0 篇" in bar() and "已读" not in bar(), bar()
        gate.set()
        await app.workers.wait_for_complete()


async def test_a_long_first_file_shows_the_build_at_work(make_app, tmp_path, monkeypatch):
    """One big file: the store says nothing until it is read (the bar stood at
    "Checking the folder…" for ~50 s). The status line counts the seconds meanwhile."""

    from tui_helpers import wait_until

    from jianghua.tui.screens import speech_list
    from jianghua.tui.widgets.line_table import LineTable

    now = [100.0]
    monkeypatch.setattr(speech_list, "clock", lambda: now[0], raising=False)
    store, gate = gated_store(tmp_path)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        status = lambda: screen_text(app)  # noqa: E731
        await wait_until(pilot, lambda: "Checking the folder" in status(), "the build's first words")
        now[0] += 12
        await wait_until(pilot, lambda: "12 seconds so far" in status(), "the seconds counted")
        now[0] += 1
        await wait_until(pilot, lambda: "13 seconds so far" in status(), "the seconds going on")
        gate.set()
        await wait_until(pilot, lambda: len(app.screen.query_one(LineTable).rows) == 1, "the list")
        await app.workers.wait_for_complete()


async def test_an_export_named_without_a_folder_goes_into_the_proposed_one(make_app, tmp_path, monkeypatch):
    """The export dialog proposes a folder; a bare file name typed over the path went
    where jianghua happened to be started, and the toast said only "notes.txt"."""
    from tui_helpers import notifications

    from jianghua.tui.dialogs.export import ExportDialog

    started_in = tmp_path / "started-in"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "y", "q", "c", "e")
        assert isinstance(app.screen, ExportDialog)
        field = app.screen.query_one("#export-path")
        field.value = "notes.txt"
        await pilot.press("enter")
        await pilot.pause()
        written = tmp_path / "exports" / "notes.txt"  # (the folder make_app pins as the proposed one)
        assert written.is_file() and not (started_in / "notes.txt").exists()
        assert str(written) in notifications(app)[-1].replace("\n", "")


@pytest.mark.parametrize("typed", ["absolute", "relative"])
async def test_a_folder_typed_with_a_slash_gets_the_export_inside_it(make_app, tmp_path, typed):
    """The dialog says a folder takes the file; a new folder typed as `~/exports/` (or
    `notes/`) became a FILE named after it, outside the folder the user chose (review)."""
    from tui_helpers import notifications

    from jianghua.tui.dialogs.export import ExportDialog

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "y", "q", "c", "e")
        assert isinstance(app.screen, ExportDialog)
        folder = tmp_path / "new-folder" if typed == "absolute" else tmp_path / "exports" / "notes"
        app.screen.query_one("#export-path").value = (str(folder) if typed == "absolute" else "notes") + "/"
        await pilot.press("enter")
        await pilot.pause()
        assert folder.is_dir(), list(folder.parent.iterdir())
        written = list(folder.iterdir())
        assert len(written) == 1 and written[0].suffix == ".txt"
        assert str(written[0]) in notifications(app)[-1].replace("\n", "")


async def test_a_narrow_english_bar_never_shows_a_cut_no_theme_filter(make_app):
    """At 80 columns with skipped files, tests/data/real's bar read "No theme fi…  · 229/229
    speeches · …": the inactive filter's words are left out whole, not cut."""
    from jianghua.tui.widgets.filter_bar import FilterBar

    app = make_app()
    async with app.run_test(size=(74, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        screen._skipped = 12
        screen._update_bar()
        await pilot.pause()
        text = app.screen.query_one(FilterBar).render().plain
        assert "…" not in text and "No theme fi" not in text, text
        assert text.startswith("5/5 speeches") and text.rstrip().endswith("12 skipped · ! shows why"), text
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        text = app.screen.query_one(FilterBar).render().plain
        assert text.startswith("No theme filter · t chooses themes"), text


async def test_the_palette_finds_the_export_by_its_word(make_app, lang):
    """ctrl+p, 导出 (export) found nothing: exporting is done from the copy history."""
    from test_help_palette import palette

    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompts = await palette(pilot, app, "导出")
        assert prompts and "复制记录" in prompts[0] and "导出" in prompts[0], prompts
        assert app.screen.__class__.__name__ == "HistoryScreen"


async def test_enter_in_the_formulations_narrowing_opens_the_highlighted_one(make_app):
    """F, /, 两个, Enter did nothing: the box kept the focus and the next key (y) was typed
    into it ("两个y"). Enter now does what it does in the speech list's box: opens the row."""
    from tui_helpers import formulations_table, wait_until

    from jianghua.tui.screens.concordance import ConcordanceScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        await pilot.press("slash", *"两个")
        await pilot.pause()
        first = table.current_row.text
        assert first.startswith("两个")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "every use of the row")
        assert app.screen.query_one("#query").value == f'"{first}"'
        await wait_until(pilot, lambda: bool(app.screen.query_one("KwicTable").rows), "the hits")
        app.screen.query_one("KwicTable").focus()
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "FormulationsScreen", "back in F")
        await pilot.press("y")  # copies the table; typed nowhere
        await pilot.pause()
        assert app.screen.query_one("#narrow").value == "两个"


async def test_the_why_box_joins_its_details_with_a_chinese_comma(make_app, store, lang):
    """zh `w`: "权重 3, 首句 ×2" — an ASCII comma between Chinese words."""
    from test_ux_theme_evidence_words import _why

    lang("zh")
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        text = await _why(app, pilot, store, 0)
        details = [line for line in text.splitlines() if "权重" in line]
        assert details and any("，" in line for line in details), text
        assert not any(", " in line for line in details), details


async def test_f_searches_every_speech_from_the_passages_too(make_app):
    """`f` searches every speech from the list and the reader; in the passages (p) it did nothing."""
    from tui_helpers import wait_until

    from jianghua.tui.screens.concordance import ConcordanceScreen
    from jianghua.tui.screens.passages import PassagesScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PassagesScreen), "the passages")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "the search")


async def test_an_english_palette_finds_chinese_by_its_english_name(make_app):
    """In English, ctrl+p "Chinese" found nothing: the entry read "Language: 中文"."""
    from test_help_palette import palette

    from jianghua import i18n

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompts = await palette(pilot, app, "Chinese")
        assert prompts and prompts[0].startswith("Language / 界面语言: 中文"), prompts
        assert i18n.language() == "zh"
        i18n.set_language("en")


async def test_a_wide_formulations_view_keeps_the_figures_beside_the_words(make_app):
    """At 200 columns the 提法 column took ~130 cells: 决策部署, then the figures far right."""
    from tui_helpers import formulations_table

    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await formulations_table(app, pilot)
        await pilot.pause()
        header, first = screen_text(app).splitlines()[1:3]
        assert 0 < header.index("Kind") <= 45, header
        assert first.lstrip().startswith("决策部署") and "25" in first[:60], first
        assert "By year" in header


def test_a_line_never_ends_inside_a_number_pulled_down_for_punctuation():
    """Closing punctuation after a number (34%。) pulled a character down and split the
    number: "…最强者的3" / "4%。…" (the w box, the reader). The number goes down whole."""
    from jianghua.tui.textutil import wrap

    s = "门槛：最强的主题需要3分（至少3分，且每百字0.8分）；其他主题需要达到最强者的34%。首句计×2。"
    for width in range(60, 90):
        lines = [s[a:b] for a, b in wrap(s, width)]
        assert not any(a[-1:].isdigit() and b[:1] != "" and b[:1] in "0123456789%" for a, b in zip(lines, lines[1:])), (width, lines)


async def test_the_why_box_keeps_a_percentage_whole(make_app, store, lang):
    """zh `w` at 100 columns: "…需要达到最强者的3" / "4%。…" (Rich's wrapping)."""
    from tui_helpers import open_reader

    lang("zh")
    app = make_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_reader(app, pilot, store)
        await pilot.press("w")
        await pilot.pause()
        for width in range(64, 101, 2):  # (the box is 80 wide at most: every width of its text)
            await pilot.resize_terminal(width, 50)
            await pilot.pause()
            box = app.screen.query_one("#why-text")
            lines = [line.text.rstrip() for line in box.render_lines(box.content_region.reset_offset)]
            text = "\n".join(lines)
            assert "%" in text and not any(a[-1:].isdigit() and b[:1] != "" and b[:1] in "0123456789%"
                                           for a, b in zip(lines, lines[1:])), (width, text)


async def test_the_concordance_summary_is_cut_with_an_ellipsis(make_app, lang):
    """zh at 80 columns: the summary read "…（正文 78 处，标题和小标题 47 处） · 讲话 ·" —
    the sort order dropped without a sign. A line too long ends in "…"."""
    from tui_helpers import open_concordance, wait_until

    from jianghua.tui.widgets.kwic_table import KwicTable

    lang("zh")
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot, app)
        await open_concordance(pilot, app)
        await pilot.press(*"讲话", "enter")
        await wait_until(pilot, lambda: bool(app.screen.query_one(KwicTable).rows), "the hits")
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = next(x for x in screen_text(app).splitlines() if "命中" in x and "处" in x).rstrip()
        assert line.endswith("…") and not line.endswith("·"), line
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        line = next(x for x in screen_text(app).splitlines() if "命中" in x and "处" in x).rstrip()
        assert "排序：" in line and not line.endswith("…"), line
