"""A speech with no title line gets a title from its opening: never an outline heading run into
the first sentence, nor a report's byline; and an adverb after an office named last is no speaker.
Excerpts from public pages quoted in tests/data/themes_fresh5.toml (V35 wenmi.com, V46
dawenge.com, V87 nxhuan.com), the text as stored."""

from __future__ import annotations

from jianghua.corpus.clean import clean_text
from jianghua.corpus.structure import parse


def p(text: str):
    return parse(clean_text(text))


def test_an_outline_heading_over_the_first_paragraph_is_not_run_into_the_title():
    parsed = p("一、会议时间\n党员领导干部民主生活会每年召开一次,根据工作需要,也可以随时召开。\n"
               "二、参加民主生活会的对象\n各级领导班子每次民主生活会的参加人员不得低于应到会人员的90%。\n")
    assert parsed.title_derived
    assert parsed.title.startswith("党员领导干部民主生活会"), parsed.title


def test_a_reports_byline_does_not_open_the_title():
    parsed = p("(薛密質)4月20日,縣委副書記、縣長許健到縣信訪大廳接訪。副縣長胡曉琴陪同。\n"
               "許健指出,做好信訪工作對了解群眾訴求、化解各類矛盾、保持社會穩定具有十分重要的意義。\n")
    assert parsed.title.startswith("4月20日,縣委副書記"), parsed.title


def test_an_adverb_after_an_office_is_not_the_speaker():
    parsed = p("今天,这个会是市委、市政府决定召开的一次非常重要的会议,关系到彭州的未来。刚才,德林同志总结了上半年的工作。"
               "市委家荣书记还要作重要讲话,请大家认真贯彻落实。下面,我讲几点意见:\n一、关于招商引资工作的特点\n"
               "我到彭州还不到一个月,这期间,我的主要精力和时间是到乡镇、到企业、到部门进行调研。\n")
    assert parsed.speaker != "还要"
