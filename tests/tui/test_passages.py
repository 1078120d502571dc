"""The passages view: every passage of the active theme(s); Enter opens the reader there."""

from __future__ import annotations

from jianghua.tui.citation import citation
from jianghua.tui.screens.passages import PassagesScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.widgets.line_table import LineTable
from jianghua.tui.widgets.reader_view import ReaderView
from tui_helpers import SIZE, screen_text, settle


async def test_passages_of_one_theme_and_open_at_one(make_app, store):
    app = make_app()
    expected = store.passages(["execution"])
    assert len(expected) >= 3
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        assert isinstance(app.screen, PassagesScreen)
        assert "Choose themes with t" in screen_text(app)
        await pilot.press("t", *"担当", "enter")
        await settle(pilot, app)
        table = app.screen.query_one(LineTable)
        assert table.rows == expected
        text = screen_text(app)
        assert f"{len(expected)} passages" in text
        assert expected[0].title[:10] in text
        # the preview shows the highlighted passage's text
        await pilot.press("down", "down")
        p = expected[2]
        assert store.passage_text(p)[:20] in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.speech_id == p.speech_id
        view = app.screen.query_one(ReaderView)
        assert view.doc.paragraph_of_sentence(view.cursor) == p.paragraph
        first, _ = view.doc.sentence_lines(view.cursor)
        assert view.scroll_y <= first < view.scroll_y + view.size.height
        await pilot.press("q")
        assert isinstance(app.screen, PassagesScreen)
        assert table.cursor == 2


async def test_passages_follow_the_filter_all_and_any(make_app, store):
    app = make_app()
    ids = ("politics", "theory")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.apply_filter_ids(ids)
        await pilot.press("p")
        await settle(pilot, app)
        table = app.screen.query_one(LineTable)
        assert table.rows == store.passages(ids, "all")
        # checked without store.passages on two themes: each paragraph's own themes
        keys = {t: {(s.id, k) for s in store.speeches() for k, p in enumerate(store.speech(s.id).paragraphs) if t in p.themes} for t in ids}
        assert {(p.speech_id, p.paragraph) for p in table.rows} == keys["politics"] & keys["theory"] != set()
        await pilot.press("t", "tab", "enter")  # same themes, any of
        await settle(pilot, app)
        assert app.theme_filter.mode == "any"
        assert table.rows == store.passages(ids, "any")
        assert {(p.speech_id, p.paragraph) for p in table.rows} == keys["politics"] | keys["theory"]
        assert len(store.passages(ids, "any")) > len(store.passages(ids, "all"))


async def test_copy_a_passage_with_its_citation(make_app, store):
    app = make_app()
    p = store.passages(["integrity"])[0]
    sp = store.speech(p.speech_id)
    para = sp.paragraphs[p.paragraph]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.apply_filter_ids(("integrity",))
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("y")
        heading = sp.sections[para.section].heading
        where = f"{heading} 第{para.number_in_section}段" if heading else f"第{para.number_in_section}段"
        line = citation(sp, p.paragraph).text("full")
        assert line.startswith(f"《{sp.title}》") and line.endswith(where)
        assert app.clipboard == para.text + "\n" + line
        await pilot.press("escape")
        assert not isinstance(app.screen, PassagesScreen)


async def test_passages_are_read_off_the_ui_thread(make_app, store, monkeypatch):
    import threading

    gate = threading.Event()
    real = store.passages

    def slow(ids, mode="all"):
        assert gate.wait(10)
        return real(ids, mode)

    monkeypatch.setattr(store, "passages", slow)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.apply_filter_ids(("politics",))
        await pilot.press("p")
        await pilot.pause()
        assert "Reading the passages" in screen_text(app)
        await pilot.press("j", "question_mark", "escape")  # the UI answers meanwhile
        assert isinstance(app.screen, PassagesScreen)
        gate.set()
        await settle(pilot, app)
        assert app.screen.query_one(LineTable).rows == real(["politics"])


async def test_from_the_reader_a_passage_opens_in_the_same_reader(make_app, store):
    app = make_app()
    p = next(x for x in store.passages(["office"]) if x.speech_id != store.speeches()[0].id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "t", *"office", "enter")  # reader of the first speech
        await pilot.press("p")
        await settle(pilot, app)
        table = app.screen.query_one(LineTable)
        table.move_cursor(table.rows.index(p))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert [type(s).__name__ for s in app.screen_stack] == ["SpeechListScreen", "ReaderScreen"]
        assert app.screen.speech_id == p.speech_id
        view = app.screen.query_one(ReaderView)
        assert view.doc.paragraph_of_sentence(view.cursor) == p.paragraph


async def test_passages_number_paragraphs_as_the_reader_and_citations_do(make_app, store):
    """Issue 12 §2.3: 第N段 is the paragraph within its section in the passages column,
    the preview, the reader's status line and the citation of a copy."""
    import re

    rows = store.passages(["politics"])
    k, p = next((k, p) for k, p in enumerate(rows) if store.speech(p.speech_id).paragraphs[p.paragraph].number_in_section != p.paragraph + 1)
    n = store.speech(p.speech_id).paragraphs[p.paragraph].number_in_section
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.apply_filter_ids(("politics",))
        await pilot.press("p")
        await settle(pilot, app)
        table = app.screen.query_one(LineTable)
        table.move_cursor(k)
        await pilot.pause()
        assert table.cells(p)[2] == str(n)
        assert f"para {n} in section" in screen_text(app)  # the preview says what it counts
        await pilot.press("y")
        assert re.search(rf"第{n}段$", app.clipboard)
        await pilot.press("enter")
        await pilot.pause()
        assert f"para {n} in section" in screen_text(app)  # the reader's status line
