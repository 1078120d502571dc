"""The reader's side column: the outline and the set formulations (提法) of the
speech — focus in and out with o / u, j/k, Enter; a formulation's uses lit up and
followed with n/N; the focused pane visible without colour; few bytes per key."""

from __future__ import annotations

from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.widgets.formulation_pane import FormulationPane
from jianghua.tui.widgets.outline import Outline
from tui_helpers import COUNTY, SIZE, open_reader, record, screen_text, speech_id, wait_until


async def open_formulations(app, pilot, store, title=COUNTY):
    screen, view = await open_reader(app, pilot, store, title)
    pane = screen.query_one(FormulationPane)
    await pilot.press("u")
    await wait_until(pilot, lambda: pane.uses, "the speech's formulations counted")
    return screen, view, pane


async def choose(pilot, pane, text):
    """Move the pane's cursor to `text` with j/k and press Enter."""
    target = [u.text for u in pane.uses].index(text)
    here = pane.highlighted or 0
    await pilot.press(*(["j"] * (target - here) if target >= here else ["k"] * (here - target)))
    assert pane.current().text == text
    await pilot.press("enter")


def status(app) -> str:
    return screen_text(app).splitlines()[-2]


def column_top(app) -> str:
    """The top border row of the side column (its title)."""
    return next(line[:30] for line in screen_text(app).splitlines() if "·" in line[:30] and ("━" in line[:30] or "─" in line[:30]))


def matched_text(view, text_of_block):
    return [text_of_block(b)[a:e] for b, spans in view.highlights.items() for a, e in spans]


async def test_the_formulations_of_the_speech_with_their_counts(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    async with app.run_test(size=SIZE) as pilot:
        screen, view, pane = await open_formulations(app, pilot, store)
        assert pane.display and pane.has_focus and not screen.query_one(Outline).display
        counts = {u.text: u.count for u in pane.uses}
        # numbered, paired, quoted and dictionary formulations of this speech, counted in its text
        assert counts["两个确立"] == 2 and counts["三会一课"] == 1 and counts["三服务"] == 3 and counts["八项规定"] == 1
        for text, n in counts.items():  # every count is how often the text says it (what n/N go through)
            assert n == sum(p.text.count(text) for p in sp.paragraphs), text
        assert [u.count for u in pane.uses] == sorted(counts.values(), reverse=True)  # most used first
        shown = screen_text(app)
        assert any(line[:30].startswith("两个确立") and line[:30].rstrip(" ▎").endswith(" 2") for line in shown.splitlines())
        assert "四个月" not in counts and "四个方面" not in counts  # counting is not a formulation


async def test_choosing_one_lights_its_uses_and_n_follows_them(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view, pane = await open_formulations(app, pilot, store)
        await choose(pilot, pane, "两个确立")
        assert view.has_focus and pane.display  # the column stays (it was shown before)
        doc = view.doc
        assert matched_text(view, lambda b: doc.blocks[b].text) == ["两个确立", "两个确立"]
        first, second = screen.matches
        assert view.cursor == first.sentence
        assert "formulation 两个确立 1/2 · n/N" in status(app)
        await pilot.press("n")
        assert view.cursor == second.sentence and "formulation 两个确立 2/2 · n/N" in status(app)
        await pilot.press("n")  # wraps
        assert view.cursor == first.sentence and "1/2" in status(app)
        await pilot.press("N")
        assert view.cursor == second.sentence and "2/2" in status(app)
        await pilot.press("escape")  # clears the marks, as it clears a find
        assert view.highlights == {} and "formulation" not in status(app)


async def test_n_follows_the_most_recent_of_find_formulation_and_themes(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view, pane = await open_formulations(app, pilot, store)
        await choose(pilot, pane, "两个确立")
        await pilot.press("t", *"廉洁", "enter", "enter")  # a theme filter: now n/N follow the marked sentences
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and screen.jump_mode == "theme"
        assert "n/N jump" in screen_text(app)
        assert "formulation 两个确立" in status(app) and "· n/N" not in status(app)
        hits = view.hits()
        await pilot.press("g", "n")
        assert view.cursor == hits[0] or (hits[0] == 0 and view.cursor == hits[1])
        await pilot.press("u")  # the pane again: a formulation chosen now leads n/N
        assert pane.has_focus
        await choose(pilot, pane, "两个确立")
        assert screen.jump_mode == "search" and "formulation 两个确立 1/2 · n/N" in status(app)
        assert "[/] jump" in screen_text(app)  # the theme bar says ] and [ still go to marked sentences
        await pilot.press("n")
        assert view.cursor == screen.matches[1].sentence
        await pilot.press("slash", *"政治", "enter")  # a find: n/N follow it, and the status says find
        assert "find " in status(app) and "formulation" not in status(app)


async def test_outline_focus_j_k_and_enter(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store)
        outline = screen.query_one(Outline)
        assert outline.display and view.has_focus and column_top(app).startswith("─Outline")
        await pilot.press("o", "h")  # h / ← in a pane: back to the text (not out of the reader)
        assert isinstance(app.screen, ReaderScreen) and view.has_focus
        await pilot.press("o")
        assert outline.has_focus and column_top(app).startswith("━Outline")  # the focused pane: a heavy line
        await pilot.press("j", "j", "j", "k")
        assert outline.highlighted == 2 and view.cursor == 0  # the text stays while the outline's cursor moves
        await pilot.press("enter")  # （开头） 一 [二]
        target = sp.sections[2]
        assert target.heading.startswith("二、")
        assert view.cursor == sp.paragraphs[target.paragraphs[0]].sentences[0].index and view.has_focus
        assert column_top(app).startswith("─Outline")
        await pilot.press("o", "o")  # in and out
        assert view.has_focus and outline.display
        await pilot.press("o", "u")  # from one pane to the other: same column, the focus goes along
        pane = screen.query_one(FormulationPane)
        assert pane.has_focus and pane.display and not outline.display and column_top(app).startswith("━Formulations")
        await pilot.press("escape")
        assert view.has_focus and pane.display


async def test_a_hidden_column_shows_for_the_visit(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store)
        outline, pane = screen.query_one(Outline), screen.query_one(FormulationPane)
        await pilot.press("O")
        assert not outline.display and app.state.setting("outline") is False
        width = view.size.width
        await pilot.press("o")
        assert outline.display and outline.has_focus
        await pilot.press("o")
        assert not outline.display and view.has_focus and view.size.width == width
        await pilot.press("u")
        await wait_until(pilot, lambda: pane.uses, "the speech's formulations counted")
        await pilot.press("enter")  # the most used one: marked, and the column hides again
        assert not pane.display and view.has_focus and view.highlights
        assert app.state.setting("outline") is False  # a visit does not change the setting


async def test_the_focused_pane_shows_without_colour(make_app, store):
    """Reversed title and a heavy border: visible in 16 colours, or none."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store)

        def title_styles():
            outline = screen.query_one(Outline)
            strip = app.screen._compositor.render_strips()[outline.region.y]
            return [seg.style for seg in strip if "Outline" in seg.text]

        assert title_styles() and not any(s and s.reverse for s in title_styles())
        await pilot.press("o")
        assert all(s.reverse and s.bold for s in title_styles())


async def test_pane_keys_send_their_rows_not_the_screen(make_app, store):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen, view = await open_reader(app, pilot, store)
        out = record(app)  # (from here the app writes as to a terminal, and knows what that shows)
        app.screen.refresh()
        await pilot.pause()
        pane = screen.query_one(FormulationPane)
        await pilot.press("u")
        await wait_until(pilot, lambda: pane.uses, "the speech's formulations counted")
        await pilot.pause()
        out.clear()
        await pilot.press("j")
        await pilot.pause()
        sent = len("".join(out).encode())
        assert 0 < sent < 1024  # two rows of the pane (the whole pane is several KB)
        out.clear()
        await pilot.press("o")  # the other pane in the same column: the text is not sent again
        await pilot.pause()
        sent = len("".join(out).encode())
        assert 0 < sent < 2048  # (the screen is ~9 KB)
        out.clear()
        await pilot.press("j")  # the outline's cursor, likewise
        await pilot.pause()
        sent = len("".join(out).encode())
        assert 0 < sent < 1024
