"""Search across the corpus, shown as a concordance (KWIC): one line per hit.

The search runs in a thread worker (`exclusive`: a new search cancels the old
one, and so do Esc and leaving the screen); the first screenful of hits is shown
as soon as it is found, the count and the distribution when the search ends.
The theme filter, when one is set, limits the search (T drops it).
"""

from __future__ import annotations

import time

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from jianghua.corpus.query import REGEX_TIMEOUT, Query, QueryError, fold_text, parse
from jianghua.corpus.cells import truncate
from jianghua.store.citation import Citation, chosen_style
from jianghua.store.search import CorpusSearch, Outcome, signatures

from jianghua.i18n import N_, _

from .. import keymap
from ..citation import Clip, citation
from ..context import Browser
from ..messages import CopyClip, OpenSpeech
from ..kwic import MAX_ROWS, SORT_LABELS, SORTS, KwicRow, bar_text, make_row, narrow, per_speech, per_year, sort_rows
from ..textutil import clean
from ..widgets.filter_bar import FilterBar
from ..widgets.key_bar import KeyBar
from ..widgets.kwic_table import KwicTable
from .base import BrowserScreen

FIRST_SCREEN = 60  # hits shown at once, before the search has finished


def _summary(store, speech_id: str):
    try:
        return store.summary(speech_id)
    except KeyError:
        return None


class QueryInput(Input):
    """The query line: Enter searches, Esc goes to the results (or back)."""

    BINDINGS = keymap.SEARCH_INPUT

    def on_mount(self) -> None:
        self.cursor_blink = False  # a blinking cursor repaints twice a second over SSH

    def action_leave(self) -> None:
        screen = self.screen
        if isinstance(screen, ConcordanceScreen):
            screen.leave_input(self)


class ConcordanceScreen(BrowserScreen):
    HELP_SECTION = N_("Concordance")
    BINDINGS = keymap.CONCORDANCE

    DEFAULT_CSS = """
    ConcordanceScreen #query { dock: top; height: 3; border: tall $accent; }
    ConcordanceScreen #summary { height: 1; padding: 0 1; background: $panel; }
    ConcordanceScreen #dist { height: auto; max-height: 9; padding: 0 1; display: none; }
    ConcordanceScreen #dist.-shown { display: block; }
    ConcordanceScreen #hits { height: 1fr; }
    ConcordanceScreen #narrow { dock: bottom; display: none; margin-bottom: 1; border: tall $accent; height: 3; }
    ConcordanceScreen #narrow.-shown { display: block; }
    """

    def __init__(self, browser: Browser, query: str = "") -> None:
        super().__init__(browser)
        self.initial = query
        self.query_obj: Query | None = None
        self.sort = "speech"
        self.rows: list[KwicRow] = []  # every row kept, in speech order
        self.narrow_text = ""
        self.outcome: Outcome | None = None
        self.total = 0
        self.dist_mode = 0  # 0 per year, 1 per speech (when shown)
        self._token = 0
        self._scope_chars: dict[str, tuple[int | None, int]] = {}
        self._titles: dict[str, str] = {}
        self.message = ""

    def compose(self) -> ComposeResult:
        yield QueryInput(value=self.initial, placeholder=_('search: 词语 · 多个词 · "带 空格" · -排除 · re:正则   (Enter searches, Esc to the results)'), id="query")
        yield FilterBar(id="filter-bar")
        yield Static(id="summary", markup=False)
        yield Static(id="dist", markup=False)
        yield KwicTable(id="hits")
        yield Input(placeholder=_("narrow the hits… (Esc clears)"), id="narrow")
        yield KeyBar()

    def on_mount(self) -> None:
        self.browser.filter_changed.subscribe(self, lambda _flt: self.on_filter_changed())
        self.title = _("Search")
        self.query_one("#narrow", Input).cursor_blink = False
        self._show_scope()
        if not self.initial.strip():
            self._warm()
        if self.initial.strip():
            self.run_search(self.initial)
            self.query_one(KwicTable).focus()
        else:
            self._say(_("Type a query and press Enter."))
            self.query_one(QueryInput).focus()

    # ------------------------------------------------------------ searching

    @work(thread=True, group="warm", exit_on_error=False)
    def _warm(self) -> None:
        """While the query is typed: read the index and make the folding tables
        (~0.1 s on first use), so that Enter pays for the search alone."""
        signatures(self.browser.store)
        fold_text("預熱")

    def _scope(self) -> list[str] | None:
        flt = self.browser.theme_filter
        return [s.id for s in self.browser.store.filter(flt.ids, flt.mode)] if flt.active else None

    def _show_scope(self) -> None:
        flt = self.browser.theme_filter
        extra = "search within these themes · T searches everything" if flt.active else "searching every speech"
        self.query_one(FilterBar).show_filter(flt, self.browser.theme_names(), extra)

    def on_filter_changed(self) -> None:
        self._show_scope()
        if self.query_obj is not None:
            self.run_search(self.query_obj.text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "query":
            self.run_search(event.value)
            if self.query_obj is not None:
                self.query_one(KwicTable).focus()
        else:
            self.query_one(KwicTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "narrow":
            event.stop()
            self.narrow_text = event.value
            self._show_rows()

    def run_search(self, text: str) -> None:
        self._token += 1
        self.workers.cancel_group(self, "corpus-search")
        try:
            q = parse(text)
        except QueryError as e:
            self.query_obj = None
            self._say(str(e), error=True)
            return
        self.query_obj = q
        self.rows = []
        self.total = 0
        self.outcome = None
        self.query_one(KwicTable).set_rows([])
        self.query_one(KwicTable).empty_text = N_("Searching…")
        self._say(_("Searching…") + (f" ({q.note})" if q.note else ""))
        self._search(q, self._scope(), self._token)

    @work(thread=True, exclusive=True, group="corpus-search", exit_on_error=False)
    def _search(self, q: Query, scope: list[str] | None, token: int) -> None:
        worker = get_current_worker()
        store = self.browser.store
        out = Outcome()
        rows: list[KwicRow] = []
        try:
            self._collect(q, scope, token, worker, out, rows)
        except Exception as e:  # noqa: BLE001 - never leave the screen "counting…" forever
            from jianghua.corpus.clean import one_line

            self.app.call_from_thread(self._say, _("The search stopped: {why}").format(why=one_line(e)), True)
            return
        if worker.is_cancelled:
            return
        ids = scope if scope is not None else [s.id for s in store.speeches()]
        chars = {}
        titles = {}
        for sid in ids:
            s = _summary(store, sid)
            if s is None:
                continue
            chars[sid] = (s.year, s.chars)
            if sid in out.per_speech:
                titles[sid] = s.title
        self.app.call_from_thread(self._done, token, rows, sum(out.per_speech.values()), out, chars, titles)

    def _collect(self, q: Query, scope: list[str] | None, token: int, worker, out: Outcome, rows: list[KwicRow]) -> None:
        store = self.browser.store
        n = 0
        shown = False
        last = time.monotonic()
        for sh in CorpusSearch(store).run(q, scope, cancel=lambda: worker.is_cancelled, outcome=out):
            s = _summary(store, sh.speech_id)
            if s is None:  # (a build replaced the catalogue meanwhile)
                continue
            for h in sh.hits:
                if len(rows) < MAX_ROWS:
                    rows.append(make_row(h, n, s.title, s.year, sh.paragraphs[h.paragraph]))
                n += 1
            now = time.monotonic()
            if not shown and len(rows) >= FIRST_SCREEN:
                shown = True
                last = now
                self.app.call_from_thread(self._partial, token, list(rows), n, len(out.per_speech))
            elif shown and now - last > 0.3:
                last = now
                self.app.call_from_thread(self._progress, token, n, len(out.per_speech))

    def _partial(self, token: int, rows: list[KwicRow], n: int, speeches: int) -> None:
        if token != self._token or not self.is_mounted:
            return
        self.rows = rows
        self.total = n
        self._show_rows()
        self._say(_("{n}+ hits in {speeches}+ speeches · counting…").format(n=n, speeches=speeches))

    def _progress(self, token: int, n: int, speeches: int) -> None:
        if token == self._token and self.is_mounted:
            self._say(_("{n}+ hits in {speeches}+ speeches · counting…").format(n=n, speeches=speeches))

    def _done(self, token: int, rows: list[KwicRow], n: int, out: Outcome, chars: dict, titles: dict) -> None:
        if token != self._token or not self.is_mounted:
            return
        self.rows = rows
        self.total = n
        self.outcome = out
        self._scope_chars = chars
        self._titles = titles
        table = self.query_one(KwicTable)
        table.empty_text = N_("No hits. (within the theme filter: T searches everything)") if self.browser.theme_filter.active else N_("No hits.")
        self._show_rows()
        self._summary()
        self._draw_distribution()

    def _summary(self) -> None:
        out = self.outcome
        if out is None:
            return
        q = self.query_obj
        bits = [_("{n} hits in {speeches} speeches").format(n=self.total, speeches=len(out.per_speech))]
        if q is not None:
            bits.append(truncate(clean(q.describe(), single_line=True), 40))
        bits.append(_("sort: {order}").format(order=_(SORT_LABELS[self.sort])))
        if self.narrow_text:
            bits.append(_("narrowed to {n}").format(n=len(self.query_one(KwicTable).rows)))
        if self.total > len(self.rows):
            bits.append(_("the first {n} listed").format(n=len(self.rows)))
        if q is not None and q.note:
            bits.append(q.note)
        error = False
        if out.timed_out:
            bits.append(_("stopped after {s} s: the regular expression takes too long").format(s=f"{REGEX_TIMEOUT:g}"))
            error = True
        self._say(" · ".join(bits), error=error)

    def _say(self, text: str, error: bool = False) -> None:
        self.message = text
        self.query_one("#summary", Static).update(Text(text, style="bold red" if error else "", no_wrap=True, overflow="ellipsis", end=""))

    def _show_rows(self) -> None:
        rows = self.rows if self.sort == "speech" else sort_rows(self.rows, self.sort)
        if self.narrow_text:
            rows = narrow(rows, self.narrow_text)
        self.query_one(KwicTable).set_rows(rows, keep=lambda r: r.order)
        if self.outcome is not None:
            self._summary()

    # ------------------------------------------------------------ distribution

    def _draw_distribution(self) -> None:
        dist = self.query_one("#dist", Static)
        out = self.outcome
        if out is None or not dist.has_class("-shown"):
            return
        if self.dist_mode == 0:
            bars = per_year(out.per_speech, self._scope_chars)
            head = _("hits per 10 000 characters, by year")
            if len(bars) > 8:  # the years with most hits per character, in year order
                head += " " + _("(the 8 densest of {n} years)").format(n=len(bars))
                keep = {id(b) for b in sorted(bars, key=lambda b: -b.rate)[:8]}
                bars = [b for b in bars if id(b) in keep]
        else:
            bars = per_speech(out.per_speech, self._scope_chars, self._titles)
            head = _("hits per 10 000 characters, the densest speeches (d again hides)")
        text = Text(head, style="dim", end="")
        top = max((b.rate for b in bars), default=0.0)
        width = max(10, min(40, self.size.width - 40))
        for b in bars:
            text.append("\n")
            label = truncate(clean(b.label, single_line=True), 14)
            text.append(label + " " * (14 - cell_len(label)))
            text.append(" " + bar_text(b.rate, top, width), style="bold")
            text.append(f" {b.rate:6.1f}  ({b.hits})", style="dim")
        dist.update(text)

    def action_distribution(self) -> None:
        dist = self.query_one("#dist", Static)
        if not dist.has_class("-shown"):
            dist.add_class("-shown")
            self.dist_mode = 0
        elif self.dist_mode == 0:
            self.dist_mode = 1
        else:
            dist.remove_class("-shown")
        self._draw_distribution()

    # ------------------------------------------------------------ keys

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._show_rows()
        self.notify(_("Sorted by {order}.").format(order=_(SORT_LABELS[self.sort])), markup=False, timeout=2)

    def action_narrow(self) -> None:
        box = self.query_one("#narrow", Input)
        box.add_class("-shown")
        box.focus()

    def action_edit(self) -> None:
        self.query_one(QueryInput).focus()

    def leave_input(self, box: Input) -> None:
        self.workers.cancel_group(self, "corpus-search")
        if self.rows or self.query_obj is not None:
            self.query_one(KwicTable).focus()
        else:
            self.dismiss()

    def action_clear_narrow(self) -> None:
        box = self.query_one("#narrow", Input)
        box.value = ""
        box.remove_class("-shown")
        self.narrow_text = ""
        self._show_rows()
        self.query_one(KwicTable).focus()

    def action_mark(self) -> None:
        table = self.query_one(KwicTable)
        row = table.current_row
        if row is not None:
            row.marked = not row.marked
            table.refresh_rows()
            table.action_cursor_down()

    def action_back(self) -> None:
        box = self.query_one("#narrow", Input)
        if box.has_class("-shown") or self.narrow_text:
            self.action_clear_narrow()
            return
        self.workers.cancel_group(self, "corpus-search")
        self.dismiss()

    def on_line_table_selected(self, event: KwicTable.Selected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.query_one(KwicTable).current_row
        if row is None or self.query_obj is None:
            return
        h = row.hit
        self.post_message(OpenSpeech(h.speech_id, paragraph=h.paragraph, find=(self.query_obj, h.paragraph, h.start)))

    def action_copy(self) -> None:
        table = self.query_one(KwicTable)
        marked = [r for r in self.rows if r.marked]
        rows = marked or ([table.current_row] if table.current_row is not None else [])
        if not rows:
            return
        store = self.browser.store
        parts: list[str] = []
        cites: list[Citation] = []
        for r in rows:
            try:
                speech = store.speech(r.hit.speech_id)
            except KeyError:
                self.notify("That speech is no longer in the store.", severity="error", markup=False)
                return
            para = speech.paragraphs[r.hit.paragraph]
            k = min(r.hit.sentence, len(para.sentences) - 1)
            sentence = clean(para.sentences[k].text if para.sentences else para.text, single_line=True)
            parts.append(sentence)
            cites.append(citation(speech, r.hit.paragraph))
        if len(rows) == 1:
            clip = Clip(parts[0], cites[0], "sentence", rows[0].hit.speech_id, rows[0].title)
        else:
            style = chosen_style(self.browser.state.setting("citation"), self.browser.state.setting("citation_style"))
            text = "\n\n".join(f"{p}\n{c.text(style)}" if style != "none" else p for p, c in zip(parts, cites))
            clip = Clip(text, "", "hits", rows[0].hit.speech_id, rows[0].title)
        self.post_message(CopyClip(clip))
        if marked:
            for r in marked:
                r.marked = False
            table.refresh_rows()
