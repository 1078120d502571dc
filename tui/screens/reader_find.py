"""The reader's find (`/`, less-style) and the n/N rule, as a mixin of ReaderScreen.

Matches light up as you type (a regex runs in a thread worker with a time
budget; a new keystroke or Esc cancels it), Enter confirms, n/N go through the
matches with a wrap message, the status line says `find 3/17`. n/N follow the
most recent of a find (jump_mode "search"), a formulation chosen in the reader's
pane (reader_panes.py: a find of its exact text, "search" too, with `find_label`
set, and the status line says `formulation 两个维护 2/3`) and a theme filter
("theme"); ] and [ always jump between marked sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Input
from textual.worker import get_current_worker

from jianghua.corpus.query import REGEX_TIMEOUT, Query, QueryError, SearchCancelled, fold_text, parse
from jianghua.i18n import _, ngettext

from .. import keymap
from ..find import Match, find_all, nearest, spans_by_block
from ..messages import SearchCorpus

FIND_IN_THREAD_CHARS = 500_000  # a speech this long is folded for a concordance hit's find off the UI thread

if TYPE_CHECKING:
    from ..document import Document
    from ..widgets.reader_view import ReaderView


class FindInput(Input):
    """The reader's find prompt (less-style): matches light up as you type."""

    BINDINGS = keymap.FIND

    def on_mount(self) -> None:
        self.cursor_blink = False

    def action_cancel(self) -> None:
        screen = self.screen
        if isinstance(screen, ReaderFind):
            screen.cancel_find()


class ReaderFind:
    """Find in the speech shown; mixed into ReaderScreen (which has doc, view, browser)."""

    doc: Document | None
    view: ReaderView

    def init_find(self) -> None:
        # the confirmed query and its matches
        self.find_query: Query | None = None
        self.matches: list[Match] = []
        self.match_index = -1
        self.find_label: str | None = None  # the formulation the matches are of (tui/screens/reader_panes.py), or a find's
        self.jump_mode = "theme"
        self.pending_search: tuple[Query, int, int] | None = None  # from the concordance: (query, paragraph, start)
        self._find_token = 0

    def action_find(self) -> None:
        box = self.query_one(FindInput)
        box.value = self.find_query.text if self.find_query is not None else ""
        box.add_class("-shown")
        box.focus()
        self._warm_find()

    @work(thread=True, group="find-warm", exit_on_error=False)
    def _warm_find(self) -> None:
        """The folding tables (OpenCC, ~30 ms on first use) made while the first key is typed."""
        fold_text("預熱")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "find":
            return
        event.stop()
        self._preview(event.value)

    def _preview(self, text: str) -> None:
        """Light up the matches of what is typed so far (a regex runs in a worker)."""
        self._find_token += 1
        self.workers.cancel_group(self, "find")
        if self.doc is None:
            return
        try:
            q = parse(text)
        except QueryError as e:
            self.view.set_highlights({})
            self._find_status(str(e) if text.strip() else "")
            return
        if q.is_regex:
            self._find_status(_("searching…"))
            self._regex_find(q, self._find_token)
            return
        self._show_preview(find_all(self.doc, q))

    @work(thread=True, exclusive=True, group="find", exit_on_error=False)
    def _regex_find(self, q: Query, token: int) -> None:
        doc = self.doc
        if doc is None:
            return
        worker = get_current_worker()
        try:
            matches = find_all(doc, q, timeout=REGEX_TIMEOUT, cancel=lambda: worker.is_cancelled)
        except SearchCancelled:  # a new keystroke or Esc: the regex stopped within a slice
            return
        except TimeoutError:
            matches = None
        if not worker.is_cancelled:
            self.app.call_from_thread(self._regex_done, token, q, matches)

    def _regex_done(self, token: int, q: Query, matches: list[Match] | None) -> None:
        if token != self._find_token:
            return
        if matches is None:
            self.view.set_highlights({})
            self._find_status(_("stopped after {s} s: the regular expression takes too long").format(s=f"{REGEX_TIMEOUT:g}"))
            return
        if self.query_one(FindInput).has_class("-shown"):
            self._show_preview(matches)
        else:  # confirmed meanwhile
            self._confirm(q, matches)

    def _show_preview(self, matches: list[Match]) -> None:
        self.view.set_highlights(spans_by_block(matches))
        self._find_status(ngettext("{n} match", "{n} matches", len(matches)).format(n=len(matches)) if matches else _("no match"))

    def _find_status(self, text: str) -> None:
        box = self.query_one(FindInput)
        box.border_subtitle = text

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "find":
            return
        event.stop()
        box = self.query_one(FindInput)
        box.remove_class("-shown")
        self.view.focus()
        try:
            q = parse(event.value)
        except QueryError as e:
            self.notify(str(e), severity="warning", markup=False)
            self._restore_find()
            return
        if q.is_regex:
            self._find_token += 1
            self._regex_find(q, self._find_token)  # confirmed when it comes back
            return
        assert self.doc is not None
        self._confirm(q, find_all(self.doc, q))

    def _confirm(self, q: Query, matches: list[Match], label: str | None = None) -> None:
        self.find_query, self.matches, self.match_index, self.find_label = q, matches, -1, label
        self.jump_mode = "search"
        if not matches:
            self.view.set_highlights({})
            self.notify(_("Not found: {query}").format(query=q.describe()), severity="warning", markup=False, timeout=3)
        else:
            _sec, b, a, _end = self.doc.sentence_at[self.view.cursor]  # type: ignore[union-attr]
            found = nearest(matches, b, a, 1)
            self._go_match(found[0] if found else 0)
        self._show_filter()
        self._cursor_moved(self.view.cursor, save=False)

    def _open_at_hit(self, q: Query, paragraph: int, start: int) -> None:
        """Opened from the concordance: the query's matches, the cursor on this one. A
        long speech's text is folded for the find in a thread (0.3 s for 8 MB): the
        speech shows at the hit's paragraph at once, the matches light up when found
        (the cursor stays where the reader has moved it meanwhile)."""
        assert self.doc is not None
        self._find_token += 1
        if self.doc.speech.chars >= FIND_IN_THREAD_CHARS:
            self._find_for_hit(self.doc, q, paragraph, start, self.view.cursor, self._find_token)
            return
        self._at_hit(q, find_all(self.doc, q), paragraph, start)

    @work(thread=True, exclusive=True, group="find", exit_on_error=False)
    def _find_for_hit(self, doc: Document, q: Query, paragraph: int, start: int, cursor0: int, token: int) -> None:
        worker = get_current_worker()
        matches: list[Match] | None
        error = ""
        try:
            matches = find_all(doc, q, timeout=REGEX_TIMEOUT, cancel=lambda: worker.is_cancelled)
        except SearchCancelled:  # another hit, a find of the user's, the reader left
            return
        except TimeoutError:
            matches = None
        except Exception as e:  # (a worker with exit_on_error=False would hide it: say so)
            matches, error = None, str(e) or type(e).__name__
        if not worker.is_cancelled:
            self.app.call_from_thread(self._found_for_hit, doc, q, matches, paragraph, start, cursor0, token, error)

    def _found_for_hit(self, doc: Document, q: Query, matches: list[Match] | None, paragraph: int, start: int,
                       cursor0: int, token: int, error: str = "") -> None:
        if token != self._find_token or doc is not self.doc or not self.is_mounted or self.find_query is not None:
            return  # not the speech or the hit shown now, or a find of the user's since
        if matches is None:
            if error:
                msg = _("The matches in this speech could not be found: {error}").format(error=error)
            else:
                msg = _("stopped after {s} s: the regular expression takes too long").format(s=f"{REGEX_TIMEOUT:g}")
            self._find_status(msg)
            self.notify(msg, severity="warning", markup=False, timeout=4)
            return
        if self.view.cursor == cursor0:
            self._at_hit(q, matches, paragraph, start)
        else:  # the reader moved on while the matches were found: light them up, the cursor stays
            self._matches_here(q, matches)
        self._show_filter()
        self._cursor_moved(self.view.cursor, save=False)

    def _matches_here(self, q: Query, matches: list[Match]) -> None:
        """The query's matches set and lit, the match index the one nearest the cursor (n/N go on from there)."""
        assert self.doc is not None
        self.find_query, self.matches, self.find_label = q, matches, None
        self.jump_mode = "search"
        _sec, b, a, _end = self.doc.sentence_at[self.view.cursor]
        found = nearest(matches, b, a, 1)
        self.match_index = found[0] if found else -1
        cur = matches[self.match_index] if found and matches[self.match_index].sentence == self.view.cursor else None
        self.view.set_highlights(spans_by_block(matches), (cur.block, cur.start, cur.end) if cur else None)

    def _at_hit(self, q: Query, matches: list[Match], paragraph: int, start: int) -> None:
        assert self.doc is not None
        self.find_query, self.matches, self.find_label = q, matches, None
        self.jump_mode = "search"
        block = self.doc.para_block.get(paragraph)
        found = nearest(self.matches, block, start, 1) if block is not None else None
        if found is not None:
            self._go_match(found[0])
        else:
            self.view.set_highlights(spans_by_block(self.matches))

    def _go_match(self, i: int) -> None:
        m = self.matches[i]
        self.match_index = i
        self.view.set_highlights(spans_by_block(self.matches), (m.block, m.start, m.end))
        self.view.go_to(m.sentence)

    def cancel_find(self) -> None:
        self.workers.cancel_group(self, "find")
        self._find_token += 1
        box = self.query_one(FindInput)
        box.remove_class("-shown")
        self._restore_find()
        self.view.focus()

    def _restore_find(self) -> None:
        if self.find_query is not None and self.matches:
            cur = self.matches[self.match_index] if self.match_index >= 0 else None
            self.view.set_highlights(spans_by_block(self.matches), (cur.block, cur.start, cur.end) if cur else None)
        else:
            self.view.set_highlights({})

    def clear_find(self) -> None:
        self.find_query, self.matches, self.match_index, self.find_label = None, [], -1, None
        self.jump_mode = "theme"
        self.view.set_highlights({})
        self._show_filter()
        self._cursor_moved(self.view.cursor, save=False)

    def action_search_corpus(self) -> None:
        """f: the concordance, for the find's query when there is one."""
        self.post_message(SearchCorpus(self.find_query.text if self.find_query is not None else ""))

    def action_jump(self, direction: int) -> None:
        """n/N: the next/previous match of the find, or marked sentence of the theme
        filter — whichever was set most recently ([ and ] always jump between marked sentences)."""
        if self.jump_mode == "search" and self.find_query is not None:
            self._match_jump(direction)
        else:
            self.action_theme_jump(direction)

    def _match_jump(self, direction: int) -> None:
        if not self.matches or self.doc is None:
            self.notify(_("Not found: {query}").format(query=self.find_query.describe() if self.find_query else ""), severity="warning", markup=False, timeout=2)
            return
        cur = self.matches[self.match_index] if self.match_index >= 0 else None
        if cur is not None and cur.sentence == self.view.cursor:
            found = nearest(self.matches, cur.block, cur.start, direction, inclusive=False)
        else:  # the cursor moved away: from where it is now
            _sec, b, a, _end = self.doc.sentence_at[self.view.cursor]
            found = nearest(self.matches, b, a, direction, inclusive=True)
        assert found is not None
        i, wrapped = found
        self._go_match(i)
        self._cursor_moved(self.view.cursor, save=False)
        if wrapped:
            self.notify(_("Search wrapped to the top.") if direction > 0 else _("Search wrapped to the bottom."), markup=False, timeout=2)

