"""Cancelling a search stops a regex while it runs, not only between speeches:
a catastrophic pattern on a 50 000-character paragraph stops when the user types
on or presses Esc, instead of burning its time budget. (Asserted on behaviour:
how the search ended and how often it asked, no clock.)"""

from __future__ import annotations

import pytest

import jianghua.corpus.query as query_module
from jianghua.corpus.query import SearchCancelled, parse
from jianghua.store import Store
from jianghua.store.search import CorpusSearch, Outcome


@pytest.fixture
def long_store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text("长段落的讲话\n\n同志们：\n\n" + "a" * 50_000 + "。\n", encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "st")
    store.update()
    return store


def later():
    """A cancel that says no when first asked (before the speech is searched), yes after."""
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 1

    return cancel, asked


def test_cancel_stops_a_catastrophic_regex_while_it_runs(long_store):
    cancel, asked = later()
    out = Outcome()
    found = list(CorpusSearch(long_store).run(parse("re:(a+)+$"), cancel=cancel, outcome=out, budget=10.0))
    # without asking inside the regex it would run to its budget and end timed out
    assert found == [] and out.cancelled and not out.timed_out and len(asked) == 2


def test_cancel_stops_a_catastrophic_regex_being_counted(long_store):
    cancel, asked = later()
    n, out = CorpusSearch(long_store).count(parse("re:(a+)+$"), cancel=cancel, budget=10.0)
    assert n == 0 and out.cancelled and not out.timed_out and len(asked) == 2


def test_without_cancel_the_budget_still_ends_it(long_store):
    out = Outcome()
    list(CorpusSearch(long_store).run(parse("re:(a+)+$"), outcome=out, budget=0.2))
    assert out.timed_out and not out.cancelled


def test_a_regex_run_in_slices_finds_what_one_run_finds(monkeypatch):
    """Slices that run out go on from the last match: the same matches, in order."""
    q = parse(r"re:发展.{0,3}质量|[a-z]+\d|(?<=的)质")
    text = "推进发展高质量ab1 和 发展的质量 " * 5000
    want = q.spans(text)
    monkeypatch.setattr(query_module, "REGEX_SLICE", 0.0005)
    asked = []
    got = q.spans(text, timeout=30.0, cancel=lambda: asked.append(1) or False)
    assert got == want and len(want) == 15000 and asked  # (it did run out and go on)
    with pytest.raises(SearchCancelled):
        q.spans(text, cancel=lambda: True)
