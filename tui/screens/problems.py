"""Files of the corpus that were skipped, each with a one-line reason."""

from __future__ import annotations

from rich.text import Text

from jianghua.store.models import Skipped

from .. import keymap
from ..textutil import clean
from ..widgets.line_table import Column
from .base import TableScreen, TableSpec

COLUMNS = [
    Column("source", "文件", 0, min_width=16),
    Column("reason", "原因", 0, min_width=16),
]


class ProblemsScreen(TableScreen[Skipped]):
    BINDINGS = keymap.PROBLEMS
    TABLE = TableSpec("Problems", COLUMNS, "problems", "No problems: every file of the corpus was read.")

    def cells(self, s: Skipped) -> list[str | Text]:
        return [Text(clean(s.source, single_line=True), end=""), Text(clean(s.reason, single_line=True), end="")]

    def reload(self) -> None:
        store = self.browser.store
        rows = store.skipped()
        self.table.set_rows(rows)
        self.show_title(f"Skipped files · {len(rows)} · in {clean(str(store.corpus_dir), single_line=True)}")
