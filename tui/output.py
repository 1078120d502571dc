"""What the app writes to its terminal: no frame that the next one paints over.

Over SSH every byte of output travels the link. Textual sometimes renders the whole
screen twice in one go (a screen that needs both a layout and a repaint — every
screen shown, the reader opened — is composed and written twice), repaints the
whole screen when a screen is shown although most of its lines are already on the
terminal, and counts the screen under an opaque one as visible, so that a repaint
there (push_screen refreshes it) repaints the whole top screen once more.

`QuietOutput`, mixed into the App:
- treats a screen under an opaque one as hidden;
- writes the updates of one turn of the event loop at its end, dropping those that
  a full-screen update (LayoutUpdate) made later in the same turn paints over;
- remembers the lines of the last full-screen update written, and of the next one
  writes only the lines that differ (a line touched by a partial update since, a
  resize, a resume after suspend or any other output make it write them again).
- writes each style change as the difference from the style before it: Textual
  writes a reset and the whole style (~40 bytes in 24-bit colour) for every
  segment; "the same colours, now bold" is `ESC[1m`, a new background alone
  `ESC[48;2;r;g;bm`. Dropping an attribute writes a reset and the whole style in
  one sequence. Each update still ends with a reset, so nothing leaks between
  writes (or to the shell after exit).
Otherwise the bytes are Textual's own (its cursor moves, lines and SGR codes).
"""

from __future__ import annotations

import asyncio
import re
from rich.console import Console, RenderableType
from rich.control import Control
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.screen import Screen


class LinesUpdate(CompositorUpdate):
    """Whole lines of a full-screen update (rendered): those the terminal does not show yet."""

    def __init__(self, lines: list[tuple[int, str]], x: int = 0) -> None:
        self.lines = lines
        self.x = x

    def render_segments(self, console: Console) -> str:
        return "".join(Control.move_to(self.x, y).segment.text + line for y, line in self.lines)


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


class QuietOutput:
    """Mixin for a textual App (before App in the bases)."""

    _held_updates: list[tuple[Screen, RenderableType]] | None = None
    _shown: list[str | None] | None = None  # lines (as written) of the last full update on the terminal
    _shown_where: tuple | None = None  # (driver, region) they were written for
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
        held, self._held_updates = self._held_updates or [], None
        for screen, renderable in held:
            update = self._unseen(renderable)
            if isinstance(update, CompositorUpdate):
                update = CompactUpdate(update)
            super()._display(screen, update)  # type: ignore[misc]

    def _forget_shown(self) -> None:
        self._shown = None

    def _unseen_chops(self, update: ChopsUpdate) -> ChopsUpdate | None:
        """Of a partial update, the spans the terminal does not show yet: a span of a
        whole line is compared with the line shown; any other span makes its line unknown."""
        shown, region = self._shown, self._shown_where[1]  # type: ignore[index]
        assert shown is not None
        console = self.console  # type: ignore[attr-defined]
        keep = []
        for span in update.spans:
            y, x1, x2 = span
            i = y - region.y
            if not 0 <= i < len(shown):
                keep.append(span)
                continue
            strips = list(update.chops[y].values()) if (x1, x2) == (region.x, region.right) else []
            if not strips or any(s is None for s in strips):
                shown[i] = None
                keep.append(span)
                continue
            line = "".join(strip.render(console) for strip in strips)  # type: ignore[union-attr]
            if line != shown[i]:
                shown[i] = line
                keep.append(span)
        if not keep:
            return None
        return update if len(keep) == len(update.spans) else ChopsUpdate(update.chops, keep, update.chop_ends)

    def _unseen(self, renderable: RenderableType) -> RenderableType | None:
        """The part of `renderable` the terminal does not show yet (and remember it)."""
        if isinstance(renderable, LayoutUpdate):
            console = self.console  # type: ignore[attr-defined]
            # (compared as written: equal strips can differ in their segments' meta)
            lines = ["".join(strip.render(console) for strip in line) for line in renderable.strips]
            where = (self._driver, renderable.region)  # type: ignore[attr-defined]
            shown, shown_where = self._shown, self._shown_where
            self._shown, self._shown_where = list(lines), where
            if shown is None or where != shown_where or len(shown) != len(lines):
                return renderable
            changed = [(renderable.region.y + i, line) for i, (line, old) in enumerate(zip(lines, shown)) if line != old]
            return LinesUpdate(changed, renderable.region.x)
        if isinstance(renderable, ChopsUpdate) and self._shown is not None and self._shown_where is not None:
            return self._unseen_chops(renderable)
        self._shown = None  # something else: write the next full update whole
        return renderable
