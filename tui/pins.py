"""The private parts of Textual the browser relies on, in one place.

Textual has no public way to mount a screen without showing it, to write raw
bytes to the terminal (the tmux passthrough of OSC 52), to read the notifications
shown, nor to remove one (a toast replaced by a newer one of its kind). These wrappers, and
the output filter of tui/output.py (private App hooks), are the only uses of
private Textual APIs in jianghua; tests/tui/test_pins.py fails loudly when a
Textual upgrade renames or changes any of them, and checks that the installed
Textual is within the range pyproject.toml allows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import Notification
    from textual.screen import Screen
    from textual.widget import Widget

TEXTUAL_RANGE = ((1, 0), (9, 0))  # >= 1.0, < 9 (the bound in pyproject.toml)


async def mount_off_stage(app: App[Any], screen: Screen[Any]) -> None:
    """Register and mount an installed `screen` without pushing it, then lay it out
    at the terminal's size (what `push_screen` does first), so that pushing it
    later only lays out its content and paints once."""
    _, mounted = app._get_screen(screen)
    await mounted
    if screen not in app.screen_stack:
        screen._refresh_layout(app.size)


def paint_with_screen(screen: Screen[Any]) -> None:
    """The widgets of an off-stage `screen` whose content was just changed are
    about to be painted whole by the full repaint that pushing the screen makes:
    drop their own pending repaint, which would otherwise come as a second frame
    (the same text again, a frame later). Their layout requests are kept."""
    for widget in screen.walk_children(with_self=False):
        for w in (widget, *_bars(widget)):  # (bars: not children)
            w._repaint_required = False
            w._repaint_regions.clear()  # (else kept, and repainted whole with the widget's next change)


def focus_without_screen_repaint(screen: Screen[Any], set_focus: Any) -> None:
    """Run Screen.set_focus without the repaint of the whole screen it asks for
    (`Screen.focused` is a reactive that repaints): the widgets that gain and lose
    the focus repaint themselves (their focus styles), the key bar its keys. The
    whole-screen repaint was a frame of its own — every cell composed again — for
    every `o`/`u`/Esc in the reader."""
    pending = screen._repaint_required
    set_focus()
    if not pending:
        screen._repaint_required = False


def _bars(widget: Widget) -> list[Widget]:
    return [b for b in (widget._vertical_scrollbar, widget._horizontal_scrollbar, widget._scrollbar_corner) if b is not None]


def settle_scrollbars(widget: Widget) -> None:
    """A scroll view whose virtual size was just set: show or hide its scroll bars
    now (what the screen's layout would find), so that the layout about to run
    places them — not a second layout, and a second frame, after it."""
    if widget.is_mounted:
        widget._refresh_scrollbars()


def paint_scrollbars_with_layout(widget: Widget) -> None:
    """Called at the end of a scroll view's `_size_updated`, which only the screen's
    layout calls, just before it paints the regions that changed: the scroll bars it
    refreshed (Textual refreshes them at every layout) go into that paint, instead
    of each asking for a frame of its own a frame later (the same bar again)."""
    bars = [b for b in _bars(widget) if b._repaint_required]
    if not bars:
        return
    try:
        compositor = widget.screen._compositor
    except Exception:  # noqa: BLE001 - no screen: leave the repaint to Textual
        return
    compositor.update_widgets(set(bars))
    for bar in bars:
        bar._repaint_required = False


def driver(app: App[Any]) -> Any | None:
    """The app's terminal driver (None when headless or not running): to write an
    escape sequence Textual has no public call for."""
    return app._driver


def shown_message(app: App[Any], severity: str, title: str) -> str | None:
    """The message of the newest notification shown of that kind (severity and
    title), or None: Textual has no public list of the notifications shown."""
    shown = [n for n in app._notifications if n.severity == severity and n.title == title]
    return shown[-1].message if shown else None


def replace_notifications(app: App[Any], new: Notification) -> None:
    """Remove the notifications shown of `new`'s kind (same severity and title) but
    `new`: Textual has a public call to clear them all, none to remove one."""
    stale = [n for n in app._notifications if n is not new and (n.severity, n.title) == (new.severity, new.title)]
    for n in stale:
        app._unnotify(n, refresh=False)
    if stale:
        app._refresh_notifications()


def drop_news(app: App[Any]) -> None:
    """Remove the information toasts shown ("Copied" …) as a dialog opens over the
    screen they were about: they would cover the dialog for seconds (warnings and
    errors stay; what was copied is in the copy history)."""
    news = [n for n in app._notifications if n.severity == "information"]
    for n in news:
        app._unnotify(n, refresh=False)
    if news:
        app._refresh_notifications()


def palette_saying(no_matches: Callable[[], str]) -> type:
    """Textual's CommandPalette whose "No matches found" line is `no_matches()` (Textual
    writes the English words into the list itself, in a private method: this is that
    method with the words given)."""
    from rich.align import Align
    from rich.text import Text
    from textual.command import CommandList, CommandPalette
    from textual.widgets.option_list import Option

    class Palette(CommandPalette):
        def _start_no_matches_countdown(self, search_value: str) -> None:
            self._stop_no_matches_countdown()

            def show_no_matches() -> None:
                if search_value:
                    self.query_one(CommandList).add_option(
                        Option(Align.center(Text(no_matches(), style="not bold")), disabled=True, id=self._NO_MATCHES))
                    self._list_visible = True
                else:  # (discovery: nothing to say)
                    self._list_visible = False

            self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

    return Palette
