"""The problems view (!) in Chinese says why a binary file was skipped in a secretary's
words: "不是文本文件（含 NUL 字节）" named a byte value only a programmer knows."""

from __future__ import annotations

from tui_helpers import screen_text, settle

from jianghua.store import Store


async def test_a_binary_files_reason_has_no_programmers_words(make_app, tmp_path, lang):
    from jianghua.tui.screens.problems import ProblemsScreen

    lang("zh")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "讲话.txt").write_text("在全县工作会议上的讲话\n同志们：\n要坚持讲政治。\n", encoding="utf-8")
    (folder / "照片.txt").write_bytes(bytes(range(256)) * 40)
    store = Store.open(folder, store_path=tmp_path / "store")
    store.update()
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
    assert "照片.txt" in text and "不是文本文件" in text, text
    assert "NUL" not in text and "字节" not in text, text
