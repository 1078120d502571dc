"""A theme filter's formulations answered from the uses the build keeps
(`store.formulation_subset`) are the count made from the filter's speeches'
candidates (`store.formulations.count`) — for every set of speeches, in any
order, including the cases where a candidate's kind or log p differs between
speeches, a dictionary word is a rarer phrase elsewhere, and a phrase is dropped
inside a longer one in the whole corpus but not in the filter."""

from __future__ import annotations

import math
from itertools import combinations, permutations
from types import SimpleNamespace

import orjson
import pytest

from jianghua.store import Store
from jianghua.store import formulation_count as FC
from jianghua.store import formulation_subset
from jianghua.store.formulation_index import FormulationIndex
from jianghua.store.formulations import SpeechRef, count, count_kept, top_uses


class OneShard:
    """A backend holding one shard (as the store writes and reads it: JSON)."""

    def __init__(self, data: dict):
        self.raw = orjson.dumps(data)

    def read_shard(self, name: str) -> dict:
        return orjson.loads(self.raw)


def rows(fs) -> list:
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, dict(f.by_year), f.score, tuple(f.uses), top_uses(f.uses))
            for f in fs]


LP, LP2, COMMON = math.log(1e-6), math.log(1e-3), math.log(0.9)
MADE = [
    (SpeechRef("a", 2020, "2020-05-01", 100), {"f": [["四个意识", "numbered", 2], ["高质量发展", "dictionary", 1],
                                                    ["务虚会", "dictionary", 1]],
                                              "p": [["中国特色社会主义", 4, LP, "", ""], ["特色社会主义", 4, LP, "", ""], ["中国特色", 4, LP, "", ""], ["新发展理念", 2, LP2, "", ""]]}),
    (SpeechRef("b", 2021, None, 100), {"p": [["中国特色社会主义", 2, LP, "", ""], ["特色社会主义", 2, LP, "", ""], ["中国特色", 9, LP, "", ""], ["国之大者", 2, LP, "", ""],
                                            ["高质量发展", 1, LP, "", ""], ["新发展理念", 3, LP, "", ""], ["务虚会", 1, COMMON, "", ""]],
                                      "f": [["四个意识", "quoted", 1]]}),
    (SpeechRef("c", None, None, 100), {"p": [["中国特色社会主义", 3, LP, "", ""], ["特色社会主义", 3, LP, "", ""], ["中国特色", 3, LP, "", ""], ["高质量发展", 2, LP, "", ""],
                                            ["新发展理念", 2, LP, "", ""]],
                                      "f": [["国之大者", "quoted", 1]]}),
    (SpeechRef("d", 2019, "2019", 100), {"p": [["中国特色社会主义", 2, LP, "", ""], ["特色社会主义", 2, LP, "", ""], ["中国特色", 2, LP, "", ""], ["国之大者", 2, LP, "", ""],
                                              ["新发展理念", 2, LP2, "", ""], ["高质量发展", 1, LP, "", ""]]}),
    (SpeechRef("e", 2022, "2022-01", 100), {"f": [["五比五不比", "quoted", 3]], "p": [["中国特色", 1, LP, "", ""], ["特色社会主义", 1, LP, "", ""]]}),
]


def summary(ref: SpeechRef):
    """What the count reads of a speech of the list."""
    return SimpleNamespace(id=ref.id, year=ref.year, date=ref.date, chars=ref.chars)


def test_the_made_up_speeches_hold_the_hard_cases():
    whole, kept = count_kept(MADE, len(MADE), keep=True)
    listed = {f.text for f in whole}
    kept_texts = [e.text for e in kept]
    assert "务虚会" not in listed and "务虚会" in kept_texts  # a dictionary word, a rare phrase elsewhere
    assert "特色社会主义" not in listed and "特色社会主义" in kept_texts  # inside a longer phrase over all speeches
    mixed = {e.text for e in kept if e.detail is not None}
    assert {"四个意识", "新发展理念", "高质量发展"} <= mixed  # kinds or log p differ


@pytest.mark.parametrize("narrowed,sparse", [(False, 0), (False, 1 << 30), (True, 0)],
                         ids=["bit-sets-a-use-at-a-time", "bit-sets-from-bytes", "narrowed-uses"])
def test_every_set_of_speeches_in_any_order_counts_as_its_candidates(narrowed, sparse, monkeypatch):
    monkeypatch.setattr(formulation_subset, "SPARSE", sparse)  # (how the bit sets are made)
    if narrowed:  # no candidate as bit sets: each counted from its uses (as one with over 255 hits a speech)
        made = formulation_subset.Dense

        class NoBits(made):
            def __init__(self, *a):
                super().__init__(*a)
                self.bits = {}

        monkeypatch.setattr(formulation_subset, "Dense", NoBits)
    total = len(MADE)
    everyone = [summary(ref) for ref, _d in MADE]
    _rows, kept = count_kept(MADE, total, keep=True)
    ids = [ref.id for ref, _d in MADE]
    uses = FC.UsesFile(OneShard(FC.encode_uses(kept, ids)), ["fuses-x.json", 0, FC.VERSION], len(ids))
    tried = 0
    for k in range(1, total + 1):
        for chosen in combinations(MADE, k):
            for order in permutations(chosen):
                got = formulation_subset.count(uses, [summary(ref) for ref, _d in order], everyone)
                assert got is not None and rows(got) == rows(count(list(order), total)), [r.id for r, _d in order]
                tried += 1
    assert tried > 300


def test_a_speech_the_kept_uses_do_not_know_is_not_answered():
    _rows, kept = count_kept(MADE, len(MADE), keep=True)
    uses = FC.UsesFile(OneShard(FC.encode_uses(kept, ["a", "b", "c", "d", "e"])), ["x", 0, FC.VERSION], 5)
    stranger = summary(SpeechRef("z", 2020, None, 10))
    assert formulation_subset.count(uses, [stranger], [summary(ref) for ref, _d in MADE]) is None


def test_a_damaged_uses_file_is_not_answered():
    uses = FC.UsesFile(OneShard({"v": FC.VERSION, "ids": ["a"], "u": ["!!"], "e": [], "m": []}), ["x", 0, FC.VERSION], 1)
    a = [summary(SpeechRef("a", None, None, 1))]
    assert formulation_subset.count(uses, a, a) is None


def test_the_theme_filters_of_the_bundled_speeches_read_no_candidates(tmp_path, monkeypatch):
    st = Store.open(store_path=tmp_path / "s")
    st.update()
    st = Store.open(store_path=tmp_path / "s")
    everyone = st.speeches()
    read = []
    monkeypatch.setattr(FormulationIndex, "data", lambda self: read.append(1) or {})
    themes = [t.id for t in st.themes() if t.speeches]
    answers = {}
    for tid in themes:
        for mode in ("all", "any"):
            answers[tid, mode] = rows(st.formulations([tid], mode))
    answers["two"] = rows(st.formulations(themes[:2], "all"))
    assert read == []  # answered from the kept uses
    monkeypatch.undo()
    index = FormulationIndex(st.catalog)
    for tid in themes:
        for mode in ("all", "any"):
            want = rows(index.count(st.filter([tid], mode), len(everyone)))
            assert answers[tid, mode] == want and want
    assert answers["two"] == rows(index.count(st.filter(themes[:2], "all"), len(everyone)))


@pytest.mark.parametrize("k", [1, 2, 4])
def test_the_most_used_speeches_of_every_set_are_those_of_its_uses(k):
    """`formulation_subset.top` (the per-theme tables' most used speeches) is
    `top_uses` of the uses the filter picks: most hits first, ties in its order."""
    total = len(MADE)
    _rows, kept = count_kept(MADE, total, keep=True)
    ids = [ref.id for ref, _d in MADE]
    uses = FC.UsesFile(OneShard(FC.encode_uses(kept, ids)), ["fuses-x.json", 0, FC.VERSION], len(ids))
    groups: dict = {}
    tried = 0
    for n in range(1, total + 1):
        for chosen in combinations(MADE, n):
            for order in permutations(chosen):
                speeches = [summary(ref) for ref, _d in order]
                made = formulation_subset.chosen(uses, speeches)
                for e in kept:
                    want = top_uses(formulation_subset.picked(made, e.text), k)
                    got = formulation_subset.top(made, e.text, groups, k)
                    assert tuple((speeches[q].id, h) for q, h in got) == want
                    tried += bool(want)
    assert tried > 300
