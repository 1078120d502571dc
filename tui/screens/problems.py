"""Files of the corpus that were skipped, each with a one-line reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from jianghua.store.models import Skipped

from .. import keymap
from ..textutil import clean
from ..widgets.key_bar import KeyBar
from ..widgets.line_table import Column, LineTable

if TYPE_CHECKING:
    from ..app import JianghuaApp

COLUMNS = [
    Column("source", "文件", 0, min_width=16),
    Column("reason", "原因", 0, min_width=16),
]


class ProblemsScreen(Screen):
    HELP_SECTION = "Problems"  # its keys come first in help
    BINDINGS = keymap.PROBLEMS

    DEFAULT_CSS = """
    ProblemsScreen #title-bar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    ProblemsScreen #problems { height: 1fr; }
    """

    @property
    def japp(self) -> JianghuaApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        yield LineTable(COLUMNS, self._cells, empty_text="No problems: every file of the corpus was read.", id="problems")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Problems"
        self.reload()
        self.query_one(LineTable).focus()

    def _cells(self, s: Skipped) -> list[str | Text]:
        return [Text(clean(s.source, single_line=True), end=""), Text(clean(s.reason, single_line=True), end="")]

    def reload(self) -> None:
        rows = self.japp.store.skipped()
        self.query_one(LineTable).set_rows(rows)
        corpus = clean(str(self.japp.store.corpus_dir), single_line=True)
        bar = Text(f"Skipped files · {len(rows)} · in {corpus}", end="", no_wrap=True, overflow="ellipsis")
        self.query_one("#title-bar", Static).update(bar)

    def action_back(self) -> None:
        self.dismiss()
