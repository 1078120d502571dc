"""The problems view (!) shows the highlighted file's reason in full: at 80 columns the
reason column cut "too large (50.4 MB; the limit is 8 MB, set JIANGHUA_MAX_FILE_MB)"
to "…, set …" — the one thing to do was the part cut off."""

from __future__ import annotations

from tui_helpers import screen_text, settle

from jianghua.store import Store


async def test_the_problems_view_shows_the_whole_reason(make_app, tmp_path, monkeypatch):
    from jianghua.tui.screens.problems import ProblemsScreen

    from jianghua.corpus import ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 1024 * 1024)  # (JIANGHUA_MAX_FILE_MB=1, read at import)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "讲话.txt").write_text("在全县工作会议上的讲话\n同志们：\n要坚持讲政治。\n", encoding="utf-8")
    (folder / "a-rather-long-file-name-of-a-collected-works-volume.txt").write_text("要坚持讲政治。" * 160_000, encoding="utf-8")
    store = Store.open(folder, store_path=tmp_path / "store")
    store.update()
    reason = store.skipped()[0].reason
    assert "JIANGHUA_MAX_FILE_MB" in reason
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
    assert "JIANGHUA_MAX_FILE_MB" in text, text
