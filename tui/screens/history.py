"""The copy history: everything copied (newest first), to copy again or export."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from jianghua.store.state import CopyRecord

from .. import keymap
from ..textutil import clean, opening
from ..widgets.key_bar import KeyBar
from ..widgets.line_table import Column, LineTable
from .passages import marked

if TYPE_CHECKING:
    from ..app import JianghuaApp

COLUMNS = [
    Column("at", "时间", 11),
    Column("chars", "字数", 6, justify="right"),
    Column("what", "内容", 0, min_width=12),
    Column("title", "出处", 0, min_width=10, hide_below=64),
]


def export_history(records: list[CopyRecord], folder: Path) -> Path:
    """Write the history (oldest first) to a UTF-8 .txt in `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / time.strftime("jianghua-copies-%Y%m%d-%H%M%S.txt")
    n = 1
    while path.exists():
        path = folder / time.strftime(f"jianghua-copies-%Y%m%d-%H%M%S-{n}.txt")
        n += 1
    parts = []
    for r in records:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.at)) if r.at else ""
        parts.append(f"—— {when} · {r.label} · {r.chars} 字\n{r.text}\n")
    tmp = path.with_suffix(".txt.tmp")
    tmp.write_text("\n".join(parts), encoding="utf-8")
    os.replace(tmp, path)
    return path


class HistoryScreen(Screen):
    HELP_SECTION = "Copy history"  # its keys come first in help
    BINDINGS = keymap.HISTORY

    DEFAULT_CSS = """
    HistoryScreen #title-bar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    HistoryScreen #copies { height: 1fr; }
    HistoryScreen #preview-box { height: 9; border-top: tall $panel-lighten-2; background: $surface; }
    HistoryScreen #preview { padding: 0 1; }
    """

    @property
    def japp(self) -> JianghuaApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        yield LineTable(COLUMNS, self._cells, empty_text="Nothing copied yet: y in the reader copies a sentence.", id="copies")
        with VerticalScroll(id="preview-box"):
            yield Static(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Copy history"
        self.reload()
        self.query_one(LineTable).focus()

    def _cells(self, r: CopyRecord) -> list[str | Text]:
        when = time.strftime("%m-%d %H:%M", time.localtime(r.at)) if r.at else ""
        return [when, str(r.chars), Text(opening(r.text, 40), end=""), Text(clean(r.title or "", single_line=True), end="")]

    def reload(self) -> None:
        records = list(reversed(self.japp.state.history))
        self.query_one(LineTable).set_rows(records)
        bar = Text(f"Copy history · {len(records)} copies, newest first · Enter copies again · e exports to a .txt file", end="", no_wrap=True, overflow="ellipsis")
        self.query_one("#title-bar", Static).update(bar)
        self._preview(records[0] if records else None)

    def on_line_table_highlighted(self, event: LineTable.Highlighted) -> None:
        self._preview(event.row)

    def _preview(self, r: CopyRecord | None) -> None:
        self.query_one("#preview", Static).update(marked(r.text) if r else Text(""))

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        event.stop()
        self.japp.recopy(event.row)

    def action_recopy(self) -> None:
        r = self.query_one(LineTable).current_row
        if r is not None:
            self.japp.recopy(r)

    def action_export(self) -> None:
        app = self.japp
        records = app.state.history
        if not records:
            app.notify("Nothing to export: the copy history is empty.", severity="warning", markup=False)
            return
        errors = []
        for folder in app.export_dirs():
            try:
                path = export_history(records, folder)
            except OSError as e:
                errors.append(f"{folder}: {e.strerror or e}")
                continue
            app.last_export = path
            app.notify(f"Exported {len(records)} copies to {path}", title="Exported", markup=False, timeout=8)
            return
        app.notify("Could not export the copy history: " + "; ".join(errors), severity="error", markup=False)

    def action_back(self) -> None:
        self.dismiss()
