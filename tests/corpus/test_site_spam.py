"""A 文秘 / 范文 site's spam in a copied speech, a lossy encoder's question marks and a
portal's toolbar: what the reader shows has none of them. The excerpts are cut from public
pages quoted in tests/data/themes_fresh5.toml (V44 gaozihui.com, V46 dawenge.com, V87
nxhuan.com) and the portal copy of tests/distinct_texts.py; the speeches' words are kept."""

from __future__ import annotations

import pytest

from jianghua.corpus.clean import clean_text
from jianghua.corpus.structure import parse


def p(text: str):
    return parse(clean_text(text))


SPAM_PAGE = """市长在招商引资再动员再部署大会上的讲话
同志们：
今天,我们在这里召开全市招商引资暨产业项目推进大会,这既是一个总结过去、面向未来的大会,又是一个换挡升级、攻坚克难的大会。下面,我讲三点意见: 稿子汇 www.gaozihui.com
公文汇,办公文档之家
一、清醒认识招商引资面临的差距稿子汇,范文学习文库
一是招商总量上有差距。X年,我市利用省外投资位列全省倒数第三,总量仅占全省的X%。 公文汇,办公文档之家
通过调研,对我的启发很大,教育很深。我认为我市上半年招商引资有四个特点:【更多公文素材,微信:dadaw k01】
"""


def test_a_sites_name_slogan_and_contact_advert_are_not_in_the_speech():
    parsed = p(SPAM_PAGE)
    shown = "\n".join([parsed.title, *(q.text for q in parsed.paragraphs), *(s.heading or "" for s in parsed.sections)])
    for spam in ("稿子汇", "公文汇", "文档之家", "范文学习文库", "gaozihui", "微信", "素材"):
        assert spam not in shown, spam
    texts = [q.text for q in parsed.paragraphs]
    assert any(t.endswith("我讲三点意见:") for t in texts)
    assert any(t.endswith("总量仅占全省的X%。") for t in texts)
    assert any(t.endswith("有四个特点:") for t in texts)
    assert "一、清醒认识招商引资面临的差距" in [s.heading for s in parsed.sections]


@pytest.mark.parametrize("text", [
    "要建设职工之家,打造温馨之家。",
    "会议要求，加强公文网站建设",
    "请各单位于月底前报送材料（联系电话：0371-1234567）。",
    "按【返回】键回到上一页。",
    "你说什么?我没听清。",
])
def test_sentences_about_the_same_things_stay(text):
    assert clean_text(text) == text


def test_a_lossy_encoders_question_marks_before_a_paragraph_are_dropped():
    page = ("縣長許健到縣信訪大廳接訪\n??? 本報訊 (薛密質)4月20日,縣委副書記、縣長許健到縣信訪大廳接訪。副縣長胡曉琴陪同。\n"
            "??? 許健指出,做好信訪工作對了解群眾訴求、化解各類矛盾、保持社會穩定具有十分重要的意義。\n")
    texts = [q.text for q in p(page).paragraphs]
    assert not any("?" in t for t in texts) and texts[1].startswith("許健指出"), texts


def test_a_portals_toolbar_is_not_the_title():
    page = ("首页 > 新闻中心 > 领导讲话\n【字体：大 中 小】【打印本页】【关闭窗口】\n"
            "在全市机关党建工作会议上的讲话\n同志们：\n今天召开全市机关党建工作会议,主要任务是总结工作、部署任务。\n")
    parsed = p(page)
    assert parsed.title == "在全市机关党建工作会议上的讲话"
    assert clean_text("来源：某某网　　【字体：大 中 小】【打印本页】【关闭窗口】").strip() == "来源：某某网"



def test_a_portals_breadcrumbs_over_an_advert_block_do_not_keep_it():
    # the portal copy of tests/distinct_texts.py: breadcrumbs ending in 领导讲话, a toolbar, then the bundled
    # speech with its site's advert block on top
    from tests.distinct_texts import BUNDLED, OTHER_FILE, portal_copy

    parsed = p(portal_copy((BUNDLED / OTHER_FILE).read_text(encoding="utf-8")))
    assert parsed.title == "在市党政工作部门正职座谈会上的讲话", parsed.title
    assert not any("订阅" in q.text or "禁止外传" in q.text for q in parsed.paragraphs)
