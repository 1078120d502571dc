"""A dialog: a framed box in the middle of the terminal, over the current screen,
with a title line, a body and a hint line (help, the theme picker); OverScreen, what
every box over a screen does (the theme evidence too)."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from jianghua.i18n import _

from .. import pins

R = TypeVar("R")


class OverScreen(ModalScreen[R]):
    """A box over the current screen: the information toasts shown ("Copied" …) go
    as it opens (pins.drop_news) — they were about the screen below, and would cover it."""

    def on_screen_resume(self) -> None:
        pins.drop_news(self.app)


class Dialog(OverScreen[R]):
    """Subclasses give DIALOG_ID (the frame's id; the title and hint lines are
    `<id>-title` and `<id>-hint`), HINT, `title_text` and `compose_body`."""

    DIALOG_ID: ClassVar[str] = "dialog"
    HINT: ClassVar[str] = ""  # a msgid (N_): translated where shown

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > .dialog {
        width: 72;
        max-width: 100%;
        border: thick $accent;
        background: $surface;
    }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id=self.DIALOG_ID, classes="dialog"):
            yield Static(self.title_text(), id=f"{self.DIALOG_ID}-title")
            yield from self.compose_body()
            yield Static(Text(_(self.HINT) if self.HINT else "", end=""), id=f"{self.DIALOG_ID}-hint")

    def title_text(self) -> Text | str:
        return ""

    def compose_body(self) -> ComposeResult:
        yield from ()

    def action_close(self) -> None:
        self.dismiss(None)
