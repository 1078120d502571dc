"""The bar that always shows the active theme filter (and what the list shows)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from jianghua.i18n import _

from ..filtering import ThemeFilter


class FilterBar(Static):
    _shown: Text | None = None
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

    def show_filter(self, flt: ThemeFilter, names: dict[str, str], extra: str = "") -> None:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if flt.active:
            text.append(_("Themes: "), style="bold")
            joiner = " + " if flt.mode == "all" else " | "
            text.append(joiner.join(names.get(t, t) for t in flt.ids), style="bold")
            if len(flt.ids) > 1:
                text.append("  " + (_("(all of)") if flt.mode == "all" else _("(any of)")))
            text.append("  · " + _("T clears"))
        else:
            text.append(_("No theme filter · t chooses themes"))
        if extra:
            text.append("  · " + extra)
        self.set_class(flt.active, "-active")
        if text != self._shown:  # (over SSH a repaint of the line is ~0.3 KB)
            self._shown = text
            self.update(text, layout=False)  # always one line: no relayout of the screen
