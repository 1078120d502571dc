"""The terminal's screen as cells, and the bytes that take it from one frame to the next.

`tui/output.py` keeps a `Frame` of what the terminal shows and, for each new frame
Textual composes, writes only the cells that differ (`changes`). When the new frame
is the old one shifted up or down in a band of rows (the reader scrolled by a few
lines), it first scrolls that band on the terminal — a scroll region (DECSTBM), a
line feed at its bottom margin (or a reverse index at its top) per line, the margins
reset — and then writes the cells that still differ: the lines scrolled in, the
highlight that moved, the panes beside the text whose cells did not move. It scrolls
only when that is shorter than writing the cells; both are computed.

A cell is (text, before, after): its character and the escape sequences Textual
writes around it for its style (an SGR, a hyperlink), so that two cells compare
equal exactly when the terminal shows them alike (segments' meta, which Textual
varies per line for the mouse, is not written and does not count). The second
half of a wide character is a cell with text "". A cell scrolled in is `BLANK`,
which equals no cell Textual paints, so it is always written.

Line feed, reverse index and DECSTBM are VT100: xterm, tmux, screen, the Linux
console and every emulator in use keep them; the margins are reset before the
write ends, so nothing else ever sees them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.cells import get_character_cell_size
from rich.segment import Segment
from rich.style import Style

Cell = tuple[str, str, str]
Row = list[Cell]
BLANK: Cell = ("", "\x00", "")  # a cell scrolled in: blank, default colours, equal to nothing painted
PAD: Cell = (" ", "", "")  # (a row Textual composed short: a plain blank)
GAP = 5  # unchanged cells between two changed runs written over rather than skipped (a cursor move is 6–8 bytes)
MIN_ROWS = 3  # changed rows below which no scroll is looked for
CHUNK = 8  # cells per signature chunk when looking for a shift


class Styles:
    """Style → the text written before and after a cell of it (cached; one console)."""

    def __init__(self, color_system) -> None:
        self.color_system = color_system
        self._cache: dict[Style, tuple[str, str]] = {}

    def __call__(self, style: Style | None) -> tuple[str, str]:
        if style is None:
            return "", ""
        got = self._cache.get(style)
        if got is None:
            if len(self._cache) > 20000:
                self._cache.clear()
            before, _, after = style.render("\x00", color_system=self.color_system).partition("\x00")
            got = self._cache[style] = (before, after)
        return got


def row_cells(segments: Iterable[Segment], width: int, styles: Styles) -> Row:
    """One row of `width` cells from Textual's segments."""
    row: Row = []
    append = row.append
    for text, style, control in segments:
        if control or not text:
            continue
        before, after = styles(style)
        if text.isascii():
            row.extend((ch, before, after) for ch in text)
            continue
        for ch in text:
            w = get_character_cell_size(ch)
            if w == 0:
                if row:
                    t, b, a = row[-1]
                    row[-1] = (t + ch, b, a)
                continue
            append((ch, before, after))
            if w == 2:
                append(("", before, after))
    if len(row) < width:
        row.extend([PAD] * (width - len(row)))
    return row[:width]


def move_to(x: int, y: int) -> str:
    return f"\x1b[{y + 1};{x + 1}H"


def _runs(old: Row, new: Row) -> list[tuple[int, int]]:
    """The spans [x1, x2) of `new` to write over `old` (wide characters whole)."""
    runs: list[list[int]] = []
    for x, (a, b) in enumerate(zip(old, new)):
        if a != b:
            if runs and x - runs[-1][1] <= GAP:
                runs[-1][1] = x + 1
            else:
                runs.append([x, x + 1])
    width = len(new)
    for run in runs:
        if run[0] > 0 and new[run[0]][0] == "":
            run[0] -= 1
        if run[1] < width and new[run[1]][0] == "":
            run[1] += 1
    return [(a, b) for a, b in runs]


def write_row(row: Row, y: int, x1: int, x2: int, out: list[str]) -> None:
    out.append(move_to(x1, y))
    after = ""
    prev = None
    for text, b, a in row[x1:x2]:
        if (b, a) != prev:
            out.append(after)
            out.append(b)
            after, prev = a, (b, a)
        out.append(text)
    out.append(after)


def changes(old: list[Row], new: list[Row]) -> str:
    """The writes that take a terminal showing `old` to `new` (same size), cell by cell."""
    out: list[str] = []
    for y, (o, n) in enumerate(zip(old, new)):
        if o != n:
            for x1, x2 in _runs(o, n):
                write_row(n, y, x1, x2, out)
    return "".join(out)


def _signatures(rows: list[Row]) -> list[list[int]]:
    return [[hash(tuple(r[i : i + CHUNK])) for i in range(0, len(r), CHUNK)] for r in rows]


def find_shift(old: list[Row], new: list[Row]) -> tuple[int, int, int] | None:
    """(d, top, bottom): scrolling rows top..bottom by d (content up when d > 0) makes
    the most changed cells right; None when fewer than MIN_ROWS rows changed or no shift helps."""
    height = len(new)
    changed = [y for y in range(height) if old[y] != new[y]]
    if len(changed) < MIN_ROWS:
        return None
    so, sn = _signatures(old), _signatures(new)
    best, best_gain = 0, 0
    for d in range(-(height - 1), height):
        if d == 0:
            continue
        gain = 0
        for y in changed:
            src = y + d
            if 0 <= src < height:
                gain += sum(1 for c, (a, b) in enumerate(zip(sn[y], so[src])) if a == b and sn[y][c] != so[y][c])
        if gain > best_gain:
            best, best_gain = d, gain
    if best == 0 or best_gain < MIN_ROWS:
        return None
    rows = [y for y in changed if 0 <= y + best < height and any(a == b and a != c for a, b, c in zip(sn[y], so[y + best], so[y]))]
    top, bottom = min(rows), max(rows)
    if best > 0:
        bottom += best
    else:
        top += best
    return best, top, bottom


def scrolled(old: list[Row], d: int, top: int, bottom: int) -> tuple[str, list[Row]]:
    """The bytes that scroll rows top..bottom of the terminal by d, and the frame after."""
    rows = [list(r) for r in old]
    band = rows[top : bottom + 1]
    blank = [BLANK] * len(old[0])
    n = abs(d)
    if d > 0:
        band = band[n:] + [list(blank) for _ in range(n)]
        moves = move_to(0, bottom) + "\n" * n
    else:
        band = [list(blank) for _ in range(n)] + band[: len(band) - n]
        moves = move_to(0, top) + "\x1bM" * n
    rows[top : bottom + 1] = band
    # (the terminal is in plain colours: the lines scrolled in take the default background)
    return f"\x1b[{top + 1};{bottom + 1}r" + moves + "\x1b[r", rows


def update(old: list[Row], new: list[Row], pack: Callable[[str], str] = lambda s: s) -> str:
    """The shorter of: the changed cells; a scroll of a band of rows, then the cells
    that still differ. `pack` rewrites the cells' writes (output.compact_sgr); the
    terminal is in plain colours before and after."""
    plain = pack(changes(old, new))
    shift = find_shift(old, new)
    if shift is None:
        return plain
    d, top, bottom = shift
    if bottom - top + 1 <= abs(d):
        return plain
    scroll, after = scrolled(old, d, top, bottom)
    moved = scroll + pack(changes(after, new))
    return moved if len(moved.encode()) < len(plain.encode()) else plain
