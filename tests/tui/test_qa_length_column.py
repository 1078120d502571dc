"""The list's 字数 column (six cells) cut a length of a million characters or more to
"17500…" — read as 17 500. A collected-works file of that size (within the 8 MB limit)
shows "1750万" in Chinese, "17.5M" in English."""

from __future__ import annotations

import dataclasses

import pytest
from tui_helpers import settle

from jianghua.tui.widgets.line_table import LineTable


@pytest.mark.parametrize("language, shown", [("zh", "1750万"), ("en", "17.5M")])
async def test_a_length_of_millions_reads_whole(make_app, store, monkeypatch, lang, language, shown):
    lang(language)
    real = type(store).speeches

    def speeches(self):
        rows = real(self)
        return [dataclasses.replace(rows[0], chars=17_500_000), *rows[1:]]

    monkeypatch.setattr(type(store), "speeches", speeches)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(LineTable)
        lines = [table.render_line(y).text for y in range(table.size.height)]
    row = next(line for line in lines if shown in line or "17500" in line)
    assert shown in row, row
    assert "17500…" not in row
