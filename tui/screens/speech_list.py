"""The first screen: every speech (or those of the active themes) in a table."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, ProgressBar, Static

from jianghua.i18n import N_, _, ngettext
from jianghua.store.models import SpeechSummary

from .. import keymap
from ..context import Browser, Progress
from ..filtering import SORT_LABELS, ThemeFilter, TitleIndex, next_sort, sort_rows, when
from ..messages import OpenSpeech
from ..textutil import clean
from ..widgets.filter_bar import FilterBar
from ..widgets.key_bar import KeyBar
from ..widgets.line_table import Column, LineTable
from ..widgets.narrow_input import NarrowInput
from .base import BrowserScreen, Command

COLUMNS = [
    Column("title", N_("Title"), 0, min_width=16),
    Column("date", N_("Date"), 10, justify="right", hide_below=44),
    Column("occasion", N_("Occasion"), 12, hide_below=70),
    Column("chars", N_("Length"), 6, justify="right", hide_below=52),
    Column("themes", N_("Themes"), 22, hide_below=84),
]


class BuildStatus(Static):
    DEFAULT_CSS = """
    BuildStatus { height: 1; width: 1fr; padding: 0 1; color: $text-muted; }
    """


class SpeechListScreen(BrowserScreen):
    HELP_SECTION = N_("Speech list")  # its keys come first in help
    BINDINGS = keymap.SPEECH_LIST

    DEFAULT_CSS = """
    SpeechListScreen #build { height: 1; display: none; background: $panel; }
    SpeechListScreen #build.-building { display: block; }
    SpeechListScreen #build ProgressBar { width: 30; padding: 0 1; }
    SpeechListScreen #speeches { height: 1fr; }
    SpeechListScreen NarrowInput { dock: bottom; display: none; margin-bottom: 1; border: tall $accent; height: 3; width: 100%; }
    SpeechListScreen NarrowInput.-shown { display: block; }
    """

    def __init__(self, browser: Browser) -> None:
        super().__init__(browser)
        self.sort = "source"
        self.query_text = ""
        self._base: list[SpeechSummary] = []
        self._index: TitleIndex | None = None  # the base rows in the current order

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        yield FilterBar(id="filter-bar")
        with Horizontal(id="build"):
            # Never indeterminate: Textual animates an indeterminate bar at 15 frames a
            # second (hidden or not), which took the CPU a first build's workers need.
            yield ProgressBar(total=1, id="build-progress", show_eta=False, show_percentage=True)
            yield BuildStatus(id="build-status")
        yield LineTable(COLUMNS, self._cells, empty_text=N_("No speeches."), id="speeches")
        yield NarrowInput(self.narrow_to, self.action_clear_narrow, placeholder=_("narrow by title… (Esc clears)"), id="narrow")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "讲话 jianghua"
        self.query_one(NarrowInput).cursor_blink = False
        browser = self.browser
        browser.filter_changed.subscribe(self, self._filter_changed)
        browser.build_progress.subscribe(self, self._show_progress)
        browser.speeches_arrived.subscribe(self, self._add_speeches)
        browser.store_updated.subscribe(self, self._store_updated)
        self.reload()
        self.query_one(LineTable).focus()

    # ------------------------------------------------------------ rows

    def _cells(self, s: SpeechSummary) -> list[str | Text]:
        active = self.browser.theme_filter.ids
        names = [t.name for t in s.themes if t.id in active] if active else []
        names += [t.name for t in s.themes if t.id not in active][: max(0, 2 - len(names))]
        themes = Text("·".join(names), style="dim" if not active else "", end="")
        return [
            Text(clean(s.title, single_line=True), end=""),
            when(s),
            clean(s.occasion or "", single_line=True),
            str(s.chars),
            themes,
        ]

    def reload(self) -> None:
        """Read the rows again from the store (filter changed, build finished)."""
        browser = self.browser
        flt = browser.theme_filter
        self._base = browser.store.filter(flt.ids, flt.mode) if flt.active else browser.store.speeches()
        self._refresh_rows()

    def _add_speeches(self, summaries: list[SpeechSummary]) -> None:
        """Speeches that arrived from a running build (added or changed)."""
        if self.browser.theme_filter.active:
            self.reload()  # the store filters what the build has read so far
            return
        by_id = {s.id: s for s in self._base}
        for s in summaries:
            by_id[s.id] = s
        self._base = list(by_id.values())
        self._refresh_rows(reuse=True)

    def _refresh_rows(self, resort: bool = True, reuse: bool = False) -> None:
        flt = self.browser.theme_filter
        if resort or self._index is None:
            rows = self._base
            if self.sort != "source" or not flt.active:  # filtered rows come strongest first
                rows = sort_rows(rows, self.sort, flt.ids)
            self._index = TitleIndex(rows)
        rows = self._index.narrow(self.query_text)
        table = self.query_one(LineTable)
        table.set_rows(rows, keep=lambda s: s.id, reuse=reuse)
        table.empty_text = self._empty_text()
        self._update_bar()

    def _empty_text(self) -> str:
        # msgids: the table translates them when it draws (and again after a language switch)
        if self.browser.building and not self._base:
            return N_("Reading the folder… speeches appear here as they are read.")
        if self.query_text:
            return N_("No title contains that. Esc clears the narrowing.")
        if self.browser.theme_filter.active:
            return N_("No speech has these themes. T clears the filter; m switches all/any.")
        return N_("No speeches.")

    def _update_bar(self) -> None:
        browser = self.browser
        table = self.query_one(LineTable)
        sort = _("strongest first") if self.sort == "source" and browser.theme_filter.active else _(SORT_LABELS[self.sort])
        n = len(table.rows)
        if browser.building:
            extra = ngettext(
                "{n} speech so far (still reading the folder) · sort: {sort}", "{n} speeches so far (still reading the folder) · sort: {sort}", n
            ).format(n=n, sort=sort)
        else:
            total = len(browser.store.speeches())  # (not while building: the arrivals would be summarised again)
            extra = ngettext("{shown}/{total} speech · sort: {sort}", "{shown}/{total} speeches · sort: {sort}", total).format(shown=n, total=total, sort=sort)
        if self.query_text:
            extra += _(" · narrowed")
        self.query_one(FilterBar).show_filter(browser.theme_filter, browser.theme_names(), extra)

    def _filter_changed(self, flt: ThemeFilter) -> None:
        if flt.active:
            self.sort = "source"  # strongest first
        self.reload()

    # ------------------------------------------------------------ build progress

    def _show_progress(self, p: Progress) -> None:
        box = self.query_one("#build")
        box.set_class(True, "-building")
        bar = self.query_one(ProgressBar)
        if p.total:
            bar.update(total=p.total, progress=p.done)
        status = _("Reading the folder… {done}/{total}").format(done=p.done, total=p.total) if p.total else clean(p.source, single_line=True)
        self.query_one(BuildStatus).update(Text(status, no_wrap=True, overflow="ellipsis", end=""), layout=False)

    def _store_updated(self, _: None) -> None:
        self.query_one("#build").set_class(False, "-building")
        self.reload()

    # ------------------------------------------------------------ actions

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        event.stop()
        self.post_message(OpenSpeech(event.row.id))

    def action_open(self) -> None:
        row = self.query_one(LineTable).current_row
        if row is not None:
            self.post_message(OpenSpeech(row.id))

    def action_sort(self) -> None:
        self.sort = next_sort(self.sort)
        self._refresh_rows()
        self.query_one(LineTable).move_cursor(0)
        self.notify(_("Sorted by {sort}").format(sort=_(SORT_LABELS[self.sort])), timeout=1.5, markup=False)

    def action_narrow(self) -> None:
        self.query_one(NarrowInput).open()

    def action_clear_narrow(self) -> None:
        self.query_one(NarrowInput).close()
        self.query_text = ""
        self._refresh_rows(resort=False)

    def narrow_to(self, text: str) -> None:
        if text != self.query_text:
            self.query_text = text
            self._refresh_rows(resort=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "narrow":
            return
        table = self.query_one(LineTable)
        table.focus()
        if len(table.rows) == 1:
            self.post_message(OpenSpeech(table.rows[0].id))

    def commands(self) -> Iterable[Command]:
        yield (_("Sort the list"), _("Cycle file order, title, year, length, theme strength (s)"), self.action_sort)
        yield (_("Narrow the list by title"), _("Type part of a title (/)"), self.action_narrow)

    def relabel(self) -> None:
        """Draw the bars again in another interface language."""
        self.query_one(NarrowInput).placeholder = _("narrow by title… (Esc clears)")
        self._refresh_rows(resort=False)
