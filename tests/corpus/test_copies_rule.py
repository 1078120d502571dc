"""When two speeches are copies of one text (corpus/copies.py): a traditional copy,
a portal's copy with junk around it, a copy that lost a paragraph are; two speeches
of one office sharing boilerplate paragraphs, or a speech quoting a long passage of
another, are not. (Texts: the bundled speeches, and a real speech of tests/data/real.)"""

from __future__ import annotations

from pathlib import Path

from jianghua.corpus.copies import fingerprint, groups, same_text, sentence_hashes
from jianghua.corpus.script import to_traditional

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "corpus" / "bundled").glob("*.txt"))
REAL = ROOT / "tests" / "data" / "real" / "2026_上海市_政府工作报告.txt"

JUNK_HEAD = ["首页 > 新闻中心 > 领导讲话", "来源：某某网　　【字体：大 中 小】【打印本页】【关闭窗口】",
             "当前位置：市人民政府门户网站首页领导活动领导讲话栏目"]
JUNK_TAIL = ["相关阅读：", "关于进一步加强机关党建工作的通知全文发布", "市委办公室召开党支部书记述职评议会议纪要",
             "版权所有：某某市人民政府办公室主办单位联系方式网站地图", "扫一扫在手机上打开当前页面"]


def paragraphs(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def hashes(lines: list[str]) -> set[int]:
    return set(sentence_hashes(lines))


def test_a_traditional_copy_a_portal_copy_and_a_copy_without_a_paragraph_are_one_text():
    for path in (BUNDLED[1], REAL):
        text = paragraphs(path)
        assert len(hashes(text)) >= 20
        trad = [to_traditional(p) for p in text]
        assert trad != text and same_text(hashes(text), hashes(trad))
        portal = JUNK_HEAD + [p.replace("，", ",").replace("：", ":") for p in text] + JUNK_TAIL
        assert same_text(hashes(text), hashes(portal))
        shorter = text[:len(text) // 2] + text[len(text) // 2 + 1:]
        assert same_text(hashes(text), hashes(shorter))


def test_boilerplate_or_a_quoted_passage_makes_no_copy():
    a, b = paragraphs(BUNDLED[1]), paragraphs(BUNDLED[3])
    shared = a[: len(a) // 4]  # a quarter of one speech in the other: boilerplate, or a quoted passage
    assert not same_text(hashes(a), hashes(b + shared))
    assert not same_text(hashes(a + shared[:3]), hashes(b + shared[:3]))
    # a short speech that is mostly a long quotation of another: most of the short one, little of the long one
    quoting = ["同志们：", "今天我们一起重温这篇讲话，下面我念几段，请大家认真体会其中的要求。", *shared]
    assert not same_text(hashes(a), hashes(quoting))
    # too short to call anything a copy
    assert not same_text(hashes(a[:1]), hashes(a[:1]))


def test_groups_are_transitive_and_only_of_copies():
    texts = [paragraphs(p) for p in BUNDLED]
    prints = [fingerprint(t) for t in texts]
    trad1 = fingerprint([to_traditional(p) for p in texts[1]])
    portal1 = fingerprint(JUNK_HEAD + texts[1] + JUNK_TAIL)
    quoting3 = fingerprint(["同志们：", "下面我念几段讲话原文，请大家认真学习体会其中的要求。", *texts[3][len(texts[3]) // 3:len(texts[3]) // 2]])
    got = groups([*prints, trad1, None, portal1, quoting3, "not base64!"])
    assert got == [[1, 5, 7]]
    assert groups(prints) == []


def test_texts_of_one_template_with_other_figures_are_not_copies():
    """Monthly statistics: one template, other figures — other texts."""
    def month(m: int, a: float, b: float) -> list[str]:
        return [f"{m}月份，全市规模以上工业增加值同比增长{a}%，增速比上月加快{b}个百分点。",
                f"分门类看，采矿业增加值增长{b}%，制造业增长{a + 1}%，电力热力生产和供应业增长{a - 1}%。",
                f"{m}月份，社会消费品零售总额同比增长{a + 2}%，其中网上零售额增长{b + 3}%。",
                f"1—{m}月份，全市固定资产投资同比增长{b + 1}%，其中基础设施投资增长{a}%。"]
    assert not same_text(hashes(month(5, 5.2, 0.4)), hashes(month(6, 4.8, 1.1)))
    # … while the same figures written full-width on another portal are the same text
    full = [p.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％")) for p in month(5, 5.2, 0.4)]
    assert same_text(hashes(month(5, 5.2, 0.4)), hashes(full))


def test_boilerplate_in_every_speech_pairs_none_and_copies_still_meet():
    """A sentence most speeches have (boilerplate, a slogan) pairs no speeches; the
    rare sentences of a copy still pair it with its original."""
    boiler = [f"坚持以新时代中国特色社会主义思想为指导全面贯彻落实第{k}项部署要求" for k in range(8)]
    speeches = [boiler + [f"第{i}篇讲话第{j}句话的内容各不相同要认真研究落实到位{i * 100 + j}" for j in range(12)]
                for i in range(40)]
    copy = ["来源：某某网　责任编辑：某某", *speeches[7], "相关阅读：关于进一步加强机关党建工作的通知全文发布"]
    assert groups([fingerprint(s) for s in speeches] + [fingerprint(copy)]) == [[7, 40]]


def test_no_group_through_a_chain_of_copies():
    """Two speeches of one office sharing boilerplate, and a collection holding both:
    the collection is close to each, the two are not one text — they never share a group."""
    texts = [paragraphs(p) for p in BUNDLED]
    boiler = texts[3][-30:]
    a, b = texts[1] + boiler, texts[2] + boiler
    ha, hb, hab = hashes(a), hashes(b), hashes(a + b)
    assert not same_text(ha, hb) and same_text(ha, hab) and same_text(hb, hab)
    for prints in ([a, b, a + b], [a + b, a, b], [a, a + b, b]):
        got = groups([fingerprint(t) for t in prints])
        assert len(got) <= 1 and all(len(g) == 2 for g in got), got  # the collection with one of them at most
    got = groups([fingerprint(t) for t in (a, b, a + b, a, b)])  # … and the copies of each still meet
    assert [0, 3] in got or [0, 2, 3] in got
    assert any({1, 4} <= set(g) for g in got) and not any({0, 1} <= set(g) for g in got)


def test_copies_dated_in_different_years_are_other_texts():
    text = paragraphs(BUNDLED[2])
    prints = [fingerprint(text), fingerprint(text[:-2]), fingerprint([to_traditional(p) for p in text])]
    assert groups(prints) == [[0, 1, 2]]
    assert groups(prints, [2023, 2023, None]) == [[0, 1, 2]]
    assert groups(prints, [2023, 2022, None]) in ([[0, 2]], [[1, 2]])


def test_many_copies_of_one_text_are_one_text():
    """More copies than a bucket pairs (SMALL), each with its own source line: one text."""
    text = paragraphs(BUNDLED[1])
    others = [fingerprint(paragraphs(p)) for p in (BUNDLED[0], BUNDLED[2], BUNDLED[3])]
    for n in (17, 40):
        copies = [fingerprint([f"来源：第{i}个门户网站　责任编辑：编辑{i}号同志负责", *text]) for i in range(n)]
        assert groups([*others, fingerprint(text), *copies]) == [list(range(3, 4 + n))]
    assert groups([fingerprint(text)] * 1000 + others) == [list(range(1000))]


def test_a_copy_with_half_width_punctuation_is_the_same_text():
    """A copy typed on an English keyboard, or read by OCR: 。 is "."; a decimal point stays."""
    for path in (BUNDLED[2], REAL):
        text = paragraphs(path)
        half = [p.translate(str.maketrans("，。；：！？", ",.;:!?")) for p in text]
        assert same_text(hashes(text), hashes(half))
    assert hashes(["同比增长5.2%，增速比上月加快0.4个百分点。"]) == hashes(["同比增长5.2%,增速比上月加快0.4个百分点."])
    assert hashes(["同比增长5.2%，增速比上月加快0.4个百分点。"]) != hashes(["同比增长5.3%，增速比上月加快0.4个百分点。"])
