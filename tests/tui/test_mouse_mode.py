"""Over SSH, the terminal reports the mouse only while a button is down (?1002),
not every move of the pointer (?1003, Textual's default): clicks, the wheel and
drags still arrive; moving the mouse sends nothing up the link."""

from __future__ import annotations

from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

from jianghua.tui.output import terminal_driver


class Recording(LinuxDriver):
    def __init__(self) -> None:  # (no terminal: only what it writes)
        self.written: list[str] = []

    def write(self, data: str) -> None:
        self.written.append(data)


def test_the_driver_asks_for_button_event_tracking_and_turns_it_off():
    driver = terminal_driver(Recording)()
    driver._mouse = True
    driver._enable_mouse_support()  # what Textual writes at start and after a resume
    on = "".join(driver.written)
    assert "\x1b[?1002h" in on and "\x1b[?1003h" not in on and "\x1b[?1006h" in on
    driver.written.clear()
    driver._disable_mouse_support()  # at exit: nothing left on in the shell
    off = "".join(driver.written)
    assert "\x1b[?1002l" in off and "\x1b[?1000l" in off


def test_the_browser_runs_on_that_driver(make_app):
    app = make_app()
    assert issubclass(app.driver_class, App().driver_class)
    assert app.driver_class is terminal_driver(App().driver_class)


def test_a_terminal_of_16_colours_gives_the_app_its_class(make_app, monkeypatch):
    from rich.color import ColorSystem

    from jianghua.tui.output import FEW_COLOURS

    class Quiet(Recording):
        def start_application_mode(self) -> None:
            pass

    app = make_app()
    for system, few in ((ColorSystem.STANDARD, True), (ColorSystem.TRUECOLOR, False)):
        monkeypatch.setattr(app.console, "_color_system", system)
        driver = terminal_driver(Quiet)()
        driver._app = app
        driver.start_application_mode()
        assert app.has_class(FEW_COLOURS) is few
