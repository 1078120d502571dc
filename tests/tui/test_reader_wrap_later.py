"""A long speech (a collected works in one file) is wrapped as it is shown: opening it
wraps the blocks on screen and around the cursor, not the whole text; each other
block's lines are estimated until it is shown. What the reader shows is the text as a
speech wrapped whole shows it, wherever it is scrolled or jumps to, after a resize,
a find, an outline jump, and a copy takes the sentence under the cursor.

The bundled speeches stand in for long ones: the length from which the reader wraps
lazily (`layout.WRAP_LATER_CHARS`) is lowered to 0, and a speech made of the county
speech forty times over stands in for a collected works."""

from __future__ import annotations

import dataclasses
import random

import pytest

from jianghua.tui import document, layout
from jianghua.tui.document import Document
from tui_helpers import COUNTY, open_reader, speech_id


@pytest.fixture
def wrap_later(monkeypatch):
    monkeypatch.setattr(layout, "WRAP_LATER_CHARS", 0)


def _eager(speech, width: int) -> Document:
    doc = Document(speech)
    saved, layout.WRAP_LATER_CHARS = layout.WRAP_LATER_CHARS, 10**12
    try:
        doc.layout(width)
    finally:
        layout.WRAP_LATER_CHARS = saved
    return doc


def _collected_works(sp, times: int):
    """`sp`'s sections and paragraphs `times` over, renumbered (one long speech)."""
    sections, paragraphs, n = [], [], 0
    for t in range(times):
        base = len(sections)
        for sec in sp.sections:
            sections.append(dataclasses.replace(sec, index=base + sec.index, parent=None if sec.parent is None else base + sec.parent,
                                                paragraphs=tuple(k + t * len(sp.paragraphs) for k in sec.paragraphs)))
        for p in sp.paragraphs:
            sents = []
            for s in p.sentences:
                sents.append(dataclasses.replace(s, index=n))
                n += 1
            paragraphs.append(p.replace(index=len(paragraphs) + 1, section=base + p.section, sentences=tuple(sents)))
    return dataclasses.replace(sp, sections=tuple(sections), paragraphs=tuple(paragraphs))


def test_a_long_speech_is_wrapped_only_where_it_is_shown(store, wrap_later, monkeypatch):
    sp = _collected_works(store.speech(speech_id(store, COUNTY)), 40)
    wrapped: list[str] = []
    real = layout.wrap

    def counting(text, *a, **kw):
        wrapped.append(text)
        return real(text, *a, **kw)

    monkeypatch.setattr(layout, "wrap", counting)
    doc = Document(sp)
    doc.layout(60)
    assert wrapped == [] and len(doc.lines) > 1000  # every line counted, none wrapped
    doc.settle(0, 30)  # the first screen
    first = len(wrapped)
    assert 0 < first < 30
    far = len(doc.lines) * 2 // 3
    doc.settle(far, 30)  # a screen two thirds down
    assert len(wrapped) - first < 30
    assert len(wrapped) < len(doc.blocks) // 10
    assert doc.lines[far].block > len(doc.blocks) // 2


@pytest.mark.parametrize("width", [30, 61, 88])
def test_lines_wrapped_as_shown_are_those_of_the_whole_text(store, wrap_later, width):
    rnd = random.Random(width)
    for summary in store.speeches():
        sp = _collected_works(store.speech(summary.id), 3)
        whole = _eager(sp, width)
        doc = Document(sp)
        doc.layout(width)
        for _ in range(12):  # shown here and there, in any order, before being read through
            n = rnd.randrange(len(doc.lines))
            doc.settle(n, 20)
            doc.prepare(rnd.randrange(len(doc.blocks)), 20)
            assert doc.lines[min(n, len(doc.lines) - 1)] is not None
        assert list(doc.lines) == list(whole.lines)
        assert len(doc.lines) == len(whole.lines)
        for s in doc.sentence_ids[::7]:
            assert doc.sentence_lines(s) == whole.sentence_lines(s)
        for y in range(0, len(doc.lines), 5):
            assert doc.sentence_at_line(y) == whole.sentence_at_line(y), y


def _row_texts(doc: Document, width: int) -> list[str]:
    """Each line of a document as the reader draws it (text only, no trailing blanks)."""
    from jianghua.tui.widgets.reader_view import MARGIN

    out = []
    for line in doc.lines:
        text = "" if line.blank else doc.blocks[line.block].text[line.start : line.end]
        out.append((" " * (MARGIN + line.indent) + text).rstrip() if text else "")
    return out


def _shows_the_whole_texts_lines(view) -> None:
    """The rows on screen are consecutive lines of the speech wrapped whole, and the
    cursor's sentence is among them."""
    shown = [view.render_line(y).text.rstrip() for y in range(view.size.height)]
    whole = _row_texts(_eager(view.doc.speech, view.doc.width), view.doc.width)
    while shown and shown[-1] == "":
        shown.pop()  # (past the end)
    starts = [i for i in range(len(whole) - len(shown) + 1) if whole[i : i + len(shown)] == shown]
    assert starts, ("not a window of the whole text", shown[:3])
    first, last = view.doc.sentence_lines(view.cursor)
    top = int(view.scroll_y)
    assert top <= first and last < top + view.size.height, "the cursor is off screen"


async def test_reader_shows_a_long_speech_as_wrapped_whole(make_app, store, wrap_later):
    app = make_app()
    app._read_ahead = lambda: None
    async with app.run_test(size=(90, 24)) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        _shows_the_whole_texts_lines(view)
        await pilot.press("end")
        assert view.cursor == view.doc.sentence_ids[-1]
        _shows_the_whole_texts_lines(view)
        for _ in range(3):  # up into lines only estimated so far
            await pilot.press("pageup")
            _shows_the_whole_texts_lines(view)
        await pilot.press("end")  # (the lines drawn there before moved since)
        _shows_the_whole_texts_lines(view)
        await pilot.press("home")
        assert int(view.scroll_y) == 0
        _shows_the_whole_texts_lines(view)
        await pilot.press("pagedown", "pagedown")
        _shows_the_whole_texts_lines(view)
        # an outline jump: the section's heading on screen
        await pilot.press("o")
        outline = screen.outline
        outline.highlighted = len(outline.sections) - 2
        await pilot.press("enter")
        await pilot.pause()
        heading = view.doc.speech.sections[outline.sections[-2]].heading
        assert any(heading[:6] in view.render_line(y).text for y in range(view.size.height))
        _shows_the_whole_texts_lines(view)
        # a find: the match is under the cursor, on screen
        await pilot.press("home", "slash", *"两个确立", "enter")
        await pilot.pause()
        assert "两个确立" in view.doc.sentence_text(view.cursor)
        _shows_the_whole_texts_lines(view)
        await pilot.press("n")
        _shows_the_whole_texts_lines(view)
        await pilot.press("y")
        assert view.doc.sentence_text(view.cursor) in app.clipboard
        # narrower: wrapped again, as the whole text is at that width
        await pilot.resize_terminal(64, 24)
        await pilot.pause()
        await pilot.pause()
        assert view.doc.width == view.text_width()
        _shows_the_whole_texts_lines(view)
        await pilot.press("end", "pageup")
        _shows_the_whole_texts_lines(view)


async def test_copying_a_passage_of_a_long_speech_tags_none_of_it(make_app, store, monkeypatch):
    """`y` in the passages view quotes the paragraph with its citation; a long speech
    is not tagged whole for it (its text and numbering are all a copy needs)."""
    from jianghua.corpus import themes as corpus_themes
    from jianghua.store import tagging
    from jianghua.tui.citation import citation
    from jianghua.tui.widgets.line_table import LineTable
    from tui_helpers import settle

    monkeypatch.setattr(document, "TAG_LATER_CHARS", 1000)  # (every bundled speech is long)
    tagged: list[int] = []

    def counting(*a, **kw):
        tagged.append(a[1])
        return corpus_themes.tag_paragraph(*a, **kw)

    monkeypatch.setattr(tagging, "tag_paragraph", counting)
    app = make_app()
    app._read_ahead = lambda: None
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        app.apply_filter_ids(("execution",))
        await pilot.press("p")
        await settle(pilot, app)
        p = app.screen.query_one(LineTable).current_row
        tagged.clear()
        await pilot.press("y")
        assert tagged == []
        sp = store.speech(p.speech_id)  # (tagged here, after the copy, for the expected citation)
        assert app.clipboard.startswith(sp.paragraphs[p.paragraph].text[:20])
        assert citation(sp, p.paragraph).text("full") in app.clipboard


def test_sanitize_returning_at_once_changes_nothing():
    """`sanitize` returns a text with no control character as it is (the reader checks a
    collected works with it): what it removes or turns into a newline always starts with one."""
    from jianghua.corpus import clean as c

    def slow(text: str) -> str:
        return c._CONTROLS.sub("", c._ESCAPES.sub("", c._NEWLINES.sub("\n", text)))

    rnd = random.Random(7)
    specials = [chr(i) for i in range(0x20)] + [chr(i) for i in range(0x7F, 0xA0)]
    specials += ["\u2028", "\u2029", "\u200b", "\u202e", "\u2066", "\ufeff", "\x1b[31m", "\x1b]52;c;eA==\x07", "\r\n", "\x9b2J"]
    for sp in specials:
        for text in (sp, f"讲话{sp}内容", f"{sp}a", f"a{sp}"):
            assert c.sanitize(text) == slow(text), repr(text)
    for _ in range(500):
        text = "".join(rnd.choice(["要", "a", " ", "\n", "\t", "。", *specials]) for _ in range(rnd.randrange(1, 12)))
        assert c.sanitize(text) == slow(text), repr(text)
