"""The narrowing box of a table screen: `/` opens it, typing narrows the table at
once, Escape clears and closes it. The screen gives it what to call."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from .. import keymap
from .line_table import LineTable


class NarrowInput(Input):
    BINDINGS = keymap.NARROW

    def __init__(self, narrow: Callable[[str], None], clear: Callable[[], None], *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self._narrow = narrow
        self._clear = clear

    def on_mount(self) -> None:
        # A steady cursor: a blinking one repaints twice a second, which over SSH is
        # traffic for nothing (and a frame that can land on top of a keystroke's).
        self.cursor_blink = False

    def watch_value(self, value: str) -> None:
        # narrow at once (not on the Changed message): the table is redrawn in the
        # same frame as the typed character
        self._narrow(value)

    def open(self) -> None:
        self.add_class("-shown")
        self.focus()

    def close(self) -> None:
        """Empty (which narrows back) and hidden; the table has the focus."""
        if self.value:
            self.value = ""
        self.remove_class("-shown")
        self.screen.query_one(LineTable).focus()

    def action_clear(self) -> None:
        self._clear()

    def action_to_table(self) -> None:
        self.screen.query_one(LineTable).focus()
