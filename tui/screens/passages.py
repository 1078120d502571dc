"""Every passage (paragraph) of the corpus tagged with the active theme(s)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from jianghua.store.models import Passage

from .. import keymap
from ..citation import Clip, citation
from ..textutil import PLACEHOLDER, clean
from ..widgets.key_bar import KeyBar
from ..widgets.filter_bar import FilterBar
from ..widgets.line_table import Column, LineTable

if TYPE_CHECKING:
    from ..app import JianghuaApp

COLUMNS = [
    Column("title", "讲话", 0, min_width=14),
    Column("section", "章节", 0, min_width=10, hide_below=56),
    Column("para", "段", 4, justify="right"),
    Column("score", "分数", 6, justify="right", hide_below=48),
]


def marked(text: str, placeholder_style: str = "reverse bold") -> Text:
    """Plain text with redaction placeholders marked."""
    t = Text(clean(text, single_line=True), end="")
    for m in PLACEHOLDER.finditer(t.plain):
        t.stylize(placeholder_style, m.start(), m.end())
    return t


class PassagesScreen(Screen):
    HELP_SECTION = "Passages"  # its keys come first in help
    RELOAD_AFTER_BUILD = True
    BINDINGS = keymap.PASSAGES

    DEFAULT_CSS = """
    PassagesScreen #passages { height: 1fr; }
    PassagesScreen #preview-box { height: 9; border-top: tall $panel-lighten-2; background: $surface; }
    PassagesScreen #preview { padding: 0 1; }
    """

    @property
    def japp(self) -> JianghuaApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield FilterBar(id="filter-bar")
        yield LineTable(COLUMNS, self._cells, empty_text="Choose themes with t to list their passages.", id="passages")
        with VerticalScroll(id="preview-box"):
            yield Static(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Passages"
        self.reload()
        self.query_one(LineTable).focus()

    def _cells(self, p: Passage) -> list[str | Text]:
        return [
            Text(clean(p.title, single_line=True), end=""),
            Text(clean(p.section or "（开头）", single_line=True), end=""),
            str(p.paragraph + 1),
            f"{p.score:g}",
        ]

    def reload(self) -> None:
        """Ask the store for the passages off the UI thread (the first use of a
        theme reads its index: ~1 s with 10 000 speeches)."""
        app = self.japp
        flt = app.theme_filter
        table = self.query_one(LineTable)
        if not flt.active:
            self._show(flt, [])
            return
        table.empty_text = "Reading the passages…"  # (the old rows stay until the new ones come)
        self.query_one(FilterBar).show_filter(flt, app.theme_names(), "reading the passages…")
        self._load(flt)

    @work(thread=True, exclusive=True, group="passages", exit_on_error=False)
    def _load(self, flt) -> None:
        rows = self.japp.store.passages(flt.ids, flt.mode)
        self.app.call_from_thread(self._loaded, flt, rows)

    def _loaded(self, flt, rows: list[Passage]) -> None:
        if flt == self.japp.theme_filter and self.is_mounted:
            self._show(flt, rows)

    def _show(self, flt, rows: list[Passage]) -> None:
        app = self.japp
        table = self.query_one(LineTable)
        table.empty_text = (
            "No passage has all these themes. m on the list switches to any-of." if flt.active else "Choose themes with t to list their passages."
        )
        table.set_rows(rows, keep=lambda p: (p.speech_id, p.paragraph))
        extra = f"{len(rows)} passages · Enter opens the reader there" if flt.active else ""
        self.query_one(FilterBar).show_filter(flt, app.theme_names(), extra)
        self._preview(table.current_row)

    def on_filter_changed(self) -> None:
        self.reload()

    def on_line_table_highlighted(self, event: LineTable.Highlighted) -> None:
        self._preview(event.row)

    def _preview(self, p: Passage | None) -> None:
        preview = self.query_one("#preview", Static)
        if p is None:
            preview.update("")
            return
        text = Text(end="")
        text.append(clean(p.title, single_line=True), style="bold")
        if p.section:
            text.append("  " + clean(p.section, single_line=True), style="dim")
        text.append(f"  第{p.paragraph + 1}段\n", style="dim")
        text.append_text(marked(self.japp.store.passage_text(p)))
        preview.update(text)

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        event.stop()
        self._open(event.row)

    def action_open(self) -> None:
        row = self.query_one(LineTable).current_row
        if row is not None:
            self._open(row)

    def _open(self, p: Passage) -> None:
        self.japp.open_speech(p.speech_id, paragraph=p.paragraph)

    def action_copy(self) -> None:
        p = self.query_one(LineTable).current_row
        if p is None:
            return
        speech = self.japp.store.speech(p.speech_id)
        text = clean(speech.paragraphs[p.paragraph].text, single_line=True)
        self.japp.copy_clip(Clip(text, citation(speech, p.paragraph), "passage", speech.id, clean(speech.title, single_line=True)))

    def action_back(self) -> None:
        self.dismiss()
