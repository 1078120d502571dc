"""Words a 文秘 reads (user trial): the export dialog says which folder it proposes and
shows it, not "默认文件夹由 JIANGHUA_STATE_DIR 决定"; a skipped big file's reason says
what to do (not "见 README"); the list's `/` is 筛选 (it narrows the titles), not 查找 (find in
the text, as the reader's `/`)."""

from __future__ import annotations

from tui_helpers import SIZE, problems_text, settle, store_with_a_bad_file

from jianghua.tui.dialogs.export import ExportDialog
from jianghua.tui.screens.history import HistoryScreen
from jianghua.tui.widgets.key_bar import KeyBar


async def test_the_export_dialog_shows_its_folder_in_plain_words(make_app, lang, tmp_path):
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert "/ 筛选" in app.screen.query_one(KeyBar).render().plain
        await pilot.press("enter", "y", "q", "c")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        note = app.screen.query_one("#export-note").render().plain
        assert "JIANGHUA" not in note and "README" not in note, note
        assert f"建议保存到：{tmp_path / 'exports'}" in note, note  # (the folder make_app pins)
        assert "jianghua 存放设置的文件夹" in note


async def test_a_big_files_reason_names_no_variable_in_chinese(make_app, lang, tmp_path, monkeypatch):
    from jianghua.corpus import ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 1024 * 1024)
    store = store_with_a_bad_file(tmp_path, "big.txt", ("要坚持讲政治。" * 60_000).encode("utf-8"))
    lang("zh")
    text = await problems_text(make_app, store)
    # (what to do, in plain words: the setting named as a step to take, no README to look up)
    assert "文件过大" in text and "已跳过；如需打开" in text and "README" not in text, text
