"""What every screen is given: the store, the state file, the theme filter, and
the signals that tell screens when these change.

The app builds one `Browser` and hands it to each screen's constructor; screens
read from it and subscribe to its signals, and ask the app for things by posting
the messages in `tui.messages`. No screen imports the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.signal import Signal

from jianghua.store import Store
from jianghua.store.models import SpeechSummary
from jianghua.store.state import State

from .filtering import ThemeFilter


@dataclass(frozen=True)
class Progress:
    """Where a running build is: `done` of `total` files (`total` 0: still looking)."""

    done: int
    total: int
    source: str


@dataclass(eq=False)
class Browser:
    store: Store
    state: State
    # published with the new filter whenever it changes
    filter_changed: Signal[ThemeFilter]
    # a running build: its progress, and speeches as they arrive (added or changed)
    build_progress: Signal[Progress]
    speeches_arrived: Signal[list[SpeechSummary]]
    # the build has ended (the store may hold new speeches, passages, themes)
    store_updated: Signal[None]
    theme_filter: ThemeFilter = field(default_factory=ThemeFilter)
    building: bool = False
    export_dir: Path | None = None  # where the copy history is exported (tests and callers may pin it)
    last_export: Path | None = None

    def theme_names(self) -> dict[str, str]:
        return self.store.theme_names()

    def set_filter(self, flt: ThemeFilter) -> None:
        self.theme_filter = flt
        self.filter_changed.publish(flt)

    def export_folder(self) -> Path:
        """Where an export of the copy history goes unless the user says otherwise:
        the folder of the last export, else `exports/` beside the state file
        (JIANGHUA_STATE_DIR, else the user state folder: README, "Where things are")."""
        if self.export_dir is not None:
            return self.export_dir
        if self.last_export is not None:
            return self.last_export.parent
        if self.state.path is not None:
            return self.state.path.parent / "exports"
        from jianghua.store.paths import state_root

        return state_root() / "exports"
