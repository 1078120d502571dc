"""The concordance table (KWIC) on the Line API: short title, year, the left
context right-aligned, the hit highlighted, the right context — every hit in the
same column (CJK widths counted: a hit near the start of its paragraph pads its
left side). Only the visible rows are rendered; text is plain `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from jianghua.corpus.cells import char_width, truncate
from jianghua.i18n import N_, _
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from ..kwic import KwicRow, short_title
from .line_table import Column, LineTable

KIND_TAGS = {"title": N_("〔title〕"), "heading": N_("〔heading〕")}  # before the left context

# Widths as the table widens: the contexts to 36 cells each, then the speech's title to
# 30 (most short titles whole), then the contexts share the rest (at 200 columns a title
# of 14 cells beside 90 cells of left context said too little of where a hit is).
COLUMNS = [
    Column("title", N_("Speech"), 14, hide_below=60, stops=(14, 14, 30, 30)),
    Column("year", N_("Year"), 4, justify="right", hide_below=40),
    Column("left", N_("Left context"), 0, justify="right", stops=(8, 36, 36, None)),
    Column("right", N_("Hit · right context"), 0, stops=(8, 36, 36, None)),
]


def left_cut(text: str, width: int) -> str:
    """The end of `text` that fits `width` cells (… where cut), for right alignment."""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 1 if width > 0 else 0
    for ch in reversed(text):
        w = char_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return ("…" if width > 0 else "") + "".join(reversed(out))


class KwicTable(LineTable[KwicRow]):
    COMPONENT_CLASSES = LineTable.COMPONENT_CLASSES | {"kwic--hit", "kwic--meta", "kwic--mark"}

    DEFAULT_CSS = """
    KwicTable > .kwic--hit { text-style: bold reverse; color: $text-warning; }
    KwicTable > .kwic--meta { color: $text-muted; }
    KwicTable > .kwic--mark { color: $text-accent; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, self._cells, empty_text="No hits.", id=id)
        self._after_paint = None

    def show_new(self, rows: list[KwicRow]) -> None:
        """Rows of a new query, the cursor at the top: the whole table is painted
        again, its lines drawn once, when painted (not first to compare them with the
        old ones: nearly every line of a new query differs)."""
        self._painted.clear()
        self.set_rows(rows)

    def after_paint(self, callback) -> None:
        """Call `callback` once the next frame that draws this table is on screen."""
        self._after_paint = callback

    def render_line(self, y: int):
        strip = super().render_line(y)
        if self._after_paint is not None:  # (drawn within a frame: call_later runs once it is displayed)
            callback, self._after_paint = self._after_paint, None
            self.call_later(callback)
        return strip

    @staticmethod
    def _cells(row: KwicRow) -> list:
        return [row]

    def _row_text(self, cells: Sequence, widths: list[tuple[Column, int]], style: Style) -> Text:
        if cells and isinstance(cells[0], KwicRow):
            return self.row_text(cells[0], self.scrollable_content_region.width, style)
        return super()._row_text(cells, widths, style)  # the header line

    def row_text(self, row: KwicRow, width: int, base: Style) -> Text:
        """One concordance line for a table `width` cells wide."""
        widths = {c.key: w for c, w in self._column_widths(width)}
        hit_style = self.get_component_rich_style("kwic--hit")
        meta = self.get_component_rich_style("kwic--meta")
        line = Text(" ", style=base, end="", no_wrap=True)
        line.append("●" if row.marked else " ", style=self.get_component_rich_style("kwic--mark") if row.marked else None)
        if "title" in widths:
            t = truncate(short_title(row.title, widths["title"]), widths["title"])
            line.append(t + " " * (widths["title"] - cell_len(t)) + " ", style=meta)
        if "year" in widths:
            line.append(str(row.year or "").rjust(widths["year"]) + " ", style=meta)
        lw = max(4, widths.get("left", 10) - 1)
        tag = _(KIND_TAGS[row.kind]) if row.kind in KIND_TAGS else ""  # a hit in the title or a heading says so
        tag = truncate(tag, max(0, lw - 4))
        left = left_cut(row.left, lw - cell_len(tag))
        line.append(" " * (lw - cell_len(left) - cell_len(tag)))
        line.append(tag, style=meta)
        line.append(left + " ")
        rest = max(2, width - line.cell_len - 1)
        hit = truncate(row.match, rest)
        line.append(hit, style=hit_style)
        room = rest - cell_len(hit)
        if room > 0:
            line.append(truncate(row.right, room))
        return line
