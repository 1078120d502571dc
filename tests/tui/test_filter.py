"""Theme filter: the picker, several themes all-of / any-of, the bar, n/N in the reader."""

from __future__ import annotations

from jianghua.tui.dialogs.theme_picker import ThemeOptions, ThemePicker
from jianghua.tui.filtering import ThemeFilter
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.line_table import LineTable
from jianghua.tui.widgets.reader_view import ReaderView
from tui_helpers import SIZE, notifications, screen_text, settle


def ids(app) -> list[str]:
    return [s.id for s in app.screen.query_one(LineTable).rows]


async def test_picker_lists_every_theme_with_counts(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        assert isinstance(app.screen, ThemePicker)
        options = app.screen.query_one(ThemeOptions)
        themes = store.themes()
        assert options.option_count == len(themes) == 12
        text = screen_text(app)
        for t in themes:
            assert t.name in text
            speeches = "1 speech" if t.speeches == 1 else f"{t.speeches} speeches"
            passages = "1 passage" if t.passages == 1 else f"{t.passages} passages"
            assert f"{speeches} · {passages}" in text
        # narrowing by Chinese name, then by id
        await pilot.press(*"廉洁")
        assert [o.id for o in options.options] == ["integrity"]
        await pilot.press("backspace", "backspace", *"org")
        assert [o.id for o in options.options] == ["org_life"]
        await pilot.press("escape")
        assert isinstance(app.screen, SpeechListScreen)
        assert not app.theme_filter.active


async def test_enter_applies_the_highlighted_theme(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t", *"廉洁", "enter")
        await pilot.pause()
        assert app.theme_filter == ThemeFilter(("integrity",), "all")
        assert ids(app) == [s.id for s in store.filter(["integrity"])]
        scores = [s.theme_score("integrity") for s in app.screen.query_one(LineTable).rows]
        assert scores == sorted(scores, reverse=True) and scores[0] > 0  # strongest first
        bar = screen_text(app).splitlines()[0]
        assert "Themes: 廉洁自律" in bar and "T clears" in bar
        # T clears it
        await pilot.press("T")
        assert not app.theme_filter.active
        assert ids(app) == [s.id for s in store.speeches()]
        assert "No theme filter" in screen_text(app).splitlines()[0]


async def test_several_themes_all_of_and_any_of(make_app, store):
    app = make_app()
    chosen = ("history", "safety")  # 1 and 2 speeches, no speech has both
    all_of = [s.id for s in store.filter(chosen, "all")]
    any_of = [s.id for s in store.filter(chosen, "any")]
    # checked without store.filter on two themes: no speech has both; any-of is the union
    assert all_of == []
    assert set(any_of) == {s.id for s in store.speeches() if any(s.theme_score(t) > 0 for t in chosen)}
    assert len(any_of) >= 2
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        picker = app.screen
        options = picker.query_one(ThemeOptions)
        order = [o.id for o in options.options]
        # space toggles the highlighted theme; arrows move
        for tid in chosen:
            while order[options.highlighted] != tid:
                await pilot.press("down")
            await pilot.press("space")
        assert picker.chosen == list(chosen)
        assert "[x] 党史与红色基因" in screen_text(app)
        await pilot.press("tab")  # any of
        assert "any of the chosen themes" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme_filter == ThemeFilter(chosen, "any")
        assert ids(app) == any_of
        assert "(any of)" in screen_text(app).splitlines()[0]
        # m on the list switches to all-of
        await pilot.press("m")
        assert app.theme_filter.mode == "all"
        assert ids(app) == all_of
        assert "(all of)" in screen_text(app).splitlines()[0]
        # the picker opens with the active set and can clear it
        await pilot.press("t")
        assert app.screen.chosen == list(chosen)
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert not app.theme_filter.active
        assert len(ids(app)) == 5


async def test_n_and_N_jump_between_marked_sentences(make_app, store):
    app = make_app()
    sid = store.filter(["integrity"])[0].id
    sp = store.speech(sid)
    hits = [s.index for p in sp.paragraphs for s in p.sentences if "integrity" in s.themes]
    assert len(hits) >= 2
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(LineTable)
        before = (type(app.screen), table.cursor, len(app._notifications), list(table.rows))
        await pilot.press("n")  # nothing to jump to on the list: not bound there
        await pilot.pause()
        assert (type(app.screen), table.cursor, len(app._notifications), list(table.rows)) == before
        assert isinstance(app.screen, SpeechListScreen)
        app.open_speech(sid)
        await pilot.pause()
        view = app.screen.query_one(ReaderView)
        await pilot.press("n")
        assert "No theme filter" in notifications(app)[-1]
        assert view.cursor == 0
        await pilot.press("t", *"integrity", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert view.hits() == hits
        assert f"{len(hits)} marked sentences" in screen_text(app)
        await pilot.press("n")
        assert view.cursor == hits[0]
        await pilot.press("n")
        assert view.cursor == hits[1]
        await pilot.press("N")
        assert view.cursor == hits[0]
        await pilot.press("N")  # wraps to the last
        assert view.cursor == hits[-1]
        assert "Wrapped" in notifications(app)[-1]
        # the marked sentence is drawn underlined, an unmarked one is not
        first, _ = view.doc.sentence_lines(view.cursor)
        line = view.render_line(first - int(view.scroll_y))
        assert any(seg.style and seg.style.underline for seg in line)
        await pilot.press("y")
        assert app.clipboard.startswith(view.doc.sentence_text(hits[-1]))


async def test_picker_from_the_reader_and_clear(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "t", *"讲政治", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.theme_filter.ids == ("politics",)
        assert app.screen.query_one(ReaderView).themes == {"politics"}
        await pilot.press("T")
        assert app.screen.query_one(ReaderView).themes == frozenset()
        await pilot.press("q")
        assert ids(app) == [s.id for s in store.speeches()]


async def test_the_picker_narrows_by_a_theme_name_typed_in_traditional_script(make_app, store):
    """紀律 finds 纪律规矩 and 廉潔 finds 廉洁自律 (as the list's `/` and the palette fold the script)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t", *"紀律")
        assert isinstance(app.screen, ThemePicker)
        await pilot.pause()
        assert [t.id for t in app.screen.shown] == ["discipline"], [t.name for t in app.screen.shown]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SpeechListScreen)
        assert app.theme_filter == ThemeFilter(("discipline",), "all")
        assert ids(app) == [s.id for s in store.filter(["discipline"])]
