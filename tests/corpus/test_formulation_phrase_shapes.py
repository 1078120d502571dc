"""Recurring phrases that are no formulation by their shape in jieba's tags: a
clause (a noun, then an adjective that says something of it: 地位特殊) and a
reference to things at hand (各位代表, 我国经济) — while phrases of the same words
used otherwise stay (负面清单制度, 自我革命, 政治方向).

The sentences are short excerpts of public texts (sources beside each)."""

from __future__ import annotations

from jianghua.corpus import formulations as F
from jianghua.corpus import segment
from jianghua.corpus.script import fold
from jianghua.store.formulations import SpeechRef, count


def _phrases(paras: list[str]) -> set[str]:
    paras = [fold(p) for p in paras]
    return {e[0] for e in F.in_speech(paras, [segment.cut(p) for p in paras], folded=True)["p"]}


def _listed(speeches: list[list[str]]) -> set[str]:
    items = [(SpeechRef(f"s{i}", 2026, None, 1000), F.in_speech(
        [fold(p) for p in paras], [segment.cut(fold(p)) for p in paras], folded=True)) for i, paras in enumerate(speeches)]
    return {f.text for f in count(items) if f.kind == "phrase"}


# 毛泽东《抗日游击战争的战略问题》《论持久战》 (github.com/weiyinfu/MaoZeDongAnthology)
FEW_TROOPS = ["敌人在我们这个大国中占地甚广，但他们的国家是小国，兵力不足，在占领区留了很多空虚的地方。",
              "但是日本帝国主义有两个基本的弱点，即是兵力不足和异国作战。"]
# 2026 provincial government work reports and 2020 speeches (tests/data/real/README.md)
NEGATIVE_LIST = ["要推进简政放权，全面实施市场准入负面清单制度，支持企业更好参与市场合作和竞争。",
                 "要优化政府管理和服务，全面推行权力清单、责任清单、负面清单制度，加快构建亲清政商关系。"]
DELEGATES = ["各位代表：过去一年，我国经济运行总体平稳。", "各位代表，我国经济长期向好的基本面没有改变。"]
SELF = ["勇于自我革命是我们党最鲜明的品格，要以自我革命引领社会革命。"]
# 习近平在十八届中央纪委二次全会上的讲话 (2013), 党的十九大报告 (2017): set phrases that are
# clauses in form, standing as items of a series after a verb or an adverb
CLEAN = ["要努力实现干部清正、政府清廉、政治清明，确保信念坚定、政治过硬。",
         "只有做到干部清正、政府清廉、政治清明，才能赢得群众信任，党员干部必须政治过硬。"]
DIRECTION = ["始终坚持正确政治方向。", "把握正确政治方向，作出正确政治决断。"]


def test_a_noun_with_an_adjective_predicate_is_a_clause():
    assert "兵力不足" not in _phrases(FEW_TROOPS)
    # the generated corpus's shape: a subject, then two clauses in a row
    assert "地位特殊" not in _phrases(["市直机关地位特殊、作用关键，肩负重任。", "办公室身份地位特殊，一言一行都要注意。"])


def test_a_clause_after_a_verb_or_in_its_series_is_a_set_phrase():
    got = _phrases(CLEAN)
    assert {"政府清廉", "政治清明", "政治过硬"} <= got
    # the same words said of a topic named before them, or in running text, stay clauses
    assert "政府清廉" not in _phrases(["这个县政府清廉、干部清正，群众满意。", "可见，政府清廉，百姓就信任。"])


def test_a_noun_and_adjective_followed_by_what_it_names_stays():
    # jieba's dictionary tags 清单 as an adjective: 负面清单 is followed by 制度 here
    assert "负面清单" in _phrases(NEGATIVE_LIST)


def test_a_phrase_opening_with_a_pronoun_of_reference_names_nothing():
    got = _phrases(DELEGATES)
    assert "各位代表" not in got and "我国经济" not in got
    assert "自我革命" in _phrases(SELF)  # 自我 is tagged r too, but names the revolution


def test_listed_over_speeches():
    speeches = [FEW_TROOPS + DIRECTION, DELEGATES + NEGATIVE_LIST, FEW_TROOPS + DELEGATES + DIRECTION,
                NEGATIVE_LIST + FEW_TROOPS + DIRECTION, DELEGATES + NEGATIVE_LIST]
    got = _listed(speeches)
    assert {"正确政治方向", "负面清单制度"} <= got  # (the longer phrases, used as often)
    assert not got & {"兵力不足", "各位代表", "我国经济"}
    assert {"政府清廉", "政治清明", "政治过硬"} <= _listed([CLEAN, CLEAN + FEW_TROOPS, DELEGATES + CLEAN])
