"""The problems view (!) in Chinese says why a binary file was skipped in a secretary's
words: "不是文本文件（含 NUL 字节）" named a byte value only a programmer knows."""

from __future__ import annotations

from tui_helpers import problems_text, store_with_a_bad_file


async def test_a_binary_files_reason_has_no_programmers_words(make_app, tmp_path, lang):
    lang("zh")
    store = store_with_a_bad_file(tmp_path, "照片.txt", bytes(range(256)) * 40)
    text = await problems_text(make_app, store)
    assert "照片.txt" in text and "不是文本文件" in text, text
    assert "NUL" not in text and "字节" not in text, text
