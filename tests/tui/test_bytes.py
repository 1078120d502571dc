"""Over SSH the browser sends only what changed: and the terminal still shows what
a full repaint would.

The app runs with a driver that records what it writes (as a terminal would get
it); a small terminal model (tests/bench/bytes.py) replays the bytes. After a walk
through the list and the reader, every cell (character and colours) must be what a
full repaint of the final screen writes — a line left stale by a partial update
fails — and a cursor move must cost a few lines, not the screen.
"""

from __future__ import annotations

from tests.bench.bytes import Screen
from textual._compositor import LayoutUpdate

from jianghua.tui.widgets.line_table import LineTable

from tui_helpers import record

SIZE = (120, 36)


async def full_repaint(app, pilot) -> Screen:
    """The screen as a repaint of every widget writes it."""
    for widget in app.screen.query("*"):
        widget.refresh()
    await pilot.pause()
    update = app.screen._compositor.render_update(full=True)
    assert isinstance(update, LayoutUpdate)
    term = Screen(SIZE)
    term.feed(update.render_segments(app.console).encode())
    return term


def shown(out: list[str]) -> Screen:
    term = Screen(SIZE)
    term.feed("".join(out).encode())
    return term


def diff(a: Screen, b: Screen) -> list[int]:
    return [y for y, (ra, rb) in enumerate(zip(a.styled_lines(), b.styled_lines())) if ra != rb]


async def walk(pilot, keys: list[str]) -> None:
    for k in keys:
        await pilot.press(k)
        await pilot.pause()
    await pilot.pause()


async def test_the_terminal_shows_what_a_full_repaint_shows(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        out = record(app)
        app.screen.refresh()  # a first full frame on the recording terminal
        await walk(pilot, ["down", "down", "up"])
        assert diff(shown(out), await full_repaint(app, pilot)) == []
        # a full frame whose rows are those of an earlier full frame, partly painted over since
        app.screen.query_one(LineTable).move_cursor(0)
        app.screen.refresh()
        await pilot.pause()
        assert diff(shown(out), await full_repaint(app, pilot)) == []
        await walk(pilot, ["enter", "j", "j", "j", "J", "J", "space", "v", "j", "j"])
        assert diff(shown(out), await full_repaint(app, pilot)) == []
        await walk(pilot, ["escape", "K", "b", "G", "k", "g", "o", "o", "n"])
        assert diff(shown(out), await full_repaint(app, pilot)) == []
        await walk(pilot, ["q", "down", "enter", "J", "space"])
        assert diff(shown(out), await full_repaint(app, pilot)) == []


async def test_a_cursor_move_sends_its_lines_not_the_screen(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        out = record(app)
        await walk(pilot, ["down"])
        sent = "".join(out).encode()
        assert 0 < len(sent) < 1536  # two rows of the list (the whole table was 6.5 KB)
        await walk(pilot, ["enter"])
        out.clear()
        await walk(pilot, ["j"])
        sent = "".join(out).encode()
        assert 0 < len(sent) < 2560  # the sentence's lines and the status line (was 8.7 KB)
        per_J = []
        for _ in range(8):  # paragraph by paragraph: several of them scroll the text
            out.clear()
            top = app.screen.query_one("ReaderView").scroll_y
            await walk(pilot, ["J"])
            per_J.append((app.screen.query_one("ReaderView").scroll_y != top, len("".join(out).encode())))
        scrolled = [n for moved, n in per_J if moved]
        # a scroll, the lines scrolled in and the outline's cells beside them: a short scroll is
        # cheap (without the terminal's scroll every one here cost 3.8-4.1 KB, a text-area repaint)
        assert scrolled and min(scrolled) < 2048 and max(scrolled) < 4500, per_J


def test_compact_styles_paint_the_same_cells():
    """Style changes written as differences: every cell keeps its attributes and
    colours, in 16, 256 and 24-bit colour, with attributes turned on and off."""
    import io
    import random

    from rich.console import Console
    from rich.style import Style

    from jianghua.tui.output import compact_sgr

    rnd = random.Random(16)
    colours = [None, "red", "bright_white", "color(208)", "#1e1e1e", "#e0e0e0", "rgb(69,80,90)"]
    for system in ("standard", "256", "truecolor"):
        console = Console(file=io.StringIO(), color_system=system, width=120, force_terminal=True)
        for _ in range(40):
            parts = []
            for y in range(6):
                parts.append(f"\x1b[{y + 1};1H")
                for _ in range(rnd.randint(1, 8)):
                    style = Style(
                        color=rnd.choice(colours), bgcolor=rnd.choice(colours), bold=rnd.random() < 0.3,
                        dim=rnd.random() < 0.1, italic=rnd.random() < 0.2, underline=rnd.random() < 0.2,
                        reverse=rnd.random() < 0.2, strike=rnd.random() < 0.1,
                    )
                    parts.append(style.render(rnd.choice(["ab", " ", "讲话", "x y"]), color_system=console._color_system))
            raw = "".join(parts)
            packed = compact_sgr(raw)
            a, b = Screen(SIZE), Screen(SIZE)
            a.feed(raw.encode())
            b.feed(packed.encode())
            assert a.styled_lines() == b.styled_lines(), (system, raw, packed)
            plain = Screen(SIZE)
            plain.feed(b"\x1b[0m")
            assert b.sgr == plain.sgr  # it ends plain: nothing leaks into the next write
            assert len(packed) <= len(raw) + 4
