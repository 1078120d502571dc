"""Opening a speech makes sentence objects only for the paragraphs shown (a collected
works has seventy thousand sentences): copying, the status line and the find still see
every sentence, made when asked for."""

from __future__ import annotations

from tui_helpers import COUNTY, open_reader


def _made(speech) -> int:  # noqa: ANN001 - a Speech
    return sum(p._sentences is not None for p in speech.paragraphs)


async def test_opening_makes_the_sentences_of_the_paragraphs_shown(make_app, store):
    app = make_app()
    app._read_ahead = lambda: None
    async with app.run_test(size=(90, 16)) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        sp = screen.speech
        assert len(sp.paragraphs) >= 8
        assert _made(sp) < len(sp.paragraphs) // 2, (_made(sp), len(sp.paragraphs))
        # every sentence is there when asked for: the last one's text as the body has it
        last = sp.paragraphs[-1]
        assert last.sentences[-1].text == last.text[last.spans[-1][0]:last.spans[-1][1]]
        assert last.sentences[-1].index == screen.doc.sentence_ids[-1]
        await pilot.press("end")
        await pilot.pause()
        assert screen.doc.sentence_text(view.cursor) == sp.paragraphs[-1].sentences[-1].text
