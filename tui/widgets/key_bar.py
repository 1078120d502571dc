"""The bottom line of every screen: its main keys, from the active bindings.

Textual's Footer builds a widget per key and rebuilds them whenever a screen is
pushed (~150 ms on this 2-core box); this is one widget drawing one line. It is
repainted only when the keys it shows change (bindings are "updated" on every
focus change; over SSH a repaint of the line is ~0.8 KB).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from jianghua.i18n import _

from .. import keymap


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
        background: $panel;
        color: $text-muted;
    }
    KeyBar > .key-bar--key { color: $text-accent; text-style: bold; }
    KeyBar > .key-bar--description { color: $text; }
    """

    _shown: list[tuple[str, str]] | None = None  # the entries last rendered

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.entries() != self._shown:
            self.refresh()

    def entries(self) -> list[tuple[str, str]]:
        """(key label, description) of every shown binding, one per action."""
        seen: set[str] = set()
        out = []
        for key, active in self.screen.active_bindings.items():
            b = active.binding
            if not b.show or not active.enabled or b.action in seen:
                continue
            seen.add(b.action)
            out.append((b.key_display or keymap.key_label(key), keymap.describe(b)))
        return out

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        desc_style = self.get_component_rich_style("key-bar--description")
        width = self.size.width
        right = Text.assemble(("^p", key_style), (" " + _("Palette") + " ", desc_style))
        text = Text(no_wrap=True, overflow="crop", end="")
        self._shown = entries = self.entries()
        for label, description in entries:
            piece = Text.assemble((f" {label}", key_style), (f" {description} ", desc_style))
            if text.cell_len + piece.cell_len > width - right.cell_len:
                break
            text.append_text(piece)
        pad = max(0, width - text.cell_len - right.cell_len)
        text.append(" " * pad)
        text.append_text(right)
        return text
