"""What the browser's screens have in common.

`BrowserScreen`: a screen given the `Browser` context in its constructor, with the
help section it puts first and the palette commands it adds. `TableScreen`: a
header line, a `LineTable`, an optional preview and the key bar — the passages,
copy history and problems screens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from jianghua.i18n import _

from ..context import Browser
from ..widgets.filter_bar import FilterBar
from ..widgets.key_bar import KeyBar
from ..widgets.line_table import Column, LineTable
from ..widgets.wrapped_text import WrappedText

T = TypeVar("T")

# (title, help text, callback) of a command-palette entry
Command = tuple[str, str, Callable[[], Any]]


class BrowserScreen(Screen):
    HELP_SECTION: ClassVar[str | None] = None  # the help section shown first on this screen

    def __init__(self, browser: Browser) -> None:
        super().__init__()
        self.browser = browser
        self._when_shown: dict[str, Callable[[], Any]] = {}

    def when_shown(self, key: str, fn: Callable[[], Any]) -> None:
        """Run `fn` now if this screen is the one shown, else when it is shown again
        (a screen under another one — the list under F — does not refill rows nobody
        sees; the last `fn` asked under a key is the one run)."""
        if self.is_current:
            self._when_shown.pop(key, None)
            fn()
        else:
            self._when_shown[key] = fn

    def drop_when_shown(self, key: str) -> bool:
        """Forget what `when_shown` put off under `key` (done now instead): True if
        something was."""
        return self._when_shown.pop(key, None) is not None

    def on_screen_resume(self) -> None:
        # (Textual calls this after a subclass's own on_screen_resume)
        pending, self._when_shown = self._when_shown, {}
        for fn in pending.values():
            fn()

    def commands(self) -> Iterable[Command]:
        """This screen's own entries of the command palette."""
        return ()


@dataclass(frozen=True)
class TableSpec:
    title: str  # the screen's title, and its section of the help (msgids: N_)
    columns: list[Column]
    table_id: str
    empty: str  # what the table says when it has no rows (a msgid: the table translates it)
    filter_bar: bool = False  # the theme filter bar as header (else a title bar)
    preview: bool = False  # the current row in full below the table


class TableScreen(BrowserScreen, Generic[T]):
    """A header, a table of rows, a preview of the current row, the key bar.

    Subclasses say what the table is (TABLE), what a row shows (`cells`), and fill
    the table in `reload`. q / Escape go back.
    """

    TABLE: ClassVar[TableSpec]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.HELP_SECTION = cls.TABLE.title

    DEFAULT_CSS = """
    TableScreen #title-bar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    TableScreen LineTable { height: 1fr; }
    /* (a short window: the preview gives way, the table keeps rows to choose from) */
    TableScreen #preview-box { height: 9; max-height: 50%; border-top: tall $panel-lighten-2; background: $surface; }
    TableScreen #preview { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        spec = self.TABLE
        yield FilterBar(id="filter-bar") if spec.filter_bar else Static(id="title-bar")
        yield LineTable(spec.columns, self.cells, empty_text=spec.empty, id=spec.table_id)
        if spec.preview:
            with VerticalScroll(id="preview-box"):
                yield WrappedText(id="preview")  # wrapped by the reader's rules
        yield KeyBar()

    def on_mount(self) -> None:
        # (Textual calls this after a subclass's own on_mount: subclasses need not call it)
        self.set_class(self.TABLE.preview, "-preview")  # (app.tcss: toasts stand above the preview)
        self.title = _(self.TABLE.title)
        self.reload()
        try:
            self.table.focus()
        except NoMatches:  # the app quit while the screen was being built off-stage: its widgets are gone
            pass

    @property
    def table(self) -> LineTable:
        return self.query_one(LineTable)

    def cells(self, row: T) -> list[str | Text]:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def show_title(self, text: str) -> None:
        self.query_one("#title-bar", Static).update(Text(text, end="", no_wrap=True, overflow="ellipsis"))

    def on_line_table_highlighted(self, event: LineTable.Highlighted) -> None:
        if self.TABLE.preview:
            self.preview(event.row)

    def preview(self, row: T | None) -> None:
        """Show `row` below the table (screens with a preview)."""

    def show_preview(self, text: Text | str) -> None:
        self.query_one("#preview", WrappedText).update(text)

    def action_back(self) -> None:
        self.dismiss()
