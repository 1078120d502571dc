"""Files of the corpus that were skipped, each with a one-line reason."""

from __future__ import annotations

from rich.text import Text

from jianghua.store.models import Skipped

from jianghua.i18n import N_, _

from .. import keymap
from ..textutil import clean
from ..widgets.line_table import Column
from .base import TableScreen, TableSpec

COLUMNS = [
    Column("source", N_("File"), 0, min_width=16),
    Column("reason", N_("Reason"), 0, min_width=16),
]


class ProblemsScreen(TableScreen[Skipped]):
    BINDINGS = keymap.PROBLEMS
    # preview: the highlighted file and its reason in full (at 80 columns the reason column cut
    # "too large (50.4 MB; the limit is 8 MB, set …" before it said what to set)
    TABLE = TableSpec(N_("Problems"), COLUMNS, "problems", N_("No problems: every file of the folder was read."), preview=True)

    def cells(self, s: Skipped) -> list[str | Text]:
        return [Text(clean(s.source, single_line=True), end=""), Text(clean(s.reason, single_line=True), end="")]

    def reload(self) -> None:
        store = self.browser.store
        rows = store.skipped()
        self.table.set_rows(rows)
        self.show_title(_("Skipped files · {n} · in {folder}").format(n=len(rows), folder=clean(str(store.corpus_dir), single_line=True)))
        self.preview(rows[0] if rows else None)

    def preview(self, s: Skipped | None) -> None:
        text = Text(end="")
        if s is not None:
            text.append(clean(s.source, single_line=True), style="bold")
            text.append("\n" + clean(s.reason, single_line=True))
        self.show_preview(text)
