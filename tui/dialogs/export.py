"""Export the copy history: a dialog with the file's path filled in, to keep or change.

Enter writes the file (folders are made as needed; an existing file is replaced
only after a second Enter); a path that cannot be written says why and stays open
to be corrected. Dismisses with the path written, or None.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from jianghua.i18n import N_, _, ngettext, os_error

from .. import keymap
from .base import Dialog


class ExportDialog(Dialog[Path | None]):
    BINDINGS = keymap.EXPORT
    DIALOG_ID = "export"
    HINT = N_("Enter exports · Esc cancels · a folder: the file goes into it")

    DEFAULT_CSS = """
    ExportDialog > #export { height: auto; width: 90; padding: 0 1; }
    ExportDialog #export-title { height: auto; text-style: bold; }
    ExportDialog #export-note { height: auto; color: $text-muted; }
    ExportDialog #export-note.-error { color: $error; }
    ExportDialog #export-hint { height: auto; color: $text-muted; }
    """

    def __init__(self, n: int, default: Path, write: Callable[[Path], Path]) -> None:
        """`write(path)` writes the export and returns the file written (raises OSError)."""
        super().__init__()
        self.n = n
        self.default = default
        self.write = write
        self._confirm: Path | None = None  # an existing file, to replace on a second Enter

    def title_text(self) -> Text:
        return Text(ngettext("Export {n} copy (oldest first) to a UTF-8 text file:", "Export {n} copies (oldest first) to a UTF-8 text file:", self.n).format(n=self.n), end="")

    def compose_body(self) -> ComposeResult:
        yield Input(str(self.default), id="export-path", select_on_focus=False)
        # the folder in plain words, and where it is (README "Where things are" says how it is chosen)
        yield Static(Text(_("Proposed folder: {folder} — where jianghua keeps its settings, or where you last exported. "
                            "Type another folder or file name to save it elsewhere.").format(folder=self.default.parent), end=""), id="export-note")

    def on_mount(self) -> None:
        inp = self.query_one(Input)
        inp.cursor_blink = False
        inp.focus()
        inp.cursor_position = len(inp.value)

    def _say(self, message: str, error: bool = False) -> None:
        note = self.query_one("#export-note", Static)
        note.set_class(error, "-error")
        note.update(Text(message, end=""))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._confirm = None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        raw = self.query_one(Input).value.strip()
        if not raw:
            self._say(_("Type the path of the file to write."), error=True)
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():  # a bare name goes into the proposed folder, not where jianghua was started
            path = self.default.parent / path
        path = Path(os.path.abspath(path))  # (the toast then says where the file went in full)
        if path.is_file() and self._confirm != path:
            self._confirm = path
            self._say(_("{path} exists: Enter again replaces it, or change the name.").format(path=path), error=True)
            return
        try:
            if raw.endswith(("/", os.sep)):  # a folder typed as one (Path drops the slash): the file goes into it
                path.mkdir(parents=True, exist_ok=True)
            written = self.write(path)
        except OSError as e:
            self._say(_("Cannot write {path}: {why}").format(path=path, why=os_error(e)), error=True)
            return
        self.dismiss(written)
