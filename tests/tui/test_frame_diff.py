"""The output layer's frame-to-frame writes leave a real terminal emulator (pyte)
showing exactly what a full repaint shows: for random frame pairs, shifted ones
too (where it scrolls a band of rows first), and in the browser through a walk
that scrolls the reader with `J`."""

from __future__ import annotations

import io
import random
import re

import pyte
from rich.cells import get_character_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from jianghua.tui.frame_diff import Styles, find_shift, row_cells, update, write_row
from jianghua.tui.output import compact_sgr

W, H = 60, 20
SCROLL = re.compile(r"\x1b\[\d+;\d+r")
COLOURS = [None, "red", "bright_white", "color(208)", "#1e1e1e", "#e0e0e0", "rgb(69,80,90)"]
WORDS = ["ab", " ", "讲话", "x y", "坚持", "，", "  "]


def terminal(cols: int = W, rows: int = H) -> tuple[pyte.Screen, pyte.ByteStream]:
    screen = pyte.Screen(cols, rows)
    return screen, pyte.ByteStream(screen)


def cells(screen: pyte.Screen) -> list[list[tuple]]:
    """Every cell: character and its attributes, as the emulator holds them."""
    return [[(c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse, c.strikethrough)
             for c in (screen.buffer[y][x] for x in range(screen.columns))] for y in range(screen.lines)]


def full(frame) -> str:
    """What a full repaint writes: every row from its start."""
    out: list[str] = []
    for y, row in enumerate(frame):
        write_row(row, y, 0, len(row), out)
    return "".join(out)


def wide(cell) -> bool:
    return bool(cell[0]) and get_character_cell_size(cell[0][0]) == 2


def fix(row: list) -> list:
    """No half of a wide character alone (Textual never composes one)."""
    for x, cell in enumerate(row):
        if wide(cell) and (x + 1 == len(row) or row[x + 1][0] != ""):
            row[x] = (" ",) + cell[1:]
        elif cell[0] == "" and (x == 0 or not wide(row[x - 1])):
            row[x] = (" ",) + cell[1:]
    return row


def random_row(rnd: random.Random, styles: Styles, palette: list[Style]) -> list:
    segs, used = [], 0
    while used < W:
        word = rnd.choice(WORDS)
        segs.append(Segment(word, rnd.choice(palette)))
        used += sum(get_character_cell_size(c) for c in word)
    return fix(row_cells(segs, W, styles))


def test_random_frame_pairs_replay_to_the_full_repaint():
    rnd = random.Random(12)
    styles = Styles(Console(file=io.StringIO(), color_system="truecolor", width=W, force_terminal=True)._color_system)
    palette = [Style(color=rnd.choice(COLOURS), bgcolor=rnd.choice(COLOURS), bold=rnd.random() < 0.3,
                     italic=rnd.random() < 0.2, underline=rnd.random() < 0.2, reverse=rnd.random() < 0.1) for _ in range(6)]
    scrolls = 0
    for case in range(60):
        old = [random_row(rnd, styles, palette) for _ in range(H)]
        kind = case % 3
        if kind == 0:  # a few rows changed
            new = [list(r) for r in old]
            for y in rnd.sample(range(H), rnd.randint(1, 6)):
                new[y] = random_row(rnd, styles, palette)
        elif kind == 1:  # a band shifted by d, a pane beside it (left columns) unmoved, new rows scrolled in
            d = rnd.choice([-5, -3, -1, 1, 2, 4, 7])
            top, bottom = rnd.randint(0, 4), rnd.randint(H - 5, H - 1)
            new = [list(r) for r in old]
            for y in range(top, bottom + 1):
                src = y + d
                new[y] = list(old[src]) if top <= src <= bottom else random_row(rnd, styles, palette)
                if rnd.random() < 0.7:
                    new[y][:10] = old[y][:10]  # the outline beside the text does not move
                    fix(new[y])
        else:  # everything new
            new = [random_row(rnd, styles, palette) for _ in range(H)]
        screen, stream = terminal()
        stream.feed(compact_sgr(full(old)).encode())
        written = update(old, new, compact_sgr)
        scrolls += bool(SCROLL.search(written))
        stream.feed(written.encode())
        want, wstream = terminal()
        wstream.feed(compact_sgr(full(new)).encode())
        assert cells(screen) == cells(want), (case, written)
    assert scrolls >= 8  # shifted frames took the scroll


def test_a_shifted_band_is_found():
    styles = Styles(None)
    rows = [row_cells([Segment(f"line {i:02d} " * 5)], W, styles) for i in range(40)]
    old, new = rows[:H], rows[3 : 3 + H]
    new[0] = old[0]  # a header that stays
    assert find_shift(old, new) == (3, 1, H - 1)
    written = update(old, new)
    assert "\x1b[2;20r" in written and len(written) < len("".join(t for r in new[1:] for t, _, _ in r)) // 2


async def test_the_browser_replays_to_its_full_repaint_through_scrolls(make_app):
    from test_bytes import SIZE, full_repaint, record, walk

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        out = record(app)
        app.screen.refresh()
        await walk(pilot, ["enter"])
        for keys in (["J"] * 6, ["j"] * 5, ["space", "K", "K", "k"], ["G", "g", "J", "J"]):
            await walk(pilot, keys)
            screen, stream = terminal(*SIZE)
            stream.feed("".join(out).encode())
            repaint = await full_repaint(app, pilot)
            assert [("".join(c[0] for c in row)).rstrip() for row in cells(screen)] == repaint.lines()
            want, wstream = terminal(*SIZE)
            wstream.feed(app.screen._compositor.render_update(full=True).render_segments(app.console).encode())
            assert cells(screen) == cells(want)
        assert SCROLL.search("".join(out))  # the reader's scrolls were written as scrolls
