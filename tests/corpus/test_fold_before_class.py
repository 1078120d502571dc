"""`fold_text` folds the same before the traditional-character class is built (each
text converted, `_unclassed`) as after it (a scan for a character of the class): so
a reader opening its first speech does not pay ~20 ms to build the class, and
themes, search and the reader's find still see the very same folded text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fold_samples import FOLD_TEXTS

from jianghua.corpus import query
from jianghua.corpus.script import fold, to_traditional

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "bundled"
TEXTS = FOLD_TEXTS


def _reference(text: str) -> str:
    """fold_text's rule, spelled out with the class."""
    text = query._WIDE.sub(query._narrow, text)
    if not text or text.isascii():
        return text
    return fold(text) if query._traditional().search(text) is not None else text


def _paragraphs() -> list[str]:
    out = []
    for f in sorted(BUNDLED.glob("*.txt"))[:3]:
        paras = [p for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
        out += paras[:40] + [to_traditional(p) for p in paras[:40]]
    return out


@pytest.fixture
def no_class(monkeypatch):
    query._traditional.cache_clear()
    monkeypatch.setattr(query, "_converted", 0)
    yield
    query._traditional.cache_clear()


def test_before_the_class_is_built_texts_fold_as_with_it(no_class):
    texts = TEXTS + _paragraphs()
    got = [query.fold_text(t) for t in texts]
    assert query._class() is None or query._converted >= query.CONVERT_FIRST
    want = [_reference(t) for t in texts]  # (builds the class)
    assert got == want
    assert [len(t) for t in got] == [len(t) for t in texts]


def test_a_speech_folded_once_does_not_build_the_class(no_class):
    for t in _paragraphs()[:40]:
        query.fold_text(t)
    assert query._traditional.cache_info().currsize == 0


def test_past_the_threshold_the_class_is_built_and_folds_alike(no_class, monkeypatch):
    monkeypatch.setattr(query, "CONVERT_FIRST", 50)
    texts = TEXTS + _paragraphs()
    got = [query.fold_text(t) for t in texts]
    assert query._traditional.cache_info().currsize == 1  # (a build folds many texts: it scans instead)
    assert got == [_reference(t) for t in texts]


def test_a_themes_files_keywords_fold_together_as_one_by_one():
    """The matcher folds every keyword with one conversion (`fold_terms`): each one
    as `fold_term` folds it alone, so the themes match the same text."""
    from jianghua.corpus.themes import load_themes

    themes = load_themes()
    kws = [kw for t in themes.themes + themes.outside for kws in (t.keywords, t.against) for kw, _w in kws]
    kws += [to_traditional(k) for k in kws[:200]] + ["ＧＤＰ", "貪汚", "乾隆", "頭髮", "Ａi", "", "a b", "一行\n两行"]
    assert query.fold_terms(kws) == [query.fold_term(k) for k in kws]
    assert query.fold_terms(kws[:-1]) == [query.fold_term(k) for k in kws[:-1]]  # (no line break: one conversion)
