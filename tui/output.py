"""What the app writes to its terminal: no frame that the next one paints over.

Over SSH every byte of output travels the link. Textual sometimes renders the whole
screen twice in one go (a screen that needs both a layout and a repaint — every
screen shown, the reader opened — is composed and written twice), and counts the
screen under an opaque one as visible, so that a repaint there (push_screen
refreshes it) repaints the whole top screen once more. `QuietOutput`, mixed into
the App, writes the updates of one turn of the event loop at its end, dropping
those that a full-screen update (LayoutUpdate) made up later in the same turn
paints over, and treats a screen under an opaque one as hidden. No escape sequence
of our own: Textual's updates, fewer of them.
"""

from __future__ import annotations

import asyncio

from rich.console import RenderableType
from textual._compositor import LayoutUpdate
from textual.screen import Screen


class QuietOutput:
    """Mixin for a textual App (before App in the bases)."""

    _held_updates: list[tuple[Screen, RenderableType]] | None = None

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
        if isinstance(renderable, LayoutUpdate):
            held = [(screen, renderable)]  # paints every cell: what is held would be painted over
        else:
            held = (self._held_updates or []) + [(screen, renderable)]
        if self._held_updates is None:
            try:
                asyncio.get_running_loop().call_soon(self._write_held)
            except RuntimeError:  # no loop: write now
                for s, r in held:
                    super()._display(s, r)  # type: ignore[misc]
                return
        self._held_updates = held

    def _write_held(self) -> None:
        held, self._held_updates = self._held_updates or [], None
        for screen, renderable in held:
            super()._display(screen, renderable)  # type: ignore[misc]
