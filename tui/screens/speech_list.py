"""The first screen: every speech (or those of the active themes) in a table."""

from __future__ import annotations

from collections.abc import Iterable
from time import monotonic

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, ProgressBar, Static

from jianghua import i18n
from jianghua.i18n import N_, _, ngettext
from jianghua.store.models import SpeechSummary

from .. import keymap
from ..context import Browser, Progress
from ..filtering import SORT_LABELS, SORTS, ThemeFilter, TitleIndex, next_sort, sort_rows, when
from ..messages import OpenSpeech, StateChanged
from ..textutil import clean
from ..widgets.filter_bar import FilterBar
from ..widgets.key_bar import KeyBar
from ..widgets.line_table import Column, LineTable
from ..widgets.narrow_input import NarrowInput
from .base import BrowserScreen, Command

# How the columns share the width (tui/widgets/columns.py): the title gives way
# first, down to 30 cells; then occasion and themes, down to their minimum; then
# the title again; only then are columns hidden (length, occasion, themes, date).
# Past the comfortable widths the room goes by share, the title's twice the others'.
clock = monotonic  # (the build's elapsed time; tests set it)
SAY_ELAPSED_AFTER = 3  # seconds: a build that takes longer says how long it has been at work
MAX_THEMES = 4  # theme names a row offers its column
READ_MARK = "✓"  # (East Asian width N: one cell in every terminal)
COLUMNS = [
    Column("read", "", stops=(1,)),  # ✓: read before (the help's legend says so)
    Column("title", N_("Title"), stops=(12, 30, 30, 44, None), share=2),
    Column("date", N_("Date"), justify="right", stops=(10,), drop=2),
    Column("occasion", N_("Occasion"), stops=(8, 8, 14, 14, 30), drop=4),
    Column("chars", N_("Length"), justify="right", stops=(6,), drop=5),
    Column("themes", N_("Themes"), stops=(10, 10, 22, 22, 50), drop=3),
]


def length_cell(n: int) -> str:
    """字数 in the list's six cells: a collected-works file of a million characters or
    more showed "12000…" (read as 12 000); it shows "1200万" (Chinese) / "12.0M"."""
    if n < 1_000_000:
        return str(n)
    return f"{n // 10_000}万" if i18n.language() == "zh" else f"{n / 1_000_000:.1f}M"


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
        self._restore: str | None = None  # the speech highlighted when the list was left
        self._build_started: float | None = None  # when the running build's first progress was shown
        self._skipped = 0  # files of the folder that are not in the list (the problems view says why)

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
        self._restore_place()
        self.reload()
        self.query_one(LineTable).focus()

    # ------------------------------------------------------------ where the list was left

    def _restore_place(self) -> None:
        """The theme filter, sort and highlighted speech of the last session (state file)."""
        place = self.browser.state.list_place
        known = self.browser.store.themes_taxonomy.by_id
        ids = tuple(t for t in place.themes if t in known)
        self.browser.theme_filter = ThemeFilter(ids, place.mode)  # (no screen listens yet)
        if place.sort in SORTS:
            self.sort = place.sort
        self._restore = place.speech

    def _remember_place(self) -> None:
        if self._restore is not None:
            return  # the speech to show again is not listed yet (a first build is reading)
        flt = self.browser.theme_filter
        row = self.query_one(LineTable).current_row
        self.browser.state.set_list_place(themes=flt.ids, mode=flt.mode, sort=self.sort, speech=row.id if row else None)
        if self.browser.state.dirty:
            self.post_message(StateChanged())

    def on_line_table_highlighted(self, event: LineTable.Highlighted) -> None:
        self._remember_place()

    def on_screen_resume(self) -> None:
        self.query_one(LineTable).refresh_rows()  # (a speech read since is marked ✓)

    # ------------------------------------------------------------ rows

    def _cells(self, s: SpeechSummary) -> list[str | Text]:
        active = self.browser.theme_filter.ids
        names = [t.name for t in s.themes if t.id in active] if active else []
        names += [t.name for t in s.themes if t.id not in active][: max(0, MAX_THEMES - len(names))]  # (cut to the column's width)
        themes = Text("·".join(names), style="dim" if not active else "", end="")
        return [
            Text(READ_MARK, style="dim", end="") if s.id in self.browser.state.positions else "",
            Text(clean(s.title, single_line=True), end=""),
            when(s),
            clean(s.occasion or "", single_line=True),
            length_cell(s.chars),
            themes,
        ]

    def reload(self) -> None:
        """Read the rows again from the store (filter changed, build finished)."""
        browser = self.browser
        flt = browser.theme_filter
        self._base = browser.store.filter(flt.ids, flt.mode) if flt.active else browser.store.speeches()
        self._skipped = len(browser.store.skipped())
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
        at = next((i for i, s in enumerate(rows) if s.id == self._restore), None) if self._restore else None
        if at is not None:
            self._restore = None
            table.set_rows(rows, cursor=at)
            self.call_after_refresh(table.scroll_to_cursor)  # (once the table has its height)
        else:
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
        parts = [extra]
        if self._skipped:  # on every start while there are any (the toast only says it after a build)
            parts.append((
                ngettext("{n} skipped · ! shows why", "{n} skipped · ! shows why", self._skipped).format(n=self._skipped),
                ngettext("{n} skipped (!)", "{n} skipped (!)", self._skipped).format(n=self._skipped),  # (a narrow bar, themes chosen)
            ))
        self.query_one(FilterBar).show_filter(browser.theme_filter, browser.theme_names(), parts)

    def _filter_changed(self, flt: ThemeFilter) -> None:
        # the chosen sort stays (file order shows a filtered list strongest first);
        # under another screen (F, the reader) the rows are read when the list shows again
        self.when_shown("reload", self.reload)
        self._remember_place()

    # ------------------------------------------------------------ build progress

    def _show_progress(self, p: Progress) -> None:
        box = self.query_one("#build")
        box.set_class(True, "-building")
        bar = self.query_one(ProgressBar)
        if p.total:
            bar.update(total=p.total, progress=p.done)
        status = _("Reading the folder… {done}/{total}").format(done=p.done, total=p.total) if p.total else clean(p.source, single_line=True)
        # a long file gives no progress until it is read (one file: "0/1" throughout): the time says it is at work
        if self._build_started is None:
            self._build_started = clock()
        elapsed = int(clock() - self._build_started)
        if elapsed >= SAY_ELAPSED_AFTER:
            status += " · " + ngettext("{n} second so far", "{n} seconds so far", elapsed).format(n=elapsed)
        self.query_one(BuildStatus).update(Text(status, no_wrap=True, overflow="ellipsis", end=""), layout=False)

    def _store_updated(self, _: None) -> None:
        self.query_one("#build").set_class(False, "-building")
        self._build_started = None
        self.reload()
        self._restore = None  # (a speech no longer in the folder: the list starts at the top)

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
        self._remember_place()
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
        row = table.current_row  # the highlighted speech (the first match unless moved)
        if row is not None:
            self.post_message(OpenSpeech(row.id))

    def commands(self) -> Iterable[Command]:
        yield (_("Sort the list"), _("Cycle file order, title, year, length, theme strength (s)"), self.action_sort)
        yield (_("Narrow the list by title"), _("Type part of a title (/)"), self.action_narrow)

    def relabel(self) -> None:
        """Draw the bars again in another interface language."""
        self.query_one(NarrowInput).placeholder = _("narrow by title… (Esc clears)")
        self._refresh_rows(resort=False)
