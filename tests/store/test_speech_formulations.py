"""The formulations of one speech (the reader's pane), the corpus count made once
and shared, and the two-pass count equal to the plain one it replaced."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from jianghua.corpus.formulations import KINDS, extension, is_fragment, is_listed, llr, load_rules
from jianghua.store import Store
from jianghua.store import formulations as F
from jianghua.store.formulations import SpeechRef


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Store:
    s = Store.open(store_path=tmp_path_factory.mktemp("speech-formulations") / "store")
    s.update()
    return s


def test_one_speech_lists_the_corpus_formulations_it_uses(built):
    county = next(x for x in built.speeches() if x.title == "在县委办党支部2022年度组织生活会上的讲话")
    found = built.speech_formulations(county.id)
    mine = {f.text: n for f, n in found}
    assert mine["两个确立"] == 2 and mine["三会一课"] == 1 and mine["八项规定"] == 1
    corpus = {f.text: f for f in built.formulations()}
    for f, n in found:  # listed over the corpus, with this speech's share of its uses
        assert corpus[f.text] is f and (county.id, n) in f.uses
    assert [n for _f, n in found] == sorted(mine.values(), reverse=True)
    assert "四个月" not in mine and "四个方面" not in mine
    assert built.speech_formulations("no such speech") == []


def test_the_corpus_is_counted_once_and_shared(built, monkeypatch):
    built.formulations()  # (counted once)
    calls = []
    real = F.count
    monkeypatch.setattr("jianghua.store.formulation_index.count", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = built.formulations()
    assert built.formulations() is first and calls == []  # the view again: no count
    for s in built.speeches():
        built.speech_formulations(s.id)  # the pane, every speech: look-ups
    assert calls == []
    theme = next(t.id for t in built.themes() if t.speeches)
    built.formulations([theme])  # a theme filter: answered from the uses the build kept
    assert calls == []


def plain_count(items, total):
    """The count as it was first written (one pass, every candidate): the reference."""
    rules = load_rules()
    acc: dict = {}
    for ref, data in items:
        d = ref.date or (str(ref.year) if ref.year else None)
        entries = [(e[0], e[1], e[2], None, "", "") for e in data.get("f", ())] + [(e[0], "phrase", e[1], e[2], *(e[3:5] or ("", ""))) for e in data.get("p", ())]
        for text, kind, hits, logp, before, after in entries:
            a = acc.get(text)
            if a is None:
                a = acc[text] = [kind, 0, [], None, None, {}, logp, Counter(), Counter()]
            if before:
                a[7][before] += hits
            if after:
                a[8][after] += hits
            elif KINDS.index(kind) < KINDS.index(a[0]):
                a[0] = kind
            a[1] += hits
            a[2].append((ref.id, hits))
            if d:
                a[3] = d if a[3] is None or d < a[3] else a[3]
                a[4] = d if a[4] is None or d > a[4] else a[4]
            if ref.year:
                a[5][ref.year] = a[5].get(ref.year, 0) + hits
    out = []
    units = set()
    for text, (kind, hits, uses, first, last, by_year, logp, before, after) in acc.items():
        if kind == "phrase" and is_fragment(hits, before, after, rules):
            ext = extension(text, hits, before, after, rules)
            if ext is None or ext[0] in acc or ext[0] in units:
                continue
            # the longer unit: the uses of the speeches whose every use has that word there
            units.add(ext[0])
            mine = [(ref, e[1]) for ref, data in items for e in data.get("p", ())
                    if e[0] == text and (e[3][-1:] == ext[2] if ext[1] == "before" else e[4] == ext[2])]
            dates = [d for ref, _n in mine if (d := ref.date or (str(ref.year) if ref.year else None))]
            years: dict = {}
            for ref, n in mine:
                if ref.year:
                    years[ref.year] = years.get(ref.year, 0) + n
            expected = total * math.exp(logp)
            score = round(llr(len(mine), expected), 2) if expected > 0 else 0.0
            n = sum(n for _r, n in mine)
            if is_listed("phrase", n, len(mine), score, rules):
                out.append((ext[0], "phrase", n, len(mine), min(dates, default=None), max(dates, default=None), years, score,
                            tuple((ref.id, n) for ref, n in mine)))
            continue
        score = None
        if kind == "phrase":
            expected = total * math.exp(logp) if logp is not None else 0.0
            score = round(llr(len(uses), expected), 2) if expected > 0 else 0.0
        if is_listed(kind, hits, len(uses), score, rules):
            out.append((text, kind, hits, len(uses), first, last, by_year, score, tuple(uses)))
    phrases = sorted((r for r in out if r[1] == "phrase"), key=lambda r: -len(r[0]))
    kept: list = []
    for r in phrases:
        if not any(r[0] in g[0] and g[2] >= 0.8 * r[2] for g in kept):
            kept.append(r)
    out = [r for r in out if r[1] != "phrase" or r in kept]
    return sorted(out, key=lambda r: (-r[2], -r[3], r[0]))


def rows(fs):
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, f.by_year, f.score, f.uses) for f in fs]


def test_the_two_pass_count_is_the_plain_count(built):
    index_items = []
    data = built._formulations.data()
    for s in built.speeches():
        key = built.catalog.rows[s.id]["key"]
        index_items.append((SpeechRef(s.id, s.year, getattr(s, "date", None), s.chars), data[key]))
    # and made-up speeches: a text both numbered and a phrase, a dictionary word also a phrase,
    # phrases inside longer ones used as often (dropped) or far more often (kept), dates and none
    lp = math.log(1e-6)
    made = [
        (SpeechRef("a", 2020, "2020-05-01", 100), {"f": [["四个意识", "numbered", 2], ["高质量发展", "dictionary", 1]],
                                                  "p": [["四个意识", 2, lp, "", ""], ["高质量发展", 3, lp, "", ""], ["中国特色社会主义", 4, lp, "", ""], ["中国特色", 4, lp, "", ""]]}),
        (SpeechRef("b", 2021, None, 100), {"p": [["中国特色社会主义", 2, lp, "", ""], ["中国特色", 9, lp, "", ""], ["国之大者", 2, lp, "", ""]],
                                          "f": [["国之大者", "quoted", 1]]}),
        (SpeechRef("c", None, None, 100), {"p": [["中国特色社会主义", 3, lp, "", ""], ["中国特色", 3, lp, "", ""]]}),
        (SpeechRef("d", 2019, "2019", 100), {"p": [["中国特色社会主义", 2, lp, "", ""], ["中国特色", 2, lp, "", ""], ["国之大者", 2, lp, "", ""]]}),
    ]
    for items, total in ((index_items, len(index_items)), (made, 4), (made + index_items, 9), (index_items[::2], len(index_items))):
        assert rows(F.count(items, total)) == plain_count(items, total)
