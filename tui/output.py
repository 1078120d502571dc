"""What the app writes to its terminal: only the cells that changed.

Over SSH every byte of output travels the link. Textual sometimes renders the whole
screen twice in one go (a screen that needs both a layout and a repaint — every
screen shown, the reader opened — is composed and written twice), repaints the
whole screen when a screen is shown although most of its lines are already on the
terminal, and counts the screen under an opaque one as visible, so that a repaint
there (push_screen refreshes it) repaints the whole top screen once more.

`QuietOutput`, mixed into the App:
- treats a screen under an opaque one as hidden;
- writes the updates of one turn of the event loop at its end, as one write;
- keeps the cells the terminal shows (`frame_diff`: a full-screen update replaces
  them, a partial one changes its lines) and writes only the cells that differ from
  the frame the turn's updates make — after scrolling a band of rows on the
  terminal when the new frame is the old one shifted (the reader scrolled by a few
  lines) and that is shorter. A resize, a resume after suspend or any other output
  make it write the next full-screen update whole.
- asks the terminal to report the mouse only while a button is down, and marks a
  terminal of 16 colours for the style sheet (see `terminal_driver`);
- writes each style change as the difference from the style before it: Textual
  writes a reset and the whole style (~40 bytes in 24-bit colour) for every
  segment; "the same colours, now bold" is `ESC[1m`, a new background alone
  `ESC[48;2;r;g;bm`. Dropping an attribute writes a reset and the whole style in
  one sequence. Each update still ends with a reset, so nothing leaks between
  writes (or to the shell after exit).
Textual's compositor is not touched: it composes every frame as always, and only
what is written for it changes.
"""

from __future__ import annotations

import asyncio
import re
from rich.console import Console, RenderableType
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.driver import Driver
from textual.screen import Screen

from .frame_diff import Row, Styles, row_cells, update


class RawUpdate(CompositorUpdate):
    """Bytes for the terminal, made already (by `frame_diff.update`)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render_segments(self, console: Console) -> str:
        return self.text


_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
_MOVES = re.compile(r"(?:\x1b\[[0-9;]*[HfABCDGd]|\r|\n)*")  # output that prints nothing
_COLOUR = {"38": "fg", "48": "bg", "58": "ul"}
_OFF = {"22": ("1", "2"), "23": ("3",), "24": ("4",), "25": ("5", "6"), "27": ("7",), "28": ("8",), "29": ("9",), "55": ("53",)}
_Style = tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]]
_PLAIN: _Style = (frozenset(), ())


def _apply(style: _Style, params: str) -> _Style:
    """The style after an SGR with these parameters (codes Textual writes: a reset,
    attributes on, 38/48/58 colours, 30-37/90-97/40-47/100-107 colours)."""
    attrs, colours = set(style[0]), dict(style[1])
    codes = params.split(";") if params else ["0"]
    i = 0
    while i < len(codes):
        c = codes[i] or "0"
        if c in _COLOUR:
            n = 3 if i + 1 < len(codes) and codes[i + 1] == "5" else 5
            colours[c] = tuple(codes[i + 1 : i + n])
            i += n
            continue
        if c == "0":
            attrs.clear()
            colours.clear()
        elif c in _OFF:
            attrs.difference_update(_OFF[c])
        elif c in ("39", "49", "59"):
            colours.pop(str(int(c) - 1), None)
        elif c.isdigit() and (30 <= int(c) <= 37 or 90 <= int(c) <= 97):
            colours["38"] = (c,)
        elif c.isdigit() and (40 <= int(c) <= 47 or 100 <= int(c) <= 107):
            colours["48"] = (c,)
        else:
            attrs.add(c)
        i += 1
    return frozenset(attrs), tuple(sorted(colours.items()))


def _codes(style: _Style, colours: dict | None = None) -> list[str]:
    out = sorted(style[0])
    for key, value in style[1]:
        if colours is None or colours.get(key) != value:
            out.append(value[0] if len(value) == 1 else ";".join((key,) + value))  # (30-37… alone)
    return out


def _change(old: _Style, new: _Style) -> str:
    """The shortest of our SGR forms taking the terminal from style `old` to `new`."""
    if old == new:
        return ""
    if new == _PLAIN:
        return "\x1b[0m"
    old_colours = dict(old[1])
    new_colours = dict(new[1])
    if old[0] - new[0] or set(old_colours) - set(new_colours):
        return "\x1b[0;" + ";".join(_codes(new)) + "m"  # something is turned off: start afresh
    codes = sorted(new[0] - old[0]) + _codes((frozenset(), new[1]), old_colours)
    return "\x1b[" + ";".join(codes) + "m"


def compact_sgr(text: str) -> str:
    """`text` with every style change written as the difference from the style
    before it (the same cells, colours and attributes on screen); ends plain."""
    out: list[str] = []
    current = wanted = _PLAIN
    pos = 0
    for m in _SGR.finditer(text):
        chunk = text[pos : m.start()]
        if chunk:
            if _MOVES.fullmatch(chunk) is None:  # it prints: the terminal needs the style now
                out.append(_change(current, wanted))
                current = wanted
            out.append(chunk)
        wanted = _apply(wanted, m.group(1))
        pos = m.end()
    chunk = text[pos:]
    if chunk and _MOVES.fullmatch(chunk) is None:
        out.append(_change(current, wanted))
        current = wanted
    out.append(chunk)
    out.append(_change(current, _PLAIN))
    return "".join(out)


class CompactUpdate(CompositorUpdate):
    """A compositor update written with `compact_sgr`."""

    def __init__(self, update: CompositorUpdate) -> None:
        self.update = update

    def render_segments(self, console: Console) -> str:
        return compact_sgr(self.update.render_segments(console))


ANY_MOTION_ON, BUTTON_MOTION_ON = "\x1b[?1003h", "\x1b[?1002h"
ANY_MOTION_OFF = "\x1b[?1003l"
FEW_COLOURS = "-few-colours"  # the App's class in a terminal of 16 colours (app.tcss)
_drivers: dict[type, type] = {}


def few_colours(console: Console) -> bool:
    """Whether the terminal shows only the 16 ANSI colours (TERM=xterm, screen, linux):
    the blended backgrounds of the cursor, the selection and the outline would all
    come out as the same grey there."""
    return console.color_system in ("standard", "windows")


def terminal_driver(driver_class: type[Driver]) -> type[Driver]:
    """`driver_class`, for a real terminal:
    - asking for button-event mouse tracking (?1002: clicks, the wheel, drags) where
      Textual asks for any-event tracking (?1003), which reports every move of the
      mouse — over SSH, a packet up the link for every cell the pointer crosses, and
      a repaint of whatever it hovers. Only hover effects are lost;
    - giving the app the class FEW_COLOURS in a terminal of 16 colours, before the
      first frame (a headless test run keeps the colours of a full-colour terminal)."""
    if driver_class not in _drivers:

        class TerminalDriver(driver_class):  # type: ignore[valid-type, misc]
            def start_application_mode(self) -> None:
                app = self._app
                app.set_class(few_colours(app.console), FEW_COLOURS)
                super().start_application_mode()

            def write(self, data: str) -> None:
                if data == ANY_MOTION_ON:
                    data = BUTTON_MOTION_ON
                elif data == ANY_MOTION_OFF:
                    data = ANY_MOTION_OFF + "\x1b[?1002l"
                super().write(data)

        TerminalDriver.__name__ = TerminalDriver.__qualname__ = f"Terminal{driver_class.__name__}"
        _drivers[driver_class] = TerminalDriver
    return _drivers[driver_class]


class QuietOutput:
    """Mixin for a textual App (before App in the bases)."""

    def get_driver_class(self) -> type[Driver]:
        return terminal_driver(super().get_driver_class())  # type: ignore[misc]

    _held_updates: list[tuple[Screen, RenderableType]] | None = None
    _frame: list[Row] | None = None  # the cells the terminal shows (None: not known)
    _frame_where: tuple | None = None  # (driver, region) they were written for
    _styles: Styles | None = None
    _watching_resume = False

    @property
    def _background_screens(self) -> list[Screen]:
        stack = self.screen_stack  # type: ignore[attr-defined]
        if stack and stack[-1].styles.background.a == 1:
            return []  # nothing shows through an opaque screen
        return super()._background_screens  # type: ignore[misc]

    def _display(self, screen: Screen, renderable: RenderableType | None) -> None:
        driver = self._driver  # type: ignore[attr-defined]
        if renderable is None or driver is None or driver.is_inline or self.is_headless:  # type: ignore[attr-defined]
            super()._display(screen, renderable)  # type: ignore[misc]
            return
        if not self._watching_resume:
            self._watching_resume = True
            self.app_resume_signal.subscribe(self, lambda _app: self._forget_shown())  # type: ignore[attr-defined]
        if isinstance(renderable, LayoutUpdate):
            held = [(screen, renderable)]  # paints every cell: what is held would be painted over
        else:
            held = (self._held_updates or []) + [(screen, renderable)]
        if self._held_updates is None:
            try:
                asyncio.get_running_loop().call_soon(self._write_held)
            except RuntimeError:  # no loop: write now
                self._held_updates = held
                self._write_held()
                return
        self._held_updates = held

    def _write_held(self) -> None:
        """Apply the turn's updates to a copy of the frame shown, then write the difference once."""
        held, self._held_updates = self._held_updates or [], None
        frame = None if self._frame is None else [list(r) for r in self._frame]
        last = None
        for screen, renderable in held:
            last = screen
            if isinstance(renderable, LayoutUpdate):
                if frame is not None and self._frame_where != (self._driver, renderable.region):  # type: ignore[attr-defined]
                    frame = None
                if frame is None:  # nothing to compare with: write it whole (and know it from now on)
                    super()._display(screen, CompactUpdate(renderable))  # type: ignore[misc]
                    self._frame_where = (self._driver, renderable.region)  # type: ignore[attr-defined]
                    self._frame = self._frame_of(renderable)
                    frame = [list(r) for r in self._frame]
                    continue
                frame = self._frame_of(renderable)
            elif isinstance(renderable, ChopsUpdate) and frame is not None and len(renderable.chops) == len(frame):
                self._apply_chops(frame, renderable)
            else:  # something else: written as it is, and the frame is no longer known
                self._flush_frame(screen, frame)
                frame = self._frame = None
                super()._display(screen, CompactUpdate(renderable) if isinstance(renderable, CompositorUpdate) else renderable)  # type: ignore[misc]
        if last is not None:
            self._flush_frame(last, frame)

    def _flush_frame(self, screen: Screen, frame: list[Row] | None) -> None:
        if frame is None or self._frame is None:
            return
        text = update(self._frame, frame, compact_sgr)
        self._frame = frame
        if text:
            super()._display(screen, RawUpdate(text))  # type: ignore[misc]

    def _forget_shown(self) -> None:
        self._frame = None

    def _cells_of(self) -> Styles:
        console = self.console  # type: ignore[attr-defined]
        if self._styles is None or self._styles.color_system != console._color_system:
            self._styles = Styles(console._color_system)
        return self._styles

    def _frame_of(self, update: LayoutUpdate) -> list[Row]:
        styles, width = self._cells_of(), update.region.width
        return [row_cells((seg for strip in line for seg in strip), width, styles) for line in update.strips]

    def _apply_chops(self, frame: list[Row], update: ChopsUpdate) -> None:
        """Put what a partial update renders into `frame`: its chops cut to its spans, as
        Textual writes them. (Outside the spans a chop can be stale — the text under a
        toast, when only the scrollbar beside it was refreshed.)"""
        styles = self._cells_of()
        height = len(frame)
        for y, x1, x2 in update.spans:
            if not 0 <= y < height:
                continue
            row = frame[y]
            x2 = min(x2, len(row))
            for x, strip in update.chops[y].items():
                if strip is None:
                    continue
                lo, hi = max(x, x1), min(x + strip.cell_length, x2)
                if lo >= hi:
                    continue
                if (lo, hi) != (x, x + strip.cell_length):
                    strip = strip.crop(lo - x, hi - x)
                cells = row_cells(strip, hi - lo, styles)
                row[lo : lo + len(cells)] = cells
