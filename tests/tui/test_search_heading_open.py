"""The concordance finds text that is only in a section heading (一、以更坚定的政治之为，…),
lists it as a heading hit, and Enter on it opens the reader at that heading: the
heading on screen, the cursor on the first sentence under it — also for a heading
over a section without paragraphs of its own (一、 straight over （一）)."""

from __future__ import annotations

from tui_helpers import SIZE, open_concordance, screen_text, settle, wait_until

from jianghua.store import Store
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.widgets.kwic_table import KwicTable
from jianghua.tui.widgets.reader_view import ReaderView


async def _open_heading_hit(pilot, app, query: str):
    """Search `query` in the concordance, check its one hit is a heading's, Enter:
    (reader screen, its view, the hit)."""
    screen = await open_concordance(pilot, app)
    await pilot.press(*query, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    table = screen.query_one(KwicTable)
    assert len(table.rows) == 1, [r.left + r.match for r in table.rows]
    row = table.rows[0]
    assert row.kind == "heading" and row.match == query
    assert "〔heading〕" in screen_text(app)  # (the line says where the hit is)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.doc is not None, "the reader opened")
    await pilot.pause()
    reader = app.screen
    return reader, reader.query_one(ReaderView), row.hit


def _heading_on_screen(reader, view, section: int) -> bool:
    line = reader.doc.heading_line_of_section(section)
    top = int(view.scroll_y)
    return top <= line < top + view.size.height


async def test_enter_on_a_heading_hit_opens_the_reader_at_that_heading(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        reader, view, hit = await _open_heading_hit(pilot, app, "更坚定的政治之为")
        sp = reader.speech
        assert sp.sections[hit.section].heading.startswith("一、以更坚定的政治之为")
        assert _heading_on_screen(reader, view, hit.section)
        para = reader.doc.paragraph_of_sentence(view.cursor)
        assert sp.paragraphs[para].section == hit.section and para == min(k for k, p in enumerate(sp.paragraphs) if p.section == hit.section)


# (made up for the test: an opening long enough that its first paragraph and the heading are not on one screen)
OPENING = "".join(f"第{k}段开场的话，讲一讲今年以来的工作情况和存在的问题。\n\n" for k in range(1, 41))
SPEECH = f"""在全县经济工作会议上的讲话

同志们：

{OPENING}一、准确把握经济工作的总体要求

（一）坚持稳中求进工作总基调

稳是大局，进是方向。我们要在稳的基础上积极进取，推动各项工作取得新成效。

（二）坚持以人民为中心

发展为了人民，发展依靠人民。要把群众的急难愁盼放在心上，办好民生实事。
"""


async def test_a_heading_over_a_section_without_paragraphs_opens_there_not_at_the_top(make_app, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SPEECH, encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        reader, view, hit = await _open_heading_hit(pilot, app, "总体要求")
        assert reader.speech.sections[hit.section].heading == "一、准确把握经济工作的总体要求"
        assert _heading_on_screen(reader, view, hit.section)
        assert reader.doc.sentence_text(view.cursor).startswith("稳是大局")
