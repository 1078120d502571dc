"""The reader's side column, as a mixin of ReaderScreen: one pane at a time, the
outline (`o`) or the set formulations the speech uses (`u`).

`o` / `u` move the focus into that pane and back to the text (Esc goes back too);
j/k move the pane's cursor; Enter jumps to the section, or lights up every use of
the formulation and jumps to the nearest — n/N then follow them (the rule of
reader_find: n/N follow the most recent of a find, a formulation and the theme
filter; the status line says which). `O` shows or hides the column for good (the
"outline" setting). A hidden column (by the setting, or a terminal too narrow)
shows while its pane has the focus and hides again when the focus goes back.

The column has one width whichever pane it shows, so switching panes never lays
the text out again: only the column is repainted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.widgets import OptionList
from textual.worker import Worker, get_current_worker

from jianghua.corpus.query import Query
from jianghua.i18n import _

from ..find import find_all
from ..widgets.formulation_pane import FormulationPane, Use
from ..widgets.outline import Outline
from ..widgets.side_pane import SidePane

if TYPE_CHECKING:
    from ..context import Browser
    from ..document import Document
    from ..widgets.reader_view import ReaderView

MIN_WIDTH_FOR_COLUMN = 72  # below this the column is hidden unless a pane has the focus (the text keeps ≥ 38 cells)
KEEP_COUNTED = 32  # speeches whose pane rows are kept (a speech opened again shows them at once)


def count_uses(doc: Document, texts: list[str]) -> dict[str, int]:
    """How often each text occurs where the reader's find looks (the paragraphs,
    folded as the find folds them): the count n/N will go through."""
    folded = [f for b, f in zip(doc.blocks, doc.folded()) if b.kind == "para" and b.sentences]
    return {t: sum(f.count(t) for f in folded) for t in texts}


def formulation_query(text: str) -> Query:
    """The find for one formulation: its exact text, whatever it holds."""
    shown = f'"{text}"' if (" " in text or text.startswith(("-", "re:"))) and '"' not in text else text
    return Query(shown, (text,))


class ReaderPanes:
    """Mixed into ReaderScreen (which has doc, view, browser, speech_id and the find)."""

    doc: Document | None
    view: ReaderView
    browser: Browser
    speech_id: str

    def init_panes(self) -> None:
        self.pane = "outline"  # which pane the column shows
        self.pane_transient = False  # shown only while it has the focus
        self._uses: dict[str, list[Use]] = {}  # speech id -> its pane's rows (counted once per speech)
        # speech id -> the worker counting its rows (ahead, or for `u`); counting only while that
        # worker is not finished: a worker cancelled before it ran (exclusive: the next speech's
        # count cancels it) never says so itself
        self._counting: dict[str, Worker] = {}
        self._doc_before_update: Document | None = None

    def on_mount(self) -> None:  # (Textual calls each class's handler: ReaderScreen's too)
        self.browser.store_updated.subscribe(self, self._panes_store_updated)
        self._narrow = self.app.size.width < MIN_WIDTH_FOR_COLUMN
        self.set_class(self._narrow, "-narrow")

    def on_resize(self) -> None:
        """The window narrowed below the column's room or widened past it (also while
        under another screen: Textual tells it when it is shown again): the column shown for good (the
        setting) hides or comes back; a pane visited on a narrow window lies over the
        text (`-narrow`) instead of squeezing it."""
        narrow = self.app.size.width < MIN_WIDTH_FOR_COLUMN
        if narrow == getattr(self, "_narrow", None):
            return
        self._narrow = narrow
        self.set_class(narrow, "-narrow")
        if self.doc is None:
            return
        if self.pane_transient or self._pane(self.pane).has_focus:
            # a pane being visited stays (over the text when narrow); it belongs to the column for good
            # again when the window is wide and the setting shows it
            self.pane_transient = not self.column_wanted()
            return
        self._show_column(self.column_wanted())

    def _panes_store_updated(self, _: None) -> None:
        """The store was updated: a speech keeps its id through an edit of its file, so
        the counts kept are dropped (and counts under way ignored when they come)."""
        self._uses.clear()
        self._counting.clear()
        self._doc_before_update = self.doc  # (still shown: its counts are shown, not kept)

    def _being_counted(self, speech_id: str) -> bool:
        worker = self._counting.get(speech_id)
        return worker is not None and not worker.is_finished

    # ------------------------------------------------------------ the column

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def formulation_pane(self) -> FormulationPane:
        return self.query_one(FormulationPane)

    def _pane(self, name: str) -> SidePane:
        return self.outline if name == "outline" else self.formulation_pane

    def column_shown(self) -> bool:
        return bool(self.outline.display or self.formulation_pane.display)

    def _show_column(self, show: bool) -> None:
        """The column shown (with the current pane) or hidden; setting an unchanged
        display lays the screen out again, so only what changes is set."""
        for name in ("outline", "formulations"):
            want = show and name == self.pane
            w = self._pane(name)
            if w.display != want:
                w.display = want
        if show and self.pane == "formulations":
            self._fill_formulations()

    def load_panes(self) -> None:
        """A speech is shown: the column as the setting and the width allow."""
        self.pane_transient = False
        self.outline.show_speech(self.doc.speech)  # type: ignore[union-attr]
        self.formulation_pane.speech_id = None
        self._show_column(self.column_wanted())
        if self.speech_id not in self._uses and self.browser.store.formulations_at_hand():
            # the pane's rows counted ahead, once the text is painted: `u` then shows them in its frame
            self.call_after_refresh(self._count_ahead, self.speech_id)

    def column_wanted(self) -> bool:
        """Is the column shown with a speech (the setting, and room for it)?"""
        return bool(self.browser.state.setting("outline")) and self.app.size.width >= MIN_WIDTH_FOR_COLUMN

    def action_outline(self) -> None:
        self._pane_key("outline")

    def action_formulations_pane(self) -> None:
        self._pane_key("formulations")

    def _pane_key(self, name: str) -> None:
        pane = self._pane(name)
        if pane.has_focus:
            self.leave_pane()
            return
        if not self.column_shown():
            self.pane_transient = True
        self.pane = name
        self._show_column(True)
        if name == "outline":
            self.outline.mark_section(self._section())
        pane.focus()

    def leave_pane(self) -> None:
        """Back to the text (a column shown only for the visit hides again)."""
        self.view.focus()
        if self.pane_transient:
            self.pane_transient = False
            self._show_column(False)

    def action_side_pane(self) -> None:
        """`O`: show or hide the column for good (on a narrow window: the setting, for
        when it is wide enough)."""
        if self.app.size.width < MIN_WIDTH_FOR_COLUMN:
            show = not self.browser.state.setting("outline")
            self.browser.state.set_setting("outline", show)
            self.notify(_("The outline will show when the window is at least {n} columns wide (o shows it now).").format(n=MIN_WIDTH_FOR_COLUMN)
                        if show else _("The outline is hidden (O shows it again)."), markup=False, timeout=4)
            return
        show = not self.column_shown() or self.pane_transient
        self.pane_transient = False
        self.browser.state.set_setting("outline", show)
        if not show:
            self.view.focus()
        self._show_column(show)
        if show and self.pane == "outline":
            self.outline.mark_section(self._section())

    def _section(self) -> int:
        doc = self.doc
        return doc.section_of_sentence(self.view.cursor) if doc is not None and doc.sentence_ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self.outline:
            event.stop()
            self.view.go_to_section(self.outline.sections[event.option_index])
            self.leave_pane()
        elif event.option_list is self.formulation_pane:
            event.stop()
            use = self.formulation_pane.current()
            if use is not None:
                self.leave_pane()
                self.choose_formulation(use)

    # ------------------------------------------------------------ formulations

    def _fill_formulations(self) -> None:
        pane = self.formulation_pane
        if pane.speech_id == self.speech_id or self.doc is None:
            return
        uses = self._uses.get(self.speech_id)
        if uses is not None:  # counted ahead: shown in this frame
            pane.show_uses(self.speech_id, uses)
            return
        pane.waiting()
        if not self._being_counted(self.speech_id):  # (being counted ahead: shown when counted, counted once)
            self._start_count(self.speech_id, self.doc)

    def _count_ahead(self, speech_id: str) -> None:
        if (speech_id == self.speech_id and speech_id not in self._uses and not self._being_counted(speech_id)
                and self.doc is not None and self.is_mounted):
            self._start_count(speech_id, self.doc)

    def _start_count(self, speech_id: str, doc: Document) -> None:
        self._counting[speech_id] = self._count_formulations(speech_id, doc)

    @work(thread=True, exclusive=True, group="speech-formulations", exit_on_error=False)
    def _count_formulations(self, speech_id: str, doc: Document) -> None:
        """Off the UI thread: the first use counts the corpus's formulations."""
        worker = get_current_worker()
        try:
            found = self.browser.store.speech_formulations(speech_id)
            counts = count_uses(doc, [f.text for f, _n in found])
        except BaseException:
            self.app.call_from_thread(self._count_ended, speech_id, worker)  # (`u` may count it again)
            raise
        uses = [Use(f.text, f.kind, counts[f.text]) for f, _n in found if counts[f.text]]
        uses.sort(key=lambda u: -u.count)  # (stable: the corpus's order among equals)
        self.app.call_from_thread(self._formulations_counted, speech_id, uses, worker, doc)

    def _count_ended(self, speech_id: str, worker: Worker) -> bool:
        """The count of `worker` is over; False when it no longer counts for the speech
        (the store was updated since it started)."""
        if self._counting.get(speech_id) is not worker:
            return False
        del self._counting[speech_id]
        return True

    def _formulations_counted(self, speech_id: str, uses: list[Use], worker: Worker, doc: Document) -> None:
        if not self._count_ended(speech_id, worker):
            return  # (counted before the store was updated)
        if doc is not self._doc_before_update:  # (a text read before the update: not kept for later)
            if speech_id not in self._uses and len(self._uses) >= KEEP_COUNTED:
                del self._uses[next(iter(self._uses))]  # (the speech counted longest ago)
            self._uses[speech_id] = uses
        pane = self.formulation_pane if self.is_mounted else None
        if pane is not None and speech_id == self.speech_id and pane.display and pane.speech_id != speech_id:
            pane.show_uses(speech_id, uses)

    def choose_formulation(self, use: Use) -> None:
        """Light up every use of the formulation, go to the nearest; n/N follow them."""
        if self.doc is None:
            return
        q = formulation_query(use.text)
        self._confirm(q, find_all(self.doc, q), label=use.text)  # (ReaderFind)
