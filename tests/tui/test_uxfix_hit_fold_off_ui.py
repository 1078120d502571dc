"""Opening a concordance hit in a long speech folded the whole text for the find on the
UI thread (0.3 s for an 8 MB collected works, keys waiting). A speech from
`FIND_IN_THREAD_CHARS` on is folded in a thread: the reader shows at the hit at once,
its matches light up when found, n goes on from it. (The bundled speeches stand in
for long ones: the length is lowered to 0.)"""

from __future__ import annotations

import threading

from jianghua.tui import document
from jianghua.tui.screens import reader_find
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.widgets.kwic_table import KwicTable
from jianghua.tui.widgets.reader_view import ReaderView
from test_search import WORD, _concordance
from tui_helpers import SIZE, settle


async def test_a_hit_in_a_long_speech_is_found_off_the_ui_thread(make_app, monkeypatch):
    monkeypatch.setattr(reader_find, "FIND_IN_THREAD_CHARS", 0)
    folded_on_ui = []
    real = document.fold_texts

    def fold_texts(texts):
        folded_on_ui.append(threading.current_thread() is threading.main_thread())
        return real(texts)

    monkeypatch.setattr(document, "fold_texts", fold_texts)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await _concordance(pilot, app, WORD)
        table = screen.query_one(KwicTable)
        table.move_cursor(1)
        row = table.rows[1]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.speech_id == row.hit.speech_id
        view = reader.query_one(ReaderView)
        m = reader.matches[reader.match_index]
        assert view.doc.blocks[m.block].para == row.hit.paragraph and m.start == row.hit.start
        assert view.current_match == (m.block, m.start, m.end)
        assert reader.jump_mode == "search"
        assert folded_on_ui and not any(folded_on_ui), folded_on_ui
        if len(reader.matches) > 1:
            await pilot.press("n")
            assert reader.match_index == (reader.matches.index(m) + 1) % len(reader.matches)
