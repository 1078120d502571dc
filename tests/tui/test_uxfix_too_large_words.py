"""A file over the size limit: the problems view (!) says in plain words what happened
and what to do — not "见 README" (a file the secretary never opened) nor a bare
setting name. A reason stored in a folder read before (in the former words) is shown
in the new ones."""

from __future__ import annotations

from jianghua import i18n
from tui_helpers import problems_text, store_with_a_bad_file


async def test_a_too_large_file_says_what_to_do(make_app, tmp_path, monkeypatch, lang):
    from jianghua.corpus import ingest

    lang("zh")
    monkeypatch.setattr(ingest, "MAX_BYTES", 1024 * 1024)  # (JIANGHUA_MAX_FILE_MB=1, read at import)
    store = store_with_a_bad_file(tmp_path, "文集.txt", ("要坚持讲政治。" * 160_000).encode("utf-8"))
    text = await problems_text(make_app, store)
    assert "文集.txt" in text and "文件过大（3.2 MB，超过 1 MB 的上限），已跳过" in text, text
    assert "如需打开" in text and "JIANGHUA_MAX_FILE_MB 设为大于 3 的数" in text, text
    assert "README" not in text, text


def test_a_reason_stored_in_the_former_words_is_shown_in_the_new_ones(lang):
    lang("zh")
    former = ["too large ({size:.1f} MB; the limit is {limit} MB, set JIANGHUA_MAX_FILE_MB)", {"size": 12.34, "limit": 8}]
    shown = i18n.render(former)
    assert shown.startswith("文件过大（12.3 MB，超过 8 MB 的上限），已跳过；如需打开") and "README" not in shown, shown
    lang("en")
    assert "set JIANGHUA_MAX_FILE_MB to a number of MB above 12 before starting jianghua" in i18n.render(former)
