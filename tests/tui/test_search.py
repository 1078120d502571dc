"""Search: `/` in the reader (highlight as you type, n/N, status), the concordance
(open, sort, narrow, Enter, y, marked lines), and bad queries in both."""

from __future__ import annotations

from tui_helpers import SIZE, long_paragraph_store, notifications, open_concordance, screen_text, searched_texts, settle

from jianghua.tui.screens.concordance import ConcordanceScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.reader_find import FindInput
from jianghua.tui.widgets.kwic_table import KwicTable
from jianghua.tui.widgets.reader_view import ReaderView

WORD = "两个维护"


def _speech_with(store, word: str, at_least: int = 2) -> str:
    for s in store.speeches():
        sp = store.speech(s.id)
        if sum(p.text.count(word) for p in sp.paragraphs) >= at_least:
            return s.id
    raise AssertionError(f"no speech with {word} {at_least}×")


def _styled(view: ReaderView, style_name: str) -> list[str]:
    """Texts drawn in a component style on the visible lines."""
    want = view.get_component_rich_style(style_name)
    out = []
    for y in range(view.size.height):
        for seg in view.render_line(y):
            if seg.style and want.bgcolor and seg.style.bgcolor == want.bgcolor:
                out.append(seg.text)
    return out


async def test_reader_find_highlights_as_you_type_and_n_N_go_through_matches(make_app, store):
    sid = _speech_with(store, WORD)
    app = make_app()
    count = sum(p.text.count(WORD) for p in store.speech(sid).paragraphs)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.open_speech(sid)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ReaderView)
        await pilot.press("slash")
        assert screen.query_one(FindInput).has_focus
        await pilot.press(*"两个维")  # not confirmed yet: already lit
        assert sum(len(v) for v in view.highlights.values()) == count
        await pilot.press("护", "enter")
        await pilot.pause()
        assert view.has_focus and len(screen.matches) == count
        first = screen.matches[0]
        assert view.cursor == first.sentence
        assert f"find 1/{count}" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert screen.match_index == 1 and view.cursor == screen.matches[1].sentence
        assert f"find 2/{count}" in screen_text(app)
        for _ in range(count - 1):
            await pilot.press("n")
        assert screen.match_index == 0
        assert "wrapped" in notifications(app)[-1]
        await pilot.press("N")
        assert screen.match_index == count - 1
        # the current match is drawn in its own style
        await pilot.pause()
        assert WORD in "".join(_styled(view, "reader--match-current"))
        # f searches every speech for the same query
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConcordanceScreen) and app.screen.query_obj.text == WORD
        assert any(r.hit.speech_id == sid for r in app.screen.query_one(KwicTable).rows)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen
        # Esc clears the find: n/N go back to marked sentences (none: a message)
        await pilot.press("escape")
        assert screen.find_query is None and not view.highlights
        await pilot.press("n")
        assert "No theme filter" in notifications(app)[-1]


async def test_n_follows_the_most_recent_of_find_and_theme_filter(make_app, store):
    sid = store.filter(["integrity"])[0].id
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.open_speech(sid)
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ReaderView)
        await pilot.press("t", *"integrity", "enter")
        await pilot.pause()
        marked = view.hits()
        await pilot.press("slash", *"同志", "enter")
        await pilot.pause()
        assert screen.jump_mode == "search"
        await pilot.press("n")
        assert view.cursor == screen.matches[screen.match_index].sentence
        # ] still jumps between marked sentences
        await pilot.press("right_square_bracket")
        assert view.cursor in marked
        # a new theme filter takes n/N back
        from jianghua.tui.filtering import ThemeFilter

        app.browser.set_filter(ThemeFilter(("politics",)))
        await pilot.pause()
        assert screen.jump_mode == "theme"
        await pilot.press("n")
        assert view.cursor in view.hits()


async def test_traditional_and_full_width_queries_find_simplified_text(make_app, store):
    sid = _speech_with(store, "廉洁", 1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.open_speech(sid)
        await pilot.pause()
        screen = app.screen
        await pilot.press("slash", *"廉潔", "enter")
        await pilot.pause()
        assert screen.matches, "廉潔 (traditional) finds 廉洁"


async def _concordance(pilot, app, query: str) -> ConcordanceScreen:
    screen = await open_concordance(pilot, app)
    await pilot.press(*query, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_concordance_lists_every_hit_aligned_and_sorts(make_app, store):
    app = make_app()
    # (titles and section headings are searched too, and listed as such)
    texts = searched_texts(store)
    total = sum(t.count(WORD) for ts in texts.values() for t in ts)
    speeches = sum(1 for ts in texts.values() if any(WORD in t for t in ts))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await _concordance(pilot, app, WORD)
        table = screen.query_one(KwicTable)
        assert len(table.rows) == total
        text = screen_text(app)
        assert f"{total} hits in {speeches} speeches" in text
        # every visible hit starts in the same terminal column (CJK cells counted)
        from rich.cells import cell_len

        cols = set()
        for y in range(1, min(len(table.rows), table.size.height - 1) + 1):
            line = "".join(seg.text for seg in table.render_line(y))
            cols.add(cell_len(line[: line.index(WORD)]))
        assert len(cols) == 1, cols
        # sort by right context: rows ordered by the folded right context
        await pilot.press("s", "s", "s")
        assert screen.sort == "right"
        rights = [r.right for r in table.rows]
        assert rights == sorted(rights)
        await pilot.press("s")
        assert screen.sort == "speech"
        assert [r.order for r in table.rows] == sorted(r.order for r in table.rows)


async def test_concordance_narrow_enter_and_copy(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        screen = await _concordance(pilot, app, WORD)
        table = screen.query_one(KwicTable)
        n = len(table.rows)
        target = table.rows[-1]
        import re

        word = re.findall("[\u4e00-\u9fff]{2}", target.right)[0]
        await pilot.press("slash", *word)
        await pilot.pause()
        assert 0 < len(table.rows) < n and all(word in r.left + r.match + r.right or word in r.title for r in table.rows)
        await pilot.press("escape")
        assert len(table.rows) == n
        # y: the hit's sentence with its citation line
        table.move_cursor(0)
        row = table.rows[0]
        await pilot.press("y")
        sp = store.speech(row.hit.speech_id)
        sentence = sp.paragraphs[row.hit.paragraph].sentences[row.hit.sentence].text
        assert WORD in sentence
        assert app.clipboard.startswith(sentence)
        assert f"《{sp.title}》" in app.clipboard
        # two marked lines: each with its citation
        await pilot.press("v", "v", "y")
        assert app.clipboard.count("《") == 2 and app.clipboard.count("段") >= 2
        # Enter opens the reader at the hit, highlighted, n continues
        table.move_cursor(1)
        row = table.rows[1]
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.speech_id == row.hit.speech_id
        view = reader.query_one(ReaderView)
        m = reader.matches[reader.match_index]
        assert view.doc.blocks[m.block].para == row.hit.paragraph and m.start == row.hit.start
        assert view.current_match == (m.block, m.start, m.end)
        assert reader.jump_mode == "search"


async def test_concordance_within_the_theme_filter_and_T_drops_it(make_app, store):
    app = make_app()
    scope = {s.id for s in store.filter(["history"])}
    assert 0 < len(scope) < 5
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t", *"history", "enter")
        await pilot.pause()
        screen = await _concordance(pilot, app, "同志")
        table = screen.query_one(KwicTable)
        assert {r.hit.speech_id for r in table.rows} <= scope
        inside = len(table.rows)
        await pilot.press("T")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(table.rows) > inside


async def test_distribution_per_year_is_drawn(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await _concordance(pilot, app, "发展")
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "per 10 000 characters" in text and "█" in text
        await pilot.press("d")
        await pilot.pause()
        assert "densest speeches" in screen_text(app)


BAD = ["[/]", "[@click=app.quit]x", "\x1b[31m发展\x07", "发" * 10_000]


async def test_bad_queries_in_the_concordance(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_concordance(pilot, app)
        for q in BAD:
            box = screen.query_one("#query")
            box.value = q
            box.focus()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is screen and app.is_running
        assert "cut to its first" in screen.message
        for q, msg in [("", "Type something"), (" ", "Type something"), ("re:(", "Not a valid regular expression")]:
            screen.query_one("#query").value = q
            screen.query_one("#query").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert msg in screen.message
        # the markup was searched as text: nothing was clicked, nothing broke
        screen.query_one("#query").value = "[@click=app.quit]"
        screen.query_one("#query").focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert app.is_running and screen.message.startswith("no hits")


async def test_catastrophic_regex_does_not_freeze_the_reader(make_app, tmp_path, monkeypatch):
    import threading

    from jianghua.tui.screens import reader_find as reader_module

    store = long_paragraph_store(tmp_path)
    regex_threads = []
    real = reader_module.find_all

    def spy(doc, q, timeout=None, **kw):
        if q.is_regex:
            regex_threads.append(threading.current_thread())
        return real(doc, q, timeout, **kw)

    monkeypatch.setattr(reader_module, "find_all", spy)
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.open_speech(store.speeches()[0].id)
        await pilot.pause()
        screen = app.screen
        await pilot.press("slash", *"re:(a+)+$")
        await pilot.press("backspace")  # a new keystroke cancels the old search
        await pilot.press("escape")  # and Esc closes the prompt
        assert not screen.query_one(FindInput).has_class("-shown")
        await pilot.press("slash", *"re:(a+)+$", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert screen.find_query is None  # never confirmed: it took too long
        # every regex ran off the UI thread (a regex in the UI thread would freeze it)
        assert regex_threads and threading.main_thread() not in regex_threads


async def test_catastrophic_regex_in_the_concordance_stops_with_a_message(make_app, tmp_path):
    app = make_app(long_paragraph_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await _concordance(pilot, app, "re:(a+)+$")
        assert "takes too long" in screen.message
        assert not screen.message.startswith("no hits"), screen.message  # stopped: it does not know there are none
        screen.query_one("#query").value = "re:(.*)*x"
        screen.query_one("#query").focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and (("takes too long" in screen.message) != screen.message.startswith("no hits")), screen.message


async def test_reader_find_says_not_found_and_wraps_in_chinese(make_app, store, lang):
    lang("zh")
    sid = _speech_with(store, WORD)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.open_speech(sid)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("slash", *"没有这个词语", "enter")
        await pilot.pause()
        assert any("未找到" in n for n in notifications(app))
        await pilot.press("slash", *WORD, "enter")
        await pilot.pause()
        for _ in range(len(screen.matches)):
            await pilot.press("n")
        await pilot.pause()
        assert any("从开头继续查找" in n for n in notifications(app))
