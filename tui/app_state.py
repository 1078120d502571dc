"""Keeping the state file, as a mixin of JianghuaApp: a save a moment after the
last change (or at once when asked), the colour scheme, the reader's position and
a last save on quit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

from .messages import StateChanged

if TYPE_CHECKING:
    import threading

    from jianghua.store.state import State

SAVE_DELAY = 1.0  # seconds after the last change before the state file is written


class StateKeeping:
    """Saves of the state file; mixed into JianghuaApp (which has state, the reader screen)."""

    state: State
    _stop_build: threading.Event

    def init_state_keeping(self) -> None:
        self._save_timer = None

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after q (type-ahead, a slow link) arrive while the app shuts down: a
        # screen they open would mount without its widgets and end the app with a traceback.
        if self._stop_build.is_set() and isinstance(event, events.InputEvent):  # (set by q: quitting)
            return
        await super().on_event(event)  # type: ignore[misc]

    def on_state_changed(self, message: StateChanged) -> None:
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
        self.warn_all(self.state.messages[before:])  # type: ignore[attr-defined]

    def _colour_scheme_changed(self, scheme) -> None:
        self.state.set_setting("colour_scheme", scheme.name)
        self.schedule_save()

    async def action_quit(self) -> None:
        self._stop_build.set()  # a first build stops now instead of holding the exit; keys after q are dropped
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
