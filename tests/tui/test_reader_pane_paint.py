"""`u` in the reader: the pane of the speech's formulations shows its rows in the
key's own frame (counted ahead, once the speech is shown — never "counting…"), the
text keeps its place and width, the cursor dims while the pane has the focus, and
moving the focus in and out sends the pane's border, not the pane again."""

from __future__ import annotations

from rich.color import ColorSystem

from tests.bench.probes import frame_text
from tui_helpers import open_reader, record, wait_until

from jianghua.tui.widgets.formulation_pane import FormulationPane

SIZE = (120, 36)


def frames(app) -> list[str]:
    """The text of every frame painted from now on."""
    seen: list[str] = []
    orig = type(app)._display

    def painting(self, screen, renderable):
        if renderable is not None:
            seen.append(frame_text(renderable))
        return orig(self, screen, renderable)

    app._display = painting.__get__(app)
    return seen


async def counted_ahead(app, pilot, store):
    store.read_kept_formulations() or store.formulations()  # (what the app does when the list rests)
    screen, view = await open_reader(app, pilot, store)
    await wait_until(pilot, lambda: screen.speech_id in screen._uses, "the pane's rows counted ahead")
    return screen, view


async def test_u_shows_the_rows_in_its_first_frame(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await counted_ahead(app, pilot, store)
        pane = screen.query_one(FormulationPane)
        seen = frames(app)
        await pilot.press("u")
        await pilot.pause()
        assert pane.has_focus and pane.uses
        assert seen and "两个确立" in seen[0]  # the rows, in the key's own frame
        assert not any("counting" in f for f in seen)


def text_shown(app, view) -> str:
    """The rows of the text as the terminal shows them (right of the side column)."""
    r = view.region
    strips = app.screen._compositor.render_strips()[r.y : r.bottom]
    return "\n".join(s.crop(r.x, r.right).text for s in strips)


async def test_the_text_keeps_its_place_as_the_pane_opens_and_closes(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await counted_ahead(app, pilot, store)
        await pilot.press("space", "j", "j")
        await pilot.pause()
        place = (view.cursor, view.scroll_y, view.size.width)
        text = text_shown(app, view)
        assert view.scroll_y > 0 and text.strip()
        await pilot.press("u")
        assert screen.query_one(FormulationPane).has_focus
        assert (view.cursor, view.scroll_y, view.size.width) == place
        assert text_shown(app, view) == text
        await pilot.press("u")  # back to the text
        assert view.has_focus and (view.cursor, view.scroll_y, view.size.width) == place
        await pilot.press("j")
        assert view.cursor != place[0] and view.scroll_y == place[1]


def cursor_background(app, view):
    """The background of the cursor's first cell, as painted."""
    line, _ = view.doc.sentence_lines(view.cursor)
    row = view.region.y + line - int(view.scroll_y)
    strip = app.screen._compositor.render_strips()[row]
    text = view.doc.sentence_text(view.cursor)
    for seg in strip:
        if seg.text.strip() and seg.text.strip()[0] == text[0]:
            return seg.style.bgcolor
    raise AssertionError("the cursor's sentence is not on its row")


async def test_the_cursor_dims_while_a_pane_has_the_focus(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await counted_ahead(app, pilot, store)
        await pilot.press("j")
        bright = cursor_background(app, view)
        await pilot.press("u")
        dim = cursor_background(app, view)
        assert dim != bright
        await pilot.press("escape")
        assert view.has_focus and cursor_background(app, view) == bright


async def test_focus_in_and_out_sends_the_border_not_the_pane(make_app, store, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app.console, "_color_system", ColorSystem.TRUECOLOR)  # (every shade tells, as in most terminals)
        screen, view = await counted_ahead(app, pilot, store)
        out = record(app)
        app.screen.refresh()
        await pilot.pause()
        out.clear()
        await pilot.press("u")
        await pilot.pause()
        shown = len("".join(out).encode())  # the pane's rows, in place of the outline's
        out.clear()
        await pilot.press("u")  # back to the text: its border, title and the cursor's lines change, not its rows
        await pilot.pause()
        sent = len("".join(out).encode())
        assert view.has_focus and 0 < sent < 2048 and sent < shown / 2
        out.clear()
        await pilot.press("u")  # and in again
        await pilot.pause()
        sent = len("".join(out).encode())
        assert 0 < sent < 2048 and sent < shown / 2


def test_no_style_rule_depends_on_the_text_having_the_focus():
    """ReaderView is not restyled as the focus comes and goes (only the cursor's lines
    repaint, reader_view._focus_changed): a rule on its :focus or :blur would not apply."""
    import re
    from pathlib import Path

    import jianghua.tui as tui

    root = Path(tui.__file__).parent
    rule = re.compile(r"ReaderView[^{};]*:(focus|blur)\b[^{};]*\{")
    found = [f"{p.relative_to(root)}: {m.group(0)}" for p in [*root.rglob("*.py"), *root.rglob("*.tcss")]
             for m in rule.finditer(p.read_text(encoding="utf-8"))]
    assert not found, found
