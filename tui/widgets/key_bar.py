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

# The ways back and out, and help: shown whatever the width, in a word (the other keys
# give way, then the palette's key).
ESSENTIAL = frozenset({"app.quit", "back", "app.help", "close"})


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

    def entries(self) -> list[tuple[str, str, bool]]:
        """(key label, description, essential) of every shown binding, one per action."""
        seen: set[str] = set()
        out = []
        for key, active in self.screen.active_bindings.items():
            b = active.binding
            if not b.show or not active.enabled or b.action in seen:
                continue
            seen.add(b.action)
            out.append((b.key_display or keymap.key_label(key), keymap.describe(b), b.action in ESSENTIAL))
        return out

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        desc_style = self.get_component_rich_style("key-bar--description")
        width = self.size.width
        right = Text.assemble(("^p", key_style), (" " + _("Palette") + " ", desc_style))
        self._shown = entries = self.entries()

        def piece(label: str, description: str) -> Text:
            return Text.assemble((f" {label}", key_style), (f" {description} ", desc_style))

        # the ways back and out in a word ("Back (Esc first clears …)" → "Back": the help says the rest)
        pieces = [piece(label, _short(d) if e else d) for label, d, e in entries]
        essential = [i for i, (_l, _d, e) in enumerate(entries) if e]
        if sum(pieces[i].cell_len for i in essential) > width - right.cell_len:
            right = Text("")  # the palette's key gives way to them
        room = width - right.cell_len - sum(pieces[i].cell_len for i in essential)
        shown = set(essential)
        for i, p in enumerate(pieces):  # the others in their order, while they fit
            if i in shown:
                continue
            if p.cell_len > room:
                break
            shown.add(i)
            room -= p.cell_len
        text = Text(no_wrap=True, overflow="crop", end="")
        for i, p in enumerate(pieces):
            if i in shown:
                text.append_text(p)
        pad = max(0, width - text.cell_len - right.cell_len)
        text.append(" " * pad)
        text.append_text(right)
        return text


def _short(description: str) -> str:
    """A description without its words in brackets (the help keeps them)."""
    for bracket in ("（", " ("):
        if bracket in description:
            return description.split(bracket, 1)[0]
    return description
