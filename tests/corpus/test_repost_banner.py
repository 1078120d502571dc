"""A portal's own name on its banner and again on its date line is the page's own: the
date stays. Only a name said twice above the headline (网盟彩票|网盟彩票, a reposting
site), or one that is not the page's source, loses the day (review of session 21)."""

from __future__ import annotations

from jianghua.corpus.ingest import ingest_bytes

BODY = ("各位代表：\n\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n\n"
        "一、2023年工作回顾\n\n过去一年是全面贯彻党的二十大精神的开局之年。\n")


def _body(head: str) -> dict:
    return ingest_bytes((head + BODY).encode("utf-8"), segment=False, source="x.txt")["body"]


def test_a_sites_banner_over_its_own_date_line_keeps_the_date():
    for head in ("中国政府网\n\n政府工作报告\n\n中国政府网 2024-03-12\n\n",
                 "新华网\n\n政府工作报告\n\n2024-03-12 新华网\n\n",
                 "中國政府網\n\n政府工作報告\n\n中國政府網 2024-03-12\n\n"):
        b = _body(head)
        assert (b["date"], b["year"]) == ("2024-03-12", 2024), head
        assert b["title"].startswith("政府工作报") or b["title"].startswith("政府工作報")


def test_a_reposting_sites_name_said_twice_or_not_the_source_loses_its_day():
    b = _body("网盟彩票|网盟彩票\n网盟彩票2022-05-03\n网盟彩票\n政府工作报告\n")
    assert b["date"] is None and b["year"] is None
    b = _body("政府工作报告\n来源：新华社\n网盟彩票 2022-05-03\n")
    assert b["date"] is None
