"""A copy longer than tmux (and several terminals) take through OSC 52 — about 1 MB
of escape sequence — was announced as "Copied" while the clipboard stayed as it was
(tried in tmux: a 2-million-character sentence, nothing pasted). Now a warning says
so; an ordinary copy says nothing more."""

from __future__ import annotations

from jianghua.store import Store
from jianghua.tui.app import JianghuaApp
from tui_helpers import SIZE, notifications, settle


async def test_a_copy_too_long_for_the_terminal_is_warned(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    long_sentence = "要抓好落实确保见效" * 45_000 + "。"  # 405 001 characters, 1.2 MB in UTF-8
    (corpus / "long.txt").write_text(f"在会议上的讲话\n\n同志们：\n今天开会。{long_sentence}\n一、要抓好落实\n要抓好。\n", encoding="utf-8")
    st = Store.open(corpus, store_path=tmp_path / "store")
    st.update()
    app = JianghuaApp(Store.open(corpus, store_path=tmp_path / "store"), state_path=tmp_path / "state" / "state.json")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # the first sentence: short
        await pilot.pause()
        assert app.clipboard.startswith("今天开会。")
        assert not any("shorter passage" in n for n in notifications(app))
        await pilot.press("j", "y")
        await pilot.pause()
        assert app.clipboard.startswith(long_sentence)
        assert len(app.clipboard.encode()) * 4 // 3 > 1024 * 1024  # (tmux's limit, clipboard.OSC52_LIMIT)
        warned = [n for n in notifications(app) if "shorter passage" in n]
        assert len(warned) == 1 and f"({len(app.clipboard)} characters)" in warned[0], notifications(app)
