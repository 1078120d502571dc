"""The problems view (!) shows the highlighted file's reason in full: at 80 columns the
reason column cut "too large (50.4 MB; the limit is 8 MB, set JIANGHUA_MAX_FILE_MB)"
to "…, set …" — the one thing to do was the part cut off."""

from __future__ import annotations

from tui_helpers import problems_text, store_with_a_bad_file


async def test_the_problems_view_shows_the_whole_reason(make_app, tmp_path, monkeypatch):
    from jianghua.corpus import ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 1024 * 1024)  # (JIANGHUA_MAX_FILE_MB=1, read at import)
    name = "a-rather-long-file-name-of-a-collected-works-volume.txt"
    store = store_with_a_bad_file(tmp_path, name, ("要坚持讲政治。" * 160_000).encode("utf-8"))
    reason = store.skipped()[0].reason
    assert "JIANGHUA_MAX_FILE_MB" in reason
    text = await problems_text(make_app, store)
    assert "JIANGHUA_MAX_FILE_MB" in text, text
