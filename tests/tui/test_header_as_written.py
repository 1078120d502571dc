"""A speech in traditional script is shown as written: the reader's header gives its occasion
and keywords in its own script (they are read from the folded, simplified text, and sliced from
the text as written at the same places). The speech: tests/data/real/blind2 (莊華平, 2008, a
public page; see that folder's README)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui_helpers import settle

from jianghua.store import Store

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "blind2"
NAME = "莊華平_政協閉幕講話.txt"


async def test_a_traditional_speechs_header_shows_its_occasion_and_keywords_as_written(make_app, tmp_path):
    from jianghua.tui.screens.reader import ReaderScreen

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(REAL / NAME, folder)
    store = Store.open(folder, store_path=tmp_path / "store")
    store.update()
    app = make_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        header = str(app.screen.query_one("#speech-header").render())
    title, meta, keywords = header.splitlines()
    assert "政協徐州市第十三屆委員會第一次會議" in meta, meta  # the occasion, under the title
    assert "政协" not in header and "会议" not in header, header
    assert "閉幕" in keywords and "政協" in keywords, keywords
