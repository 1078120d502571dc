"""Every passage (paragraph) of the corpus tagged with the active theme(s)."""

from __future__ import annotations

from rich.text import Text
from textual import work

from jianghua.i18n import N_, _, ngettext
from jianghua.store.models import Passage

from .. import keymap
from ..citation import Clip, citation
from ..filtering import ThemeFilter
from ..messages import CopyClip, OpenSpeech
from ..textutil import clean, marked
from ..widgets.filter_bar import FilterBar
from ..widgets.line_table import Column, LineTable
from .base import TableScreen, TableSpec

COLUMNS = [
    Column("title", N_("Speech"), 0, min_width=14),
    Column("section", N_("Section"), 0, min_width=10, hide_below=56),
    Column("para", N_("Para"), 4, justify="right"),  # 第N段: within the section
    Column("score", N_("Score"), 6, justify="right", hide_below=48),
]
CHOOSE_THEMES = N_("Choose themes with t to list their passages.")


class PassagesScreen(TableScreen[Passage]):
    BINDINGS = keymap.PASSAGES
    TABLE = TableSpec(N_("Passages"), COLUMNS, "passages", CHOOSE_THEMES, filter_bar=True, preview=True)

    def on_mount(self) -> None:
        self.browser.filter_changed.subscribe(self, self._filter_changed)
        self.browser.store_updated.subscribe(self, self._store_updated)
        super().on_mount()

    def cells(self, p: Passage) -> list[str | Text]:
        return [
            Text(clean(p.title, single_line=True), end=""),
            Text(clean(p.section or _("(opening)"), single_line=True), end=""),
            str(self.browser.store.paragraph_number(p.speech_id, p.paragraph)),  # 第N段: within the section
            f"{p.score:g}",
        ]

    def reload(self) -> None:
        """Ask the store for the passages off the UI thread (the first use of a
        theme reads its index: ~1 s with 10 000 speeches)."""
        browser = self.browser
        flt = browser.theme_filter
        if not flt.active:
            self._show(flt, [])
            return
        self.table.empty_text = N_("Reading the passages…")  # (the old rows stay until the new ones come)
        self.query_one(FilterBar).show_filter(flt, browser.theme_names(), _("Reading the passages…"))
        self._load(flt)

    def _filter_changed(self, flt: ThemeFilter) -> None:
        self.reload()

    def _store_updated(self, _: None) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="passages", exit_on_error=False)
    def _load(self, flt: ThemeFilter) -> None:
        rows = self.browser.store.passages(flt.ids, flt.mode)
        self.app.call_from_thread(self._loaded, flt, rows)

    def _loaded(self, flt: ThemeFilter, rows: list[Passage]) -> None:
        if flt == self.browser.theme_filter and self.is_mounted:
            self._show(flt, rows)

    def _show(self, flt: ThemeFilter, rows: list[Passage]) -> None:
        table = self.table
        table.empty_text = (
            N_("No passage has all these themes. m on the list switches to any-of.") if flt.active else CHOOSE_THEMES
        )
        table.set_rows(rows, keep=lambda p: (p.speech_id, p.paragraph))
        extra = ngettext("{n} passage · Enter opens the reader there", "{n} passages · Enter opens the reader there", len(rows)).format(n=len(rows)) if flt.active else ""
        self.query_one(FilterBar).show_filter(flt, self.browser.theme_names(), extra)
        self.preview(table.current_row)

    def preview(self, p: Passage | None) -> None:
        if p is None:
            self.show_preview("")
            return
        text = Text(end="")
        text.append(clean(p.title, single_line=True), style="bold")
        if p.section:
            text.append("  " + clean(p.section, single_line=True), style="dim")
        number = self.browser.store.paragraph_number(p.speech_id, p.paragraph)
        text.append("  " + _("para {n} in section").format(n=number) + "\n", style="dim")
        text.append_text(marked(self.browser.store.passage_text(p)))
        self.show_preview(text)

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        event.stop()
        self._open(event.row)

    def action_open(self) -> None:
        row = self.table.current_row
        if row is not None:
            self._open(row)

    def _open(self, p: Passage) -> None:
        self.post_message(OpenSpeech(p.speech_id, paragraph=p.paragraph))

    def action_copy(self) -> None:
        p = self.table.current_row
        if p is None:
            return
        speech = self.browser.store.speech(p.speech_id)
        text = clean(speech.paragraphs[p.paragraph].text, single_line=True)
        self.post_message(CopyClip(Clip(text, citation(speech, p.paragraph), "passage", speech.id, clean(speech.title, single_line=True))))
