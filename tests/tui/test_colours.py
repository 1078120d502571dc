"""Colours a reader can tell apart: in 16-colour terminals the cursor sentence, the
selection and the outline's highlight differ by colour (not bold alone); marked
sentences differ from headings; in light colour schemes marked text has a WCAG
contrast of at least 4.5:1. Measured on what the compositor paints (after
Textual's blending and filters), downgraded as the console writes it."""

from __future__ import annotations

import io

import pytest
from rich.color import ColorSystem
from rich.console import Console

from jianghua.tui.output import FEW_COLOURS, few_colours
from tui_helpers import COUNTY, SIZE, open_reader

# the light schemes whose plain text itself reaches 4.5:1 (solarized-light's does not: 4.4)
LIGHT = ["textual-light", "catppuccin-latte", "atom-one-light", "rose-pine-dawn"]


def luminance(triplet) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = triplet
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def style_at(app, text: str, min_x: int = 0):
    """The style the screen paints `text` with (first found at or right of column min_x)."""
    for row in app.screen._compositor.render_strips():
        x = 0
        for seg in row:
            if x >= min_x and text in seg.text:
                return seg.style
            x += seg.cell_length
    raise AssertionError(f"{text!r} is not on screen")


def written(style, system: ColorSystem) -> tuple:
    """(foreground, background) as the console writes them in that colour system."""
    def down(c):
        if c is None or c.is_default:
            return None
        c = c.downgrade(system)
        return c.number if c.triplet is None or system != ColorSystem.TRUECOLOR else c.triplet

    return down(style.color), down(style.bgcolor)


async def looks(app, pilot, store, system: ColorSystem) -> dict[str, tuple]:
    """How the cursor sentence, the selection, the outline highlight, plain text, a
    heading and a marked sentence are written."""
    screen, view = await open_reader(app, pilot, store, COUNTY)
    doc = view.doc
    first, second = doc.sentence_ids[0], doc.sentence_ids[1]
    view.set_themes(frozenset(t for ts in doc.sentence_themes.values() for t in ts))
    marked = next(s for s in view.hits() if s not in (first, second) and doc.sentence_lines(s)[0] < view.size.height - 2)
    plain = next(s for s in doc.sentence_ids[2:] if not view.is_hit(s) and doc.sentence_lines(s)[0] < view.size.height - 2)
    await pilot.press("v", "j")
    await pilot.pause()
    assert view.cursor == second and view.selection() == [first, second]
    reader_x = view.region.x
    sections = [s for s in doc.speech.sections if s.heading]
    found = {
        "cursor": style_at(app, doc.sentence_text(second)[:3], reader_x),
        "selection": style_at(app, doc.sentence_text(first)[:3], reader_x),
        "plain": style_at(app, doc.sentence_text(plain)[:4], reader_x),
        "marked": style_at(app, doc.sentence_text(marked)[:4], reader_x),
        "heading": style_at(app, sections[0].heading[:4], reader_x),
        "outline": style_at(app, "（开头）"),  # the section of the first sentences: highlighted
    }
    return {k: (written(s, system), bool(s.bold), bool(s.underline)) for k, s in found.items()}


@pytest.mark.parametrize("scheme", ["textual-dark", "textual-light", "ansi-dark", "ansi-light"])
async def test_16_colours_tell_cursor_selection_and_outline_apart_by_colour(make_app, store, monkeypatch, scheme):
    app = make_app()
    # what a terminal of 16 colours gives the app (its driver sets the class: test_mouse_mode.py)
    app.console._color_system = ColorSystem.STANDARD
    app.set_class(True, FEW_COLOURS)
    app.theme = scheme
    async with app.run_test(size=SIZE) as pilot:
        seen = await looks(app, pilot, store, ColorSystem.STANDARD)
    colours = {k: v[0] for k, v in seen.items()}
    for a, b in [("cursor", "selection"), ("cursor", "outline"), ("selection", "outline"),
                 ("cursor", "plain"), ("selection", "plain"), ("outline", "plain"),
                 ("marked", "heading"), ("marked", "plain")]:
        assert colours[a] != colours[b], (scheme, a, b, colours)


def test_a_terminal_of_16_colours_is_recognised():
    for system, few in (("standard", True), ("256", False), ("truecolor", False)):
        console = Console(file=io.StringIO(), force_terminal=True, color_system=system)
        assert few_colours(console) is few


@pytest.mark.parametrize("scheme", LIGHT)
async def test_marked_text_in_light_schemes_has_contrast(make_app, store, scheme):
    app = make_app()
    assert not app.has_class(FEW_COLOURS)  # (a headless run: full colour, whatever TERM says)
    app.theme = scheme
    async with app.run_test(size=SIZE) as pilot:
        seen = await looks(app, pilot, store, ColorSystem.TRUECOLOR)
    (fg, bg), _, underline = seen["marked"]
    assert underline and contrast(fg, bg) >= 4.5, (scheme, fg, bg, contrast(fg, bg))
    assert seen["marked"][0] != seen["heading"][0]  # marked sentences and headings look different
    assert seen["cursor"][0] != seen["marked"][0]
