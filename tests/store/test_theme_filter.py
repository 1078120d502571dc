"""The theme filter of the store: all-of and any-of, for speeches and passages.

The expected results are computed without `Store.filter` / `Store.passages` on
several themes: from each speech's own theme list (the catalogue rows) and each
paragraph's own themes (the reader's Speech), and, on the bundled speeches, by hand.
"""

from __future__ import annotations

from itertools import combinations

import pytest

# Which bundled speeches (file-name prefix) speak of a pair of themes, read off the
# five speeches' theme lists by hand. If data/themes.toml changes, check these again.
BY_HAND = {
    ("history", "safety"): ([], ["002", "003", "004"]),  # no speech has both
    ("integrity", "discipline"): (["001", "003", "004"], ["000", "001", "002", "003", "004"]),
}


def speaks_of(store, theme_id: str) -> set[str]:
    return {s.id for s in store.speeches() if s.theme_score(theme_id) > 0}


def paragraphs_of(store, theme_id: str) -> set[tuple[str, int]]:
    out = set()
    for s in store.speeches():
        for k, p in enumerate(store.speech(s.id).paragraphs):
            if theme_id in p.themes:
                out.add((s.id, k))
    return out


def prefixes(rows) -> list[str]:
    return sorted(r.source[:3] for r in rows)


@pytest.mark.parametrize("pair", sorted(BY_HAND))
def test_all_of_and_any_of_on_the_bundled_speeches_by_hand(bundled_store, pair):
    all_of, any_of = BY_HAND[pair]
    assert prefixes(bundled_store.filter(pair, "all")) == all_of
    assert prefixes(bundled_store.filter(pair, "any")) == any_of
    assert prefixes(bundled_store.filter(pair[::-1], "all")) == all_of  # order does not matter


def test_all_of_is_the_intersection_and_any_of_the_union(bundled_store):
    store = bundled_store
    themes = [t.id for t in store.themes()]
    single = {t: speaks_of(store, t) for t in themes}
    assert sum(1 for t in themes if single[t]) >= 8
    checked_disjoint = checked_nested = 0
    for pair in combinations(themes, 2):
        a, b = (single[t] for t in pair)
        assert {s.id for s in store.filter(pair, "all")} == a & b, pair
        assert {s.id for s in store.filter(pair, "any")} == a | b, pair
        checked_disjoint += not (a & b) and bool(a or b)
        checked_nested += bool(a & b) and a != b
    # the pairs include ones where all-of differs from the first theme alone
    assert checked_disjoint and checked_nested
    three = ("politics", "integrity", "discipline")
    expect = single["politics"] & single["integrity"] & single["discipline"]
    assert {s.id for s in store.filter(three, "all")} == expect


def test_all_of_is_ordered_by_the_summed_scores(bundled_store):
    store = bundled_store
    pair = ("politics", "integrity")
    rows = store.filter(pair, "all")
    sums = [sum(s.theme_score(t) for t in pair) for s in rows]
    assert len(rows) >= 2 and sums == sorted(sums, reverse=True)


def test_passages_all_of_is_the_intersection_of_tagged_paragraphs(bundled_store):
    store = bundled_store
    pairs = [("history", "safety"), ("integrity", "discipline"), ("politics", "theory"), ("execution", "people")]
    for pair in pairs:
        a, b = (paragraphs_of(store, t) for t in pair)
        got_all = {(p.speech_id, p.paragraph) for p in store.passages(pair, "all")}
        got_any = {(p.speech_id, p.paragraph) for p in store.passages(pair, "any")}
        assert got_all == a & b, pair
        assert got_any == a | b, pair
    # by hand: history and safety are never in one paragraph; politics and discipline are (the
    # opening of the 正职座谈会 speech: 讲政治、讲规矩、讲纪律 …)
    assert store.passages(("history", "safety"), "all") == []
    assert store.passages(("history", "safety"), "any")
    assert store.passages(("politics", "discipline"), "all")


def test_find_by_title_or_file_name(bundled_store):
    """`Store.find` (used by scripts and the benchmark): title or file name, any case."""
    st = bundled_store
    got = {s.id for s in st.find("组织生活会")}
    assert got == {s.id for s in st.speeches() if "组织生活会" in s.title}
    assert got and len(got) < len(st.speeches())
    assert [s.id for s in st.find("001_")] == [s.id for s in st.speeches() if s.source.startswith("001_")]
    assert len(st.find("  ")) == len(st.speeches())
