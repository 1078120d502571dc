"""A long speech (a collected works in one file) opens without tagging all of it:
the paragraphs are tagged as a theme filter shows them, all of them only for the
filter's count and n/N, in a thread. The marks are those of a speech tagged whole.

The bundled county speech (4 077 characters) stands in for a long one: the length
from which the reader tags lazily is lowered to 1 000 characters."""

from __future__ import annotations

import pytest

from jianghua.corpus import themes as corpus_themes
from jianghua.store import tagging
from jianghua.tui import document
from tui_helpers import COUNTY, SIZE, notifications, open_reader, screen_text, settle, speech_id, wait_until


@pytest.fixture
def long_from_1000(monkeypatch):
    monkeypatch.setattr(document, "TAG_LATER_CHARS", 1000)


@pytest.fixture
def tagged_paragraphs(monkeypatch):
    """Counts the paragraphs tagged (corpus.themes.tag_paragraph, as store.tagging calls it)."""
    calls = []

    def counting(*a, **kw):
        calls.append(a[1])
        return corpus_themes.tag_paragraph(*a, **kw)

    monkeypatch.setattr(tagging, "tag_paragraph", counting)
    return calls


def _expected_marks(store, sid: str, theme: str) -> list[int]:
    sp = store.speech(sid)  # tagged whole, the usual way
    return [s.index for p in sp.paragraphs for s in p.sentences if theme in s.themes]


async def test_long_speech_opens_without_tagging(make_app, store, long_from_1000, tagged_paragraphs):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.3)  # (the list's read-ahead: it leaves a long speech alone)
        await app.workers.wait_for_complete()
        tagged_paragraphs.clear()
        screen, view = await open_reader(app, pilot, store, COUNTY)
        assert "组织生活会是严肃党内政治生活" in screen_text(app)
        assert tagged_paragraphs == []  # no filter: nothing to mark, nothing tagged
        assert screen.untagged


async def test_long_speech_marks_as_tagged_whole(make_app, store, long_from_1000, tagged_paragraphs):
    sid = speech_id(store, COUNTY)
    theme = "politics"
    app = make_app()
    app._read_ahead = lambda: None
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen, view = await open_reader(app, pilot, store, COUNTY)
        n_paras = len(screen.doc.speech.paragraphs)
        app.apply_filter_ids((theme,))
        await wait_until(pilot, lambda: not screen.untagged, "the long speech tagged")
        await pilot.pause()
        expected = _expected_marks(store, sid, theme)
        assert expected, "the test needs a theme with marks in this speech"
        assert view.hits() == expected
        assert f"{len(expected)} marked sentences" in screen_text(app)
        await pilot.press("n")
        assert view.cursor in expected
        assert not [n for n in notifications(app) if "Still finding" in n]
        assert len(tagged_paragraphs) >= n_paras  # (counted: tagged here, not in the store)


async def test_jump_while_tagging_says_so(make_app, store, long_from_1000):
    app = make_app()
    app._read_ahead = lambda: None
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        screen, view = await open_reader(app, pilot, store, COUNTY)
        screen.untagged = True  # (as while the thread is still at it)
        screen._tagging = screen.doc
        app.browser.set_filter(app.theme_filter.__class__(("politics",), app.theme_filter.mode))
        await pilot.pause()
        assert "finding the themes of this long speech" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert any("Still finding the themes" in n for n in notifications(app))
