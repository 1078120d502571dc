"""The themes explanation (`w`) in Chinese wraps its prose at the box's width: the
catalog's spaces around numbers ("需要 3 分（至少 3 分，且每百字 0.8 分）") were the only
places Rich could break a Chinese line, so lines ended half-way ("…每百字 0.8" / "分）；…")."""

from __future__ import annotations

from rich.cells import cell_len
from tui_helpers import open_reader

from jianghua.tui.dialogs.theme_evidence import ThemeEvidenceScreen
from jianghua.tui.widgets.wrapped_text import WrappedText


async def test_the_chinese_explanation_fills_its_lines(make_app, store, lang):
    lang("zh")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, store)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ThemeEvidenceScreen)
        text = app.screen.query_one("#why-text", WrappedText)
        width = text.content_region.width
        lines = [line.text.rstrip() for line in text.render_lines(text.content_region.reset_offset)]
    prose = [i for i, line in enumerate(lines) if line.startswith(("门槛", "某主题"))]
    assert prose, lines
    for start in prose:
        block = []
        for line in lines[start:]:
            block.append(line)
            if line.endswith("。"):
                break
        for line in block[:-1]:  # every line but a paragraph's last runs to the edge (less a wide character,
            assert cell_len(line) >= width - 5, (line, width, block)  # or a number kept whole: 34%)
