"""Search folds every Han character OpenCC t2s changes, the supplementary planes'
extensions B–I too (corpus.han.HAN, one definition): a rare character written
traditional is found as written, in a text folded by either path of fold_text."""

from __future__ import annotations

import pytest

import jianghua.corpus.query as query
from jianghua.corpus.query import fold_text, fold_texts, needs_fold, parse

RARE = "𠁞"  # U+2005E, extension B: OpenCC t2s folds it to 𠀾 (U+2003E)


@pytest.fixture(params=["class built", "class not built"])
def folding(request, monkeypatch):
    query._traditional.cache_clear()
    if request.param == "class built":
        query._traditional()
    else:
        monkeypatch.setattr(query, "_converted", 0)  # (fold_text converts each text: `_unclassed`)
    yield request.param
    query._traditional.cache_clear()


def test_a_rare_traditional_character_is_found_as_written(folding):
    text = f"他说{RARE}字"
    assert parse(RARE).spans(fold_text(text)) == [(2, 3)]
    assert parse(RARE).spans(fold_texts(["同志们", text])[1]) == [(2, 3)]
    assert len(fold_text(text)) == len(text)


def test_the_class_holds_the_extensions():
    assert needs_fold(f"他说{RARE}字")
    assert query._in_class(RARE)
