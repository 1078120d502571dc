"""At 80 columns the reader's status line lost the reader's position (¶ and sentence)
once a formulation was chosen: the hint of what n/N follow and the heading took the
line. The position stays whole; the heading and the hint give way."""

from __future__ import annotations

import pytest

from jianghua.i18n import _

from test_reader_panes import choose, open_formulations, status


@pytest.mark.parametrize("lang_code", ["en", "zh"])
async def test_the_position_stays_on_an_80_column_status_line(make_app, store, lang, lang_code):
    lang(lang_code)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view, pane = await open_formulations(app, pilot, store)
        longest = max((u.text for u in pane.uses), key=len)
        await choose(pilot, pane, longest)
        await pilot.pause()
        doc = view.doc
        total = len(doc.sentence_ids)
        pos = doc.sentence_ids.index(view.cursor) + 1
        line = status(app)
        assert _("sent. {pos}/{total}").format(pos=pos, total=total) in line, line
        assert f"/{len(doc.speech.paragraphs)}" in line, line
        assert "n/N" in line or "…" in line, line
        await pilot.press("n")
        await pilot.pause()
        pos = doc.sentence_ids.index(view.cursor) + 1
        assert _("sent. {pos}/{total}").format(pos=pos, total=total) in status(app), status(app)
