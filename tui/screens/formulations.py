"""The set formulations (提法) of the corpus — or of the speeches of the active
theme filter: how often, in how many speeches, since when, and their use year by
year as a sparkline."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult

from jianghua.corpus.script import fold_query
from jianghua.store.formulations import TOP, Formulation, sort, top_uses

from .. import keymap
from ..filtering import ThemeFilter
from jianghua import i18n
from jianghua.i18n import N_, _, ngettext

from ..citation import Clip
from ..dialogs.trend import TrendDialog  # (here, not at the key: the chart's first open imports nothing)
from ..messages import CopyClip, SearchCorpus
from ..textutil import clean
from ..year_chart import FLOOR, sparkline, year_values
from ..widgets.filter_bar import FilterBar
from ..widgets.line_table import Column, LineTable
from ..widgets.narrow_input import NarrowInput
from .base import TableScreen, TableSpec

SPARK = 12  # cells of the per-year sparkline
WARM_AFTER = 0.3  # seconds after the rows are shown: read what a theme filter is counted from
SAY_COUNTING_AFTER = 0.15  # seconds: a count not answered by then says so (a look-up never flashes "counting…")
COLUMNS = [
    # (at most 40 cells: on a wide terminal the figures stay beside the words, the room left is blank)
    Column("text", N_("Formulation"), stops=(12, 40)),
    Column("kind", N_("Kind"), 8),
    Column("hits", N_("Uses"), 6, justify="right"),
    Column("speeches", N_("Speeches"), 8, justify="right"),
    Column("first", N_("First used"), 10, hide_below=56),
    Column("last", N_("Latest"), 10, hide_below=68),
    Column("trend", N_("By year"), SPARK, hide_below=82),
]
KIND_NAMES = {"numbered": N_("numbered"), "paired": N_("paired"), "quoted": N_("quoted"), "phrase": N_("phrase"),
              "dictionary": N_("dictionary")}
KIND_HELP = {
    "numbered": N_("a numeral, a measure word and a short head (四个意识)"),
    "paired": N_("two numerals with a character each (三会一课)"),
    "quoted": N_("short text in quotation marks that recurs"),
    "phrase": N_("words used together across speeches more than chance would have it"),
    "dictionary": N_("a set formulation of the user dictionary"),
}
SORTS = ("hits", "speeches", "first", "name")
# What the uses of a kind count, where the concordance (Enter) counts more: every use of the text.
COUNTED = {"phrase": N_("Uses counted in the speeches that say it at least twice; Enter finds every use."),
           "quoted": N_("Uses counted in quotation marks; Enter finds every use, quoted or not.")}
SORT_LABELS = {"hits": N_("most used"), "speeches": N_("in most speeches"), "first": N_("newest first"), "name": N_("by name")}


def kind_name(kind: str) -> str:
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


class FormulationNarrow(NarrowInput):
    """`/`: narrow the formulations by their text (simplified or traditional)."""


class FormulationsScreen(TableScreen[Formulation]):
    BINDINGS = keymap.FORMULATIONS
    TABLE = TableSpec(N_("Formulations"), COLUMNS, "formulations", N_("Counting the set formulations…"), filter_bar=True, preview=True)

    DEFAULT_CSS = """
    FormulationsScreen NarrowInput { dock: bottom; display: none; margin-bottom: 1; border: tall $accent; height: 3; width: 100%; }
    FormulationsScreen NarrowInput.-shown { display: block; }
    FormulationsScreen #preview-box { height: 11; }  /* (the top speeches, the rest of them, the keys, the By year legend) */
    """

    def __init__(self, browser) -> None:
        super().__init__(browser)
        self.sort = "hits"
        self.query_text = ""
        self._all: list[Formulation] = []
        self._years: dict[int, int] = {}
        self._loaded_for: ThemeFilter | None = None
        self._warm_timer = None
        self._counting_timer = None  # says "counting…" when a count takes a while
        self._previewed: Formulation | None = None  # the row the preview shows
        self._legend = False  # whether the preview explains the By year column (shown only with it)

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield FormulationNarrow(self.narrow_to, self.action_clear_narrow, placeholder=_("narrow by formulation… (Esc clears)"), id="narrow")

    def on_mount(self) -> None:
        # (TableScreen.on_mount, which Textual calls too, titles, loads and focuses: off-stage
        # the load is put off until it is shown — `when_shown` — and the app then calls build_ahead)
        self.browser.filter_changed.subscribe(self, lambda _flt: self.reload())
        self.browser.store_updated.subscribe(self, lambda _: self.reload())

    def on_screen_resume(self) -> None:
        # (then BrowserScreen's: a count put off while under another screen runs — `reload`)
        self._warm_later()

    def _recount_when_shown(self) -> None:
        """The rows no longer fit (the filter or the store changed) while nobody sees
        them: counted when this view is shown again (`prepare`, or back from a search)."""
        self.when_shown("reload", lambda: self.reload(count=True))

    # ------------------------------------------------------------ built ahead (the app keeps one, off-stage)

    def _on_stage(self) -> bool:
        return self in self.app.screen_stack

    def build_ahead(self) -> None:
        """Mounted and laid out off-stage (the app, once the list rests): take the rows
        at hand and draw those in view — F then shows them without drawing them again.
        Without rows at hand (a theme filter, no kept count) it counts when shown."""
        self.reload(count=False)
        if self._loaded_for is not None:
            self.table.draw_ahead()

    def prepare(self) -> None:
        """About to be shown again (F): as a new view opens — most used first, not
        narrowed, on the first row — its rows counted again only if the theme filter
        or the corpus count changed since they were made (else nothing is redrawn)."""
        recount = self.drop_when_shown("reload") or self._loaded_for != self.browser.theme_filter
        reordered = self.sort != "hits" or bool(self.query_text)
        self.sort = "hits"
        narrow = self.query_one(FormulationNarrow)
        if narrow.value or narrow.has_class("-shown"):
            narrow.close()  # (emptied: the rows narrowed back)
        self.query_text = ""
        self.table.focus()
        if recount:
            self.reload(count=True)
        elif reordered:
            self._show(cursor=0)
        else:
            self.table.move_cursor(0)

    def relabel(self) -> None:
        """The interface language changed (this view shown, or built ahead): its texts
        made at compose and at its last rows are made again."""
        self.title = _(self.TABLE.title)
        self.query_one(FormulationNarrow).placeholder = _("narrow by formulation… (Esc clears)")
        if self._loaded_for is not None:
            self._show()

    # ------------------------------------------------------------ rows

    def cells(self, f: Formulation) -> list[str | Text]:
        return [
            Text(clean(f.text, single_line=True), end=""),
            kind_name(f.kind),
            str(f.hits),
            str(f.speeches),
            f.first or "",
            f.last or "",
            sparkline(year_values(f, self._years), SPARK),
        ]

    def reload(self, count: bool | None = None) -> None:
        """Count the formulations off the UI thread (the first count reads every
        speech's formulations: ~0.3 s with 10 000 speeches). A view kept off-stage
        or under another screen (count None: the filter or the store changed) counts
        when it is next shown;
        count=False (built ahead): only rows at hand are taken."""
        if count is None and not self.is_current:
            self._recount_when_shown()
            return
        flt = self.browser.theme_filter
        store = self.browser.store
        if not flt.active and store.formulations_at_hand():  # (read ahead by the app: shown in this frame)
            self.drop_when_shown("reload")
            self._apply(flt, store.formulations(), store.chars_by_year())
            return
        if count is False:
            self._recount_when_shown()
            return
        self.drop_when_shown("reload")
        # the filter's rows are mostly a look-up (a few tens of ms): the rows and the bar then
        # come in one frame; a longer count says so
        self._stop_counting_timer()
        self._counting_timer = self.set_timer(SAY_COUNTING_AFTER, lambda: self._say_counting(flt))
        self._count(flt)

    def _say_counting(self, flt: ThemeFilter) -> None:
        self._counting_timer = None
        if flt == self.browser.theme_filter and self.is_mounted:
            self.query_one(FilterBar).show_filter(flt, self.browser.theme_names(), _("counting the set formulations…"))

    def _stop_counting_timer(self) -> None:
        if self._counting_timer is not None:
            self._counting_timer.stop()
            self._counting_timer = None

    @work(thread=True, exclusive=True, group="formulations", exit_on_error=False)
    def _count(self, flt: ThemeFilter) -> None:
        store = self.browser.store
        rows = store.formulations(flt.ids, flt.mode) if flt.active else store.formulations()
        years = store.chars_by_year(flt.ids, flt.mode) if flt.active else store.chars_by_year()
        self.app.call_from_thread(self._counted, flt, rows, years)

    def _counted(self, flt: ThemeFilter, rows: list[Formulation], years: dict[int, int]) -> None:
        if flt != self.browser.theme_filter or not self.is_mounted:
            return
        self._apply(flt, rows, years)

    def _apply(self, flt: ThemeFilter, rows: list[Formulation], years: dict[int, int]) -> None:
        self._stop_counting_timer()
        self._all, self._years, self._loaded_for = rows, years, flt
        self._show(cursor=0 if not self._on_stage() else None)
        self._warm_later()

    def _warm_later(self) -> None:
        # a theme filter set here then answers at once (once the rows are painted; not
        # for a view built ahead and never shown: it reads ~0.3 s and keeps it)
        # (a warm-up already due stays due: q and F again do not put it off)
        if self._loaded_for is not None and not self._loaded_for.active and self._on_stage() and self._warm_timer is None:
            self._warm_timer = self.set_timer(WARM_AFTER, self._warm_due)

    def _warm_due(self) -> None:
        self._warm_timer = None
        self._warm()

    @work(thread=True, exclusive=True, group="formulations-warm", exit_on_error=False)
    def _warm(self) -> None:
        self.browser.store.prepare_formulation_filters()

    def _show(self, cursor: int | None = None) -> None:
        rows = sort(self._all, self.sort)
        # formulations are found in the simplified (folded) text: fold the query alike
        q = fold_query(self.query_text.strip()).casefold()
        if q:
            rows = [f for f in rows if q in f.text.casefold()]
        table = self.table
        table.empty_text = (
            N_("No formulation contains that. Esc clears the narrowing.") if q
            else N_("No set formulation in these speeches.") if self._loaded_for is not None else N_("Counting the set formulations…")
        )
        table.set_rows(rows, keep=lambda f: f.text, cursor=cursor)
        extra = ngettext("{n} formulation", "{n} formulations", len(rows)).format(n=len(rows))
        extra += " · " + _("sort: {order}").format(order=_(SORT_LABELS[self.sort])) + (" · " + _("narrowed") if q else "")
        self.query_one(FilterBar).show_filter(self.browser.theme_filter, self.browser.theme_names(), extra)
        self.preview(table.current_row)

    def narrow_to(self, value: str) -> None:
        self.query_text = value
        self._show()

    def on_line_table_highlighted(self, event: LineTable.Highlighted) -> None:
        event.prevent_default()  # (instead of TableScreen's: the preview is not made twice)
        if event.row is not self._previewed:  # (new rows: `_show` previewed the first already)
            self.preview(event.row)

    def preview(self, f: Formulation | None) -> None:
        self._previewed = f
        if f is None:
            self.show_preview("")
            return
        text = Text(end="")
        text.append(clean(f.text, single_line=True), style="bold")
        text.append(f"  {kind_name(f.kind)} · {_(KIND_HELP[f.kind]) if f.kind in KIND_HELP else ''}\n", style="dim")
        when = i18n.date_span(f.first, f.last) or _("no date")
        text.append(_("{uses} in {speeches}").format(uses=ngettext("{n} use", "{n} uses", f.hits).format(n=f.hits),
                                                   speeches=ngettext("{n} speech", "{n} speeches", f.speeches).format(n=f.speeches)))
        text.append(f" · {when}")
        text.append("\n")
        if f.kind in COUNTED:  # (the concordance, Enter, finds every use: its count may be higher)
            text.append(_(COUNTED[f.kind]) + "\n", style="dim")
        store = self.browser.store
        # the most used speeches: named in the row (the uses are read only when asked for)
        top = f.top if len(f.top) == min(TOP, f.speeches) else top_uses(f.uses)
        for sid, n in top:
            try:
                title = store.summary(sid).title
            except KeyError:
                continue
            text.append(f"  {n:>3}×  ", style="dim")
            text.append(clean(title, single_line=True) + "\n")
        rest, others = f.hits - sum(n for _sid, n in top), f.speeches - len(top)
        if rest > 0 and others > 0:  # the breakdown adds up to the row's figures
            text.append(f"  {rest:>3}×  ", style="dim")
            text.append(ngettext("in {n} more speech", "in {n} more speeches", others).format(n=others) + "\n", style="dim")
        text.append(_("Enter shows every use in context · r shows the trend"), style="dim")
        self._legend = self.table.shows("trend")  # (the By year column is hidden on narrow terminals: so is its legend)
        if self._legend:
            text.append("\n" + _("By year: bars from zero · {floor} not used that year · blank: no speeches that year").format(floor=FLOOR), style="dim")
        self.show_preview(text)

    def on_resize(self) -> None:
        self.call_after_refresh(self._legend_follows_column)

    def _legend_follows_column(self) -> None:
        """A resize that shows or hides the By year column shows or hides its legend."""
        if self.is_attached and self._previewed is not None and self.table.shows("trend") != self._legend:
            self.preview(self._previewed)

    # ------------------------------------------------------------ actions

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        event.stop()
        self._search(event.row)

    def action_open(self) -> None:
        f = self.table.current_row
        if f is not None:
            self._search(f)

    def _search(self, f: Formulation) -> None:
        self.post_message(SearchCorpus(f'"{f.text}"'))

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._show()
        self.notify(_("Sorted: {order}").format(order=_(SORT_LABELS[self.sort])), timeout=2, markup=False)

    def action_narrow(self) -> None:
        self.query_one(FormulationNarrow).open()

    def action_clear_narrow(self) -> None:
        self.query_one(FormulationNarrow).close()

    def on_input_submitted(self, event) -> None:
        """Enter in the narrowing box: as in the speech list, the highlighted row opens
        (here: every use of it); the box keeps what was typed (Esc in the table clears it)."""
        event.stop()
        self.table.focus()
        self.action_open()

    def action_trend(self) -> None:
        f = self.table.current_row
        if f is not None:
            self.app.push_screen(TrendDialog(f, self._years))

    def action_copy_table(self) -> None:
        """The rows shown, as a tab-separated table (for a spreadsheet or a draft)."""
        rows = self.table.rows
        if not rows:
            return
        head = "\t".join(_(c.label) for c in COLUMNS[:6])
        lines = [head] + [
            "\t".join([clean(f.text, single_line=True), kind_name(f.kind), str(f.hits), str(f.speeches), f.first or "", f.last or ""])
            for f in rows
        ]
        flt = self.browser.theme_filter
        scope = " + ".join(self.browser.theme_names().get(t, t) for t in flt.ids) if flt.active else _("all speeches")
        source = _("jianghua · set formulations of {scope} · {n} rows").format(scope=scope, n=len(rows))
        self.post_message(CopyClip(Clip("\n".join(lines), source, "table", "", _("Formulations"))))
