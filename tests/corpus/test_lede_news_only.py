"""A lede names who spoke only in a news report (a dateline, a header's source or date, the
day of the event in its first sentence), never in a speech's own text (在……上的讲话), a text
studying a speech (学习贯彻……重要讲话精神), nor when the lede recalls an earlier speech
(前不久，省委书记……作了重要讲话) (review of session 21)."""

from __future__ import annotations

from jianghua.corpus.ingest import ingest_bytes


def _speaker(text: str) -> str | None:
    return ingest_bytes(text.encode("utf-8"), segment=False, source="a.txt")["body"]["speaker"]


def test_a_speech_recalling_a_superiors_speech_names_no_speaker():
    assert _speaker("在全市经济工作会议上的讲话\n\n（2023年12月20日）\n\n前不久，省委书记王国生在全省经济工作会议上"
                    "作了重要讲话，对明年工作作出部署。我们要认真抓好贯彻落实。\n\n一、关于今年工作\n\n今年以来，全市经济运行稳中向好。\n") is None


def test_a_study_article_names_no_speaker():
    assert _speaker("深入学习贯彻“七一”重要讲话精神\n\n7月1日，中共中央总书记、国家主席、中央军委主席习近平在庆祝中国共产党"
                    "成立100周年大会上发表重要讲话。讲话高屋建瓴、思想深邃，我们要认真学习领会。\n\n一、深刻认识重要意义\n\n"
                    "全市各级党组织要把学习贯彻重要讲话精神作为当前首要政治任务。\n") is None


def test_a_text_that_is_no_news_report_names_no_speaker():
    assert _speaker("关于做好当前工作的几点意见\n\n省委书记王国生在全省经济工作会议上作了重要讲话，对明年工作作出部署。"
                    "我们要认真抓好贯彻落实。\n\n一、关于今年工作\n\n今年以来，全市经济运行稳中向好。\n") is None


def test_a_news_report_recalling_an_earlier_speech_names_no_speaker():
    assert _speaker("全市干部大会召开\n\n本报讯 去年，省委书记王国生在全省经济工作会议上作了重要讲话。"
                    "会议要求全市认真贯彻落实。\n\n与会同志进行了讨论。\n") is None


def test_a_news_report_names_its_speaker():
    assert _speaker("全市经济工作会议召开\n\n本报讯 12月20日，全市经济工作会议召开。市委书记张建国出席会议并讲话。"
                    "会议总结了今年工作。\n\n会议要求各级各部门狠抓落实。\n") == "张建国"
    assert _speaker("全县巡察工作会议召开\n\n2月23日下午，全县巡察工作会议召开。会议总结了去年的工作。"
                    "县委书记张文科出席会议并讲话。\n\n会议指出，要压实责任。\n") == "张文科"
