"""`needs_fold` before the traditional-character class is built (a build that packs
one changed speech into the search index): the same answers, without building it
(~35 ms of CPU)."""

from __future__ import annotations

from jianghua.corpus import query
from tests.corpus.test_segment import bundled_paragraphs

TEXTS = ["我们要坚持以人民为中心的发展思想", "我們要堅持以人民為中心的發展思想", "ＡＢＣ全角", "plain ascii", "",
         "乾坤", "天干地支", "他说\U00020000字", "後來", "后来"]


def test_needs_fold_answers_alike_without_the_class(monkeypatch):
    texts = TEXTS + bundled_paragraphs()[:40]
    query._traditional.cache_clear()
    monkeypatch.setattr(query, "_converted", 0)
    monkeypatch.setattr(query, "CONVERT_FIRST", 10**9)
    before = [query.needs_fold(t) for t in texts]
    assert query._traditional.cache_info().currsize == 0  # not built
    after = [query._traditional().search(t) is not None or query._WIDE.search(t) is not None for t in texts]
    assert before == after  # (乾坤: 乾 is in the class though OpenCC keeps it in this word — as before)
    assert before[:6] == [False, True, True, False, False, True]


def test_the_class_is_used_once_a_build_has_folded_enough(monkeypatch):
    query._traditional.cache_clear()
    monkeypatch.setattr(query, "_converted", 0)
    monkeypatch.setattr(query, "CONVERT_FIRST", 30)
    assert query.needs_fold(TEXTS[1]) and query._traditional.cache_info().currsize == 0
    assert query.needs_fold(TEXTS[1]) is True and not query.needs_fold(TEXTS[0] * 3)
    assert query._traditional.cache_info().currsize == 1
