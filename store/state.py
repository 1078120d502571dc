"""The browser's own small state file: reading positions, copy history, settings,
and where the speech list was left (its theme filter, sort and highlighted speech).

Kept apart from the corpus store (which is a cache that may be thrown away): this
file is the user's. It is JSON, written atomically (temp file in the same folder,
fsync, `os.replace`). A file that cannot be understood is moved aside to a backup
with a message and a fresh state is started — never silently emptied. A folder
that cannot be written leaves the state in memory, with a message.

Plain Python only: no textual, no tinydb.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from jianghua.i18n import _, os_error
from .paths import state_root
from .storage import atomic_write

VERSION = 1
STATE_FILE = "state.json"
MAX_POSITIONS = 5000
MAX_HISTORY = 100
MAX_COPY_CHARS = 200_000  # a copy bigger than this is kept truncated in the history

DEFAULT_SETTINGS: dict[str, Any] = {
    "citation": True,  # a citation line follows copied text
    "citation_style": "full",  # its format: "full" or "short" (store/citation.py)
    "outline": True,  # the reader's outline pane is shown
    "colour_scheme": None,  # the Textual theme (colours) by name, None for the default
    "language": None,  # "zh" / "en" chosen in the browser; None: from LC_ALL / LC_MESSAGES / LANG
}


@dataclass(frozen=True)
class CopyRecord:
    """One entry of the copy history."""

    text: str  # exactly what was put on the clipboard
    chars: int  # 字数 of the copied passage (without the citation line)
    label: str  # what was copied, e.g. "sentence", "paragraph", "speech", "selection"
    speech_id: str | None = None
    title: str | None = None
    at: float = 0.0  # unix time


@dataclass(frozen=True)
class ListPlace:
    """Where the speech list was left: its theme filter, its sort, the highlighted speech."""

    themes: tuple[str, ...] = ()  # theme ids of the filter (none: every speech)
    mode: str = "all"  # "all" | "any"
    sort: str = "source"
    speech: str | None = None  # the highlighted speech's id


def default_path() -> Path:
    return state_root() / STATE_FILE


def remembered_setting(key: str, path: Path | None = None) -> Any:
    """One saved setting, read without a State (no messages, no repair): what the
    command line needs before it starts, e.g. the interface language."""
    try:
        data = json.loads((path or default_path()).read_bytes().decode("utf-8"))
        value = data["settings"][key]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):  # (RecursionError: "[[[[…" nested too deep)
        return DEFAULT_SETTINGS.get(key)
    return value if value is None or isinstance(value, (bool, int, float, str)) else DEFAULT_SETTINGS.get(key)


class State:
    """Load with `State.load(path)`; change through the methods; `save()` writes."""

    def __init__(self, path: Path | None):
        self.path = path
        self.messages: list[str] = []
        self.positions: dict[str, dict[str, Any]] = {}
        self.history: list[CopyRecord] = []
        self.settings: dict[str, Any] = dict(DEFAULT_SETTINGS)
        self.list_place: ListPlace = ListPlace()
        self.dirty = False
        self.writable = path is not None
        self._history_floor = 0.0  # copies up to this time were cleared: do not merge them back

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Path | str | None = None) -> State:
        state = cls(Path(path) if path is not None else default_path())
        state._read()
        return state

    def _read(self) -> None:
        assert self.path is not None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as e:
            self.messages.append(_("The settings file {file} cannot be read ({why}): reading positions and copies start empty and are not saved.").format(file=self.path, why=os_error(e)))
            self.writable = False
            return
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            self._take(data)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
            self._quarantine(f"{type(e).__name__}: {e}")

    def _take(self, data: dict) -> None:
        positions = data.get("positions", {})
        if not isinstance(positions, dict):
            raise ValueError("positions is not an object")
        for sid, pos in positions.items():
            p = _position(pos)
            if isinstance(sid, str) and p is not None:
                self.positions[sid] = p
        history = data.get("history", [])
        if not isinstance(history, list):
            raise ValueError("history is not a list")
        for h in history:
            rec = _record(h)
            if rec is not None:
                self.history.append(rec)
        settings = data.get("settings", {})
        if not isinstance(settings, dict):
            raise ValueError("settings is not an object")
        self.list_place = _list_place(data.get("list"))
        if "theme" in settings and "colour_scheme" not in settings:  # its name before 0.3
            settings["colour_scheme"] = settings.pop("theme")
        for k, v in settings.items():
            if k in DEFAULT_SETTINGS and (v is None or isinstance(v, (bool, int, float, str))):
                self.settings[k] = v

    def _quarantine(self, why: str) -> None:
        assert self.path is not None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while backup.exists():
            backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            os.replace(self.path, backup)
        except OSError as e:
            self.messages.append(
                _("The settings file {file} is damaged ({why}) and could not be moved aside ({error}): starting afresh in memory; the file is left as it is.").format(
                    file=self.path, why=why, error=os_error(e)
                )
            )
            self.writable = False
            return
        self.messages.append(_("The settings file was damaged ({why}); it was moved aside to {backup} and a fresh one started.").format(why=why, backup=backup))

    # ------------------------------------------------------------ saving

    def save(self) -> bool:
        """Write the state if it changed. Returns False (with a message) on failure.

        What another jianghua wrote meanwhile is merged in (newer positions, copies
        this one has not seen), so two sessions do not undo each other."""
        if not self.dirty:
            return True
        if not self.writable or self.path is None:
            self.dirty = False
            return False
        self._merge_from_disk()
        data = {
            "version": VERSION,
            "positions": self.positions,
            "history": [asdict(h) for h in self.history],
            "settings": self.settings,
            "list": asdict(self.list_place),
        }
        payload = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, payload)
        except OSError as e:
            self.messages.append(_("The settings file {file} cannot be written ({why}): reading positions and copies are kept until you quit, not saved.").format(file=self.path, why=os_error(e)))
            self.writable = False
            self.dirty = False
            return False
        self.dirty = False
        return True

    def _merge_from_disk(self) -> None:
        assert self.path is not None
        try:
            other = json.loads(self.path.read_bytes().decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return
        if not isinstance(other, dict):
            return
        positions = other.get("positions")
        if isinstance(positions, dict):
            for sid, pos in positions.items():
                p = _position(pos)
                if isinstance(sid, str) and p is not None and p["at"] > self.positions.get(sid, {}).get("at", -1.0):
                    self.positions[sid] = p
        history = other.get("history")
        if isinstance(history, list):
            seen = {(h.at, h.text) for h in self.history}
            extra = [
                r for r in (_record(h) for h in history) if r is not None and r.at > self._history_floor and (r.at, r.text) not in seen
            ]
            if extra:
                self.history = sorted(self.history + extra, key=lambda r: r.at)[-MAX_HISTORY:]

    # ------------------------------------------------------------ positions

    def position(self, speech_id: str) -> int | None:
        pos = self.positions.get(speech_id)
        return pos["sentence"] if pos else None

    def set_position(self, speech_id: str, sentence: int) -> None:
        old = self.positions.get(speech_id)
        if old and old["sentence"] == sentence:
            return
        self.positions.pop(speech_id, None)
        self.positions[speech_id] = {"sentence": int(sentence), "at": round(time.time(), 3)}
        if len(self.positions) > MAX_POSITIONS:
            for sid in sorted(self.positions, key=lambda k: self.positions[k]["at"])[: len(self.positions) - MAX_POSITIONS]:
                del self.positions[sid]
        self.dirty = True

    # ------------------------------------------------------------ the speech list

    def set_list_place(self, **changes: Any) -> None:
        """Remember where the list is (`themes`, `mode`, `sort`, `speech`): the next start shows it so."""
        place = replace(self.list_place, **changes)
        if place != self.list_place:
            self.list_place = place
            self.dirty = True

    # ------------------------------------------------------------ copy history

    def add_copy(self, text: str, chars: int, label: str, speech_id: str | None = None, title: str | None = None) -> CopyRecord:
        rec = CopyRecord(text[:MAX_COPY_CHARS], chars, label, speech_id, title, time.time())
        self.history.append(rec)
        del self.history[: max(0, len(self.history) - MAX_HISTORY)]
        self.dirty = True
        return rec

    def clear_history(self) -> None:
        self._history_floor = time.time()
        if self.history:
            self.history.clear()
            self.dirty = True

    # ------------------------------------------------------------ settings

    def setting(self, key: str) -> Any:
        return self.settings.get(key, DEFAULT_SETTINGS.get(key))

    def set_setting(self, key: str, value: Any) -> None:
        if key not in DEFAULT_SETTINGS:
            raise KeyError(key)
        if self.settings.get(key) != value:
            self.settings[key] = value
            self.dirty = True


def _position(pos: Any) -> dict[str, Any] | None:
    if not isinstance(pos, dict) or not isinstance(pos.get("sentence"), int) or isinstance(pos.get("sentence"), bool):
        return None
    try:
        at = float(pos.get("at", 0) or 0)
    except (TypeError, ValueError):
        at = 0.0
    return {"sentence": max(0, pos["sentence"]), "at": at}


def _list_place(data: Any) -> ListPlace:
    """A ListPlace from the file, keeping what is well-formed (the list checks the ids)."""
    if not isinstance(data, dict):
        return ListPlace()
    themes = data.get("themes")
    speech = data.get("speech")
    return ListPlace(
        themes=tuple(t for t in themes if isinstance(t, str)) if isinstance(themes, list) else (),
        mode=data.get("mode") if data.get("mode") in ("all", "any") else "all",
        sort=data["sort"] if isinstance(data.get("sort"), str) else "source",
        speech=speech if isinstance(speech, str) else None,
    )


def _record(h: Any) -> CopyRecord | None:
    if not isinstance(h, dict) or not isinstance(h.get("text"), str):
        return None
    try:
        return CopyRecord(
            text=h["text"],
            chars=int(h.get("chars", len(h["text"]))),
            label=str(h.get("label", "")),
            speech_id=h.get("speech_id") if isinstance(h.get("speech_id"), str) else None,
            title=h.get("title") if isinstance(h.get("title"), str) else None,
            at=float(h.get("at", 0) or 0),
        )
    except (TypeError, ValueError):
        return None
