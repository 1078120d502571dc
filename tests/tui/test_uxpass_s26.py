"""Found using the browser as a 文秘 would, over SSH (session 26):

- stuck in English, ctrl+p "语言" found nothing ("No matches found"): the language entry
  read "Language: 中文 (Chinese)"; in Chinese, "language" found nothing either;
- `m` in the passages view said "列出涉及任一所选主题的讲话" — it lists passages;
- at 80 columns, with files skipped, the list's top bar cut the chosen theme to "主题：…"
  while it kept "跳过 11 个文件 · 按 ! 查看原因" whole."""

from __future__ import annotations

from test_help_palette import palette
from tui_helpers import SIZE, notifications, settle, wait_until

from jianghua import i18n
from jianghua.tui.screens.passages import PassagesScreen
from jianghua.tui.widgets.filter_bar import FilterBar


async def test_the_language_entry_is_found_by_either_languages_word(make_app, lang):
    lang("en")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompts = await palette(pilot, app, "语言")  # stuck in English, looking for 语言
        assert prompts and prompts[0].startswith("Language / 界面语言: 中文"), prompts
        assert i18n.language() == "zh"
        prompts = await palette(pilot, app, "language")  # and back, from the Chinese screen
        assert prompts and prompts[0].startswith("界面语言 / Language：English"), prompts
        assert i18n.language() == "en"


async def test_all_any_in_the_passages_view_speaks_of_passages(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t", "space", "down", "space", "enter", "p")
        await wait_until(pilot, lambda: isinstance(app.screen, PassagesScreen), "the passages view")
        await pilot.press("m")
        await pilot.pause()
        said = notifications(app)[-1]
        assert "段落" in said and "讲话" not in said, said
        await pilot.press("q", "m")  # on the list it still speaks of speeches
        await pilot.pause()
        assert "讲话" in notifications(app)[-1]


async def test_a_narrow_list_bar_keeps_the_chosen_theme_whole(make_app, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("t", *"高质量", "space", "enter", "s")  # a sort by title: the longer label
        await pilot.pause()
        screen = app.screen
        screen._skipped = 11  # as with files the folder could not give
        screen._update_bar()
        await pilot.pause()
        text = screen.query_one(FilterBar).render().plain
        assert text.startswith("主题：高质量发展"), text
        assert "跳过 11 个" in text and "!" in text, text  # the skipped files still said, shorter


async def test_why_these_themes_calls_a_section_heading_xiaobiaoti(make_app, store, lang):
    """`w` under （三）廉洁奉公…: the box said "标题：（三）…" and "标题 ×0.5" — 标题 is the
    speech's title everywhere else (讲话题目 in this box); a section heading is 小标题."""
    from jianghua.tui.dialogs.theme_evidence import ThemeEvidenceScreen
    from tui_helpers import open_reader

    lang("zh")
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await open_reader(app, pilot, store, "在2023年全市党政办公室主任会议上的讲话")
        await pilot.press("G", "w")
        await wait_until(pilot, lambda: isinstance(app.screen, ThemeEvidenceScreen), "the box")
        text = app.screen.query_one("#why-text").text.plain
        assert "小标题：（三）" in text, text
        assert "小标题 ×0.5" in text and " 标题 ×" not in text, text
        assert "章节标题" not in text, text


async def test_copies_of_marked_hits_and_of_the_formulations_table_say_what_they_are(make_app, lang, tmp_path):
    """f 两个维护, Enter, v j j v, y: the toast said "文字 · 306 字" and the exported copy
    history "—— … · hits · 306 字"; F, y: "… · table · …" — English words in a Chinese file."""
    from tui_helpers import open_concordance, open_formulations_view

    from jianghua.tui.screens.history import HistoryScreen

    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        screen = await open_concordance(pilot, app)
        await pilot.press(*"两个维护")
        await wait_until(pilot, lambda: len(screen.rows) >= 3 and not screen.searching, "the hits")
        await pilot.press("enter", "v", "j", "j", "v", "y")
        await pilot.pause()
        assert "检索结果" in notifications(app)[-1], notifications(app)[-1]
        await pilot.press("q")
        await open_formulations_view(app, pilot)
        await pilot.press("y")
        await pilot.pause()
        assert "提法表" in notifications(app)[-1], notifications(app)[-1]
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "the copy history")
        await pilot.press("e", "enter")
        await pilot.pause()
        body = next((tmp_path / "exports").glob("jianghua-copies-*.txt")).read_text(encoding="utf-8")
        heads = [line for line in body.splitlines() if line.startswith("—— ")]
        assert len(heads) == 2 and "· 检索结果 ·" in heads[0] and "· 提法表 ·" in heads[1], heads


async def test_the_search_says_no_hits_only_after_a_search(make_app, lang):
    """f: before anything was typed the table said "没有检索结果。" (no hits) under "输入检索词";
    after ctrl+u (the query cleared) too."""
    from tui_helpers import open_concordance, screen_text

    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_concordance(pilot, app)
        await pilot.pause()
        assert "没有检索结果" not in screen_text(app) and "输入检索词后，结果列在这里" in screen_text(app)
        await pilot.press(*"量子计算机")
        await wait_until(pilot, lambda: screen.outcome is not None and not screen.searching, "the search")
        await pilot.pause()
        assert "没有检索结果" in screen_text(app)  # a search that found nothing says so
        assert "没有命中 · 量子计算机" in screen_text(app) and "0 篇讲话中命中 0 处" not in screen_text(app)
        await pilot.press("ctrl+u")
        await wait_until(pilot, lambda: "没有检索结果" not in screen_text(app), "the cleared query")
        assert "输入检索词后，结果列在这里" in screen_text(app)


async def test_a_formulations_span_of_dates_reads_apart(make_app, lang):
    """F on a folder with full dates: the preview said "2019–2026-02-03" and
    "2020-02-03–2020-11-24" (an en dash between two dashed dates); now "2020-02-03 至
    2020-11-24", and years stay "2022–2023"."""
    import dataclasses

    from tui_helpers import formulations_table, screen_text

    lang("zh")
    app = make_app()
    async with app.run_test(size=(120, 32)) as pilot:
        table = await formulations_table(app, pilot)
        f = table.rows[0]
        screen = app.screen
        screen.preview(dataclasses.replace(f, first="2022", last="2023"))
        await pilot.pause()
        assert "2022–2023" in screen_text(app)
        screen.preview(dataclasses.replace(f, first="2020-02-03", last="2020-11-24"))
        await pilot.pause()
        assert "2020-02-03 至 2020-11-24" in screen_text(app), screen_text(app)


async def test_q_after_a_hit_found_from_the_reader_shows_the_hits_again(make_app, store, lang):
    """Enter (a speech), f 忠诚, Enter, j j j j, Enter (another speech), q: the search was gone —
    q went back past it to the list (the one reader screen is reused, the hits above it were
    closed). Now q shows the hits of 忠诚 again, and q then goes back as before."""
    from tui_helpers import open_concordance, screen_text

    from jianghua.tui.screens.concordance import ConcordanceScreen
    from jianghua.tui.screens.reader import ReaderScreen
    from jianghua.tui.screens.speech_list import SpeechListScreen

    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        first = app.screen.speech_id
        screen = await open_concordance(pilot, app)
        await pilot.press("ctrl+u", *"忠诚")
        await wait_until(pilot, lambda: screen.outcome is not None and not screen.searching, "the hits")
        rows = screen.query_one("KwicTable").rows
        k = next(i for i, r in enumerate(rows) if r.hit.speech_id != first)  # a hit in another speech
        await pilot.press("enter", *["j"] * k, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.speech_id != first, "the hit")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcordanceScreen), "the hits again")
        await wait_until(pilot, lambda: app.screen.outcome is not None and not app.screen.searching, "the search")
        await pilot.pause()
        assert "忠诚" in screen_text(app) and len(app.screen.query_one("KwicTable").rows) == len(rows)
        assert app.screen.query_one("KwicTable").cursor == k  # on the hit that was opened
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SpeechListScreen)
        await pilot.press("enter", "q")  # a speech opened from the list: q is back to the list, as before
        await pilot.pause()
        assert isinstance(app.screen, SpeechListScreen)


async def test_copy_again_says_what_it_copied_as_the_copy_did(make_app, store, lang):
    """c, Enter (copy again): the toast read "76 字 ·" and, wrapped under it, the opening words;
    the first copy's toast says "句子 · 42 字" with the opening on a line of its own."""
    from tui_helpers import open_reader

    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot, store)
        await pilot.press("y", "c")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "HistoryScreen", "the copy history")
        await pilot.press("enter")
        await pilot.pause()
        said = notifications(app)[-1]
        assert "已再次复制" in said and "句子 · " in said and "\n「" in said, said


async def test_q_after_a_passage_opened_from_the_reader_shows_the_passages_again(make_app, store, lang):
    """Enter, t space Enter, p, Enter on a passage of another speech, q: the passages were
    gone — q went back to the list. Now q shows the passages again."""
    from jianghua.tui.screens.passages import PassagesScreen
    from jianghua.tui.screens.reader import ReaderScreen

    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await pilot.press("t", "space", "enter", "p")
        await wait_until(pilot, lambda: isinstance(app.screen, PassagesScreen) and app.screen.query_one("LineTable").rows, "the passages")
        await pilot.press("s", "j", "j")  # in speech order, the third passage
        await pilot.pause()
        chosen = app.screen.query_one("LineTable").current_row
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the passage")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, PassagesScreen) and app.screen.query_one("LineTable").rows, "the passages again")
        await pilot.pause()
        assert app.screen.sort == "speech"  # as it was: its sort and the passage opened
        row = app.screen.query_one("LineTable").current_row
        assert (row.speech_id, row.paragraph) == (chosen.speech_id, chosen.paragraph)


async def test_the_reader_header_names_the_level_as_a_level(make_app, lang):
    """The header read "2023 · 主任会议 · 市 · 8094 字": a bare 市 beside the occasion reads as a word cut from the title.
    It says 市级 (city level in English)."""
    from jianghua.tui.screens.reader import ReaderScreen, SpeechHeader

    for code, want, bare in (("zh", " · 市级 · ", " · 市 · "), ("en", " · city level · ", " · 市 · ")):
        lang(code)
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("/", *"全市党政办公室", "enter", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
            header = str(app.screen.query_one(SpeechHeader).render())
            assert "全市党政办公室主任会议" in header, header
            assert want in header and bare not in header, header
