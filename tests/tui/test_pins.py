"""The private Textual APIs jianghua uses (all in tui/pins.py), and the Textual
range pyproject.toml allows: a Textual upgrade that breaks either fails here,
loudly, instead of silently losing the reader prewarm or the tmux copy."""

from __future__ import annotations

import inspect
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from textual.app import App
from textual.screen import Screen

from jianghua.corpus._toml import toml
from jianghua.tui import pins
from tui_helpers import SIZE, settle


def test_installed_textual_is_within_the_declared_range():
    project = toml.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (req,) = [Requirement(r) for r in project["dependencies"] if Requirement(r).name == "textual"]
    assert any(s.operator == "<" for s in req.specifier), "textual needs an upper bound in pyproject.toml"
    installed = version("textual")
    assert req.specifier.contains(installed), f"textual {installed} is outside {req.specifier}"
    low, high = pins.TEXTUAL_RANGE
    major_minor = tuple(int(x) for x in installed.split(".")[:2])
    assert low <= major_minor < high, f"tui/pins.py was checked against textual {low}–{high}, installed {installed}"
    assert req.specifier.contains(f"{high[0] - 1}.99") and not req.specifier.contains(f"{high[0]}.0"), "pins.TEXTUAL_RANGE and pyproject.toml disagree"


def test_private_textual_apis_still_have_the_shape_pins_uses():
    get_screen = inspect.signature(App._get_screen)
    assert list(get_screen.parameters) == ["self", "screen"]
    refresh_layout = inspect.signature(Screen._refresh_layout)
    assert list(refresh_layout.parameters)[:2] == ["self", "size"]
    assert "_driver" in App.__init__.__code__.co_names or hasattr(App, "_driver")


def test_private_hooks_that_tui_output_overrides_still_exist():
    """tui/output.py (QuietOutput) overrides App._display and App._background_screens
    and reads textual._compositor's update types: a rename would silently bypass it."""
    from textual import _compositor

    assert list(inspect.signature(App._display).parameters) == ["self", "screen", "renderable"]
    assert isinstance(inspect.getattr_static(App, "_background_screens"), property)
    for name in ("ChopsUpdate", "CompositorUpdate", "LayoutUpdate"):
        assert isinstance(getattr(_compositor, name), type), name


async def test_the_reader_is_mounted_off_stage_before_the_first_enter(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.6)  # PREWARM_AFTER
        await pilot.pause()
        assert app.is_screen_installed("reader")
        reader = app.get_screen("reader")
        assert reader.is_mounted and reader not in app.screen_stack
        assert reader.size.width == SIZE[0]  # laid out at the terminal's size
        assert pins.driver(app) is not None  # headless tests have a driver too


def test_private_notification_calls_pins_uses_still_exist(make_app):
    """pins.replace_notifications (a toast replaced by a newer one of its kind) and
    tui/output.py's driver (the app it drives: `Driver._app`)."""
    from textual.driver import Driver

    app = make_app()
    assert list(inspect.signature(App._unnotify).parameters)[:3] == ["self", "notification", "refresh"]
    assert callable(App._refresh_notifications) and hasattr(app, "_notifications")
    assert "_app" in Driver.__init__.__code__.co_names


def test_only_pins_touches_textual_private_notifications():
    """The toasts shown (App._notifications) and their removal are read and done in
    tui/pins.py alone: a Textual upgrade that renames them is then one place to mend."""
    import re

    tui = Path(pins.__file__).parent
    private = re.compile(r"\._(?:notifications|unnotify|refresh_notifications)\b")
    users = [str(p.relative_to(tui)) for p in sorted(tui.rglob("*.py")) if p.name != "pins.py"
             and private.search(p.read_text(encoding="utf-8"))]
    assert users == []


async def test_opening_a_speech_wraps_its_text_once_and_paints_it_once(make_app, monkeypatch):
    """Enter on the list wraps the text once, at the width it is shown at (the
    reader was laid out ahead of time with its column as a speech has it), and the
    widgets refilled and restyled for it are painted by the screen's own repaint
    (pins.paint_with_screen), not all again a frame later (over SSH, the same text
    sent twice)."""
    import threading

    from textual.widget import Widget

    from jianghua.tui.document import Document

    assert all(hasattr(Widget(), a) for a in ("_repaint_required", "_vertical_scrollbar", "_horizontal_scrollbar", "_scrollbar_corner"))
    app = make_app()
    frames: list[str] = []
    widths: list[int] = []
    wrap = Document.layout

    def counting_wrap(doc, width, *a, **kw):
        # a wrap on the UI thread (the list's read-ahead wraps in a thread), not the no-op at the same width
        if threading.current_thread() is threading.main_thread() and (max(8, width) != doc.width or not doc.lines):
            widths.append(width)
        return wrap(doc, width, *a, **kw)

    monkeypatch.setattr(Document, "layout", counting_wrap)
    orig = type(app)._display

    def counting(self, screen, renderable):
        if renderable is not None and screen.__class__.__name__ == "ReaderScreen":
            frames.append(type(renderable).__name__)
        return orig(self, screen, renderable)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.6)  # PREWARM_AFTER
        await pilot.pause()
        monkeypatch.setattr(type(app), "_display", counting)
        for n in range(2):  # the first open, then the reader reused
            frames.clear()
            widths.clear()
            await pilot.press("enter")
            for _ in range(6):
                await pilot.pause(0.05)
            assert app.screen.__class__.__name__ == "ReaderScreen" and app.screen.speech is not None
            assert app.screen.speech.title[:4] in app.screen.query_one("#speech-header").render().plain
            assert len(widths) <= 1, widths  # (none when the list's read-ahead laid it out already)
            assert app.screen.doc.width == app.screen.view.text_width()
            assert frames.count("ChopsUpdate") <= 1, frames  # (the scroll bar a layout resized may follow in a frame)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("down")
            await pilot.pause()


def test_private_scroll_bar_calls_pins_uses_still_exist():
    """pins.settle_scrollbars and pins.paint_scrollbars_with_layout (a scroll bar shown,
    hidden or resized by a layout is painted in that layout's frame, tests/tui/test_one_frame.py)."""
    from textual._compositor import Compositor
    from textual.scroll_view import ScrollView
    from textual.widget import Widget

    assert list(inspect.signature(ScrollView._size_updated).parameters) == ["self", "size", "virtual_size", "container_size", "layout"]
    assert list(inspect.signature(Widget._refresh_scrollbars).parameters) == ["self"]
    assert list(inspect.signature(Compositor.update_widgets).parameters) == ["self", "widgets"]
    assert "_size_updated" in Screen._refresh_layout.__code__.co_names  # (only the layout calls it, then paints)


async def test_private_repaint_flags_pins_uses_still_exist(make_app):
    """pins.paint_with_screen and pins.focus_without_screen_repaint clear a widget's
    pending repaint (`_repaint_required`, `_repaint_regions`), and rely on
    `Screen.focused` being what repaints the whole screen on a focus change."""
    from textual.reactive import Reactive
    from textual.widget import Widget

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        widget = app.screen.query(Widget).first()
        assert isinstance(widget._repaint_required, bool) and isinstance(widget._repaint_regions, set)
        assert isinstance(app.screen._repaint_required, bool)
    focused = inspect.getattr_static(Screen, "focused")
    assert isinstance(focused, Reactive) and focused._repaint
    assert list(inspect.signature(Screen.set_focus).parameters) == ["self", "widget", "scroll_visible", "from_app_focus"]


def test_private_palette_parts_pins_uses_still_exist():
    """pins.palette_saying (the palette's "No matches found" in the interface language) overrides
    a private method of CommandPalette and sets the attributes it sets."""
    from textual.command import CommandPalette

    assert list(inspect.signature(CommandPalette._start_no_matches_countdown).parameters) == ["self", "search_value"]
    assert list(inspect.signature(CommandPalette._stop_no_matches_countdown).parameters) == ["self"]
    assert isinstance(CommandPalette._NO_MATCHES, str) and isinstance(CommandPalette._NO_MATCHES_COUNTDOWN, (int, float))
    src = inspect.getsource(CommandPalette._start_no_matches_countdown)  # (the method pins copies, words aside)
    assert all(w in src for w in ('"No matches found"', "self._list_visible = True", "self._no_matches_timer = self.set_timer("))
