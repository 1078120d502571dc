"""Set formulations (提法) found in one speech, and counted over the corpus.

Expected counts are the number of times each formulation is written in the
bundled texts (checked with `str.count` on the files, not with the finder)."""

from __future__ import annotations

import pytest

from jianghua.corpus import formulations as F
from jianghua.corpus import segment
from jianghua.corpus.ingest import ingest_bytes
from jianghua.corpus.script import fold, to_traditional
from jianghua.store.formulations import SpeechRef, count, sort

from tests.conftest import SOURCES, raw


def _paragraphs(name: str) -> list[str]:
    return [p[0] for p in ingest_bytes(raw(name), segment=False)["body"]["paragraphs"]]


def _speech(paras: list[str]) -> dict:
    return F.in_speech(paras, [segment.cut(fold(p)) for p in paras])


@pytest.fixture(scope="module")
def bundled() -> list[tuple[SpeechRef, dict]]:
    out = []
    for i, name in enumerate(SOURCES):
        body = ingest_bytes(raw(name), segment=False)["body"]
        paras = [p[0] for p in body["paragraphs"]]
        out.append((SpeechRef(f"s{i}", body["year"], body.get("date"), sum(map(len, paras))), _speech(paras)))
    return out


@pytest.fixture(scope="module")
def listed(bundled) -> dict[str, object]:
    return {f.text: f for f in count(bundled)}


# Written in the bundled speeches this many times (str.count over their paragraphs).
NUMBERED = {"两个维护": 10, "四个意识": 6, "四个自信": 6, "两个确立": 2, "五个坚持": 2,
            "六个坚定不移": 1, "三个区分开来": 1, "七个有之": 1, "两个一百年": 1, "四个全面": 1}
PAIRED = {"三会一课": 2, "五位一体": 1, "两学一做": 1, "五比五不比": 3}
QUOTED = {"国之大者": 3, "三服务": 3, "能力作风建设年": 4}


def test_expected_counts_are_what_the_texts_say():
    text = "\n".join(p for name in SOURCES for p in _paragraphs(name))
    for table in (NUMBERED, PAIRED, QUOTED):
        for s, n in table.items():
            assert text.count(s) == n, s


@pytest.mark.parametrize("table", [NUMBERED, PAIRED, QUOTED], ids=["numbered", "paired", "quoted"])
def test_every_formulation_of_the_bundled_speeches_is_listed_with_its_count(listed, table):
    got = {s: listed[s].hits if s in listed else None for s in table}
    assert got == table


def test_kinds(listed):
    assert {listed[s].kind for s in NUMBERED} == {"numbered"}
    assert {listed[s].kind for s in PAIRED} == {"paired"}
    assert listed["国之大者"].kind == "quoted"
    assert listed["全面从严治党"].kind == "dictionary"


@pytest.mark.parametrize("phrase", ["四个月", "四个方面", "一项重大决策", "十八大以来", "十八大", "一个地方", "三个根本性问题"])
def test_ordinary_counting_is_not_a_formulation(listed, phrase):
    assert not [t for t in listed if phrase in t or t in phrase and t.startswith(phrase[:2])], phrase


@pytest.mark.parametrize("text", ["工作了四个月", "从四个方面来谈", "这是一项重大决策", "党的十八大以来", "二十大精神",
                                  "三是一个重要问题", "两年一次", "一心一意谋发展", "四面八方", "讲四点意见"])
def test_counting_and_idioms_are_not_found(text):
    r = F.load_rules()
    assert F.numbered(text, r) == [] and F.paired(text, r) == []


def test_a_formulation_ends_where_its_words_end():
    text = "实现两个一百年奋斗目标，落实三大攻坚战部署"
    found = [s for _, s in F.numbered(text, F.load_rules(), F._word_boundaries(segment.cut(text)))]
    assert found == ["两个一百年", "三大攻坚战"]


def test_a_quoted_numbered_formulation_is_the_whole_quotation():
    got = _speech(["开展“五比五不比”活动，坚持“五比五不比”，做到“五比五不比”。"])
    assert ["五比五不比", "paired", 3] in got["f"]


def test_quoted_text_is_listed_only_when_it_recurs():
    once = [(SpeechRef("a", 2020, None, 100), _speech(["提出“金钥匙”的说法。"]))]
    assert "金钥匙" not in {f.text for f in count(once)}
    twice = once + [(SpeechRef("b", 2021, None, 100), _speech(["这把“金钥匙”要用好。"]))]
    rows = {f.text: f for f in count(twice)}
    assert rows["金钥匙"].speeches == 2 and rows["金钥匙"].first == "2020" and rows["金钥匙"].last == "2021"
    assert rows["金钥匙"].by_year == {2020: 1, 2021: 1}


def test_traditional_script_counts_the_same(bundled):
    trad = []
    for i, name in enumerate(SOURCES):
        paras = [to_traditional(p) for p in _paragraphs(name)]
        trad.append((bundled[i][0], _speech(paras)))
    simple = {f.text: f.hits for f in count(bundled) if f.kind != "phrase"}
    assert {f.text: f.hits for f in count(trad) if f.kind != "phrase"} == simple


def test_recurring_phrases_hold_together(bundled):
    phrases = [f for f in count(bundled) if f.kind == "phrase"]
    assert "决策部署" in {f.text for f in phrases}
    for f in phrases:  # no sentence pieces: neither grammar words at the edges nor stop words
        assert f.text[0] not in "的了着之是" and f.text[-1] not in "的了着之是", f.text
        assert f.speeches >= F.load_rules().phrase["min_speeches"]


def test_sorts(listed):
    rows = list(listed.values())
    assert sort(rows, "hits")[0].hits == max(f.hits for f in rows)
    assert sort(rows, "speeches")[0].speeches == max(f.speeches for f in rows)
    newest = sort(rows, "first")[0].first
    assert newest == max(f.first for f in rows if f.first)
    names = [f.text for f in sort(rows, "name")]
    assert names == sorted(names)
