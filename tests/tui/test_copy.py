"""Copying: citation on/off, tmux passthrough, the local clipboard, history and export."""

from __future__ import annotations

import base64

from jianghua.tui import clipboard
from jianghua.tui.dialogs.export import ExportDialog
from jianghua.tui.screens.history import HistoryScreen
from jianghua.tui.widgets.line_table import LineTable
from tui_helpers import SIZE, notifications, screen_text, settle


def test_osc52_and_tmux_passthrough():
    seq = clipboard.osc52("讲话")
    assert seq == "\x1b]52;c;" + base64.b64encode("讲话".encode()).decode() + "\a"
    wrapped = clipboard.tmux_passthrough(seq)
    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]52;c;") and wrapped.endswith("\a\x1b\\")
    assert wrapped[len("\x1bPtmux;") : -2] == seq.replace("\x1b", "\x1b\x1b")
    assert clipboard.in_tmux({"TMUX": "/tmp/tmux-0/default,1,0"})
    assert not clipboard.in_tmux({})


def test_system_clipboard_only_locally_with_a_display():
    have = {"wl-copy": "/usr/bin/wl-copy", "xclip": "/usr/bin/xclip", "xsel": "/usr/bin/xsel"}
    which = have.get
    assert clipboard.system_command({"WAYLAND_DISPLAY": "wayland-0"}, which) == ["wl-copy"]
    assert clipboard.system_command({"DISPLAY": ":0"}, which) == ["xclip", "-selection", "clipboard"]
    assert clipboard.system_command({"DISPLAY": ":0"}, {"xsel": "/usr/bin/xsel"}.get) == ["xsel", "--clipboard", "--input"]
    assert clipboard.system_command({"DISPLAY": ":0", "SSH_CONNECTION": "1 2 3 4"}, which) is None
    assert clipboard.system_command({}, which) is None
    assert clipboard.system_command({"DISPLAY": ":0"}, lambda _: None) is None


def test_copy_with_feeds_stdin_and_never_hangs(tmp_path):
    out = tmp_path / "got.txt"
    assert clipboard.copy_with(["sh", "-c", f"cat > {out}"], "廉洁自律")
    assert out.read_text(encoding="utf-8") == "廉洁自律"
    assert not clipboard.copy_with(["/nonexistent/clip"], "x")
    assert not clipboard.copy_with(["sleep", "5"], "x", timeout=0.2)


async def test_inside_tmux_the_passthrough_form_is_sent_too(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        written: list[str] = []
        monkeypatch.setattr(app._driver, "write", written.append)
        monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
        await pilot.press("enter", "y")
        payload = app.clipboard
        assert clipboard.osc52(payload) in written
        assert clipboard.tmux_passthrough(clipboard.osc52(payload)) in written
        written.clear()
        monkeypatch.delenv("TMUX")
        await pilot.press("y")
        assert clipboard.osc52(payload) in written
        assert not any(w.startswith("\x1bPtmux;") for w in written)


async def test_citation_can_be_switched_off_and_is_remembered(make_app, store, state_path):
    app = make_app()
    first = store.speech(store.speeches()[0].id).paragraphs[0].sentences[0].text
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "y")
        assert app.clipboard.startswith(first + "\n《")
        app.action_toggle_citation()
        await pilot.press("y")
        assert app.clipboard == first
    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        assert app2.citations is False


async def test_history_lists_recopies_and_exports(make_app, store, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        assert isinstance(app.screen, HistoryScreen)
        assert "Nothing copied yet" in screen_text(app)
        await pilot.press("e")
        assert "Nothing to export" in notifications(app)[-1]
        await pilot.press("q", "enter", "y", "j", "y", "Y")
        copies = [h.text for h in app.state.history]
        assert len(copies) == 3
        await pilot.press("c")
        table = app.screen.query_one(LineTable)
        assert [r.text for r in table.rows] == copies[::-1]  # newest first
        await pilot.press("down", "enter")
        assert app.clipboard == copies[1]
        assert "Copied again" in notifications(app)[-1]
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)  # the path, to keep or change
        await pilot.press("enter")
        exported = list((tmp_path / "exports").glob("jianghua-copies-*.txt"))
        assert len(exported) == 1
        body = exported[0].read_text(encoding="utf-8")
        for c in copies:
            assert c in body
        assert str(exported[0]) in notifications(app)[-1].replace("\n", "")
        assert app.browser.last_export == exported[0]
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)
