"""Search across the corpus, shown as a concordance (KWIC): one line per hit.

It searches as you type: each change of the query waits DEBOUNCE seconds for the
next keystroke, then searches in a thread worker (`exclusive`: a new keystroke
cancels the old search, and so do Esc and leaving the screen). The first hits are
painted as soon as they are found (again when a screenful is in), the count
"N hits in M speeches" and the distribution when the search ends. A query that
cannot be searched (empty, a bad regex) says why and leaves the last hits shown.
The theme filter, when one is set, limits the search (T drops it).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from jianghua.corpus.query import REGEX_TIMEOUT, Query, QueryError, parse
from jianghua.corpus.cells import truncate
from jianghua.store.citation import Citation, chosen_style
from jianghua.store.search import Outcome

from jianghua.i18n import N_, _

from .. import keymap
from ..citation import Clip, citation, speech_citation
from ..context import Browser
from ..document import speech_to_show
from ..messages import CopyClip, OpenSpeech
from ..kwic import SORT_LABELS, SORTS, KwicRow, narrow, sort_rows
from ..textutil import clean
from ..widgets.filter_bar import FilterBar
from ..widgets.key_bar import KeyBar
from ..widgets.kwic_table import KwicTable
from ..widgets.one_line import OneLine
from .base import BrowserScreen
from .concordance_search import FIRST_SCREEN, SearchWorker  # noqa: F401 (FIRST_SCREEN: the bench's)

DEBOUNCE = 0.15  # seconds of quiet after a keystroke before the query is searched
AFTER_PAINT = 0.25  # seconds: the search goes on then at the latest when its first hits were found at once
NO_QUERY = N_("The hits appear here once you type a query.")  # the table before a search (not "No hits.")


def _hit_text(speech, row: KwicRow) -> str:
    """What `y` copies of a hit: its sentence (its title or heading for a hit in one)."""
    h = row.hit
    if row.kind == "title":
        return clean(speech.title, single_line=True)
    if row.kind == "heading":
        sec = getattr(h, "section", -1)
        if 0 <= sec < len(speech.sections) and speech.sections[sec].heading:
            return clean(speech.sections[sec].heading, single_line=True)
    para = speech.paragraphs[h.paragraph]
    k = min(h.sentence, len(para.sentences) - 1)
    return clean(para.sentences[k].text if para.sentences else para.text, single_line=True)


class QueryInput(Input):
    """The query line: searches as you type; Enter goes to the hits (searching at
    once what was typed), Esc stops a search (or goes to the hits, or back)."""

    BINDINGS = keymap.SEARCH_INPUT

    def on_mount(self) -> None:
        self.cursor_blink = False  # a blinking cursor repaints twice a second over SSH

    def action_leave(self) -> None:
        screen = self.screen
        if isinstance(screen, ConcordanceScreen):
            screen.leave_input(self)


class ConcordanceScreen(SearchWorker, BrowserScreen):
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

    def __init__(self, browser: Browser, query: str = "", *, sort: str = "speech", at: int | None = None) -> None:
        """sort, at (a row's `order`): as a view of this query closed before was (`reopen_args`)."""
        super().__init__(browser)
        self.initial = query
        self.query_obj: Query | None = None
        self.sort = sort
        self._at = at  # the hit to put the cursor on when it comes
        self.rows: list[KwicRow] = []  # every row kept, in speech order
        self.narrow_text = ""
        self.outcome: Outcome | None = None
        self.total = 0
        self.exact: int | None = None  # the store's count of every hit, once it answered (rows may still come)
        self.dist_mode = 0  # 0 per year, 1 per speech (when shown)
        self._token = 0
        self._scope_chars: dict[str, tuple[int | None, int]] = {}
        self._titles: dict[str, str] = {}
        self.message = ""
        self.searching = False  # a search is running (or waits for the typing to pause)
        self._searched = ""  # the query text last searched (or tried)
        self.rows_query: Query | None = None  # the query of the rows shown
        self._fresh = False  # no row of the running search shown yet
        self._debounce = None  # the timer of the search waiting for a pause in typing

    def reopen_args(self) -> dict | None:
        """What shows these hits again (a new view: query, sort, the hit under the cursor);
        None before a search."""
        if self.rows_query is None:
            return None
        row = self.query_one(KwicTable).current_row
        return {"query": self._searched, "sort": self.sort, "at": row.order if row is not None else None}

    def compose(self) -> ComposeResult:
        yield QueryInput(value=self.initial, placeholder=_('search: 词语 · 多个词 · "带 空格" · -排除 · re:正则   (searches as you type · Enter to the hits · Esc stops)'), id="query")
        yield FilterBar(id="filter-bar")
        yield OneLine(id="summary")
        yield Static(id="dist", markup=False)
        yield KwicTable(id="hits")
        yield Input(placeholder=_("narrow the hits… (Esc clears)"), id="narrow")
        yield KeyBar()

    def on_mount(self) -> None:
        self.browser.filter_changed.subscribe(self, lambda _flt: self.when_shown("filter", self.on_filter_changed))
        self.title = _("Search")
        self.query_one("#narrow", Input).cursor_blink = False
        self._show_scope()
        if not self.initial.strip():
            self._warm()
        if self.initial.strip():
            self.run_search(self.initial)
            self.query_one(KwicTable).focus()
        else:
            self._say(_("Type a query: the hits appear as you type."))
            self.query_one(KwicTable).empty_text = NO_QUERY  # (not "No hits." before a search)
            self.query_one(QueryInput).focus()

    # ------------------------------------------------------------ searching

    def _scope(self) -> list[str] | None:
        flt = self.browser.theme_filter
        return [s.id for s in self.browser.store.filter(flt.ids, flt.mode)] if flt.active else None

    def _show_scope(self) -> None:
        flt = self.browser.theme_filter
        extra = _("search within these themes · T searches everything") if flt.active else _("searching every speech")
        self.query_one(FilterBar).show_filter(flt, self.browser.theme_names(), extra)

    def on_filter_changed(self) -> None:
        self._show_scope()
        if self.query_obj is not None:
            self.run_search(self.query_obj.text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "query":
            if self._debounce is not None or event.value != self._searched:
                self.run_search(event.value)  # what was typed, at once
            if self.query_obj is not None:
                self.query_one(KwicTable).focus()
        else:
            self.query_one(KwicTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "narrow":
            self.narrow_text = event.value
            self._show_rows()
        elif event.input.id == "query" and (event.value != self._searched or self._debounce is not None):
            self._stop_timer()
            self._cancel()  # a new keystroke cancels the old search at once ...
            self.searching = True
            value = event.value  # ... and the query is searched when the typing pauses
            self._debounce = self.set_timer(DEBOUNCE, lambda: self.run_search(value, typed=True))

    def _stop_timer(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None

    def _cancel(self) -> None:
        self._token += 1
        self.workers.cancel_group(self, "corpus-search")

    def stop_search(self) -> bool:
        """Esc: stop the running (or waiting) search; False when none runs."""
        if not self.searching:
            return False
        self._stop_timer()
        self._cancel()
        self.searching = False
        self._searched = ""  # Enter searches again
        if self.exact is not None and self.rows_query is self.query_obj:  # the total was counted: only the listing stopped
            self.exact = None
            self._summary()
            self._say(self.message + " · " + _("listing stopped (Enter searches again)"))
        elif self.rows and self.rows_query is self.query_obj:
            speeches = len({r.hit.speech_id for r in self.rows})
            self._say(_("{n}+ hits in {speeches}+ speeches · search stopped (Enter searches again)").format(n=self.total, speeches=speeches))
        else:
            self._say(_("Search stopped (Enter searches again)."))
        return True

    def run_search(self, text: str, typed: bool = False) -> None:
        """Search `text` (typed: what the typing left when it paused). The hits of
        the last search stay shown until the first new ones come."""
        self._stop_timer()
        self._cancel()
        self._searched = text
        self.searching = False
        try:
            q = parse(text)
        except QueryError as e:
            if typed and self.rows and self.rows_query is not None and text.strip():  # mid-typing: the last hits stay
                shown = truncate(clean(self.rows_query.text, single_line=True), 30)
                self._say(_("{error} (the hits below are for {query})").format(error=str(e), query=shown), error=True)
                return
            self.query_obj = self.rows_query = self.outcome = None
            self.rows = []
            if not text.strip():
                self.query_one(KwicTable).empty_text = NO_QUERY
            self.query_one(KwicTable).set_rows([])
            self.query_one("#dist", Static).update("")
            self._say(str(e), error=bool(text.strip()))
            return
        self.query_obj = q
        self.searching = True
        self._fresh = True
        self.total = 0
        self.exact = None
        self.outcome = None
        table = self.query_one(KwicTable)
        table.empty_text = N_("Searching…")
        self._say(_("Searching…") + (f" ({q.note})" if q.note else ""))
        scope = self._scope()
        first = self._first_now(q, scope)  # the first hits painted with this frame, when they are found at once
        token, screen = self._token, max(1, table.size.height - 1)
        if first is None:
            self._search(q, scope, token, screen, None)
            return
        self._take(first.rows, first.n)
        self._say(_("{n}+ hits in {speeches}+ speeches · counting…").format(n=first.n, speeches=1))
        started = []

        def go_on() -> None:
            if not started and token == self._token and self.is_mounted:
                started.append(1)
                self._search(q, scope, token, screen, first)

        # The worker goes on once those hits are on screen (it would compete with that
        # frame for the interpreter), or after a moment if the table is not drawn.
        table.after_paint(go_on)
        self.set_timer(AFTER_PAINT, go_on)

    def _take(self, rows: list[KwicRow], n: int) -> None:
        """Show the rows found for the current query (the cursor at the top for a new one)."""
        self.rows = rows
        self.rows_query = self.query_obj
        self.total = n if self.exact is None else self.exact
        self._show_rows(reset=self._fresh)
        self._fresh = False

    def _partial(self, token: int, rows: list[KwicRow], n: int, speeches: int) -> None:
        if token != self._token or not self.is_mounted:
            return
        self._take(rows, n)
        if self.exact is None:
            self._say(_("{n}+ hits in {speeches}+ speeches · counting…").format(n=n, speeches=speeches))

    def _counted(self, token: int, n: int, out: Outcome, chars: dict, titles: dict) -> None:
        """The store's count answered: the exact total and the distribution, shown while
        the rows are still being made."""
        if token != self._token or not self.is_mounted:
            return
        self.exact = self.total = n
        self.outcome = out
        self._scope_chars = chars
        self._titles = titles
        self._summary()
        self._draw_distribution()

    def _failed(self, token: int, message: str) -> None:
        if token == self._token and self.is_mounted:
            self.searching = False
            self._say(message, error=True)

    def _progress(self, token: int, n: int, speeches: int) -> None:
        if token == self._token and self.is_mounted and self.exact is None:
            self._say(_("{n}+ hits in {speeches}+ speeches · counting…").format(n=n, speeches=speeches))

    def _done(self, token: int, rows: list[KwicRow], n: int, out: Outcome, chars: dict, titles: dict) -> None:
        if token != self._token or not self.is_mounted:
            return
        self.searching = False
        self.exact = None
        self.outcome = out
        self._scope_chars = chars
        self._titles = titles
        table = self.query_one(KwicTable)
        table.empty_text = N_("No hits. (within the theme filter: T searches everything)") if self.browser.theme_filter.active else N_("No hits.")
        self._take(rows, n)
        self._summary()
        self._draw_distribution()

    def _summary(self) -> None:
        out = self.outcome
        if out is None:
            return
        q = self.query_obj
        heads = sum(out.head_hits.values())
        if not self.total and not self.searching and not out.timed_out:  # (not "0 篇讲话中命中 0 处"; a stopped search found none so far)
            bits = [_("no hits")]
        elif heads:  # the hits in titles and headings, said apart (F counts the text's)
            bits = [_("{n} hits in {speeches} speeches ({text} in the text, {heads} in titles and headings)").format(
                n=self.total, speeches=len(out.per_speech), text=self.total - heads, heads=heads)]
        else:
            bits = [_("{n} hits in {speeches} speeches").format(n=self.total, speeches=len(out.per_speech))]
        if q is not None:
            bits.append(truncate(clean(q.describe(), single_line=True), 40))
        bits.append(_("sort: {order}").format(order=_(SORT_LABELS[self.sort])))
        if self.narrow_text:
            bits.append(_("narrowed to {n}").format(n=len(self.query_one(KwicTable).rows)))
        if self.searching and self.exact is not None:  # the total is known, rows still being made
            bits.append(_("{n} listed so far, still listing…").format(n=len(self.rows)))
        elif self.total > len(self.rows):
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
        self.query_one("#summary", OneLine).update(Text(text, style="bold red" if error else "", end=""))

    def _show_rows(self, reset: bool = False) -> None:
        rows = self.rows if self.sort == "speech" else sort_rows(self.rows, self.sort)
        if self.narrow_text:
            rows = narrow(rows, self.narrow_text)
        table = self.query_one(KwicTable)
        if reset:
            table.show_new(rows)
        else:
            table.set_rows(rows, keep=lambda r: r.order)
        if self._at is not None:  # (a view shown again: the hit that was opened, once it is listed)
            i = next((i for i, r in enumerate(rows) if r.order == self._at), None)
            if i is not None:
                self._at = None
                table.move_cursor(i)
        if self.outcome is not None:
            self._summary()

    # ------------------------------------------------------------ distribution

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
        if self.stop_search():  # the first Esc stops a search, the next one leaves
            return
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
        self._stop_timer()
        self._cancel()
        self.dismiss()

    def on_line_table_selected(self, event: KwicTable.Selected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.query_one(KwicTable).current_row
        if row is None or self.rows_query is None:
            return
        h = row.hit
        if row.kind:  # in the title or a heading: the reader opens there, nothing to light up
            self.post_message(OpenSpeech(h.speech_id, paragraph=h.paragraph))
            return
        self.post_message(OpenSpeech(h.speech_id, paragraph=h.paragraph, find=(self.rows_query, h.paragraph, h.start)))

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
                speech, _untagged = speech_to_show(store, r.hit.speech_id)  # (a long one is not tagged whole for a copy)
            except KeyError:
                self.notify(_("That speech is no longer in the folder."), severity="error", markup=False)
                return
            parts.append(_hit_text(speech, r))
            cites.append(speech_citation(speech) if r.kind == "title" or not speech.paragraphs else citation(speech, r.hit.paragraph))
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
