"""The reader's find folds a speech once (`Document.folded`, `corpus.query.fold_texts`):
the same matches as folding each paragraph alone, in simplified, traditional and
full-width text, whether or not the traditional-character class is built yet."""

from __future__ import annotations

import pytest

from tests.fold_samples import FOLD_TEXTS
from tui_helpers import SIZE, settle

from jianghua.corpus import query
from jianghua.corpus.query import fold_text, fold_texts
from jianghua.corpus.script import to_traditional
from jianghua.store import Store
from jianghua.tui.screens.reader import ReaderScreen

TEXTS = FOLD_TEXTS


@pytest.fixture(params=["class not built", "class built"])
def trad_class(request):
    query._traditional.cache_clear()
    if request.param == "class built":
        query._traditional()
    yield request.param
    query._traditional.cache_clear()


def test_fold_texts_is_fold_text_of_each(trad_class):
    assert fold_texts(TEXTS) == [fold_text(t) for t in TEXTS]
    assert fold_texts(TEXTS[1:3]) == [fold_text(t) for t in TEXTS[1:3]]  # nothing traditional
    assert fold_texts([]) == []


def test_fold_texts_does_not_build_the_traditional_class(monkeypatch):
    """The class costs ~15 ms of CPU to build: a reader's first find must not pay it."""
    query._traditional.cache_clear()
    monkeypatch.setattr(query, "_converted", 0)  # (a process that has folded little so far: the tests before folded much)
    fold_texts(TEXTS)
    assert query._traditional.cache_info().currsize == 0


def test_fold_texts_keeps_every_length(trad_class):
    assert [len(t) for t in fold_texts(TEXTS)] == [len(t) for t in TEXTS]


SPEECH = """在全市党风廉政建设工作会议上的讲话

同志们：

一、坚持廉洁自律

各级领导干部要带头廉洁自律，严格执行中央八项规定精神。推动高质量发展。

二、推动高质量发展

高质量发展是首要任务。要把廉洁自律贯穿始终。
"""


async def test_reader_find_in_a_traditional_speech(make_app, tmp_path):
    """A speech written in traditional script: `/` with the simplified word lights up
    the traditional text, at its place (the reader shows the text as written)."""
    corpus = tmp_path / "trad"
    corpus.mkdir()
    (corpus / "a.txt").write_text(to_traditional(SPEECH), encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "trad-store")
    store.update()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.open_speech(store.speeches()[0].id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("slash", *"廉洁自律")
        await pilot.pause()
        view = screen.view
        lit = [view.doc.blocks[b].text[a:e] for b, spans in view.highlights.items() for a, e in spans]
        assert lit == [to_traditional("廉洁自律")] * 2
        await pilot.press("enter")
        await pilot.pause()
        assert len(screen.matches) == 2
