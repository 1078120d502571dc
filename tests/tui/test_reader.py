"""The reader: header, outline, sentence cursor, paging, selection, copy, position."""

from __future__ import annotations

import json

from rich.cells import cell_len

from jianghua.tui.messages import OpenSpeech
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.outline import Outline
from jianghua.tui.widgets.reader_view import ReaderView
from tui_helpers import COUNTY, SIZE, notifications, open_reader, screen_text, settle, speech_id, wait_until

CITY = "在2023年全市党政办公室主任会议上的讲话"  # 002: opens with 市委书记***


async def test_header_outline_and_text(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        text = screen_text(app)
        assert COUNTY in text.splitlines()[0]
        assert "2022" in text and "组织生活会" in text and "4077 characters" in text
        outline = screen.query_one(Outline)
        assert outline.display
        headings = [s.heading for s in sp.sections if s.heading]
        assert len(headings) == 4
        assert [str(o.prompt.plain).strip() for o in outline.options][1:] == [h[:12] + "…" if cell_len(h) > 26 else h for h in headings]
        # the first paragraph is on screen, indented, and the standalone heading is its own line
        assert "　　" not in text  # the indent is spaces, not copied text
        assert "    组织生活会是严肃党内政治生活" in text
        assert any(line.strip().endswith("一、围绕固本抓理论学习，进一步汲取信仰之力") for line in text.splitlines())
        assert view.cursor == sp.paragraphs[0].sentences[0].index
        assert f"sent. 1/{sum(len(p.sentences) for p in sp.paragraphs)}" in text


async def test_move_by_sentence_paragraph_and_ends(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    first = [p.sentences[0].index for p in sp.paragraphs]
    last = sp.paragraphs[-1].sentences[-1].index
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        await pilot.press("j", "j")
        assert view.cursor == 2
        await pilot.press("k")
        assert view.cursor == 1
        await pilot.press("down", "up", "down")
        assert view.cursor == 2
        await pilot.press("J")
        assert view.cursor == first[1]
        await pilot.press("J", "ctrl+down")
        assert view.cursor == first[3]
        await pilot.press("j", "K")  # back to the start of this paragraph first
        assert view.cursor == first[3]
        await pilot.press("K")
        assert view.cursor == first[2]
        await pilot.press("ctrl+up")
        assert view.cursor == first[1]
        await pilot.press("G")
        assert view.cursor == last
        assert view.scroll_y > 0
        await pilot.press("g")
        assert view.cursor == first[0] and view.scroll_y == 0


async def test_page_down_and_up(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        await pilot.press("space")
        assert view.scroll_y > 10
        assert view.cursor > 3
        first_line, _ = view.doc.sentence_lines(view.cursor)
        assert view.scroll_y <= first_line < view.scroll_y + view.size.height
        was = view.cursor
        await pilot.press("pagedown")
        assert view.cursor > was
        await pilot.press("b", "b", "b")
        assert view.scroll_y == 0 and view.cursor == 0


async def test_outline_hides_shows_and_jumps(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        outline = screen.query_one(Outline)
        await pilot.press("O")  # hides the side pane for good
        assert not outline.display and view.has_focus
        assert app.state.setting("outline") is False
        assert "一、围绕固本" not in screen_text(app).split("\n")[4]
        await pilot.press("O")
        assert outline.display and view.has_focus
        await pilot.press("o")  # the focus into the outline
        assert outline.display and outline.has_focus
        await pilot.press("down", "down", "down", "enter")  # （开头） 一 二 [三]
        await pilot.pause()
        target = sp.sections[3]
        assert target.heading.startswith("三、")
        assert view.cursor == sp.paragraphs[target.paragraphs[0]].sentences[0].index
        assert view.has_focus
        assert "三、围绕职能抓服务提升" in screen_text(app)
        # moving the cursor moves the outline's highlight
        await pilot.press("g")
        assert outline.highlighted == 0
        # the setting is remembered
        assert app.state.setting("outline") is True


async def test_select_across_paragraphs_and_copy(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    p0, p1, p2 = sp.paragraphs[:3]
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        await pilot.press("v", "j", "j")
        assert view.selection() == [0, 1, 2]
        assert "3 selected · y copies" in screen_text(app)
        await pilot.press("y")
        assert app.clipboard == p0.text + f"\n《{COUNTY}》（2022年） 第1段"
        assert view.anchor is None  # copying ends the selection
        # across paragraphs: from the last sentence of ¶1 (the cursor stayed there) to ¶3
        assert view.cursor == p0.sentences[-1].index
        await pilot.press("v", "j", "j")
        await pilot.press("y")
        assert app.clipboard == "\n".join([p0.sentences[-1].text, p1.text, p2.text]) + f"\n《{COUNTY}》（2022年） 第1–3段"
        # Escape cancels a selection, a second Escape goes back
        await pilot.press("v", "k", "escape")
        assert view.anchor is None and isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, SpeechListScreen)


async def test_copy_sentence_paragraph_and_speech_with_citation(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    sec = sp.sections[3]
    para = sp.paragraphs[sec.paragraphs[0]]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        view.go_to(para.sentences[1].index)
        await pilot.press("y")
        citation = f"《{COUNTY}》（2022年） 三、围绕职能抓服务提升，进一步引领作风之变 第1段"
        assert app.clipboard == para.sentences[1].text + "\n" + citation
        note = notifications(app)[-1]
        assert f"{len(para.sentences[1].text)} characters" in note
        assert para.sentences[1].text[:10] in note
        await pilot.press("Y")
        assert app.clipboard == para.text + "\n" + citation
        await pilot.press("ctrl+y")
        whole = app.clipboard
        assert whole.startswith(COUNTY + "\n同志们：\n")
        for s in sp.sections:
            if s.heading:
                assert s.heading in whole
        for p in sp.paragraphs:
            assert p.text in whole
        assert whole.endswith(f"《{COUNTY}》（2022年）")  # (its occasion, 组织生活会, is in the title)
        # every copy is in the history, newest last, and saved
        assert [h.label for h in app.state.history] == ["sentence", "paragraph", "speech"]
    saved = json.loads(app.state.path.read_text(encoding="utf-8"))
    assert saved["history"][0]["text"] == para.sentences[1].text + "\n" + citation


async def test_placeholders_are_marked_and_announced(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, CITY))
    first = sp.paragraphs[0].sentences[0]
    assert first.placeholders and "***" in first.text
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen, view = await open_reader(app, pilot, store, CITY)
        # the placeholder characters themselves are drawn differently from their neighbours
        y = next(n for n in range(view.size.height) if "***" in view.render_line(n).text)
        segments = list(view.render_line(y))
        marked = [s for s in segments if "*" in s.text]
        assert marked and all(set(s.text) == {"*"} for s in marked)
        assert all(s.style.reverse for s in marked)
        plain = [s for s in segments if s.text.strip() and "*" not in s.text]
        assert plain and not any(s.style.reverse for s in plain)
        assert "contains a redacted name" in screen_text(app)  # status line
        await pilot.press("y")
        assert app.clipboard.startswith(first.text)
        assert "redacted" in notifications(app)[-1]


def saved_position(state_path, sid):
    if not state_path.exists():
        return None
    return json.loads(state_path.read_text(encoding="utf-8"))["positions"].get(sid, {}).get("sentence")


async def test_leaving_the_reader_writes_the_position_at_once(make_app, store, state_path, monkeypatch):
    """A crash or kill right after leaving the reader keeps the position: the file
    is read while the app still runs (its exit would save anyway)."""
    import jianghua.tui.app_state as app_mod

    monkeypatch.setattr(app_mod, "SAVE_DELAY", 3600.0)  # the delayed save never comes in this test
    sid = speech_id(store, COUNTY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        await pilot.press("J", "J", "j")
        where = view.cursor
        assert where > 2
        assert saved_position(state_path, sid) != where  # moving alone waits for the delayed save
        await pilot.press("q")
        assert isinstance(app.screen, SpeechListScreen) and app.is_running
        assert saved_position(state_path, sid) == where
        # and escape leaves the same way
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("j", "j")
        again = app.screen.query_one(ReaderView).cursor
        assert again != where
        await pilot.press("escape")
        assert isinstance(app.screen, SpeechListScreen)
        assert saved_position(state_path, app.screen.query_one("LineTable").current_row.id) == again


async def test_reading_position_is_restored_after_restart(make_app, store, state_path):
    sid = speech_id(store, COUNTY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        await pilot.press("J", "J", "J", "j", "j")
        where = view.cursor
        assert where > 5
        await pilot.press("q")  # leaving the reader saves at once
    assert json.loads(state_path.read_text(encoding="utf-8"))["positions"][sid]["sentence"] == where

    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app2, pilot, store, COUNTY)
        assert view.cursor == where
        first, _ = view.doc.sentence_lines(where)
        assert view.scroll_y <= first < view.scroll_y + view.size.height  # and on screen
        await pilot.press("G")
        last = view.cursor
        await pilot.press("ctrl+q")  # quitting from the reader saves too
    app3 = make_app()
    async with app3.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app3, pilot, store, COUNTY)
        assert view.cursor == last


async def test_small_terminal_wraps_within_the_width(make_app, store):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        assert not screen.query_one(Outline).display  # no room for it
        width = view.scrollable_content_region.width
        for line in view.doc.lines:
            text = view.doc.blocks[line.block].text[line.start : line.end]
            assert 1 + line.indent + cell_len(text) <= width
        for n in range(view.size.height):
            assert view.render_line(n).cell_length == width
        await pilot.press("G", "y")
        assert app.clipboard.endswith("第2段")


async def test_a_click_puts_the_cursor_on_that_sentence(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    target = sp.paragraphs[1].sentences[0]
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        first, _ = view.doc.sentence_lines(target.index)
        await pilot.click(ReaderView, offset=(10, first - int(view.scroll_y)))
        assert view.cursor == target.index


async def test_reader_is_built_before_the_first_enter(make_app, store):
    """While the user looks at the list, the reader screen is mounted and laid out
    off-stage, so the first Enter only lays out text: the first open paints the
    speech at once, with the text at the view's width."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_until(pilot, lambda: app.is_screen_installed("reader") and app.get_screen("reader").is_mounted, "the reader is mounted off-stage")
        reader = app.get_screen("reader")
        assert reader.is_mounted and reader not in app.screen_stack
        assert reader.query_one(ReaderView).size.width > 0  # laid out at the terminal's size
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader and reader.speech is not None
        view = reader.query_one(ReaderView)
        assert view.doc is not None and view.doc.lines
        assert view.has_focus  # the text, not the outline


async def test_the_reader_header_shows_the_speech_keywords(make_app, store, lang):
    """Issue 12 §2.6: the per-speech keywords the README promises are in the reader's header."""
    sp = next(s for s in store.speeches() if s.keywords)
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.post_message(OpenSpeech(sp.id))
        await pilot.pause()
        await pilot.pause()
        header = str(app.screen.query_one("#speech-header").render())
        assert "关键词：" + "、".join(sp.keywords[:3]) in header


async def test_the_read_ahead_timer_after_quitting_does_nothing(make_app):
    """The list's read-ahead runs from a timer; when it fires as the app quits (no screen
    left) it must not raise (it did: ScreenStackError in a CI run)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert not app.screen_stack
    app._read_ahead_current()  # no screen: nothing to read ahead, no exception
