"""The index keeps, per shard, how often each of its most frequent character pairs
occurs in every speech: a two-character query that is one of them is counted by
summing those numbers, with the same result a scan of the text gives (titles and
headings apart, repeated characters such as 哈哈 counted as a reader counts them)."""

from __future__ import annotations

import pytest

from jianghua.corpus.query import fold_text, parse
from jianghua.corpus.script import to_traditional
from jianghua.store import Store
from jianghua.store.search import CorpusSearch, signatures, warm_index
from jianghua.store.search_index import speech_lines
from jianghua.store.search_shards import Shard

SPEECH = """在{n}号发展大会上的讲话

同志们：

一、推进高质量发展

发展是第一要务，哈哈哈，哈哈哈哈。我们要坚持发展质量，推进质量变革。

二、抓好改革

改革发展稳定，发展，发展，再发展。质量第一。
"""


@pytest.fixture
def store(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for k in range(12):
        text = SPEECH.format(n=k) + "发展" * k + "\n"
        if k % 3 == 0:
            text = to_traditional(text)
        (corpus / f"{k:02d}.txt").write_text(text, encoding="utf-8")
    (corpus / "zz.txt").write_text("关于作风的讲话\n\n同志们：\n\n作风建设永远在路上。\n", encoding="utf-8")
    st = Store.open(corpus, store_path=tmp_path / "s")
    st.update()
    return st


def brute(store: Store, term: str) -> tuple[dict[str, int], dict[str, int]]:
    """(hits in paragraphs, hits in titles and headings) per speech, by str.count."""
    paras, heads = {}, {}
    for s in store.speeches():
        head, ps = speech_lines(store.body(s.id))
        n = sum(fold_text(p).count(term) for p in ps)
        nh = sum(fold_text(h).count(term) for h in head)
        if n:
            paras[s.id] = n
        if nh:
            heads[s.id] = nh
    return paras, heads


def tabled(store: Store) -> set[str]:
    out = set()
    for sh in signatures(store).shards:
        if sh is not None:
            out.update(p.to_bytes(4, "little").decode("utf-16-le") for p in sh.pairs)
    return out


def test_pairs_counted_from_the_table_are_those_of_a_scan(store):
    pairs = tabled(store)
    assert {"发展", "质量", "改革"} <= pairs and "哈哈" not in pairs
    cs = CorpusSearch(store)
    for term in sorted(pairs) + ["哈哈", "作风"]:
        paras, heads = brute(store, term)
        n, out = cs.count(parse(term))
        assert (n, out.per_speech) == (sum(paras.values()), paras), term
        n, out = cs.count(parse(term), heads=True)
        both = {s: paras.get(s, 0) + heads.get(s, 0) for s in {*paras, *heads}}
        assert (n, out.per_speech, out.head_hits) == (sum(both.values()), both, heads), term


def test_repeated_characters_count_as_a_reader_counts_them(store):
    """哈哈哈 holds 哈哈 once, 哈哈哈哈 twice (not the 2 and 3 pairs they hold)."""
    n, out = CorpusSearch(store).count(parse("哈哈"))
    assert n == 3 * 12 and set(out.per_speech.values()) == {3}


def test_a_frequent_pair_is_counted_without_reading_any_text(store, monkeypatch):
    warm_index(store)  # (the texts checked while the query is typed)

    def no(*_a, **_k):
        raise AssertionError("text read")

    monkeypatch.setattr(Shard, "read_text", no)
    monkeypatch.setattr(Shard, "read_speech", no)
    paras, _ = brute(store, "发展")
    n, out = CorpusSearch(store).count(parse("发展"))
    assert (n, out.per_speech) == (sum(paras.values()), paras)
    some = [s.id for s in store.speeches()][:4]
    n, out = CorpusSearch(store).count(parse("发展"), some)  # within a theme filter: only those speeches
    assert out.per_speech == {s: paras[s] for s in some if s in paras}
