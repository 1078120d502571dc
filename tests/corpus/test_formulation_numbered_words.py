"""Numbered and paired formulations read with jieba's words: the formulations a
reader expects are found whole, ordinary counting is not.

The sentences are short excerpts of public texts (sources beside each); the
expected formulations were read off the sentences, not produced by the finder."""

from __future__ import annotations

import pytest

from jianghua.corpus import formulations as F
from jianghua.corpus import segment
from jianghua.corpus.script import fold


def _numbered(text: str) -> dict[str, int]:
    got = F.in_speech([text], [segment.cut(fold(text))])
    return {s: n for s, kind, n in got["f"] if kind in ("numbered", "paired")}


# 中央纪委国家监委网站 via sgyy.com.cn, “什么是党的‘四个服从’纪律要求?” (unquoted in the body)
FOUR_OBEY = "四个服从既反映了民主，又体现了集中，是党内生活秩序的总概括。"
# 2026 provincial government work reports (github.com/johncodes404/china-provincial-gov-reports-2026)
EIGHT_RULES = "扎实开展深入贯彻中央八项规定精神学习教育。巩固拓展深入贯彻中央八项规定精神学习教育成果。"
DELTA = "深入推进长三角一体化发展，推出35个对接上海“五个中心”建设重点平台。"
SHANGHAI = "上海加快建设五个中心，提升城市能级。"


def test_a_head_stop_inside_a_word_does_not_cut_the_head():
    # 从 is a grammar word in 从严 … but not inside 服从; the adverb 既 after it is no part of the head
    assert _numbered(FOUR_OBEY) == {"四个服从": 1}


def test_a_head_stop_opening_a_noun_does_not_cut_the_head():
    assert _numbered(SHANGHAI) == {"五个中心": 1}
    # … one opening a grammar word does (之下, a locative)
    assert _numbered("在三个条件之下进行。") == {"三个条件": 1}


def test_a_dictionary_word_holding_the_numeral_is_the_formulation():
    # 中央八项规定|精神: the 精神 of the rules is no part of their name
    assert _numbered(EIGHT_RULES) == {"八项规定": 2}
    assert _numbered("坚持三个代表重要思想。") == {"三个代表": 1}


@pytest.mark.parametrize("text, expected", [
    ("牢记两个务必，践行三个务必。", {"两个务必": 1, "三个务必": 1}),
    ("深刻领会五个必由之路。", {"五个必由之路": 1}),
    ("坚持两个结合，推进理论创新。", {"两个结合": 1}),
    ("开展两学一做学习教育和三严三实专题教育。", {"两学一做": 1, "三严三实": 1}),
    ("坚持十四个坚持、十个明确。", {"十四个坚持": 1, "十个明确": 1}),
])
def test_formulations_a_reader_expects(text, expected):
    assert _numbered(text) == expected


@pytest.mark.parametrize("text", [
    "用了四个月时间，从四个方面推进，作出一项重大决策。",
    "三个不同的地区，增速保持两位数，制定第十五个五年规划。",
    "七十个代表参加，五十个国家派了代表。",  # a count above the tens
    "三四个月后再议，两三个人一组。",  # an estimate
    "两个上午都在开会，两个晚上也是。",
    "两位代表人物发言。",  # 位 counts people
    "提出了四个要求，抓好三个要点。",
])
def test_counting_is_no_formulation(text):
    assert _numbered(text) == {}


def test_a_paired_formulation_does_not_start_inside_a_word():
    # 长三角|一体化 holds the characters 三角一体; 五个中心 is quoted there and numbered
    assert "三角一体" not in _numbered(DELTA)
    assert _numbered("严格落实“四水四定”原则，推进三会一课。") == {"四水四定": 1, "三会一课": 1}
