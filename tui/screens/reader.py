"""The reader: one speech with its outline, a sentence cursor, selection and copy."""

from __future__ import annotations

from collections.abc import Callable, Iterable
import time
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Static
from textual.worker import get_current_worker

from jianghua.corpus.cells import cell_len, truncate
from jianghua.store.models import Speech
from jianghua.store.storage import gc_paused

from jianghua import i18n
from jianghua.i18n import N_, _, ngettext

from .. import keymap, pins
from ..citation import Clip, clip_paragraph, clip_sentences, clip_speech
from ..context import Browser
from ..document import Document, laid_out_ahead, speech_to_show
from ..filtering import ThemeFilter
from ..messages import CopyClip, StateChanged
from ..textutil import clean
from ..widgets.filter_bar import FilterBar
from ..widgets.formulation_pane import FormulationPane
from ..widgets.key_bar import KeyBar
from ..widgets.outline import Outline
from ..widgets.reader_view import ReaderView
from .base import BrowserScreen, Command
from .reader_find import FindInput, ReaderFind
from .reader_panes import ReaderPanes


class SpeechHeader(Static):
    DEFAULT_CSS = """
    SpeechHeader {
        height: 3;
        padding: 0 1;
        background: $panel;
    }
    """

    def show_speech(self, speech: Speech) -> None:
        text = Text(end="", no_wrap=True, overflow="ellipsis")
        text.append(clean(speech.title, single_line=True), style="bold")
        meta = [str(speech.year) if speech.year else "", clean(speech.occasion or "", single_line=True), clean(i18n.level(speech.level) if speech.level else "", single_line=True)]
        meta.append(i18n.characters(speech.chars))
        if speech.themes:
            meta.append(_("Themes: ") + "·".join(t.name for t in speech.themes[:3]))
        text.append("\n" + " · ".join(m for m in meta if m), style="dim")
        # the speech's own keywords (corpus TF-IDF), which the list has no room for
        text.append("\n" + (_("Keywords: ") + "、".join(clean(k, single_line=True) for k in speech.keywords[:8]) if speech.keywords else ""), style="dim")
        self.update(text, layout=False)


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """
    parts: tuple[str, str, str, list[str]] | None = None

    def show(self, heading: str, what: str, where_para: str, position: list[str]) -> None:
        self.parts = (heading, what, where_para, position)
        self._draw()

    def _draw(self) -> None:
        if self.parts is not None:
            self.update(fit_status(*self.parts, self.content_size.width or 78), layout=False)

    def on_resize(self) -> None:
        self._draw()


def fit_status(heading: str, what: str, where_para: str, position: list[str], width: int) -> Text:
    """The reader's status line in `width` cells: the section's heading, what n/N follow
    (a find or a formulation: first, it says what n/N do), the paragraph within the
    section, then the position (¶, sentence) and the selection. When it is too wide the
    heading is cut first, then the paragraph within the section goes, then what n/N
    follow is cut: the reader's position is never the part that is lost."""
    tail = " · ".join(position)
    middle = [b for b in (what, where_para) if b]

    def rest() -> str:
        return "  " + " · ".join(middle + [tail])

    room = width - cell_len(rest())
    if room < 8 and where_para in middle:
        middle.remove(where_para)
        room = width - cell_len(rest())
    if room < 8 and what:
        keep = max(6, cell_len(what) - (8 - room))
        middle[0] = truncate(what, keep)
        room = width - cell_len(rest())
    status = Text(end="", no_wrap=True, overflow="ellipsis")
    status.append(truncate(heading, max(4, min(40, room))), style="bold")
    status.append(rest())
    return status


class ReaderScreen(ReaderPanes, ReaderFind, BrowserScreen):
    HELP_SECTION = N_("Reader")  # its keys come first in help
    BINDINGS = keymap.READER
    # Focus the text at once (not the outline first, then the text: two restyles, two frames).
    AUTO_FOCUS = "ReaderView"

    DEFAULT_CSS = """
    ReaderScreen #body { height: 1fr; }
    ReaderScreen ReaderView { width: 1fr; height: 1fr; }
    /* a narrow window: a pane visited (o, u) lies over the text, which keeps its width */
    ReaderScreen.-narrow #body { layers: text pane; }  /* (a layer is laid out apart: the pane takes no room) */
    ReaderScreen.-narrow SidePane { layer: pane; max-width: 100%; }
    ReaderScreen FindInput { dock: bottom; display: none; margin-bottom: 1; border: tall $accent; height: 3; }
    ReaderScreen FindInput.-shown { display: block; }
    """

    def __init__(self, browser: Browser) -> None:
        super().__init__(browser)
        self.speech_id = ""
        self._want_sentence: int | None = None
        self._want_paragraph: int | None = None
        self.speech: Speech | None = None
        self.doc: Document | None = None
        self.untagged = False  # the speech shown is not tagged yet (`_speech_now`)
        self._tagging: Document | None = None  # the document a thread is tagging (`_tag_all`)
        self.back_to: Callable[[], None] | None = None  # opened from hits/passages opened here: q shows them again
        self.init_find()
        self.init_panes()

    def prepare(self, speech_id: str, *, sentence: int | None = None, paragraph: int | None = None) -> None:
        """Show another speech. The app keeps one reader screen and reuses it, so
        opening a speech costs no widget building (only the text is laid out)."""
        if self.is_mounted and self.doc is not None and self.doc.sentence_ids and self.speech_id:
            self._remember(self.view.cursor)
        self.speech_id = speech_id
        self._want_sentence = sentence
        self._want_paragraph = paragraph
        if self.is_mounted:
            self._load()
            if not self.is_current:  # pushed next: its full repaint shows the new text (one frame, not two)
                pins.paint_with_screen(self)

    def compose(self) -> ComposeResult:
        yield SpeechHeader(id="speech-header")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="body"):
            yield Outline(id="outline")
            yield FormulationPane(id="formulations-here")
            yield ReaderView(id="reader")
        yield StatusLine(id="status")
        yield FindInput(placeholder=_('find: 词语 · 多个词 · "带 空格" · -排除 · re:正则  (Enter confirms, Esc cancels)'), id="find")
        yield KeyBar()

    def set_focus(self, widget, scroll_visible: bool = True, from_app_focus: bool = False) -> None:  # noqa: ANN001 - Screen's
        # `o`/`u`/Esc move the focus between the text and a side pane: the two repaint
        # only what changes in them (their cursor lines, the pane's border), not the screen.
        pins.focus_without_screen_repaint(self, lambda: super(ReaderScreen, self).set_focus(widget, scroll_visible, from_app_focus))

    def on_screen_resume(self) -> None:
        # Resuming restyles and repaints the whole screen (Textual's handler, which runs
        # after this one): the widgets it restyles, and those refilled before the push
        # (the text, the outline), are painted by that repaint, not in a second frame.
        self.call_next(pins.paint_with_screen, self)

    def on_mount(self) -> None:
        self.browser.filter_changed.subscribe(self, self._filter_changed)
        if self.speech_id:
            self._load()
        else:  # mounted ahead of time by the app: laid out with the column as a speech will have it,
            try:  # so that the first speech is wrapped once, at its width
                self._show_column(self.column_wanted())
            except NoMatches:  # the app quit while the reader was being built: its widgets are gone
                pass

    def _load(self) -> None:
        browser = self.browser
        self.workers.cancel_group(self, "reader-tags")  # (the last speech's tagging, if it is at it)
        self._tagging = None
        with gc_paused():  # (a collected works is a hundred thousand objects: the collector would walk them ~10 times, +40 %)
            self.speech = self._speech_now(self.speech_id)
            self.doc = laid_out_ahead(self.speech) or Document.from_speech(self.speech)  # (wrapped ahead: the list's read-ahead)
        if self.untagged:
            self.doc.tag_lazily(browser.store.tagger(self.speech_id))
        self.title = clean(self.speech.title, single_line=True)
        self.query_one(SpeechHeader).show_speech(self.speech)
        cursor = self._initial_cursor()
        view = self.query_one(ReaderView)
        view.set_themes(browser.theme_filter.ids)
        view.load(self.doc, cursor)
        view.focus()
        self.load_panes()
        self.find_query, self.matches, self.match_index, self.find_label = None, [], -1, None
        self._find_token += 1  # (a find still running in a thread is of what was shown before: dropped)
        self.jump_mode = "theme"
        pending, self.pending_search = self.pending_search, None
        self._show_filter()
        if pending is not None:
            self._open_at_hit(*pending)
        self._cursor_moved(view.cursor, save=False)

    def _speech_now(self, speech_id: str) -> Speech:
        """The speech to show now. A long one not tagged yet (a collected works: seconds
        of tagging per megabyte) comes untagged: its paragraphs are tagged as they are
        shown under a theme filter (`Document.tag_lazily`), all of them only for the
        filter's count and n/N (`_tag_all`, in a thread). Any other is tagged here."""
        speech, self.untagged = speech_to_show(self.browser.store, speech_id)
        return speech

    def _tag_all(self, doc: Document) -> None:
        """(In a thread.) Tag every paragraph, then say so to the screen; stopped when
        another speech is shown."""
        worker = get_current_worker()

        def go_on() -> bool:
            time.sleep(0)  # (the interface takes its turn after each paragraph)
            return not worker.is_cancelled

        if not doc.tag_all(go_on):
            return
        try:
            self.app.call_from_thread(self._all_tagged, doc)
        except RuntimeError:  # the app has closed
            pass

    def _all_tagged(self, doc: Document) -> None:
        """The speech shown is tagged now: the filter's count and n/N can go through it."""
        if doc is not self.doc or not self.untagged:
            return
        self.untagged = False
        self.view.retagged()
        self._show_filter()

    def _initial_cursor(self) -> int | None:
        doc = self.doc
        assert doc is not None
        if self._want_paragraph is not None and 0 <= self._want_paragraph < len(doc.speech.paragraphs):
            s = doc.first_sentence_of_paragraph(self._want_paragraph)
            if s is not None:
                return s
        if self._want_sentence is not None and self._want_sentence in doc.sentence_at:
            return self._want_sentence
        saved = self.browser.state.position(self.speech_id)
        if saved is not None and saved in doc.sentence_at:
            return saved
        return None

    @property
    def view(self) -> ReaderView:
        return self.query_one(ReaderView)

    # ------------------------------------------------------------ updates

    def _filter_changed(self, flt: ThemeFilter) -> None:
        if self.speech_id and self in self.app.screen_stack:  # (not while kept off-stage;
            self.when_shown("filter", self._show_filter)  # under F: marked when shown again)

    def relabel(self) -> None:
        """Draw the header, the bars and the status again in another interface language."""
        if self.speech is None or not self.speech_id:
            return
        self.query_one(SpeechHeader).show_speech(self.speech)
        self.outline.relabel()
        self.formulation_pane.relabel()
        self._show_filter()
        self._cursor_moved(self.view.cursor, save=False)

    def _show_filter(self) -> None:
        browser = self.browser
        flt = browser.theme_filter
        lead = self.jump_mode
        if flt.active and frozenset(flt.ids) != self.view.themes:
            self.jump_mode = "theme"  # the most recent of find, formulation and theme filter leads n/N
        self.view.set_themes(flt.ids)
        keys = "[/]" if self.jump_mode == "search" and self.matches else "n/N"
        if flt.active and self.untagged:  # (the count needs every paragraph tagged: in a thread)
            extra = _("finding the themes of this long speech…")
            if self._tagging is not self.doc:
                self._tagging = self.doc
                self.run_worker(partial(self._tag_all, self.doc), thread=True, group="reader-tags")
        elif flt.active:
            hits = len(self.view.hits())
            extra = ngettext("{n} marked sentence · {keys} jump", "{n} marked sentences · {keys} jump", hits).format(n=hits, keys=keys)
        else:
            extra = ""
        self.query_one(FilterBar).show_filter(flt, browser.theme_names(), extra)
        if self.jump_mode != lead and self.doc is not None:
            self._cursor_moved(self.view.cursor, save=False)  # the status line says what n/N follow

    def on_reader_view_cursor_moved(self, event: ReaderView.CursorMoved) -> None:
        self._cursor_moved(event.sentence)

    def _cursor_moved(self, sentence: int, save: bool = True) -> None:
        doc = self.doc
        if doc is None or not doc.sentence_ids:
            status = self.query_one(StatusLine)
            status.parts = None
            status.update(Text(_("(empty speech)")), layout=False)
            return
        k = doc.paragraph_of_sentence(sentence)
        sec_i = doc.section_of_sentence(sentence)
        self.query_one(Outline).mark_section(sec_i)
        sec = doc.speech.sections[sec_i]
        heading = clean(sec.heading, single_line=True) if sec.heading else _("(opening)")
        pos = self.view.reading_position(sentence) + 1
        para = doc.speech.paragraphs[k]
        sel = self.view.selection()
        # 第N段 counts within the section (as citations do); the speech-wide count is said so
        where_para = _("para {n} in section").format(n=para.number_in_section)
        bits = [
            _("¶ {k}/{total}").format(k=k + 1, total=len(doc.speech.paragraphs)),
            _("sent. {pos}/{total}").format(pos=pos, total=len(doc.sentence_ids)),
        ]
        if sel:
            bits.append(_("{n} selected · y copies").format(n=len(sel)))
        if doc.sentence_placeholder.get(sentence):
            bits.append(_("contains a redacted name"))
        what = ""
        if self.find_query is not None:
            where = f"{self.match_index + 1}/{len(self.matches)}" if self.matches and self.match_index >= 0 else f"{len(self.matches)}"
            # what n/N follow: a find, or a formulation chosen in its pane (the theme filter's bar says its own)
            what = (_("formulation {text} {where}").format(text=clean(self.find_label, single_line=True), where=where)
                    if self.find_label is not None else _("find {where}").format(where=where))
            what += " · n/N" if self.jump_mode == "search" else ""
        self.query_one(StatusLine).show(heading, what, where_para, bits)
        if save:
            self._remember(sentence)

    def _remember(self, sentence: int, now: bool = False) -> None:
        self.browser.state.set_position(self.speech_id, sentence)
        self.post_message(StateChanged(now))

    def position(self) -> tuple[str, int] | None:
        """(speech id, sentence) shown, if a speech is shown."""
        if not (self.is_mounted and self.speech_id and self.doc is not None and self.doc.sentence_ids):
            return None
        return self.speech_id, self.view.cursor

    # ------------------------------------------------------------ actions

    def action_move(self, delta: int) -> None:
        self.view.move(delta)

    def action_paragraph(self, delta: int) -> None:
        self.view.move_paragraph(delta)

    def action_top(self) -> None:
        self.view.top()

    def action_bottom(self) -> None:
        self.view.bottom()

    def action_page(self, direction: int) -> None:
        self.view.page(direction)

    def action_select(self) -> None:
        view = self.view
        if view.anchor is None:
            view.start_selection()
        else:
            view.cancel_selection()
        self._cursor_moved(view.cursor, save=False)

    def action_escape(self) -> None:
        if self.view.cancel_selection():
            self._cursor_moved(self.view.cursor, save=False)
            return
        if self.find_query is not None:
            self.clear_find()
            return
        self.action_back()

    def action_back(self) -> None:
        self._remember(self.view.cursor, now=True)
        back, self.back_to = self.back_to, None
        self.app.pop_screen()
        if back is not None:  # opened from the hits (or passages) opened in this reader: those again
            back()

    def action_why_themes(self) -> None:
        """`w`: why the current paragraph has its themes (tui/dialogs/theme_evidence.py)."""
        from ..dialogs.theme_evidence import ThemeEvidenceScreen

        if self.doc is None or not self.doc.sentence_ids:
            return
        k = self.doc.paragraph_of_sentence(self.view.cursor)
        store = self.browser.store
        why = store.theme_evidence(self.speech_id, k)
        path = getattr(store.themes_taxonomy, "path", None)
        self.app.push_screen(ThemeEvidenceScreen(_("Why these themes — ¶ {n}").format(n=k + 1), why, self.browser.theme_names(), str(path) if path else None))

    def action_theme_jump(self, direction: int) -> None:
        browser = self.browser
        if not browser.theme_filter.active:
            self.notify(_("No theme filter: press t to choose themes to mark."), severity="warning", markup=False)
            return
        if self.untagged:
            self.notify(_("Still finding the themes of this long speech: its sentences are marked in a moment."), markup=False)
            return
        found, wrapped = self.view.theme_jump(direction)
        if not found:
            names = "、".join(browser.theme_names().get(t, t) for t in browser.theme_filter.ids)
            self.notify(_("No sentence of {names} in this speech.").format(names=names), severity="warning", markup=False)
        elif wrapped:
            self.notify(_("Wrapped to the top.") if direction > 0 else _("Wrapped to the bottom."), markup=False, timeout=2)

    # ------------------------------------------------------------ copy

    def action_copy(self) -> None:
        doc, view = self.doc, self.view
        if doc is None or self.speech is None or not doc.sentence_ids:
            return
        selected = view.selection()
        label = "selection" if selected else "sentence"
        sentences = selected or [view.cursor]
        clip = clip_sentences(self.speech, [(doc.paragraph_of_sentence(s), doc.sentence_text(s)) for s in sentences], label)
        self._copy(clip)
        if selected:
            view.cancel_selection()
            self._cursor_moved(view.cursor, save=False)

    def action_copy_paragraph(self) -> None:
        if self.doc is None or self.speech is None or not self.doc.sentence_ids:
            return
        self._copy(clip_paragraph(self.speech, self.doc.paragraph_of_sentence(self.view.cursor)))

    def action_copy_speech(self) -> None:
        if self.speech is not None:
            self._copy(clip_speech(self.speech))

    def _copy(self, clip: Clip) -> None:
        self.post_message(CopyClip(clip))

    # ------------------------------------------------------------ for the palette

    def commands(self) -> Iterable[Command]:
        return [
            (_("Copy sentence or selection"), _("Copy the selection, or the sentence at the cursor (y)"), self.action_copy),
            (_("Copy paragraph"), _("Copy the paragraph at the cursor (Y)"), self.action_copy_paragraph),
            (_("Copy whole speech"), _("Copy the whole speech (ctrl+y)"), self.action_copy_speech),
            (_("Outline"), _("Move into the outline of sections and back (o)"), self.action_outline),
            (_("Formulations in this speech"), _("The set formulations this speech uses, with counts; Enter marks them in the text (u)"),
             self.action_formulations_pane),
            (_("Show or hide the side pane"), _("The outline or formulations column beside the text (O)"), self.action_side_pane),
            (_("Next marked sentence"), _("The next sentence of the active themes (n)"), lambda: self.action_theme_jump(1)),
            (_("Previous marked sentence"), _("The previous sentence of the active themes (N)"), lambda: self.action_theme_jump(-1)),
        ]
