"""Rules made after the third blind set (tests/data/real/blind3, labelled before the parser
was run on it, see its README) was measured: each for a failure that recurs in at least two of
the four real sets (blind, blind2, blind3, portal), each with a test on a small excerpt. The
excerpts are cut from those sets' files (public pages, see their READMEs); names are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from jianghua.corpus.clean import clean_text
from jianghua.corpus.structure import parse
from tests.portal_eval import evaluate

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
# the figures on this branch once the rules below were made: they may rise, never fall
FLOORS = {"blind3": 108, "blind2": 150, "blind": 177, "portal": 212}


def p(text: str, source: str | None = None):
    return parse(clean_text(text), source)


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_the_real_sets_do_not_fall_below_their_figures(folder):
    score = evaluate(REAL / folder)
    assert sum(r for r, _ in score.values()) >= FLOORS[folder], score


# --- a newspaper archive's page and a forum's copy of it (blind 1987, blind2 1979, blind3 1999)

FORUM_PAGE = """• 44阅读
  • 0回复

神州共庆中华民族的盛大节日戮力同心开创发展繁荣新境界 首都各界隆重庆祝澳门回归祖国 江泽民发表重要讲话李鹏朱镕基等出席 [复制链接]

上一主题 下一主题
离线admin

只看楼主 倒序阅读 0 发表于: 1999-12-21
第1版(要闻)
专栏:

  神州共庆中华民族的盛大节日戮力同心开创发展繁荣新境界
  首都各界隆重庆祝澳门回归祖国
  江泽民发表重要讲话李鹏朱镕基等出席
  新华社北京12月20日电(记者薛建华)今夜,祖国为澳门回归铺开大红地毯。中共中央、全国人大常委会、国务院、全国政协、中央军委在首都体育馆隆重举行“首都各界庆祝澳门回归祖国大会”。
  中共中央总书记、国家主席、中央军委主席江泽民在庆祝大会上发表了重要讲话。
"""


def test_a_forum_copy_of_a_newspaper_page_reads_its_headline_not_the_threads_furniture():
    parsed = p(FORUM_PAGE, "人民日报1999-12-21_第1版.txt")
    assert parsed.title == "神州共庆中华民族的盛大节日戮力同心开创发展繁荣新境界"
    assert parsed.speaker == "江泽民"  # the decks stand over the dateline: the story's lede names him
    assert parsed.occasion == "首都各界庆祝澳门回归祖国大会"
    body = "\n".join(q.text for q in parsed.paragraphs)
    for junk in ("离线admin", "只看楼主", "第1版(要闻)", "专栏:", "[复制链接]", "首都各界隆重庆祝澳门回归祖国\n"):
        assert junk not in body + "\n"


def test_a_newspaper_pages_column_labels_are_not_its_title():
    parsed = p("1979年10月1日人民日报 第1版\n\n第1版()\n专栏:\n\n华国锋同志举行盛大招待会热烈庆祝建国三十周年\n"
               "新华社北京九月三十日电 中共中央主席、国务院总理华国锋今天晚上在招待会上说:“三十年来……”\n")
    assert parsed.title == "华国锋同志举行盛大招待会热烈庆祝建国三十周年"
    assert parsed.speaker == "华国锋"


def test_a_threads_copy_link_button_is_taken_off_its_title():
    parsed = p("梅河口纪委对违法乱纪敢抓敢管 市委予以大力支持自觉接受监督 [复制链接]\n\n"
               "本报讯 “梅河口市党风有好转,纪检工作立了一大功”。这是吉林省梅河口市广大群众对市纪检工作的褒奖。\n")
    assert parsed.title == "梅河口纪委对违法乱纪敢抓敢管 市委予以大力支持自觉接受监督"


# --- a standing body or a studied meeting is no occasion (blind2 香港01, blind3 人民日报/张庆伟/强卫)

@pytest.mark.parametrize("lede", [
    "9日下午,全省干部会议召开。省委书记、省人大常委会主任张庆伟出席会议并讲话。",
    "王沪宁代表政协第十四届全国委员会常务委员会向大会作全国政协常委会工作报告。",
    "10月31日,省委传达学习党的十八届五中全会精神,部署贯彻落实工作。",
])
def test_a_standing_committee_or_a_studied_plenum_is_not_the_occasion(lede):
    from jianghua.corpus.structure import find_occasion

    assert find_occasion(lede) not in ("常委会", "全会")


def test_a_standing_committees_own_meeting_still_is_one():
    from jianghua.corpus.structure import find_occasion

    assert find_occasion("市委常委会会议研究部署今年重点工作") == "常委会"


# --- the meeting a title or a lede names in full, when no word of the list names it
#     (blind3 ×8, blind2 腾讯文库/法治网, blind 济南日报/写作网)

@pytest.mark.parametrize("text, occasion", [
    ("在2018年全县脱贫攻坚摘帽部署大会上的讲话\n同志们:今天我们召开全县脱贫攻坚摘帽部署大会,在打好精准脱贫攻坚战座谈会上……。", "全县脱贫攻坚摘帽部署大会"),
    ("副市长在绿化现场会上的讲话\n同志们:\n今天市政府在X区召开绿化现场会议。", "绿化现场会"),
    ("全县项目建设增长推进大会讲话\n同志们:\n今天的这个会议非常重要。", "全县项目建设增长推进大会"),
    ("省委召开会议传达中央决定\n10月29日下午,省委在武昌召开全省领导干部会议。中央组织部副部长姜信治出席会议。", "全省领导干部会议"),
    ("10月31日,省委召开全省领导干部会议,传达学习党的十八届五中全会精神。省委书记强卫主持会议并讲话。", "全省领导干部会议"),
    ("昨日上午,广东省各界纪念辛亥革命100周年大会在广州市中山纪念堂隆重召开。", "广东省各界纪念辛亥革命100周年大会"),
    ("9日下午,学习贯彻党的十九大精神省委宣讲团动员会召开。省委书记张庆伟出席会议并讲话。", "学习贯彻党的十九大精神省委宣讲团动员会"),
])
def test_the_meeting_named_in_full_is_the_occasion(text, occasion):
    assert p(text).occasion == occasion


def test_a_full_name_ending_in_a_listed_kind_shows_the_kind():
    assert p("在县委办党支部2022年度组织生活会上的讲话\n\n同志们：\n组织生活会是严肃党内政治生活。").occasion == "组织生活会"


@pytest.mark.parametrize("text", [
    "书记在会上的讲话\n同志们:\n今天的会议是市政府决定召开的一次重要会议,也是一次专题会议。",  # vague: 一次重要会议
    "民進汕頭市委會召開領導班子民主生活會\n會上,馬清亮作對照檢查報告。",  # 市委會 held it: not the meeting
    "第九次党代表大会开幕词(乡镇)\n各位代表:\n今天隆重开幕了。",  # 开幕词 is no 开幕
])
def test_no_vague_meeting_nor_the_body_that_held_it(text):
    occ = p(text).occasion
    assert occ is None or not (occ.startswith("的") or occ.startswith("一次") or occ.endswith("委會") or occ.endswith("委会")
                               or occ == "第九次党代表大会")
