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
The bytes are Textual's own (its cursor moves and lines), fewer of them.
"""

from __future__ import annotations

import asyncio
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
            super()._display(screen, self._unseen(renderable))  # type: ignore[misc]

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
