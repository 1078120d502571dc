"""Rules made after the fifth blind set (tests/data/real/blind5, labelled before the parser was
run on it, see its README) was measured: each for a failure that recurs in at least two of the
six real sets (portal, blind, blind2, blind3, blind4, blind5), each with a test on a small
excerpt. The excerpts are cut from those sets' files (public pages, see their READMEs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jianghua.corpus.clean import clean_text
from jianghua.corpus.structure import parse
from tests.portal_eval import evaluate

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
# the figures on this branch once the rules below were made: they may rise, never fall
FLOORS = {"blind5": 169, "blind4": 171, "blind3": 158, "blind2": 176, "blind": 186, "portal": 212}  # (s26 meta7)


def p(text: str, source: str | None = None):
    return parse(clean_text(text), source)


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_the_real_sets_do_not_fall_below_their_figures(folder):
    score = evaluate(REAL / folder)
    assert sum(r for r, _ in score.values()) >= FLOORS[folder], score


# --- a report that names someone with their office, then reports what they said (……汪洋作重要讲话,
# 周秀山强调，, 马清亮指出，) names its speaker (blind3 南方日报 2011 and 民进汕头 2021; blind5 秦安 2010,
# 成都 2003, 重庆 2002, 县委全会 讨论, 海宁 2022); so does a lede's ……所作的《……》……报告 (blind5 竹山)

@pytest.mark.parametrize("text, speaker", [
    ("南方日报讯 (记者/雷辉)昨日上午,广东省各界纪念辛亥革命100周年大会在广州市中山纪念堂隆重召开。中共中央政治局委员、"
     "省委书记汪洋,省长黄华华出席大会。\n纪念大会由黄龙云主持,汪洋作重要讲话。\n汪洋首先代表省委向先辈表示深切怀念。\n", "汪洋"),
    ("2021年12月28日,民進汕頭市委會召開2021年度領導班子民主生活會。市委會主委馬清亮、副主委羅梓煥參加會議。\n"
     "會上,馬清亮代表市委會領導班子作對照檢查報告。\n馬清亮指出,此次民主生活會開誠布公。\n", "馬清亮"),
    ("□记者张树平\n【本报讯】12月7日,省委第四巡视组组长周秀山一行赴秦安开展巡视工作。\n"
     "在秦安召开的动员会上,周秀山强调,各级领导干部要充分认识开展巡视工作的重大意义。\n", "周秀山"),
    ("中新网6月26日电 昨日,成都市委常委会召开第178次会议,省委常委、市委书记、市长李春城正式提议领导间以同志相称。\n"
     "本次常委会专题研究学习贯彻省委书记张学忠在全市领导干部大会上的重要讲话精神。李春城作重要讲话时强调,要带头。\n", "李春城"),
    ("5月27日上午,县直各单位纪委书记200余人聚集在县委党校,认真听取了县委副书记、纪委书记明正慧所作的"
     "《认清形势,明确任务,增强反腐倡廉主动性,保持共产党员先进性》反腐倡廉形势报告。\n报告会从四个方面作了分析。\n", "明正慧"),
])
def test_a_report_quoting_someone_it_named_with_an_office_names_the_speaker(text, speaker):
    assert p(text).speaker == speaker


@pytest.mark.parametrize("text", [
    # a name never given an office is no one's (随后 is no name; nor is 胡锦涛 listed among the guests alone)
    "12月7日,市委召开巡视工作动员会。\n会议由县长主持。随后作重要讲话,强调要认真抓好落实。\n",
    # a report recalling an earlier speech: 前不久，省委书记王国生……作了重要讲话
    "12月7日,全县召开干部大会。\n前不久,省委书记王国生在全省大会上作了重要讲话。王国生强调,要抓好落实。\n",
])
def test_a_name_without_an_office_or_in_an_earlier_speech_names_nobody(text):
    assert p(text).speaker is None


# --- a 政府信息公开 page's index fields, as key lines (• 信息索引号：) or a table's rows (索引号 | … |), its
# label and its index's buttons are the page's; a title field's value is the title (blind4 义乌 2003;
# blind5 汉滨 2025, a 范文 site's | 标题：… | cell, a corpus table's 文章名稱 | : | … |)

YIWU = ("政府信息公开\n  • 信息索引号:\n\n    330782000000/2011-205453\n\n  • 文件名称:\n\n  • 发布机构:\n\n"
        "  • 成文日期:\n\n    2011-07-25\n\n二〇〇三年政府工作报告\n点击关闭详细目录信息\n\n发布时间:2007-09-29 15:30\n\n"
        "访问次数:\n\n字体大小:\n\n(2003年3月3日在义乌市第十二届人民代表大会第一次会议上)\n\n义乌市代市长\n\n各位代表:\n\n"
        "现在,我代表市人民政府向大会报告工作,请予以审议。\n\n一、过去五年的工作\n\n过去五年,是全市人民向率先基本实现现代化大步迈进的五年。\n")
HANBIN = ("文件名称 | 汉滨区2025年政府工作报告 | ||\n索引号 | /2025-0000 | 公开目录: | 工作报告 |\n"
          "公开责任部门 | 公开形式: | 主动公开 | |\n文号 | 成文日期: | 2025年04月15日 | |\n"
          "有效性 | 有效 | 公开日期: | 2025-04-15 14:43 |\n2025年3月21日在汉滨区第十九届\n人民代表大会第四次会议上\n"
          "汉滨区人民政府代区长 向诗兵\n各位代表:\n现在,我代表区人民政府向大会报告工作,请予审议。\n一、过去一年工作回顾\n"
          "2024年,我们紧扣高质量发展主题,实现地区生产总值440.5亿元。\n")


@pytest.mark.parametrize("text, title, speaker, first", [
    (YIWU, "二〇〇三年政府工作报告", None, "现在,我代表市人民政府"),
    (HANBIN, "汉滨区2025年政府工作报告", "向诗兵", "现在,我代表区人民政府"),
    ("| 标题:省委书记视察省气象局的讲话 |\n|\n到气象局来还是第一次。气象与经济的发展、社会的进步,关系非常密切。\n",
     "省委书记视察省气象局的讲话", None, "到气象局来还是第一次"),
])
def test_a_pages_index_fields_are_not_the_text_and_its_title_field_is_the_title(text, title, speaker, first):
    r = p(text)
    assert (r.title, r.speaker) == (title, speaker)
    assert r.paragraphs[0].text.startswith(first)
    assert not any("索引号" in q.text or "点击关闭" in q.text for q in r.paragraphs)


def test_a_line_split_by_bars_that_is_no_field_stays_the_title():
    r = p("时间就是生命 | 效率就是生命\n同志们:\n今天我们召开全县项目建设推进会。\n")
    assert r.title == "时间就是生命 | 效率就是生命"


# --- a title 在X上的讲话 names X as the occasion when X is an event, not only a meeting (汇演, 比赛, 活动…)
# (blind4 在“我心目中的xx”主题演讲比赛上的讲话; blind5 灯节文艺汇演, 七一诗歌朗诵比赛活动, 国庆节文艺汇演)

@pytest.mark.parametrize("title, occasion", [
    ("在“我心目中的xx”主题演讲比赛上的讲话", "“我心目中的xx”主题演讲比赛"),
    ("在灯节文艺汇演上的致辞", "灯节文艺汇演"),
    ("在七一诗歌朗诵比赛活动上的讲话", "七一诗歌朗诵比赛活动"),
])
def test_a_title_naming_the_event_it_was_given_at_gives_the_occasion(title, occasion):
    assert p(f"{title}\n同志们:\n今天,我们在这里欢聚一堂。\n").occasion == occasion


def test_a_long_line_without_a_meeting_is_read_quickly_and_names_none():
    from jianghua.corpus.structure import _AT_MEETING
    assert _AT_MEETING.search("在" + "演" * 1_000_000) is None


# --- a document site's footer line holding a long web address (链接地址：http://www.……/detail_id/434810.html)
# is as short as its words: the page's (blind3 写笔文库 副市长讲话, blind5 区长当选发言)

def test_a_footer_line_with_a_long_address_is_the_pages():
    from jianghua.corpus.clean import clean_text
    text = ("在此,我郑重承诺:\n微信扫一扫在手机阅读、分享本文\n本文标题:在区十七届人大五次会议闭幕式上的发言\n"
            "链接地址:http://www.bibiwenku.com//index/article/detail/detail_id/434810.html\n版权声明\n联系客服\n")
    assert clean_text(text).strip() == "在此,我郑重承诺:"


def test_a_long_sentence_naming_an_address_stays():
    from jianghua.corpus.clean import clean_text
    line = ("来源：各地要把政务公开平台建设好,群众可以登录http://www.gov.cn/zhengce/index.html查询政策,"
            "也可以通过热线反映问题,各级政府要认真答复,做到件件有回音、事事有着落。")
    assert clean_text(line) == line


# --- a headline's decks over a lede that opens on the day (10月29日下午，…… / 昨天下午，……) are the head's,
# not the report's first paragraph, with no dateline or page fields around (blind3 湖北日报 2016, blind5 2007 上海)

@pytest.mark.parametrize("text, first", [
    ("省委召开会议传达中央决定 蒋超良同志任湖北省委书记\n省委召开全省领导干部会议传达中央决定\n"
     "蒋超良同志任湖北省委书记 姜信治宣布中央决定并讲话 王晓东主持会议\n"
     "10月29日下午,省委在武昌召开全省领导干部会议。中央组织部副部长姜信治出席会议并宣布中央决定。\n姜信治、蒋超良分别讲话。\n",
     "10月29日下午,省委在武昌召开全省领导干部会议"),
    ("习近平回顾在上海7个月工作:重点做了四方面工作\n李源潮:沪市委领导调整是中央反复酝酿慎重决定的\n"
     "俞正声:要少犯错误,最好的办法是充分发扬民主\n昨天下午,本市召开党政负责干部大会。习近平主持会议并作重要讲话。\n",
     "昨天下午,本市召开党政负责干部大会"),
])
def test_decks_over_a_lede_opening_on_its_day_are_not_the_text(text, first):
    assert p(text).paragraphs[0].text.startswith(first)



# --- a site's search box and its hint (快捷搜索：论文 合同 演讲 心得, 多个检索词，请用空格间隔。) and a periodical
# site's issue line (《新华月报(记录)》 2008年 第03期) are the page's (blind4 温总理 2008, blind5 区长工作汇报)

@pytest.mark.parametrize("text, title, first", [
    ("快捷搜索:论文 合同 演讲 心得\n\n区长在代表会上工作汇报\n\n各位代表:\n\n现在,我代表区人民政府向大会作工作报告。\n",
     "区长在代表会上工作汇报", "现在,我代表区人民政府"),
    ("[政治]在2008年春节团拜会上的讲话(2008年2月5日)\n作者:温家宝\n\n《新华月报(记录)》 2008年 第03期\n\n"
     "  多个检索词,请用空格间隔。\n\n同志们,朋友们:\n刚刚过去的2007年,全国各族人民阔步前进。\n",
     "在2008年春节团拜会上的讲话", "刚刚过去的2007年"),
])
def test_a_sites_search_box_and_a_periodicals_issue_line_are_the_pages(text, title, first):
    r = p(text)
    assert r.title == title and r.paragraphs[0].text.startswith(first)
    assert not any("搜索" in q.text or "检索" in q.text or "第03期" in q.text for q in r.paragraphs)


def test_a_sentence_about_searching_stays():
    from jianghua.corpus.clean import clean_text
    line = "检索:各地要建立健全政策检索平台,让企业和群众查得到、看得懂、用得上,把惠企政策真正落到实处。"
    assert clean_text(line) == line


# --- a paper site's label over its excerpt (论文部分内容阅读) is no title (blind 论文网 1950s, blind4 天津 1950s):
# the file name gives it

def test_a_paper_sites_label_is_not_the_title():
    r = p("论文部分内容阅读\n各位来賓、各位代表、各位同志們: 今天,天津市第三届各界代表會議第一次會議勝利的閉幕了。\n",
          "天津市第三届各界代表会议闭幕词.txt")
    assert r.title == "天津市第三届各界代表会议闭幕词"
    assert not any("内容阅读" in q.text for q in r.paragraphs)
