"""Hard-wrapped .txt files (PDF conversions, old web pages, mailing lists) read as
the paragraphs a reader sees (`corpus.wrap`); files that are not wrapped parse
exactly as before."""

import json
from pathlib import Path

import pytest

from jianghua.corpus import structure
from jianghua.corpus.clean import clean_text
from jianghua.corpus.decode import decode_bytes
from jianghua.corpus import markdown
from jianghua.corpus.ingest import Skip, ingest_bytes
from jianghua.corpus.markdown import to_text
from jianghua.corpus.structure import parse
from jianghua.corpus.wrap import join_pair, unwrap, wrap_width

ROOT = Path(__file__).resolve().parents[2]
WRAPPED = ROOT / "tests/data/wrapped"
BUNDLED = sorted((ROOT / "corpus/bundled").glob("*.txt"))
# real files hard-wrapped by whoever saved them (a PDF of a speech, copied out)
REAL_WRAPPED = [ROOT / "tests/data/real/portal/公文帮_市政府全会讲话.txt"]
# a Word "plain text" export with line breaks (CRLF, every line broken at 38 characters; tests/data/real/blind2)
WORD_EXPORT = ROOT / "tests/data/real/blind2/新建 Microsoft Word 文档 (2).txt"
REAL = sorted(p for p in (ROOT / "tests/data/real").rglob("*")
              if p.suffix in (".txt", ".md") and p not in REAL_WRAPPED and p != WORD_EXPORT)


def test_a_word_export_broken_at_a_fixed_width_is_rejoined():
    body = ingest_bytes(WORD_EXPORT.read_bytes(), segment=False, source=WORD_EXPORT.name)["body"]
    # (the editor's ……全文如下： line is the page's; the salutation opens the speech: tests/corpus/test_blind3_rules.py)
    assert len(body["paragraphs"]) == 3
    assert body["salutation"] == "全国同胞们,同志们,朋友们!"
    assert body["paragraphs"][0][0].startswith("今天我们隆重聚会,庆祝中华人民共和国成立60周年,在这个喜庆")


def outline(text: str, source: str | None = None):
    p = parse(clean_text(text), source)
    return {
        "title": p.title,
        "date": p.date,
        "speaker": p.speaker,
        "salutation": p.salutation,
        "sections": [(s.heading, s.level, s.parent, s.paragraphs) for s in p.sections],
        "paragraphs": [(x.text, x.section, x.sentences) for x in p.paragraphs],
    }


@pytest.mark.parametrize("path", sorted(WRAPPED.glob("*.w*.txt")), ids=lambda p: p.name)
def test_a_wrapped_file_parses_as_its_unwrapped_original(path):
    name = path.name.split(".")[0]
    original = outline((WRAPPED / f"{name}.txt").read_text(encoding="utf-8"), f"{name}.txt")
    wrapped = outline(path.read_text(encoding="utf-8"), f"{name}.txt")
    assert wrapped["paragraphs"] == original["paragraphs"]
    assert wrapped == original


@pytest.mark.parametrize("width", [32, 36, 40, 60, 70, 80])
@pytest.mark.parametrize("sep", ["blank", "indent"])
@pytest.mark.parametrize("name", ["shanghai", "shijianlun"])
def test_punctuation_hanging_past_the_margin_is_still_at_the_wrap_width(name, sep, width):
    """A wrapper that never starts a line with 。，）” lets them hang (a line of W + 4 columns
    ending in ），). With nothing between paragraphs a full last line ending in 。 stays
    ambiguous (it joins the next paragraph), so only blank and indent separators here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_wrapped", WRAPPED / "make_wrapped.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = (WRAPPED / f"{name}.txt").read_text(encoding="utf-8")
    assert outline(mod.wrap(text, width, sep, hang=True)) == outline(text)


def test_without_unwrapping_a_wrapped_file_is_cut_into_fragments(monkeypatch):
    text = (WRAPPED / "shanghai.w40.none.txt").read_text(encoding="utf-8")
    joined = outline(text)["paragraphs"]
    monkeypatch.setattr(structure, "unwrap", lambda t, keep=(): t)
    assert len(outline(text)["paragraphs"]) > 5 * len(joined)


@pytest.mark.parametrize("path", REAL_WRAPPED, ids=lambda p: p.name)
def test_a_real_file_wrapped_from_a_pdf_is_rejoined(path):
    # its lines end at a comma nearly every other time (marks kept off the start of a line)
    text = clean_text(decode_bytes(path.read_bytes()).text)
    assert wrap_width(text.split("\n")) is not None
    assert any(p.text.startswith("开局就加速") and "六届三次全会" in p.text for p in parse(text).paragraphs)


@pytest.mark.parametrize("path", BUNDLED + REAL, ids=lambda p: p.name)
def test_files_that_are_not_wrapped_parse_as_before(path, monkeypatch):
    data = path.read_bytes()

    def body():
        try:
            return ingest_bytes(data, segment=False, source=path.name)["body"]
        except Skip as e:  # a file with nothing to read stays skipped, for the same reason
            return e.reason

    now = body()
    monkeypatch.setattr(structure, "unwrap", lambda t, keep=(): t)
    monkeypatch.setattr(markdown, "_block_lines", lambda tokens, hard_wrapped=False, f=markdown._block_lines: f(tokens))
    assert now == body()


def test_not_wrapped_files_are_returned_as_they_are():
    for path in BUNDLED + [p for p in REAL if p.suffix == ".txt"]:
        text = clean_text(path.read_bytes().decode("utf-8", "replace"))
        assert unwrap(text) is text, path.name


# wrapped at 56 columns with nothing between paragraphs: a title block, a date, a salutation,
# short headings, numbered points, a poem, a number cut by the wrapper, a Latin paragraph
TRAPS = """\
关于做好当前工作的几点意见
2024年3月1日
同志们：
今年以来，全市上下认真贯彻落实党中央决策部署，经济运行总
体平稳，发展质量稳步提升，民生保障持续加强，社会大局保持
稳定，各项工作取得了新的进展，为全年目标打下了基础。
一、主要工作
过去一段时间，我们重点抓了以下几个方面的工作，现在简要通
报如下，请大家结合实际抓好落实。
1. 抓好项目建设，全年新开工建设重大项目120个，完成投资5.
67亿元，同比增长8.5%，为稳增长提供了支撑。
2. 抓好民生实事，新建改建学校12所，新增就业岗位3000个，
城乡居民收入稳步增长。
（1）办好民生实事项目，确保每一件实事都落地见效，让群众
看得见、摸得着，真正感受到发展带来的变化。
有诗为证：
春风又绿江南岸
明月何时照我还
二、下一步安排
下一步，要紧紧围绕年度目标任务，坚持稳中求进工作总基调，
扎实推进各项工作。
The report says that the GDP of the city grew by five
percent in 2023 and that the new plan was adopted.
"""


def test_traps_short_lines_headings_numbered_points_poems_dates():
    p = parse(clean_text(TRAPS))
    paras = [x.text for x in p.paragraphs]
    assert paras == [
        "今年以来，全市上下认真贯彻落实党中央决策部署，经济运行总体平稳，发展质量稳步提升，民生保障持续加强，社会大局保持稳定，各项工作取得了新的进展，为全年目标打下了基础。",
        "过去一段时间，我们重点抓了以下几个方面的工作，现在简要通报如下，请大家结合实际抓好落实。",
        "1. 抓好项目建设，全年新开工建设重大项目120个，完成投资5.67亿元，同比增长8.5%，为稳增长提供了支撑。",
        "2. 抓好民生实事，新建改建学校12所，新增就业岗位3000个，城乡居民收入稳步增长。",
        "（1）办好民生实事项目，确保每一件实事都落地见效，让群众看得见、摸得着，真正感受到发展带来的变化。",
        "有诗为证：",
        "春风又绿江南岸",  # a poem's lines stay lines
        "明月何时照我还",
        "下一步，要紧紧围绕年度目标任务，坚持稳中求进工作总基调，扎实推进各项工作。",
        "The report says that the GDP of the city grew by five percent in 2023 and that the new plan was adopted.",
    ]
    assert (p.title, p.date, p.salutation) == ("关于做好当前工作的几点意见", "2024-03-01", "同志们：")
    assert [s.heading for s in p.sections if s.level == 1] == ["一、主要工作", "二、下一步安排"]


def test_a_poem_or_a_list_alone_is_not_wrapped():
    poem = "\n".join(["白日依山尽，黄河入海流", "欲穷千里目，更上一层楼"] * 8)
    assert unwrap(poem) == poem
    poem = "\n".join(["春风又绿江南岸，明月何时照我还。", "京口瓜洲一水间，钟山只隔数重山。"] * 8)
    assert unwrap(poem) == poem
    items = "\n".join(f"{n}. 全面贯彻落实党的二十大精神推动高质量发展" for n in range(1, 10))
    assert unwrap(items) == items  # numbered points of one length: each stays a paragraph
    speech = "\n".join(["各级党组织要切实履行主体责任，把各项工作抓紧抓实抓好。"] * 12)
    assert unwrap(speech) is speech  # lines of one length that end sentences: one paragraph per line
    assert wrap_width(TRAPS.split("\n")) == 56


def test_lines_are_joined_as_a_reader_expects():
    assert join_pair("完成投资5.", "67亿元") == "完成投资5.67亿元"  # a wrapper may cut a number
    assert join_pair("全市生产总值达到", "5.67万亿元") == "全市生产总值达到5.67万亿元"
    assert join_pair("the GDP of the city", "grew") == "the GDP of the city grew"
    assert join_pair("使用AI", "agent", at_words=True) == "使用AI agent"  # a Markdown soft break


@pytest.mark.parametrize("path", sorted(WRAPPED.glob("*.w*.txt")), ids=lambda p: p.name)
def test_a_wrapped_markdown_file_reads_like_the_wrapped_txt(path):
    """One rule: the same hard-wrapped text saved as .md (paragraphs separated by a blank
    line, an indent or nothing) reads as the .txt does."""
    data = path.read_bytes()
    as_txt = ingest_bytes(data, segment=False, source=path.stem + ".txt")["body"]
    as_md = ingest_bytes(data, segment=False, source=path.stem + ".md")["body"]
    assert as_md == as_txt


def test_markdown_soft_breaks_that_are_not_hard_wrapping_still_join():
    assert to_text("第一行很长很长很长很长很长\n第二行。\n").text == "第一行很长很长很长很长很长第二行。\n"
    md = "## 一、主要工作\n\n" + TRAPS.split("一、主要工作\n")[1]
    p = parse(clean_text((c := to_text(md)).text), "x.md", c.headings)
    assert [s.heading for s in p.sections if s.level == 1] == ["一、主要工作", "二、下一步安排"]
    assert p.paragraphs[0].text == "过去一段时间，我们重点抓了以下几个方面的工作，现在简要通报如下，请大家结合实际抓好落实。"


# wrapped at 48 columns: the salutation (42) and the headings (44, 40) lie in the band of line widths
SALUTED = """\
尊敬的各位领导、各位来宾，女士们、先生们：
（一）全力促进经济平稳健康发展推动高质量发展
稳增长政策措施加快落地见效，全面落实国家出台的存
量政策和增量政策，经济运行总体平稳、稳中有进，发
展质量稳步提升，民生保障持续加强，社会大局保持稳
定。
（二）持续深化改革开放增强发展动力和活力
改革开放取得新的突破，重点领域和关键环节改革扎实
推进，营商环境持续优化，对外开放水平进一步提高。
"""


def test_a_salutation_or_a_heading_near_the_wrap_width_is_not_joined():
    p = parse(clean_text(SALUTED))
    assert p.salutation == "尊敬的各位领导、各位来宾，女士们、先生们："
    assert [s.heading for s in p.sections[1:]] == ["（一）全力促进经济平稳健康发展推动高质量发展", "（二）持续深化改革开放增强发展动力和活力"]
    assert [x.text for x in p.paragraphs] == [
        "稳增长政策措施加快落地见效，全面落实国家出台的存量政策和增量政策，经济运行总体平稳、稳中有进，发展质量稳步提升，民生保障持续加强，社会大局保持稳定。",
        "改革开放取得新的突破，重点领域和关键环节改革扎实推进，营商环境持续优化，对外开放水平进一步提高。",
    ]


def test_search_finds_a_phrase_across_a_line_break_of_a_wrapped_file(tmp_path):
    """Issue 10: search ignores line breaks inside a paragraph; the hit is cited in the
    paragraph a reader sees (¶1 of the body, not the file's 10th line)."""
    from tests.test_cli import jianghua

    corpus = tmp_path / "c"
    corpus.mkdir()
    text = (WRAPPED / "shanghai.w36.none.txt").read_text(encoding="utf-8")
    assert "向大会报\n告工作" in text
    (corpus / "2026年上海市政府工作报告.txt").write_text(text, encoding="utf-8")
    r = jianghua("search", "向大会报告工作", "--json", "--corpus", str(corpus), store=tmp_path / "st")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(row["hit"], row["paragraph"]) for row in rows] == [("向大会报告工作", 1)]
    assert "第1段" in rows[0]["citation"]
