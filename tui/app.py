"""The jianghua browser: `JianghuaApp(store).run()`.

The App holds what every screen shares — the store, the state file, the active
theme filter — opens the screens they ask for, and starts the build worker. Its
mixins: `app_workers` (the build, the read-ahead), `app_copying` (copies and
citations), `app_state` (saving the state file, quitting), `app_palette` (the
command palette's entries). Screens live in `tui.screens`, dialogs in
`tui.dialogs`, keys in `tui.keymap`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.notifications import Notify
from textual.screen import Screen
from textual.signal import Signal

if TYPE_CHECKING:
    from textual.command import Provider

    from .screens.reader import ReaderScreen

from jianghua.store import Store
from jianghua.store.state import State

from jianghua.i18n import _

from . import keymap, pins
from .app_copying import Copying
from .app_palette import Palette
from .app_state import StateKeeping
from .app_workers import Workers
from .context import Browser
from .filtering import ThemeFilter
from .messages import OpenSpeech, SearchCorpus
from .output import QuietOutput
from .screens.base import BrowserScreen
from .screens.speech_list import SpeechListScreen

# Everything but the list is imported on first use: the first paint waits for no
# screen it does not show (nor for textual.command, ~30 ms).


def _speech_commands() -> type[Provider]:
    from .commands import SpeechCommands

    return SpeechCommands


def _theme_commands() -> type[Provider]:
    from .commands import ThemeCommands

    return ThemeCommands


class JianghuaApp(Workers, Copying, StateKeeping, Palette, QuietOutput, App[int]):
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
        self.init_workers()
        self._formulations_built: asyncio.Event | None = None  # the formulations view being built ahead, then built
        self.init_state_keeping()
        self.user_keys: dict[str, str] = {}
        if self.state.path is not None:
            self.user_keys, messages = keymap.load_user_keymap(self.state.path.parent / keymap.KEYMAP_FILE)
            self.state.messages += messages
            if self.user_keys:
                self.set_keymap(self.user_keys)
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
        self.warn_all(self.store.messages + self.state.messages)
        self.state.messages.clear()
        self.browser.building = True
        # Checking the corpus (a stat per file) waits for the first paint: the list
        # shows at once, and the check does not compete with it for the interpreter.
        self.call_after_refresh(self._build)

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
        else:
            self.notify(_("No theme chosen, nothing to clear: press t to choose themes."), markup=False, timeout=3)

    def action_toggle_mode(self) -> None:
        self.browser.set_filter(self.theme_filter.toggled_mode())
        if not self.theme_filter.active:
            mode = _("all of the chosen themes") if self.theme_filter.mode == "all" else _("any of the chosen themes")
            self.notify(_("No theme chosen: press t to choose themes. They will be combined: {mode}.").format(mode=mode), markup=False, timeout=3)
            return
        from .screens.passages import PassagesScreen

        if isinstance(self.screen, PassagesScreen):  # (it lists passages, not speeches)
            said = _("Passages of all the chosen themes.") if self.theme_filter.mode == "all" else _("Passages of any of the chosen themes.")
        else:
            said = _("Speeches of all the chosen themes.") if self.theme_filter.mode == "all" else _("Speeches of any of the chosen themes.")
        self.notify(said, markup=False, timeout=2)

    # ------------------------------------------------------------ screens

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
            # opened again from a screen above the reader (passages, palette…): go back to it;
            # from the hits of a search or the passages (f, p in the reader), q in the reader
            # shows them again (a new view: the one reader screen cannot lie above them)
            reader.back_to = self._view_to_reopen(self.screen)
            while self.screen is not reader:
                self.pop_screen()
            reader.prepare(speech_id, paragraph=paragraph, sentence=sentence)
            return
        reader.back_to = None
        reader.prepare(speech_id, paragraph=paragraph, sentence=sentence)
        self.push_screen(reader)

    def _view_to_reopen(self, screen: Screen) -> Callable[[], None] | None:
        """How to show `screen` (a search's hits, the passages) again once it is closed."""
        from .screens.concordance import ConcordanceScreen
        from .screens.passages import PassagesScreen

        if isinstance(screen, ConcordanceScreen):
            hits = screen.reopen_args()
            return None if hits is None else (lambda: self.push_screen(ConcordanceScreen(self.browser, **hits)))
        if isinstance(screen, PassagesScreen):
            again = screen.reopen_args()
            return lambda: self.push_screen(PassagesScreen(self.browser, **again))
        return None

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

    async def action_formulations(self) -> None:
        from .screens.formulations import FormulationsScreen

        if isinstance(self.screen, FormulationsScreen):
            return
        if self._formulations_built is not None:
            await self._formulations_built.wait()  # (being built ahead: a moment more)
        kept = self.get_screen("formulations") if self.is_screen_installed("formulations") else None
        if kept is None or kept in self.screen_stack or not kept.is_mounted:
            # not built ahead (yet), or already open under this screen: a new view, as before
            self.push_screen(FormulationsScreen(self.browser))
            return
        kept.prepare()
        self.push_screen(kept)

    async def _prewarm_formulations(self) -> None:
        """Build the formulations view (F) off-stage while the user looks at the list —
        its modules imported, its widgets and styles made, laid out, and its rows when
        the corpus count is at hand — so that F only shows it."""
        if self.is_screen_installed("formulations") or self._stop_build.is_set():
            return
        self._formulations_built = asyncio.Event()
        try:
            from .screens.formulations import FormulationsScreen

            screen = FormulationsScreen(self.browser)
            self.install_screen(screen, "formulations")
            await pins.mount_off_stage(self, screen)
            if not self._stop_build.is_set():  # (not quitting meanwhile)
                screen.build_ahead()
        except Exception:  # noqa: BLE001 - only an optimisation; F opens a new view otherwise
            if self.is_screen_installed("formulations") and self.get_screen("formulations") not in self.screen_stack:
                self.uninstall_screen("formulations")
        finally:
            self._formulations_built.set()

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

    # ------------------------------------------------------------ toasts

    def warn_all(self, messages: list[str]) -> None:
        """Warnings (a store that cannot be written, a damaged settings file, a bad keymap …)
        in one toast, with those of the one still shown: each in a toast of its own replaced
        the one before (one toast per kind), so only the last of several was ever seen."""
        if not messages:
            return
        title = _("Please note")
        shown = pins.shown_message(self, "warning", title)
        lines = shown.split("\n") if shown is not None else []
        lines += [m for m in messages if m not in lines]
        self.notify("\n".join(lines), title=title, severity="warning", markup=False, timeout=10)

    def on_notify(self, event: Notify) -> None:
        """A new toast replaces the one of its kind still shown (same severity and
        title): pressing a key again shows one toast, not a growing stack."""
        pins.replace_notifications(self, event.notification)
