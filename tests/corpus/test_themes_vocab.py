"""The shipped themes file's vocabulary (s23, issue 14): what a reader sees on kinds of paragraphs the file used to get
wrong — a press conference, army training, a paragraph citing the party's disciplinary regulations, the wording of
抓落实. The example paragraphs are written for these tests in the style of public news and speeches."""

from __future__ import annotations

from jianghua.corpus.structure import split_sentences
from jianghua.corpus.themes import load_themes, tag_paragraph
from jianghua.store.tagging import explain

THEMES = load_themes()


def tags(text: str) -> list[str]:
    t = tag_paragraph(THEMES, text, split_sentences(text), None, None)
    return [THEMES.themes[i].id for i in t.themes]


def test_a_press_conference_is_not_given_its_subjects_theme():
    # the labelling conventions: a press conference is about none of the twelve, whatever economy words it reports
    opening = ("国务院新闻办公室今天上午举行新闻发布会，请国家统计局新闻发言人介绍一季度国民经济运行情况，并答记者问。"
               "发言人表示，一季度工业生产稳中有升，服务业较快增长，消费和投资持续恢复。")
    answer = ("在今天的例行记者会上，有记者问及近期的经济形势。发言人表示，中国经济长期向好的基本面没有改变，"
              "产业升级和消费恢复的势头不会改变。")
    assert tags(opening) == []
    assert tags(answer) == []
    # `w` / `show --json` say which topic counted against the themes
    why = explain(THEMES, {"paragraphs": [[answer, 0, split_sentences(answer)]], "sections": [["", None, None]]}, 0)
    assert why["outside"]["press"]["name"] == "新闻发布会和记者会"
    assert {e["phrase"] for e in why["evidence"] if e["outside"]} >= {"记者会", "发言人"}


def test_army_training_is_defence_not_safety():
    assert tags("今年以来，部队紧贴实战化要求，深入开展训练，全面提升安全保障和应急处置能力。") == []


def test_a_paragraph_citing_the_disciplinary_regulations_is_discipline_first():
    text = ("会议结合新修订的《中国共产党纪律处分条例》，通报了近期查处的典型案例，组织观看警示教育片，"
            "以案说纪、以案明纪，教育引导党员干部知敬畏、存戒惧、守底线。")
    assert tags(text)[:2] == ["discipline", "integrity"]


def test_the_wording_of_getting_things_done_is_execution():
    text = ("今年的目标任务已经明确，关键在于落实。各单位主要负责同志要立下军令状，挂图作战、倒排工期，"
            "一件一件抓好兑现。")
    assert tags(text)[:1] == ["execution"]


def test_outside_topic_words_do_not_fire_inside_ordinary_words():
    # 对台 inside 应对台风 / 整改台账, 基本法 inside 基本法律, 特区 in a mainland 经济特区, 留痕 in law enforcement:
    # none of them is Hong Kong, Macau, Taiwan or 作风 (review of s23's vocabulary)
    typhoon = "要全力做好应对台风各项准备工作，及时转移受威胁群众，确保人民群众生命财产安全。"
    law = "加强民法典等基本法律宣传，引导群众依法表达诉求、维护人民群众合法权益。"
    zone = "要加快经济特区建设，推动深圳特区和海南自由贸易港高质量发展，打造新的经济增长极。"
    record = "执法全过程记录留痕，做到全程留痕、可回溯管理，规范执法行为。"
    assert "people" in tags(typhoon)
    assert "people" in tags(law)
    assert tags(zone)[:1] == ["development"]
    assert "style" not in tags(record)
    for text in (typhoon, law, zone):
        why = explain(THEMES, {"paragraphs": [[text, 0, split_sentences(text)]], "sections": [["", None, None]]}, 0)
        assert "hk_taiwan" not in why["outside"], why["outside"]


def test_a_work_reports_education_paragraph_is_serving_the_people():
    # s26: the labelling conventions put education (with health and social security) under 为民服务; the work reports'
    # wording of it (优先发展教育, 教育公平, 职业教育, 教师队伍 …) used to score nothing, or 高质量发展 by a 财政 word
    plain = ("坚持优先发展教育事业，促进教育公平。大力发展职业教育，办好特殊教育和继续教育，"
             "加强教师队伍建设，提高乡村教师待遇。")
    money = ("国家财政性教育经费支出逐年增加，新增经费重点投向农村和中西部地区，促进教育公平，"
             "加快发展职业教育，推动经济社会发展。")
    assert tags(plain)[:1] == ["people"]
    assert tags(money)[:1] == ["people"]


def test_a_discipline_committees_own_reports_are_discipline_first():
    # s26: 述责述廉 before a 纪委全会 and a 纪委's 警示教育 count for 纪律 too (they stay markers of 廉洁自律), so a paragraph
    # on the commission's own work is 纪律 first; 警示教育 alone (weight 1 for 纪律) still leaves an integrity paragraph to 廉洁
    report = "在市纪委全会上，五位县区纪委书记依次述责述廉，用数字说明一年来的工作，并回答委员们的提问。"
    warning = "市纪委开展警示教育，通报违反纪律的典型案例。"
    integrity = "组织党员干部观看警示教育片，算清廉洁账，筑牢拒腐防变的思想防线。"
    assert tags(report) == ["discipline", "integrity"]
    assert tags(warning) == ["discipline", "integrity"]
    assert tags(integrity) == ["integrity"]
