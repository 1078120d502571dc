"""Help, generated from the key bindings in `tui.keymap`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from jianghua.i18n import N_, _

from .. import keymap
from .base import Dialog



def help_text(sections: list[tuple[str, list[Binding]]], first: str | None = None, user_keys: dict[str, str] | None = None) -> Text:
    """Every section as 'keys  description' lines (plain Text, no markup); `user_keys`:
    the user's keymap ({binding id: keys})."""
    user_keys = user_keys or {}
    ordered = sorted(sections, key=lambda s: s[0] != first) if first else list(sections)
    out = Text(end="")
    for n, (title, bindings) in enumerate(ordered):
        if n:
            out.append("\n")
        out.append(_(title) + "\n", style="bold underline")
        seen: set[tuple[str, str]] = set()
        for b in bindings:
            keys = keymap.key_label(user_keys.get(b.id or "", b.key))
            if not b.description or (keys, b.description) in seen:
                continue
            seen.add((keys, b.description))
            out.append(f"  {keys:<18}", style="bold")
            out.append(keymap.describe(b) + "\n")
        for note in keymap.LEGENDS.get(title, ()):
            out.append("  " + _(note) + "\n", style="italic")
    return out


class HelpScreen(Dialog[None]):
    BINDINGS = keymap.DIALOG
    DIALOG_ID = "help"
    HINT = N_("ctrl+p: every command · q / Esc / ? closes")

    DEFAULT_CSS = """
    HelpScreen > #help { height: 90%; }
    HelpScreen #help-title { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    HelpScreen VerticalScroll { height: 1fr; padding: 0 1; }
    HelpScreen #help-hint { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, context: str | None = None, user_keys: dict[str, str] | None = None) -> None:
        super().__init__()
        self.context = context
        self.user_keys = user_keys or {}

    def title_text(self) -> Text:
        return Text(_("Keys — jianghua 讲话"), end="")

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_text(keymap.SECTIONS, self.context, self.user_keys), id="help-text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up(animate=False)
