"""Getting text to the clipboard of the machine the user sits at.

OSC 52 goes through SSH (Textual's `App.copy_to_clipboard` sends it). tmux drops it
unless `set-clipboard on`, so inside tmux we also send the passthrough form (which
needs `allow-passthrough on`). Locally with a display we also run wl-copy / xclip /
xsel. The app can never know whether the terminal took it.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from jianghua import i18n
from jianghua.i18n import _

from . import pins

# tmux discards an escape sequence longer than this (input.c, INPUT_BUF_LIMIT), and
# several terminals cap OSC 52 near it: a longer copy can leave the clipboard as it was.
OSC52_LIMIT = 1024 * 1024

if TYPE_CHECKING:
    from textual.app import App


def send(app: App[Any], text: str) -> None:
    """OSC 52 (Textual's `copy_to_clipboard`), plus the tmux passthrough form inside
    tmux, plus the local clipboard program (in a worker thread) when there is one."""
    app.copy_to_clipboard(text)
    if len(osc52(text)) > OSC52_LIMIT:
        app.notify(
            _("This copy ({n}) is more than tmux and many terminals take into the clipboard at once: if pasting gives nothing, copy a shorter passage.").format(n=i18n.characters(len(text))),
            severity="warning", markup=False, timeout=10,
        )
    driver = pins.driver(app)
    if driver is not None and in_tmux():
        try:
            driver.write(tmux_passthrough(osc52(text)))
            driver.flush()
        except Exception:  # noqa: BLE001 - a terminal that went away
            pass
    command = system_command()
    if command is not None and not app.is_headless:
        app.run_worker(partial(copy_with, command, text), thread=True, group="clipboard", exit_on_error=False)


def osc52(text: str) -> str:
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{data}\a"


def tmux_passthrough(sequence: str) -> str:
    """Wrap an escape sequence for tmux's passthrough (every ESC doubled)."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def in_tmux(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return bool(env.get("TMUX"))


def system_command(env: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which) -> list[str] | None:
    """The local clipboard program to run, or None (over SSH or without a display)."""
    env = os.environ if env is None else env
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return None
    if env.get("WAYLAND_DISPLAY") and which("wl-copy"):
        return ["wl-copy"]
    if env.get("DISPLAY"):
        if which("xclip"):
            return ["xclip", "-selection", "clipboard"]
        if which("xsel"):
            return ["xsel", "--clipboard", "--input"]
    return None


def copy_with(command: list[str], text: str, timeout: float = 3.0) -> bool:
    """Run a clipboard program with `text` on stdin (call it from a worker thread).

    xclip and wl-copy stay in the background to serve the selection, so their
    output is not captured (that would wait for them to exit)."""
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    try:
        proc.communicate(text.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return False
    except OSError:
        return False
    return proc.returncode == 0
