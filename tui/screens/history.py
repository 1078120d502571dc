"""The copy history: everything copied (newest first), to copy again or export."""

from __future__ import annotations

import os
import time
from pathlib import Path

from rich.text import Text

from jianghua.store.state import CopyRecord

from jianghua import i18n
from jianghua.i18n import N_, _, ngettext

from .. import keymap
from ..citation import clip_label
from ..messages import Recopy
from ..textutil import clean, marked, opening
from ..widgets.line_table import Column, LineTable
from .base import TableScreen, TableSpec

COLUMNS = [
    Column("at", N_("Time"), 11),
    Column("chars", N_("Chars"), 6, justify="right"),
    Column("what", N_("Content"), 0, min_width=12),
    Column("title", N_("Source"), 0, min_width=10, hide_below=64),
]


def export_name() -> str:
    """The file name an export gets unless the user gives one."""
    return time.strftime("jianghua-copies-%Y%m%d-%H%M%S.txt")


def export_history(records: list[CopyRecord], path: Path) -> Path:
    """Write the history (oldest first) to `path` as UTF-8 text, or into it when it is a
    folder (folders are made as needed); returns the file written. Raises OSError."""
    if path.is_dir():
        path = path / export_name()
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = []
    for r in records:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.at)) if r.at else ""
        parts.append(f"—— {when} · {clip_label(r.label)} · {i18n.characters(r.chars)}\n{r.text}\n")
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text("\n".join(parts), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


class HistoryScreen(TableScreen[CopyRecord]):
    BINDINGS = keymap.HISTORY
    TABLE = TableSpec(N_("Copy history"), COLUMNS, "copies", N_("Nothing copied yet: y in the reader copies a sentence."), preview=True)

    def cells(self, r: CopyRecord) -> list[str | Text]:
        when = time.strftime("%m-%d %H:%M", time.localtime(r.at)) if r.at else ""
        return [when, str(r.chars), Text(opening(r.text, 40), end=""), Text(clean(r.title or "", single_line=True), end="")]

    def reload(self) -> None:
        records = list(reversed(self.browser.state.history))
        self.table.set_rows(records)
        n = len(records)
        self.show_title(
            ngettext(
                "Copy history · {n} copy, newest first · Enter copies again · e exports to a .txt file",
                "Copy history · {n} copies, newest first · Enter copies again · e exports to a .txt file",
                n,
            ).format(n=n)
        )
        self.preview(records[0] if records else None)

    def preview(self, r: CopyRecord | None) -> None:
        self.show_preview(marked(r.text, single_line=False) if r else Text(""))  # its paragraphs and citation line kept

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        event.stop()
        self.post_message(Recopy(event.row))

    def action_recopy(self) -> None:
        r = self.table.current_row
        if r is not None:
            self.post_message(Recopy(r))

    def action_export(self) -> None:
        """`e`: a dialog with the file's path (the default filled in) to keep or change."""
        from ..dialogs.export import ExportDialog

        browser = self.browser
        records = list(browser.state.history)
        if not records:
            self.notify(_("Nothing to export: the copy history is empty."), severity="warning", markup=False)
            return

        def done(path: Path | None) -> None:
            if path is None:
                return
            browser.last_export = path
            n = len(records)
            msg = ngettext("Exported {n} copy to {path}", "Exported {n} copies to {path}", n).format(n=n, path=path)
            self.notify(msg, title=_("Exported"), markup=False, timeout=8)

        default = browser.export_folder() / export_name()
        self.app.push_screen(ExportDialog(len(records), default, lambda path: export_history(records, path)), done)
