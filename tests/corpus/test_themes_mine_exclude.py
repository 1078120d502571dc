"""`tests/themes_mine.py` must not mine vocabulary from a document an evaluation set measures on: its EXCLUDE drops
the aldohemsn/chinese-political-corpora reports that fresh6 (Y17–Y25) and fresh7 (Z01–Z10) take paragraphs from
(tests/data/README.md, "A sixth blind set", "A seventh blind set"). Titles as that corpus's jsonl files spell them."""

from __future__ import annotations

import pytest

from tests.themes_mine import excluded

FRESH6_FRESH7 = [
    *(f"{y}年中华人民共和国国务院政府工作报告" for y in (1956, 1979, 1985, 1993, 2004, 2010, 1960, 1983, 1995, 2007, 2013, 2021)),
    "1964年中华人民共和国国务院政府工作报告（摘要）",
    "全面开创社会主义现代化建设的新局面 (十二大)",
    "沿着有中国特色的社会主义道路前进 (十三大)",
    "加快改革开放和现代化建设步伐 (十四大)",
    "高举邓小平理论伟大旗帜，把建设有中国特色社会主义事业全面推向二十一世纪 (十五大)",
    "全面建设小康社会，开创中国特色社会主义事业新局面 (十六大)",
    "高举中国特色社会主义伟大旗帜，为夺取全面建设小康社会新胜利而奋斗 (十七大)",
]


@pytest.mark.parametrize("title", FRESH6_FRESH7)
def test_the_reports_fresh6_and_fresh7_use_are_not_mined(title):
    assert excluded(title, "各位代表：现在，我代表国务院向大会作政府工作报告，请予审议。")


def test_other_reports_are_still_mined():
    for title in ("2016年中华人民共和国国务院政府工作报告", "1959年中华人民共和国国务院政府工作报告", "在中国共产党第十次全国代表大会上的报告"):
        assert not excluded(title, "同志们：现在，我代表中央委员会向大会作报告。")
