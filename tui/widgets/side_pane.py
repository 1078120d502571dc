"""The reader's side panes (the outline, the formulations of the speech): one
column left of the text, showing one pane at a time.

A pane is an OptionList that
- says plainly whether it has the focus, without relying on colour alone: its
  title in the top border is reversed and the border turns from a thin line to a
  heavy one (so it shows in 16-colour terminals and over `TERM=screen`) — and
  only that: its background stays, so that moving the focus in and out sends the
  border, not every cell of the pane again (~4 KB over SSH);
- moves its cursor with j/k as well as ↑/↓, repainting only the lines that
  changed: setting OptionList.highlighted repaints the whole pane (~3 KB over
  SSH for a change of two lines).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import OptionList

from .. import keymap

PANE_WIDTH = 30  # cells, border included
TEXT_WIDTH = PANE_WIDTH - 2  # cells for an option: less the right border and the scrollbar


class SidePane(OptionList):
    BINDINGS = keymap.SIDE_PANE

    DEFAULT_CSS = """
    SidePane {
        width: 30;
        height: 1fr;
        border: none;
        border-top: solid $panel-lighten-2;
        border-right: tall $panel-lighten-2;
        border-title-align: left;
        border-title-color: $text-muted;
        padding: 0;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    SidePane:focus {
        background-tint: $foreground 0%;  /* (OptionList's tint: every cell of the pane sent again as the focus comes and goes) */
        border: none;
        border-top: heavy $accent;
        border-right: tall $accent;
        border-title-color: $text;
        border-title-style: reverse bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._painted: dict[int, Strip] = {}  # screen row -> the strip last painted there
        self._sized: tuple[Size, Size] | None = None  # (size, content size) its rows were laid out for

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """The screen's layout gave the pane its size, just before it paints: a new
        size drops the rows drawn for the old one now (OptionList does it on the
        Resize event, after that paint: a pane shown by `o`/`u` was painted twice)."""
        if (size, container_size) != self._sized:
            self._sized = (size, container_size)
            OptionList._on_resize(self)
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _on_resize(self, event: events.Resize) -> None:
        event.prevent_default()  # (done by the layout, above)

    def set_options(self, options):  # noqa: ANN001, ANN201 - OptionList's
        self._painted.clear()  # (new rows: none of them is on screen yet)
        return super().set_options(options)

    def move_to(self, index: int) -> None:
        """Put the cursor on option `index`, repainting only the rows that change."""
        if not 0 <= index < self.option_count or self.highlighted == index:
            return
        self.set_reactive(OptionList.highlighted, index)
        self.scroll_to_highlight()  # (a scroll repaints it all anyway)
        if not self._painted:  # options just set: every row is drawn anew, no need to compare
            self.refresh()
            return
        width = self.size.width
        for y in range(self.size.height):
            if self._painted.get(y) != super().render_line(y):
                self.refresh(Region(0, y, width, 1))

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        self._painted[y] = strip
        return strip

    def action_cursor_down(self) -> None:
        if self.option_count:
            self.move_to(0 if self.highlighted is None else min(self.option_count - 1, self.highlighted + 1))

    def action_cursor_up(self) -> None:
        if self.option_count:
            self.move_to(0 if self.highlighted is None else max(0, self.highlighted - 1))

    def action_leave(self) -> None:
        leave = getattr(self.screen, "leave_pane", None)
        if leave is not None:
            leave()
