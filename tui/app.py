"""The jianghua browser: `JianghuaApp(store).run()`.

The App holds what every screen shares — the store, the state file, the active
theme filter, copying — and starts the build worker. Screens live in
`tui.screens`, dialogs in `tui.dialogs`, keys in `tui.keymap`.
"""

from __future__ import annotations

import gc
import threading
from functools import partial
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.notifications import Notify
from textual.screen import Screen
from textual.signal import Signal

if TYPE_CHECKING:
    from textual.command import Provider

    from .citation import Clip
    from .screens.reader import ReaderScreen

from jianghua.store import Store
from jianghua.store.models import SpeechSummary
from jianghua.store.state import CopyRecord, State

from jianghua import i18n
from jianghua.i18n import _, ngettext

from . import clipboard, keymap, language, pins
from .context import Browser, Progress
from .filtering import ThemeFilter
from .messages import CopyClip, OpenSpeech, Recopy, SearchCorpus, StateChanged
from .output import QuietOutput
from .screens.base import BrowserScreen
from .screens.speech_list import SpeechListScreen
from .textutil import opening
from .widgets.line_table import LineTable

# Everything but the list is imported on first use: the first paint waits for no
# screen it does not show (nor for textual.command, ~30 ms).


def _speech_commands() -> type[Provider]:
    from .commands import SpeechCommands

    return SpeechCommands


def _theme_commands() -> type[Provider]:
    from .commands import ThemeCommands

    return ThemeCommands


class BuildStopped(Exception):
    """Raised in the build's callbacks when the app quits: the store commits nothing."""


SAVE_DELAY = 1.0  # seconds after the last change before the state file is written
READ_AHEAD_AFTER = 0.15  # seconds the list's cursor rests on a speech before it is read ahead
PREWARM_AFTER = 0.05  # seconds after the list is ready (the reader built before the user starts typing, not under a keystroke)
FLUSH_EVERY = 0.5  # seconds between UI updates from a running build (each redraws the list: the workers need the CPU)


class JianghuaApp(QuietOutput, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "讲话 jianghua"
    BINDINGS = keymap.GLOBAL
    COMMANDS = App.COMMANDS | {_speech_commands, _theme_commands}

    def __init__(self, store: Store, state_path: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self._freeze_heap()
        self.state = State.load(state_path)
        self.browser = Browser(
            store,
            self.state,
            filter_changed=Signal(self, "filter-changed"),
            build_progress=Signal(self, "build-progress"),
            speeches_arrived=Signal(self, "speeches-arrived"),
            store_updated=Signal(self, "store-updated"),
        )
        self.build_report = None
        self.user_keys: dict[str, str] = {}
        if self.state.path is not None:
            self.user_keys, messages = keymap.load_user_keymap(self.state.path.parent / keymap.KEYMAP_FILE)
            self.state.messages += messages
            if self.user_keys:
                self.set_keymap(self.user_keys)
        self._save_timer = None
        self._pending: list = []
        self._pending_lock = threading.Lock()
        self._progress: tuple[int, int, str] | None = None
        self._flush_timer = None
        self._stop_build = threading.Event()  # set on quit: the build stops at its next file
        self._read_ahead_timer = None
        self._read_ahead_id: str | None = None
        # Textual calls its colour schemes "themes"; here a theme is a corpus theme.
        saved = self.state.setting("colour_scheme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved

    # What tests and callers read on the app; the screens have it from `self.browser`.

    @property
    def theme_filter(self) -> ThemeFilter:
        return self.browser.theme_filter

    @property
    def building(self) -> bool:
        return self.browser.building

    # ------------------------------------------------------------ start-up

    def get_default_screen(self) -> Screen:
        return SpeechListScreen(self.browser)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._colour_scheme_changed)
        for m in self.store.messages + self.state.messages:
            self.notify(m, severity="warning", markup=False, timeout=10)
        self.state.messages.clear()
        self.browser.building = True
        # Checking the corpus (a stat per file) waits for the first paint: the list
        # shows at once, and the check does not compete with it for the interpreter.
        self.call_after_refresh(self._build)

    @work(thread=True, exclusive=True, group="build", exit_on_error=False)
    def _build(self) -> None:
        """Bring the store up to date off the UI thread; the list fills as speeches arrive."""
        try:
            if self.store.is_current():
                self.store.prepare_filters()
                self.call_from_thread(self._build_done, None, None)
                return
            self.call_from_thread(self._start_progress)
            report = self.store.update(progress=self._on_progress, on_speech=self._on_speech)
        except BuildStopped:
            return  # the app is quitting: nothing to show, nothing committed
        except Exception as e:  # noqa: BLE001 - reported to the user, not raised
            self.call_from_thread(self._build_done, None, e)
            return
        self.call_from_thread(self._build_done, report, None)

    # The worker only records progress and arrivals; a UI timer shows them a few
    # times a second, so the build never waits for the screen (nor floods it).

    def _on_progress(self, done: int, total: int, source: str) -> None:  # worker thread
        if self._stop_build.is_set():
            raise BuildStopped
        with self._pending_lock:
            self._progress = (done, total, source)

    def _on_speech(self, summary) -> None:  # worker thread
        if self._stop_build.is_set():
            raise BuildStopped
        with self._pending_lock:
            self._pending.append(summary)

    def _show_arrivals(self) -> None:
        # (not `_flush`: that name is Textual's, called with stderr= for captured output)
        with self._pending_lock:
            pending, self._pending = self._pending, []
            progress = self._progress
        if progress:
            self.browser.build_progress.publish(Progress(*progress))
        if pending:
            self.browser.speeches_arrived.publish(pending)

    def _start_progress(self) -> None:
        self.browser.build_progress.publish(Progress(0, 0, _("Checking the folder…")))
        self._flush_timer = self.set_interval(FLUSH_EVERY, self._show_arrivals)

    def _build_done(self, report, error: Exception | None) -> None:
        self.browser.building = False
        self.build_report = report
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        with self._pending_lock:
            self._pending = []
        self.browser.store_updated.publish(None)
        if report is not None and (report.segmented or report.retagged or report.removed):
            self._freeze_heap()  # a new catalogue was loaded
        if not self.is_screen_installed("reader"):
            self.set_timer(PREWARM_AFTER, self._prewarm_reader)
        self.set_timer(PREWARM_AFTER, self._read_ahead_current)
        if error is not None:
            self.notify(_("The index could not be updated: {error}").format(error=error), severity="error", markup=False, timeout=15)
            return
        if report is None:
            return
        for m in report.messages:
            if m not in self.store.messages:
                self.notify(m, severity="warning", markup=False, timeout=10)
        changed = report.segmented + report.retagged + report.removed
        if changed or report.skipped:
            msg = _("{speeches} ready: {read} read, {retagged} themes updated, {removed} removed.").format(
                speeches=i18n.speeches(report.speeches), read=report.segmented, retagged=report.retagged, removed=report.removed
            )
            if report.skipped:
                n = len(report.skipped)
                msg += ngettext(" {n} file skipped: press ! to see why.", " {n} files skipped: press ! to see why.", n).format(n=n)
            self.notify(msg, title=_("Index updated"), markup=False, timeout=6, severity="warning" if report.skipped else "information")

    @staticmethod
    def _freeze_heap() -> None:
        """Move the loaded catalogue out of the collector's sight (cheap): with
        10 000 speeches a full collection costs ~200 ms, and would land on a keystroke."""
        gc.freeze()

    # ------------------------------------------------------------ the theme filter (corpus themes)

    def apply_filter_ids(self, ids: tuple[str, ...]) -> None:
        self.browser.set_filter(ThemeFilter(tuple(ids), self.theme_filter.mode))

    def action_pick_themes(self) -> None:
        def done(result: ThemeFilter | None) -> None:
            if result is not None:
                self.browser.set_filter(result)

        from .dialogs.theme_picker import ThemePicker

        self.push_screen(ThemePicker(self.store.themes(), self.theme_filter, so_far=self.browser.building), done)

    def action_clear_filter(self) -> None:
        if self.theme_filter.active:
            self.browser.set_filter(ThemeFilter((), self.theme_filter.mode))
            self.notify(_("Theme filter cleared."), markup=False, timeout=2)

    def action_toggle_mode(self) -> None:
        self.browser.set_filter(self.theme_filter.toggled_mode())
        self.notify(
            _("Speeches of all the chosen themes.") if self.theme_filter.mode == "all" else _("Speeches of any of the chosen themes."),
            markup=False,
            timeout=2,
        )

    # ------------------------------------------------------------ screens

    @on(LineTable.Highlighted)
    def _list_cursor_moved(self, message: LineTable.Highlighted) -> None:
        """The speech under the list's cursor is read (and tagged) in a thread once the
        cursor rests: Enter then opens the reader without reading a file."""
        if not isinstance(message.row, SpeechSummary):
            return
        self._read_ahead_id = message.row.id
        if self._read_ahead_timer is not None:
            self._read_ahead_timer.stop()
        self._read_ahead_timer = self.set_timer(READ_AHEAD_AFTER, self._read_ahead)

    def _read_ahead_current(self) -> None:
        """The speech under the list's cursor when the list is first ready (a timer: the
        app may have quit by then, leaving no screen)."""
        stack = self.screen_stack
        if stack and isinstance(stack[-1], SpeechListScreen) and self._read_ahead_id is None:
            tables = stack[-1].query(LineTable)  # (none when the app is quitting)
            row = tables.first().current_row if tables else None
            if isinstance(row, SpeechSummary):
                self._read_ahead_id = row.id
                self._read_ahead()

    def _read_ahead(self) -> None:
        self._read_ahead_timer = None
        if self._read_ahead_id is not None and not self._stop_build.is_set():
            from .document import read_ahead  # (and laid out at the reader's width, when it is built)

            reader = self.get_screen("reader") if self.is_screen_installed("reader") else None
            try:
                width = reader.view.text_width() if reader is not None and reader.is_mounted else 0
            except Exception:  # noqa: BLE001 - the reader half built or taken down (quitting): wrapped on Enter
                width = 0
            self.run_worker(partial(read_ahead, self.store, self._read_ahead_id, width), thread=True, group="read-ahead",
                            exclusive=True, exit_on_error=False)

    @on(OpenSpeech)
    def _open_speech_message(self, message: OpenSpeech) -> None:
        if message.find is not None:
            self._reader_screen().pending_search = message.find
        self.open_speech(message.speech_id, paragraph=message.paragraph, sentence=message.sentence)

    @on(SearchCorpus)
    def _search_corpus_message(self, message: SearchCorpus) -> None:
        self.action_search(message.query)

    def action_search(self, query: str = "") -> None:
        """Search the text of every speech (within the theme filter): the concordance."""
        from .screens.concordance import ConcordanceScreen

        self.push_screen(ConcordanceScreen(self.browser, query))

    def open_speech(self, speech_id: str, *, paragraph: int | None = None, sentence: int | None = None) -> None:
        try:
            self.store.summary(speech_id)
        except KeyError:
            self.notify(_("That speech is no longer in the folder."), severity="error", markup=False)
            return
        reader = self._reader_screen()
        if reader in self.screen_stack:
            # opened again from a screen above the reader (passages, palette…): go back to it
            while self.screen is not reader:
                self.pop_screen()
            reader.prepare(speech_id, paragraph=paragraph, sentence=sentence)
            return
        reader.prepare(speech_id, paragraph=paragraph, sentence=sentence)
        self.push_screen(reader)

    async def _prewarm_reader(self) -> None:
        """Build the reader screen (its widgets, their styles, their sizes) while the
        user looks at the list, so that Enter only lays out the text and paints once."""
        if self.is_screen_installed("reader"):
            return
        reader = self._reader_screen()
        try:
            # What push_screen does first (register and mount), off-stage; then the
            # layout at the terminal's size, so that widgets know their width.
            await pins.mount_off_stage(self, reader)
        except Exception:  # noqa: BLE001 - only an optimisation; push_screen does it all otherwise
            return
        if self._read_ahead_id is not None and self._read_ahead_timer is None:
            self._read_ahead()  # (again: now at the reader's width)

    def _reader_screen(self) -> ReaderScreen:
        """The one reader screen, built on first use and kept (installed) for reuse."""
        if not self.is_screen_installed("reader"):
            from .screens.reader import ReaderScreen

            self.install_screen(ReaderScreen(self.browser), "reader")
        return self.get_screen("reader")  # type: ignore[return-value]

    def _show(self, screen_type: type[BrowserScreen]) -> None:
        """Push a new screen of `screen_type`, unless it is the one shown."""
        if not isinstance(self.screen, screen_type):
            self.push_screen(screen_type(self.browser))

    def action_passages(self) -> None:
        from .screens.passages import PassagesScreen

        self._show(PassagesScreen)

    def action_formulations(self) -> None:
        from .screens.formulations import FormulationsScreen

        self._show(FormulationsScreen)

    def action_history(self) -> None:
        from .screens.history import HistoryScreen

        self._show(HistoryScreen)

    def action_problems(self) -> None:
        from .screens.problems import ProblemsScreen

        self._show(ProblemsScreen)

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        self.push_screen(HelpScreen(screen.HELP_SECTION if isinstance(screen, BrowserScreen) else None, self.user_keys))

    # ------------------------------------------------------------ copying

    @property
    def citation_style(self) -> str:
        """"full", "short" or "none" (jianghua.store.citation)."""
        from jianghua.store.citation import chosen_style

        return chosen_style(self.state.setting("citation"), self.state.setting("citation_style"))

    @property
    def citations(self) -> bool:
        return self.citation_style != "none"

    def set_citation_style(self, style: str) -> None:
        from jianghua.store.citation import STYLE_NAMES

        if style != "none":
            self.state.set_setting("citation_style", style)
        self.state.set_setting("citation", style != "none")
        self.schedule_save()
        self.notify(_("Citation format: {name}").format(name=_(STYLE_NAMES[style])), markup=False, timeout=4)

    def action_toggle_citation(self) -> None:
        self.state.set_setting("citation", not self.citations)
        self.schedule_save()
        self.notify(
            _("Copies are followed by a citation line.") if self.citations else _("Copies are plain text, without a citation line."),
            markup=False,
            timeout=3,
        )

    def on_notify(self, event: Notify) -> None:
        """A new toast replaces the one of its kind still shown (same severity and
        title): pressing a key again shows one toast, not a growing stack."""
        pins.replace_notifications(self, event.notification)

    @on(CopyClip)
    def _copy_clip_message(self, message: CopyClip) -> None:
        self.copy_clip(message.clip)

    @on(Recopy)
    def _recopy_message(self, message: Recopy) -> None:
        self.recopy(message.record)

    def copy_clip(self, clip: Clip) -> None:
        payload = clip.payload(self.citation_style)
        clipboard.send(self, payload)
        self.state.add_copy(payload, clip.chars, clip.label, clip.speech_id, clip.title)
        self.schedule_save()
        self.notify(clip.notice(self.citation_style), title=_("Copied"), markup=False, timeout=5, severity="warning" if clip.placeholders else "information")

    def recopy(self, record: CopyRecord) -> None:
        clipboard.send(self, record.text)
        self.notify(f"{i18n.characters(record.chars)} · 「{opening(record.text)}」", title=_("Copied again"), markup=False, timeout=4)

    # ------------------------------------------------------------ state

    @on(StateChanged)
    def _state_changed(self, message: StateChanged) -> None:
        if message.now:
            self.save_state()
        else:
            self.schedule_save()

    def schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_state)

    def save_state(self) -> None:
        self._save_timer = None
        before = len(self.state.messages)
        self.state.save()
        for m in self.state.messages[before:]:
            self.notify(m, severity="warning", markup=False, timeout=10)

    def _colour_scheme_changed(self, scheme) -> None:
        self.state.set_setting("colour_scheme", scheme.name)
        self.schedule_save()

    async def action_quit(self) -> None:
        self._stop_build.set()  # a first build stops now instead of holding the exit
        self._save_reader_position()
        self.save_state()
        self.exit(0)

    def _save_reader_position(self) -> None:
        if not self.is_screen_installed("reader"):
            return
        reader = self._reader_screen()
        where = reader.position() if reader in self.screen_stack else None
        if where is not None:
            self.state.set_position(*where)

    def on_unmount(self) -> None:
        self._stop_build.set()
        self._save_reader_position()
        self.state.save()

    # ------------------------------------------------------------ palette

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_help_quit(self) -> None:
        # Textual's answer to ctrl+c outside the reader (there it copies), in the interface language
        self.notify(_("ctrl+c copies in the reader (as y does); ctrl+q quits."), title=_("Quit?"), markup=False, timeout=4)

    def action_change_theme(self) -> None:
        # Textual's picker says "themes": here that word is for the speeches' themes (主题)
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=_("Search for colour schemes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own entries, in the interface language (its "Keys" panel is
        # replaced by the help, generated from the keymap).
        yield SystemCommand(_("Colour scheme"), _("Change the colours (dark, light …)"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Quit jianghua (ctrl+q)"), self.action_quit)
        if screen.maximized is not None:
            yield SystemCommand(_("Minimize"), _("Restore the pane to its size"), screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(_("Maximize"), _("Maximize the focused pane"), screen.action_maximize)
        yield SystemCommand(_("Screenshot"), _("Save an SVG picture of the screen"), lambda: self.set_timer(0.1, self.deliver_screenshot))
        if isinstance(screen, BrowserScreen):
            for title, help_text, callback in screen.commands():
                yield SystemCommand(title, help_text, callback)
        from jianghua.store.citation import STYLE_HELP, STYLE_NAMES

        for style in STYLE_NAMES:  # one entry per citation format, the one in use marked
            mark = " ✓" if style == self.citation_style else ""
            yield SystemCommand(_("Citation format: {name}").format(name=_(STYLE_NAMES[style])) + mark, _(STYLE_HELP[style]),
                                lambda style=style: self.set_citation_style(style))
        yield SystemCommand(_("Choose themes"), _("Filter the speeches by theme (t)"), self.action_pick_themes)
        if self.theme_filter.active:
            yield SystemCommand(_("Clear the theme filter"), _("Show every speech again (T)"), self.action_clear_filter)
            yield SystemCommand(_("Switch all-of / any-of"), _("How several themes combine (m)"), self.action_toggle_mode)
        yield SystemCommand(_("Passages of the themes"), _("Every passage of the active themes (p)"), self.action_passages)
        yield SystemCommand(_("Copy history"), _("Everything copied; copy again or export (c)"), self.action_history)
        yield SystemCommand(_("Problems: skipped files"), _("Files of the folder that could not be read (!)"), self.action_problems)
        yield SystemCommand(_("Help: keys"), _("Every key of every screen (?)"), self.action_help)
        title, help_text = language.command(self)
        yield SystemCommand(title, help_text, self.action_switch_language)

    def action_switch_language(self) -> None:
        language.switch(self)
