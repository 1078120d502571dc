"""Rules of the meta7 session (s26): titles, dates, speakers and occasions as a reader sees them on real
folders. Each rule answers a miss that recurs in at least two of the six real sets (portal, blind … blind5,
tests/data/real); each test is a small excerpt cut from a file of those sets (public pages, see their READMEs),
named beside it."""
from __future__ import annotations


import pytest

from jianghua.corpus.clean import clean_text
from jianghua.corpus.structure import parse
from tests.megabyte_lines import assert_a_megabyte_line_loads


def p(text: str, source: str | None = None):
    return parse(clean_text(text), source)


# --- a dating line run into its salutation on one line, nothing before the date: (2006年8月30日) 同志们：
# (blind5 在市委八届七次全委扩大会议开始时的讲话; the same run with a name before the date is already split:
# blind2 莊 華 平(2008年1月13日)各位委員、同志們：, blind3 遂昌 ……童森军(2026 年 2 月 6 日)各位代表,同志们:)

@pytest.mark.parametrize("line", ["(2006年8月30日) 同志们:", "(2006年8月30日)同志们:"])
def test_a_date_run_into_the_salutation_is_the_date_and_the_salutation(line):
    r = p(f"在市委八届七次全委扩大会议开始时的讲话\n{line}\n这次市委全委扩大会议是在全市上下进一步落实科学发展观,"
          "推进全市各方面工作的新形势下,召开的一次非常重要的会议。\n")
    assert r.date == "2006-08-30"
    assert (r.salutation or "").startswith("同志们")
    assert r.paragraphs[0].text.startswith("这次市委全委扩大会议")


def test_a_bracketed_date_opening_a_sentence_stays_the_text():
    # (blind/澳門政府: (17日)下午3時至6時,將列席…; only a salutation after the date splits the line)
    r = p("施政报告\n(2006年8月30日)下午,市委召开全委扩大会议,研究部署下半年工作。\n会议指出,要抓好落实。\n")
    assert r.paragraphs[0].text.startswith("(2006年8月30日)下午")


# --- a meeting named in a title 在X时的讲话 (开幕时, 闭幕时, 开始时) as well as 在X上的讲话
# (blind5 在市委八届七次全委扩大会议开始时的讲话; blind2 莊華平在政協徐州市……第一次會議閉幕時的講話), and a meeting's
# name holding (扩大) (blind5 在市政府一届五次全体(扩大)会议上的讲话, 县委十二届二次全体(扩大)会议; blind4 市委五届十次
# 全体(扩大)会议, 市委一届五次全委(扩大)会议)

@pytest.mark.parametrize("title, occasion", [
    ("在市委八届七次全委扩大会议开始时的讲话", "市委八届七次全委扩大会议"),
    ("在市政府一届五次全体(扩大)会议上的讲话", "市政府一届五次全体(扩大)会议"),
    ("在县委十二届二次全体（扩大）会议上的讲话", "县委十二届二次全体（扩大）会议"),
])
def test_a_title_naming_its_meeting_gives_it_whole(title, occasion):
    assert p(f"{title}\n同志们:\n今天,我们召开这次会议,主要任务是部署今年的工作。\n").occasion == occasion


# a verb before a meeting's name is not the occasion: 在视察全国两会时 / 在参加全国两会时 name a visit, not the
# meeting's opening or close (only 开幕时, 闭幕时, 开始时, 结束时 do: blind2 ……第一次會議閉幕時, blind5 ……会议开始时;
# no file of the six real sets has a bare 会时); 在出席X论坛上 names X (s26 review of meta7)

@pytest.mark.parametrize("title", ["在视察全国两会时的讲话", "在参加全国两会时的讲话", "在全市人大会时的讲话"])
def test_a_visit_at_a_meeting_names_no_occasion(title):
    r = p(f"{title}\n同志们:\n今天我们在这里座谈,听听大家的意见。\n")
    assert r.occasion is None


def test_attending_a_forum_names_the_forum():
    r = p("在出席中非合作论坛上的讲话\n同志们:\n今天我们在这里座谈,听听大家的意见。\n")
    assert r.occasion == "中非合作论坛"




@pytest.mark.parametrize("unit", ["在(扩大)", "(扩大)", "(2006年8月30日) ", "在会议开始时"])
def test_a_megabyte_line_of_these_shapes_loads(unit):
    # (a generous bound that only a quadratic search misses, not a timing)
    assert_a_megabyte_line_loads(unit)


# --- a full dating line under a subtitle naming its meeting's year: the day is the speech's, the year was the
# meeting's name (blind5 四平 2014: ——在2014年全市教育工作会议上的报告 / office + name / (2014年3月5日), under a posting
# line of 2014-03-14)

def test_a_full_dating_line_beats_the_year_in_a_subtitle():
    r = p("深化改革 突破创新 全面提升四平教育的整体水平\n2014-03-14   来源:记者站     浏览数:\n"
          "——在2014年全市教育工作会议上的报告\n市教育局局长、党委书记 赵青山\n(2014年3月5日)\n同志们:\n"
          "这次会议的主要任务是,深入贯彻落实全国、全省教育工作会议精神,总结2013年工作。\n")
    assert r.date == "2014-03-05"
    assert r.speaker == "赵青山"


def test_a_subtitles_full_dating_stays_over_a_later_date_line():
    # (the 2026 provincial reports: ——2026年1月27日在……上 is the speech's own dating; a second date is not)
    r = p("政府工作报告\n——2026年1月27日在江西省第十四届人民代表大会第四次会议上\n省长 叶建春\n(2026年1月30日)\n"
          "各位代表:\n现在,我代表省人民政府,向大会报告工作,请予审议。\n")
    assert r.date == "2026-01-27"


# --- a column quoting an official (特首林鄭月……證實 … 林鄭說：「……」) names no speaker: quoting names a speaker only in
# a report, one of whose first paragraphs reads as its lede (tests/data/real/hkcnews/article_8390, a 眾觀 column:
# 林鄭, cut short, was its speaker). Reports keep theirs: blind3 南方日报 汪洋, 民进汕头 马清亮; blind5 秦安 周秀山,
# 成都 李春城, 县委全会 鲁绍延, 重庆 贺国强 (the lede, then who presided), 朱小丹, 韩正 (test_blind5_rules too)

_COLUMN = ("---\ntitle: \"習近平十九大思想登陸政總\"\ndate: \"2017-11-21\"\nauthor: \"楊健興\"\ncategory: \"眾觀\"\n---\n\n"
           "# 習近平十九大思想登陸政總\n\n**《決勝全面造建成小康社會** **奪取新時代中國特色社會主義偉大勝利》**\n\n"
           "以上並非連鎖快餐店急口令遊戲，比試小朋友一口氣能否讀完的題目，而是中共總書記習近平在上月舉行的中共十九大全國黨代表大會上"
           "發表的報告，報告印刷成為小冊子的封面標題。\n\n"
           "殖民地時代中共在港活動在地下進行，每5年舉行的黨大會是全國大事，但港人普遍感到「與我何干」、興趣不大。"
           "內地宣講十九大精神行動，實際上是習近平思想行動，南下香港。特首林鄭月今早證實，中共十九大精神中央宣講團將南下香港，"
           "在本周四向特區政府問責官員及副秘書長或以上的高級公務員，介紹十九大主要情況和重要意義。\n\n"
           "對於中央首次派宣講團向特區高官介紹黨代會，林鄭說：「我們也要知道這個國家發展大局是甚麼。」\n")


def test_a_column_quoting_an_official_names_no_speaker():
    from jianghua.corpus.ingest import ingest_bytes
    b = ingest_bytes(_COLUMN.encode(), segment=False, source="article_8390.md")["body"]
    assert b["title"] == "習近平十九大思想登陸政總"
    assert b["speaker"] is None


@pytest.mark.parametrize("text, speaker", [
    ("本报讯 历时5天的中国共产党重庆市第二次代表大会,昨日下午在人民大会堂胜利闭幕。\n"
     "大会主席团常务委员会主席贺国强主持了闭幕大会。\n贺国强在闭幕大会上作了重要讲话。\n", "贺国强"),
    ("2月26日上午,省长朱小丹走访部分省有关单位,向省直机关干部职工致以新春问候。\n"
     "朱小丹先后来到省政府办公厅、省直机关工委。\n朱小丹说,过去一年大家的工作都蛮拼的。\n", "朱小丹"),
])
def test_a_report_quoting_an_official_it_named_keeps_the_speaker(text, speaker):
    assert p(text).speaker == speaker


# --- the title again with a short bracketed tag after it is the title's repeat, not the text (blind5 九江 2021:
# ……动员大会上的讲话 / ……动员大会上的讲话(摘登) / office + name / (date,来源:…); blind3 专题党课讲稿：……(共4篇))

def test_a_title_repeated_with_a_tag_keeps_the_head_under_it():
    r = p("在全市优化营商环境暨“项目大会战”动员大会上的讲话\n在全市优化营商环境暨“项目大会战”动员大会上的讲话(摘登)\n"
          "江西省九江市委书记 林彬杨\n(2021年2月22日,来源:九江e媒)\n同志们:\n"
          "之所以把今年定为“营商环境提质年”“重大项目会战年”,主要基于以下三点考虑:环境是金,项目为王。\n")
    assert (r.title, r.date, r.speaker) == ("在全市优化营商环境暨“项目大会战”动员大会上的讲话", "2021-02-22", "林彬杨")
    assert r.paragraphs[0].text.startswith("之所以")


def test_a_line_going_on_after_the_title_is_no_repeat():
    from jianghua.corpus.headline import repeats_title
    t = "在全市优化营商环境暨项目大会战动员大会上的讲话"
    assert repeats_title(t + "(摘登)", t)
    assert not repeats_title(t + "(摘登)精神,我们要认真学习。", t)
    assert not repeats_title(t + "(一篇很长很长的附加说明文字)", t)


# --- a dating line wrapped over two lines (2025年3月21日在汉滨区第十九届 / 人民代表大会第四次会议上) is one dating line
# (blind5 汉滨 2025, under a 政府信息公开 page's fields; the 2026 广东 report wraps its ——dating the same way,
# tests/data/real/2026_广东省_政府工作报告.txt)

def test_a_dating_line_wrapped_over_two_lines_gives_date_and_meeting():
    r = p("汉滨区2025年政府工作报告\n2025年3月21日在汉滨区第十九届\n人民代表大会第四次会议上\n汉滨区人民政府代区长 向诗兵\n"
          "各位代表:\n现在,我代表区人民政府向大会报告工作,请予审议,并请区政协委员和其他列席人员提出意见。\n")
    assert (r.date, r.speaker) == ("2025-03-21", "向诗兵")
    assert r.occasion == "汉滨区第十九届人民代表大会第四次会议"
    assert r.paragraphs[0].text.startswith("现在,我代表区人民政府")


# --- a heading that opens with a year (2009年工作回顧, 2023年工作回顾, 2024年主要工作) is no dating line naming a speaker:
# a name after a date is set apart by a space or follows an office (……会议上 陕西省省长 赵刚) (blind5 南開區 2010, whose
# speaker read 工作回顧; the same headings in blind2 重庆日报 2023, 武汉检察 2024, 笔墨写作 2024)

@pytest.mark.parametrize("line, speaker", [
    ("2009年工作回顾", None),
    ("2024年主要工作", None),
    ("2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚", "赵刚"),
    ("2023年1月6日 张剑飞", "张剑飞"),
])
def test_a_name_after_a_date_is_set_apart_or_after_an_office(line, speaker):
    from jianghua.corpus.metadata import dating_line
    found = dating_line(line)
    assert (found[2] if found else None) == speaker


# --- a year inside a file's name, words on both sides, is the title's own: 南開區2010年政府工作報告.big5.txt names
# 南開區2010年政府工作報告, not 南開區 政府工作報告 (blind5; blind3 县长在2017年县政府全体会议上的讲话.txt, 市长在2008年
# 全市领导干部会议上的讲话.gbk.txt, blind4 义乌二〇〇三年政府工作报告.txt); a leading year is the date alone
# (1988年国务院政府工作报告.txt, 2026_上海市_政府工作报告.txt)

@pytest.mark.parametrize("name, title, date", [
    ("南開區2010年政府工作報告.big5.txt", "南開區2010年政府工作報告", "2010"),
    ("县长在2017年县政府全体会议上的讲话.txt", "县长在2017年县政府全体会议上的讲话", "2017"),
    ("1988年国务院政府工作报告.txt", "国务院政府工作报告", "1988"),
    ("2026_上海市_政府工作报告.txt", "上海市政府工作报告", "2026"),
    ("人大闭幕会讲话2020年.txt", "人大闭幕会讲话", "2020"),
    # (a full date or a date code inside a name is the file's date alone: s26 review of meta7)
    ("张三2020年3月5日讲话.txt", "张三 讲话", "2020-03-05"),
    ("县长20200305讲话稿.txt", "县长 讲话稿", "2020-03-05"),
])
def test_a_year_inside_a_file_name_stays_in_its_title(name, title, date):
    from jianghua.corpus.metadata import from_filename
    assert from_filename(name) == (title, date)


@pytest.mark.parametrize("name, title", [("张三2020年3月5日讲话.txt", "张三 讲话"), ("县长20200305讲话稿.txt", "县长 讲话稿")])
def test_an_untitled_speech_is_named_by_its_file_around_its_date(name, title):
    r = p("同志们:\n今天召开全县经济工作会议,主要任务是总结去年工作。\n", name)
    assert (r.title, r.date) == (title, "2020-03-05")


def test_an_untitled_report_is_named_by_its_file_with_its_year():
    # (blind5 南開區2010年政府工作報告.big5.txt: the text opens with 現在，我代表……; a year heading under it)
    r = p("现在,我代表南开区人民政府,向大会作政府工作报告,请予审议,并请区政协委员和其他列席人员提出意见。\n2009年工作回顾\n"
          "2009年是新中国成立60周年,是南开区战胜困难挑战,实现稳步发展不寻常的一年。\n", "南开区2010年政府工作报告.txt")
    assert (r.title, r.date, r.speaker) == ("南开区2010年政府工作报告", "2010", None)
    assert r.paragraphs[0].text.startswith("现在,我代表")


def test_a_title_with_its_year_stays_over_the_files_longer_name():
    # (blind4 义乌二〇〇三年政府工作报告.txt: its head's title is 二〇〇三年政府工作报告)
    r = p("二〇〇三年政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作,请予审议。\n", "义乌二〇〇三年政府工作报告.txt")
    assert r.title == "二〇〇三年政府工作报告"


# --- a resolution's adoption line ((2023年1月7日……会议通过), 2018年1月7日……会议通过) is its dating: the date and the meeting,
# not its title nor its first paragraph (blind 区人大网 宣州 2023, blind4 content_73945 新乡 2020, blind2 巴中 2018)

@pytest.mark.parametrize("line, occasion", [
    ("(2023年1月7日宣城市宣州区第十七届人民代表大会第三次会议通过)", "宣城市宣州区第十七届人民代表大会第三次会议"),
    ("2018年1月7日巴中市第四届人民代表大会第二次会议通过", "巴中市第四届人民代表大会第二次会议"),
])
def test_an_adoption_line_is_the_resolutions_dating(line, occasion):
    from jianghua.corpus.metadata import dating_line
    assert dating_line(line)[1] == occasion


def test_an_adoption_line_is_neither_title_nor_text():
    r = p("(2020年5月15日新乡市十三届人大三次会议第三次全体会议通过)\n"
          "听取和审议了王登喜市长代表市人民政府所作的政府工作报告。会议充分肯定了市政府2019年的工作。\n")
    assert r.date == "2020-05-15"
    assert "通过" not in r.title
    assert r.paragraphs[0].text.startswith("听取和审议了")
    r = p("巴中市第四届人民代表大会第二次会议关于巴中市人民检察院工作报告的决议\n2018年1月7日巴中市第四届人民代表大会第二次会议通过\n"
          "巴中市第四届人民代表大会第二次会议听取和审查了刘晓勇检察长所作的《巴中市人民检察院工作报告》。\n")
    assert r.date == "2018-01-07"
    assert r.paragraphs[0].text.startswith("巴中市第四届人民代表大会第二次会议听取")


def test_a_sentence_saying_a_meeting_adopted_something_is_no_dating():
    from jianghua.corpus.metadata import dating_line
    assert dating_line("2018年1月7日,会议审议通过了决议。") is None


# --- a file name says more than the head's bare title only with the place before it (2026_广东省_政府工作报告.txt over
# 政府工作报告) or words going on after it (武进区区长当选发言.txt over a 武进区区长 line); a site's or paper's name before
# it is not the title's (blind 中国旅游报_要闻速览.md: # 要闻速览; blind2 010在线_政协大会闭幕词.gbk.txt; blind4
# 浮山县政府工作报告(报纸版).txt: 政府工作报告)

@pytest.mark.parametrize("source, title", [
    ("2026_广东省_政府工作报告.txt", "广东省政府工作报告"),
    ("010在线_政府工作报告.txt", "政府工作报告"),
    ("浮山县政府工作报告(报纸版).txt", "政府工作报告"),
    ("政府工作报告全文.txt", "政府工作报告全文"),
    # (the place with the year after it, or the place's government: s26 review of meta7)
    ("南京市2023年政府工作报告.txt", "南京市2023年政府工作报告"),
    ("南京市人民政府2023年政府工作报告.txt", "南京市人民政府2023年政府工作报告"),
    ("010在线2023年政府工作报告.txt", "政府工作报告"),
])
def test_a_file_name_says_more_only_with_a_place_or_words_after(source, title):
    r = p("政府工作报告\n各位代表:\n现在,我代表省人民政府,向大会报告工作,请予审议。\n", source)
    assert r.title == title


def test_a_papers_name_before_a_headline_is_not_its_title():
    r = p("要闻速览\n●4月14日下午,国家主席习近平在人民大会堂同来华进行国事访问的巴西总统卢拉举行会谈。\n", "中国旅游报_要闻速览.md")
    assert r.title == "要闻速览"
