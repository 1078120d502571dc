"""The bar that always shows the active theme filter (and what the list shows)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from jianghua.i18n import _

from ..filtering import ThemeFilter
from .columns import cut


class FilterBar(Static):
    """The filter (left) and what the screen adds (`extra`, right). When the line is
    too long, the filter gives way (cut with …): the end of the line stays visible."""

    _shown: Text | None = None
    _parts: tuple[Text, Text, Text, Text] | None = None
    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    FilterBar.-active {
        background: $warning 25%;
        color: $text;
    }
    """

    def show_filter(self, flt: ThemeFilter, names: dict[str, str], extra: str | Sequence[str | tuple[str, str]] = "") -> None:
        """`extra`: the screen's parts, each a text or (text, shorter text): a bar too
        narrow for the filter's names takes the shorter ones before it cuts the names."""
        head = Text(end="")
        if flt.active:
            head.append(_("Themes: "), style="bold")
            if len(flt.ids) > 1:  # before the names: a narrow bar cuts names, never the mode
                head.append((_("(all of)") if flt.mode == "all" else _("(any of)")) + " ")
            joiner = " + " if flt.mode == "all" else " | "
            head.append(joiner.join(names.get(t, t) for t in flt.ids), style="bold")
            short = head.copy()  # a narrow bar drops the key hint before it cuts names
            head.append("  · " + _("T clears"))
        else:
            head.append(_("No theme filter · t chooses themes"))
            # a narrow bar drops the hint before it cuts the words ("No theme filt…" said nothing)
            short = Text(_("No theme filter"), end="")
        parts = [extra] if isinstance(extra, str) else list(extra)
        tail, tail_short = Text(end=""), Text(end="")
        for part in parts:
            full, brief = part if isinstance(part, tuple) else (part, part)
            if full:
                tail.append("  · " + full)
                tail_short.append("  · " + brief)
        self.set_class(flt.active, "-active")
        self._parts = (head, tail, short, tail_short)
        self._paint()

    def on_resize(self) -> None:
        self._paint()

    def _paint(self) -> None:
        if self._parts is None:
            return
        head, tail, short, tail_short = self._parts
        width = self.content_region.width
        if width and head.cell_len + tail.cell_len > width:
            head = short
        if width and head.cell_len + tail.cell_len > width and self.has_class("-active"):
            tail = tail_short  # the chosen themes are what the screen shows: they keep their room
        if width and head.cell_len + tail.cell_len > width and not self.has_class("-active") and tail:
            # no filter and no room: the bar's colour says so; "No theme fi…" said nothing
            head, tail = Text(end=""), tail[len("  · "):] if tail.plain.startswith("  · ") else tail
        if width and head.cell_len + tail.cell_len > width and width - tail.cell_len >= 8:
            head = cut(head, width - tail.cell_len)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append_text(head)
        text.append_text(tail)
        if text != self._shown:  # (over SSH a repaint of the line is ~0.3 KB)
            self._shown = text
            self.update(text, layout=False)  # always one line: no relayout of the screen
