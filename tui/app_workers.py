"""The app's work off the UI thread, as a mixin of JianghuaApp: the build (the store
brought up to date, the list filled as speeches arrive) and the read-ahead (the
speech under the list's cursor read before Enter asks for it)."""

from __future__ import annotations

import gc
import threading
from functools import partial
from typing import TYPE_CHECKING

from textual import work

from jianghua.store.models import SpeechSummary

from jianghua import i18n
from jianghua.i18n import _, ngettext

from .context import Progress
from .screens.speech_list import SpeechListScreen
from .widgets.line_table import LineTable

if TYPE_CHECKING:
    from jianghua.store import Store

    from .context import Browser


class BuildStopped(Exception):
    """Raised in the build's callbacks when the app quits: the store commits nothing."""


READ_AHEAD_AFTER = 0.15  # seconds the list's cursor rests on a speech before it is read ahead
READ_KEPT_AFTER = 1.0  # seconds after the list is shown before the kept formulations count is read (and F's view built)
PREWARM_AFTER = 0.05  # seconds after the list is ready (the reader built before the user starts typing, not under a keystroke)
FLUSH_EVERY = 0.5  # seconds between UI updates from a running build (each redraws the list: the workers need the CPU)


class Workers:
    """The build and the read-ahead; mixed into JianghuaApp (which has store, browser)."""

    store: Store
    browser: Browser

    def init_workers(self) -> None:
        self.build_report = None
        self._pending: list = []
        self._pending_lock = threading.Lock()
        self._progress: tuple[int, int, str] | None = None
        self._flush_timer = None
        self._stop_build = threading.Event()  # set on quit: the build stops at its next file
        self._read_ahead_timer = None
        self._read_ahead_id: str | None = None

    # ------------------------------------------------------------ the build

    @work(thread=True, exclusive=True, group="build", exit_on_error=False)
    def _build(self) -> None:
        """Bring the store up to date off the UI thread; the list fills as speeches arrive."""
        try:
            if self.store.is_current():
                self.store.prepare_filters()
                self.call_from_thread(self._build_done, None, None)
                self._after_current_start()
                return
            self.call_from_thread(self._start_progress)
            report = self.store.update(progress=self._on_progress, on_speech=self._on_speech)
        except BuildStopped:
            return  # the app is quitting: nothing to show, nothing committed
        except Exception as e:  # noqa: BLE001 - reported to the user, not raised
            self.call_from_thread(self._build_done, None, e)
            return
        self.call_from_thread(self._build_done, report, None)
        self._when_the_list_rests()

    def _after_current_start(self) -> None:  # worker thread, the list shown
        """Work a current store may still want, off the list's path: an index an older
        jianghua made is made again (searches read the speeches meanwhile: slower, never
        wrong). Only speeds things up: a failure here is not the build's, and the list
        it showed stays as it is."""
        try:
            self.store.sync_search_index()
        except Exception:  # noqa: BLE001 - an accelerator: the search works without it
            pass
        self._when_the_list_rests()

    def _when_the_list_rests(self) -> None:  # worker thread, the list shown
        """A moment after the list is shown (the first keys typed in it go first): the
        kept formulations count is read, then the formulations view is built off-stage
        with its rows — F and the reader's u then open without either. Accelerators:
        F and u work without them."""
        try:
            if self._stop_build.wait(READ_KEPT_AFTER):
                return  # quitting
            if not self.store.read_kept_formulations():
                self.store.keep_formulations_later(self._stop_build)  # (a worker process: seconds of CPU)
            if not self._stop_build.is_set():
                self.call_from_thread(self.set_timer, PREWARM_AFTER, self._prewarm_formulations)
        except Exception:  # noqa: BLE001 - an accelerator (or the app quit meanwhile)
            pass

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
        with self._pending_lock:  # (shown again by the timer until the first file is read: its time goes on)
            self._progress = self._progress or (0, 0, _("Checking the folder…"))
            progress = self._progress
        self.browser.build_progress.publish(Progress(*progress))
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
        self.warn_all([m for m in report.messages if m not in self.store.messages])  # type: ignore[attr-defined]
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

    # ------------------------------------------------------------ the read-ahead

    def on_line_table_highlighted(self, message: LineTable.Highlighted) -> None:
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
