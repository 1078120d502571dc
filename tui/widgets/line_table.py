"""A table of many rows on the Line API: only the visible rows are ever rendered.

`set_rows(rows)` takes any list (sorting or narrowing 10 000 rows is a list
operation, not 10 000 widgets or DataTable cells); `cells(row)` turns one row into
cell texts when it scrolls into view. Cells are `rich.text.Text` or plain `str`
— never markup.

Over SSH every repainted line travels the link: after a change (cursor, rows,
empty text) only the screen rows whose rendered strip differs from the one last
painted are refreshed — a cursor move sends two rows, not the table, and
`set_rows` with the rows already shown sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from jianghua.i18n import N_, _

from .. import keymap, pins
from ..textutil import clean
from .columns import Column, cut, fit

__all__ = ["Column", "LineTable"]

T = TypeVar("T")


class LineTable(ScrollView, Generic[T], can_focus=True, inherit_bindings=False):
    """A scrolling table with a row cursor and a fixed header line."""

    BINDINGS = keymap.TABLE

    COMPONENT_CLASSES = {
        "line-table--header",
        "line-table--cursor",
        "line-table--cursor-blurred",
        "line-table--empty",
    }

    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    LineTable > .line-table--header {
        text-style: bold;
        color: $text-accent;
        background: $panel;
    }
    LineTable > .line-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    LineTable > .line-table--cursor-blurred {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    LineTable > .line-table--empty {
        color: $text-muted;
        text-style: italic;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class _RowMessage(Message):
        """A row of the table, by index and value."""

        def __init__(self, table: LineTable, index: int, row: Any) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.row = row

        @property
        def control(self) -> LineTable:
            return self.table

    class Highlighted(_RowMessage):
        """The cursor moved to a row."""

    class Selected(_RowMessage):
        """Enter (or a click) on a row."""

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[T], Sequence[str | Text]],
        *,
        empty_text: str = N_("Nothing to show"),
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.cells = cells
        self._empty_text = empty_text
        self.rows: list[T] = []
        self._cache: dict[tuple[int, bool, bool], Strip] = {}
        self._widths: list[tuple[Column, int]] = []
        self._layout_width = -1
        self._painted: dict[int, Strip] = {}  # screen row -> the strip last painted there
        self._look: tuple[Style, ...] = ()  # the styles the cached strips were drawn with
        self._look_checked = False

    # ------------------------------------------------------------ data

    def set_rows(self, rows: list[T], keep: Callable[[T], Any] | None = None, cursor: int | None = None,
                 reuse: bool = False) -> None:
        """Replace the rows. With `keep` (a key function) the cursor stays on the same row.
        reuse: the caller says that a row object shown at the same place looks the same
        (rows arriving during a build): those lines are not drawn again."""
        old = self.current_row if keep is not None else None
        before, self.rows = self.rows, rows
        if reuse and self._cache:
            n = min(len(before), len(rows))
            self._cache = {k: v for k, v in self._cache.items() if k[0] < 0 or (k[0] < n and rows[k[0]] is before[k[0]])}
        else:
            self._cache.clear()
        new_cursor = 0 if cursor is None else cursor
        if old is not None and keep is not None and cursor is None:
            key = keep(old)
            for i, r in enumerate(rows):
                if keep(r) == key:
                    new_cursor = i
                    break
        self._set_virtual_size(self.size.width)
        self._set_cursor(new_cursor, post=True, force=True)
        self._refresh_changed()

    @property
    def empty_text(self) -> str:
        """What the table shows when it has no rows."""
        return self._empty_text

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        if text != self._empty_text:
            self._empty_text = text
            if not self.rows:
                self._refresh_changed()

    @property
    def current_row(self) -> T | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # ------------------------------------------------------------ cursor

    def _clamp(self, i: int) -> int:
        return max(0, min(i, len(self.rows) - 1)) if self.rows else 0

    def _set_cursor(self, i: int, post: bool = True, force: bool = False) -> None:
        i = self._clamp(i)
        changed = i != self.cursor
        if changed or force:
            self.set_reactive(LineTable.cursor, i)
        self.scroll_to_cursor()  # (a scroll repaints every row anyway)
        if changed or force:
            self._refresh_changed()
        if (changed or force) and post and self.rows:
            self.post_message(self.Highlighted(self, i, self.rows[i]))

    def move_cursor(self, i: int) -> None:
        self._set_cursor(i)

    def refresh_rows(self) -> None:
        """The rows changed in place (a mark, a count): paint again those that look different."""
        self._cache.clear()
        self._refresh_changed()

    def _refresh_changed(self) -> None:
        """Refresh the screen rows whose strip is not the one last painted there."""
        if not self.is_mounted or not self._painted:
            self.refresh()
            return
        width = self.size.width
        # one refresh for all of them: each refresh drops the widget's style cache, which
        # every line drawn after it would then compute again
        changed = [Region(0, y, width, 1) for y in range(self.size.height) if self._painted.get(y) != self._line(y)]
        if changed:
            self.refresh(*changed)

    def scroll_to_cursor(self) -> None:
        height = max(1, self.size.height - 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self._set_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._set_cursor(self.cursor - 1)

    def action_page_down(self) -> None:
        page = max(1, self.size.height - 2)
        self.scroll_to(y=self.scroll_y + page, animate=False, immediate=True)
        self._set_cursor(self.cursor + page)

    def action_page_up(self) -> None:
        page = max(1, self.size.height - 2)
        self.scroll_to(y=max(0, self.scroll_y - page), animate=False, immediate=True)
        self._set_cursor(self.cursor - page)

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self.rows) - 1)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.cursor, self.rows[self.cursor]))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        i = int(self.scroll_y) + offset.y - 1
        if 0 <= i < len(self.rows):
            if i == self.cursor and event.chain >= 2:
                self.action_select()
            else:
                self._set_cursor(i)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()  # (the cursor's style: the cache is keyed by focus)

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # ------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Textual calls this after every restyle — each time a screen is shown again, for
        # one — mostly with the same styles: the drawn lines are dropped only if the
        # styles they were drawn with changed (checked at the next line drawn).
        self._look_checked = False

    def _check_look(self) -> None:
        self._look_checked = True
        look = (self.rich_style, *(self.get_component_rich_style(c) for c in sorted(self.COMPONENT_CLASSES)))
        if look != self._look:
            self._look = look
            self._cache.clear()
            self._painted.clear()

    def draw_ahead(self) -> None:
        """Draw the rows in view now (a table laid out off-stage, about to be shown: its
        first paint then copies them)."""
        for y in range(self.size.height):
            self._line(y)

    def relabel(self) -> None:
        """Draw again in another interface language (headers and empty text are msgids)."""
        self._cache.clear()
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        # (the lines drawn are dropped at the next line drawn if the width changed)
        self._set_virtual_size(event.size.width)
        self.scroll_to_cursor()

    def _set_virtual_size(self, width: int) -> None:
        # (only a real change: setting it lays the screen out again)
        size = Size(width, len(self.rows) + 1)
        if size != self.virtual_size:
            self.virtual_size = size
            pins.settle_scrollbars(self)  # (a bar shown or hidden by the same layout, in the same frame)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        pins.paint_scrollbars_with_layout(self)
        return changed

    def shows(self, key: str) -> bool:
        """Whether the column `key` is shown at the table's present width."""
        return any(c.key == key for c, _w in fit(self.columns, self.scrollable_content_region.width))

    def _column_widths(self, width: int) -> list[tuple[Column, int]]:
        if width != self._layout_width:  # (the cached strips were drawn at the other width)
            self._widths = fit(self.columns, width)
            self._layout_width = width
            self._cache.clear()
        return self._widths

    def _row_text(self, cells: Sequence[str | Text], widths: list[tuple[Column, int]], style: Style) -> Text:
        line = Text(" ", style=style, end="")
        by_key = {c.key: cell for c, cell in zip(self.columns, cells)}
        for n, (col, w) in enumerate(widths):
            cell = by_key.get(col.key, "")
            t = cell.copy() if isinstance(cell, Text) else Text(clean(str(cell), single_line=True))
            t.end = ""
            t.no_wrap = True
            if t.cell_len > w:
                t = cut(t, w)
            pad = w - t.cell_len
            if pad > 0:
                if col.justify == "right":
                    t = Text(" " * pad) + t
                else:
                    t.append(" " * pad)
            if n:
                line.append(" ")
            line.append_text(t)
        return line

    def render_line(self, y: int) -> Strip:
        strip = self._line(y)
        self._painted[y] = strip
        return strip

    def _line(self, y: int) -> Strip:
        if not self._look_checked:
            self._check_look()
        width = self.scrollable_content_region.width
        base = self.rich_style
        widths = self._column_widths(width)
        if y == 0:
            key = (-1, False, False)
            if key not in self._cache:
                header = self.get_component_rich_style("line-table--header")
                text = self._row_text([_(c.label) if c.label else "" for c in self.columns], widths, base + header)
                self._cache[key] = self._strip(text, width, base + header)
            return self._cache[key]
        i = int(self.scroll_y) + y - 1
        if not self.rows:
            if y == 1:
                empty = self.get_component_rich_style("line-table--empty")
                return self._strip(Text("  " + _(self.empty_text), style=base + empty), width, base)
            return Strip.blank(width, base)
        if i >= len(self.rows):
            return Strip.blank(width, base)
        is_cursor = i == self.cursor
        key = (i, is_cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            text = self._row_text(self.cells(self.rows[i]), widths, base)
            row_style = base
            if is_cursor:
                row_style = base + self.get_component_rich_style(
                    "line-table--cursor" if self.has_focus else "line-table--cursor-blurred"
                )
                text.stylize(row_style)
            strip = self._strip(text, width, row_style)
            if len(self._cache) > 500:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        # (rich drops the Text's own style when it has no spans: apply it beneath)
        segments = [s for s in text.render(self.app.console) if s.text != "\n"]
        # one segment per run of one style: each segment costs its colours again on the wire
        return Strip(segments).apply_style(style).adjust_cell_length(width, style).simplify()

