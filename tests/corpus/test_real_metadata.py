"""Titles, dates and speakers of real public texts (tests/data/real, see its README),
and traditional script read like simplified."""

from __future__ import annotations

from pathlib import Path

import pytest

from jianghua.corpus._toml import toml
from jianghua.corpus.clean import clean_text
from jianghua.corpus.script import fold, to_traditional
from jianghua.corpus.structure import parse
from tests.conftest import BUNDLED, SOURCES
from tests.metadata_eval import bad_title, evaluate, judge, parse_file

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
EXPECTED = toml.loads((REAL / "expected.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_title_date_and_speaker_of_a_real_file(name):
    exp, p = EXPECTED[name], parse_file(REAL, name)
    v = judge(exp, p)
    assert v.title, (p.title, exp)
    assert v.year and v.date, (p.date, exp["date"])
    assert v.speaker, (p.speaker, exp.get("speaker"))
    assert v.bad_title is None, p.title
    assert p.year == int(exp["date"][:4])


def test_the_whole_table_with_the_measuring_script():
    r = evaluate(REAL, REAL / "expected.toml")
    assert r["files"] >= 50 and r["wrong_years"] == 0 and r["titles_right_pct"] == 100.0


def test_header_block_lines_are_metadata_not_paragraphs():
    p = parse_file(REAL, "2026_宁夏回族自治区_政府工作报告.txt")
    assert (p.origin, p.date, p.speaker) == ("宁夏日报客户端", "2026-02-03", "张雨浦")
    text = "".join(q.text for q in p.paragraphs[:3])
    for furniture in ("发表时间", "来源", "阅读量", "字体", "当前位置", "2026-02-09", "宁夏日报记者"):
        assert furniture not in text
    assert p.salutation == "各位代表："
    assert p.paragraphs[0].text.startswith("现在，我代表自治区人民政府")


def test_a_run_together_first_line_is_split():
    p = parse_file(REAL, "2020-11-19_01.txt")
    assert p.origin == "新华社北京11月19日电"  # the dateline is the source, not the title
    assert "新华社" not in p.title
    assert p.salutation.startswith("各位工商界朋友") and p.salutation.endswith("：")
    assert p.paragraphs[0].text.startswith("在全球共抗新冠肺炎疫情")


def test_a_salutation_is_never_a_title():
    for name in ("2020-01-18_01.txt", "2020-03-27_01.txt", "2020-06-18_01.txt"):
        p = parse_file(REAL, name)
        assert bad_title(p.title) is None, p.title
        assert not p.title.startswith(("尊敬的", "大家好")), p.title


def test_never_a_year_from_the_body():
    # The text names 1927 (一九二七年所发生的事变); without its dating line and its
    # file name it states no date of its own.
    raw = (REAL / "000-中国社会各阶级的分析.md").read_text(encoding="utf-8")
    undated = "\n".join(line for line in raw.splitlines() if "一九二五年十二月一日" not in line)
    assert "一九二七年" in undated
    p = parse(clean_text(undated))
    assert (p.year, p.date) == (None, None)
    # A derived title does not bring a year with it either.
    p = parse(clean_text("同志们：\n2023年全市经济社会发展取得新成效。今年要抓好落实，2024年再上台阶。"))
    assert (p.year, p.date) == (None, None)
    # …nor a hash or a number in a file name.
    assert parse(clean_text(undated), "000_b3064409eaf5df0b.txt").year is None
    assert parse(clean_text(undated), "20191301.txt").year is None  # no 13th month


def test_file_name_title_and_date():
    body = "同志们：\n今天，我们召开这次会议，主要任务是总结工作、部署任务。"
    p = parse(clean_text(body), "reports/1988年中华人民共和国国务院政府工作报告.txt")
    assert (p.title, p.year, p.title_derived) == ("中华人民共和国国务院政府工作报告", 1988, False)
    p = parse(clean_text(body), "2020-11-12_02.txt")
    assert p.date == "2020-11-12" and p.title_derived and "2020" not in p.title
    p = parse(clean_text(body), "000_b3064409eaf5df0b.txt")
    assert p.date is None and p.title_derived


def test_derived_titles_fill_every_slot_or_are_the_opening_clause():
    p = parse(clean_text("同志们：\n今天，我们召开全县安全生产工作会议，主要任务是部署安全工作。"))
    assert p.title == "在全县安全生产工作会议上的讲话"
    p = parse(clean_text("同志们：\n党中央决定，下个月召开全会。我们要做好准备工作。"))
    assert not p.title.startswith("在") and "全会" in p.title  # a later meeting is not this one's occasion


def _bundled_store(folder: Path, tmp_path: Path):
    from jianghua.store import Store

    s = Store.open(folder, store_path=tmp_path / "store")
    s.update()
    return s


def test_traditional_copies_of_the_bundled_speeches_read_like_the_originals(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in SOURCES:
        text = (BUNDLED / name).read_text(encoding="utf-8")
        (corpus / name).write_text(text, encoding="utf-8")
        (corpus / f"trad_{name}").write_text(to_traditional(text), encoding="utf-8")
    store = _bundled_store(corpus, tmp_path)
    rows = {r.source: r for r in store.speeches()}
    for name in SOURCES:
        a, b = rows[name], rows[f"trad_{name}"]
        assert b.title != a.title and fold(b.title) == a.title  # shown as written
        assert (b.year, b.date, fold(b.occasion or ""), b.level) == (a.year, a.date, a.occasion or "", a.level)
        assert not b.occasion or b.occasion != a.occasion or fold(b.occasion) == b.occasion  # the occasion shown as written
        assert [(t.id, t.score) for t in b.themes] == [(t.id, t.score) for t in a.themes]
        sa, sb = store.speech(a.id), store.speech(b.id)
        # (headings are compared by shape: OpenCC's round trip is not the identity, 坐标 → 座標 → 座标)
        assert [(s.level, s.parent, s.paragraphs, bool(s.heading)) for s in sb.sections] == [
            (s.level, s.parent, s.paragraphs, bool(s.heading)) for s in sa.sections
        ]
        assert [len(p.text) for p in sb.paragraphs] == [len(p.text) for p in sa.paragraphs]
        assert [p.themes for p in sb.paragraphs] == [p.themes for p in sa.paragraphs]
        assert [fold(k) for k in sb.keywords] == list(sa.keywords)  # the same words, shown as written
        assert sb.keywords != sa.keywords


@pytest.mark.parametrize(
    "source, text, expected",
    [  # the shapes quoted in issue 9
        ("a.txt", "高举中国特色社会主义伟大旗帜\n2022-10-25 21:36:07\n同志们：\n现在，我代表第十九届中央委员会向大会作报告。",
         ("高举中国特色社会主义伟大旗帜", "2022-10-25", None)),
        ("b.txt", "中国共产党第十九次全国代表大会开幕\n发布时间：2017年10月25日 16:59  来源：新华社\n"
         "新华社北京10月18日电 中国共产党第十九次全国代表大会18日上午在人民大会堂开幕。",
         ("中国共产党第十九次全国代表大会开幕", "2017-10-18", "新华社北京10月18日电")),
        ("c.txt", "2026年上海市政府工作报告\n上海市 2026 2026-02-09\n各位代表：\n现在，我代表市人民政府报告工作。2023年全市经济增长。",
         ("2026年上海市政府工作报告", "2026-02-09", None)),
        ("2020-11-19_01.txt", "新华社北京11月19日电构建新发展格局　实现互利共赢——在亚太经合组织工商领导人对话会上的主旨演讲"
         "（2020年11月19日，北京）中华人民共和国主席 习近平各位工商界朋友，女士们，先生们，朋友们：在全球共抗新冠肺炎疫情的重要时刻，我很高兴同大家见面。",
         ("构建新发展格局 实现互利共赢——在亚太经合组织工商领导人对话会上的主旨演讲", "2020-11-19", "新华社北京11月19日电")),
        ("2020-01-08_01.txt", "在“不忘初心、牢记使命”主题教育总结大会上的讲话（2020年1月8日）习近平同志们：在全党开展主题教育，是重大决策。",
         ("在“不忘初心、牢记使命”主题教育总结大会上的讲话", "2020-01-08", None)),
        ("e.txt", "先生们，同志们：今天，我们召开全省科技大会，部署创新工作。", ("在全省科技大会上的讲话", None, None)),
    ],
)
def test_shapes_from_the_issue(source, text, expected):
    p = parse(clean_text(text), source)
    assert (p.title, p.date, p.origin) == expected
    assert bad_title(p.title) is None


def test_same_text_under_two_dated_names_keeps_each_names_title_and_year(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    body = "各位代表：\n我代表国务院，向大会作政府工作报告，请予审议。\n一、过去一年的工作\n国民经济持续增长。"
    for name in ("1988年国务院政府工作报告.txt", "a3f9.txt"):
        (corpus / name).write_text(body, encoding="utf-8")
    _bundled_store(corpus, tmp_path)
    for name in ("1990年国务院政府工作报告.txt", "b7c1.txt"):  # added later: a stored body may be reused
        (corpus / name).write_text(body, encoding="utf-8")
    store = _bundled_store(corpus, tmp_path)
    got = {r.source: (r.title, r.year) for r in store.speeches()}
    assert got["1988年国务院政府工作报告.txt"] == ("国务院政府工作报告", 1988)
    assert got["1990年国务院政府工作报告.txt"] == ("国务院政府工作报告", 1990)
    assert got["a3f9.txt"] == got["b7c1.txt"] and got["a3f9.txt"][1] is None  # one body, shared
