"""The quality rules of issue 13's formulations list (corpus/data/formulations.toml):
a recurring phrase names something or stands on its own; a numbered formulation
is neither an ordinal nor cut off mid-sentence; and jieba's tags come from its
dictionary (an indexed copy in the cache folder), not a tagger run over the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from jianghua.corpus import formulations as F
from jianghua.corpus import formulation_tags as T
from jianghua.corpus import segment
from jianghua.corpus.ingest import ingest_bytes
from jianghua.corpus.script import fold
from jianghua.store.formulations import SpeechRef, count

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def _speech(paras: list[str]) -> dict:
    paras = [fold(p) for p in paras]
    return F.in_speech(paras, [segment.cut(p) for p in paras], folded=True)


def _file(path: Path) -> dict:
    return _speech([p[0] for p in ingest_bytes(path.read_bytes(), segment=False)["body"]["paragraphs"]])


def _listed(speeches: list[dict]) -> dict:
    items = [(SpeechRef(f"s{i}", 2026, None, 1000), d) for i, d in enumerate(speeches)]
    return {f.text: f for f in count(items)}


def test_real_reports_do_not_list_a_verb_cut_off_before_its_object():
    # Five reports, each using 加快构建/防范化解/巩固拓展 (+ what they build, defuse,
    # consolidate) and 科技创新 at least twice (tests/data/real/phrases).
    files = sorted((REAL / "phrases").glob("*.txt"))
    assert len(files) == 5
    phrases = {t for t, f in _listed([_file(p) for p in files]).items() if f.kind == "phrase"}
    assert "科技创新" in phrases
    assert not phrases & {"加快构建", "防范化解", "巩固拓展"}


def test_a_phrase_that_names_nothing_stays_when_it_stands_on_its_own():
    speech = ["要大力弘扬“敢干”精神，大力弘扬“实干”精神。", "学习贯彻党的精神，学习贯彻会议精神，及时跟进解决，及时跟进处理。",
              "干部勇于担当，对党绝对忠诚。", "我们要勇于担当，做到绝对忠诚。", "坚决落实决策部署，确保决策部署落地。"]
    got = _listed([_speech(speech) for _ in range(3)])
    phrases = {t for t, f in got.items() if f.kind == "phrase"}
    assert {"勇于担当", "绝对忠诚", "决策部署"} <= phrases
    assert not phrases & {"大力弘扬", "学习贯彻", "及时跟进"}


def test_which_phrases_name_something():
    rules, tags = F.load_rules(), T.word_tags()
    assert F.names_something(("科技", "创新"), tags, rules)  # 科技: a noun
    assert F.names_something(("对标", "对表"), tags, rules)  # words jieba's dictionary lacks
    assert not F.names_something(("学习", "贯彻"), tags, rules)  # two verbs
    assert not F.names_something(("大力", "弘扬"), tags, rules)  # 大力 is no noun (not_nominal); 弘扬 is tagged as a name


def test_the_numbered_formulations_of_the_selected_works_are_whole():
    # 《中国社会各阶级的分析》: 两大势力作最后斗争, …三个不同的部分 — neither is a formulation.
    got = {t for t, _k, _n in _file(REAL / "000-中国社会各阶级的分析.md")["f"]}
    assert not {t for t in got if t.startswith(("两大势力", "三个不同"))}, got


@pytest.mark.parametrize("text, found", [
    ("革命和反革命两大势力作最后斗争的局面", []),
    ("两大势力竖起了两面大旗", []),
    ("全国十大考古新发现", []),
    ("扩大两个市场两种资源", []),
    ("有三个不同的部分", []),
    ("编制第十五个五年规划", []),
    ("满足“三大核心诉求”，重点推进", ["三大核心诉求"]),  # a verb-tagged noun at the end, before punctuation
    ("坚持两个毫不动摇，做到两个维护", ["两个毫不动摇", "两个维护"]),
    ("落实三大攻坚战部署", ["三大攻坚战"]),
])
def test_a_numbered_head_is_not_cut_off_mid_sentence(text, found):
    got = F.numbered(text, F.load_rules(), F._word_boundaries(segment.cut(text)), T.word_tags())
    assert [s for _, s in got] == found


def test_tags_come_from_the_indexed_copy_and_a_damaged_copy_is_read_again(tmp_path):
    idf_cache = tmp_path / "jieba-idf.table"
    T.word_tags.cache_clear()
    try:
        made = T.word_tags(idf_cache)
        copy = tmp_path / T.TAGS_CACHE
        assert copy.exists()
        T.word_tags.cache_clear()
        again = T.word_tags(idf_cache)
        assert type(again._table).__name__ == "IdfTable"  # read from the copy, not parsed
        words = ["势力", "作", "竖起", "科技", "学习", "大力", "一个没有的词"]
        assert [again.get(w) for w in words] == [made.get(w) for w in words] == ["n", "v", "v", "n", "v", "n", None]
        data = bytearray(copy.read_bytes())
        data[-2000:] = b"\xff" * 2000  # the words' bytes damaged
        copy.write_bytes(bytes(data))
        T.word_tags.cache_clear()
        assert [T.word_tags(idf_cache).get(w) for w in words] == [made.get(w) for w in words]
    finally:
        T.word_tags.cache_clear()


def test_every_set_formulation_of_the_user_dictionary_is_still_found_whole():
    # The rules above drop candidates; none of the user dictionary's (三个区分开来,
    # 两个维护 …) may go, nor be cut: each written twice is found at least twice, whole
    # (八项规定 also inside 中央八项规定精神).
    words = F.load_rules().dictionary
    assert len(words) > 40
    paras = [f"我们要做到{w}，坚持{w}。" for w in words]
    found = {t: n for t, _k, n in _speech(paras)["f"]}
    assert [w for w in words if found.get(w, 0) < 2] == []
