import pytest

from jianghua.corpus.clean import clean_text
from jianghua.corpus.structure import parse, split_sentences
from tests.conftest import raw

TITLES = {
    "000_b3064409eaf5df0b.txt": "在第一党支部专题组织生活会上的讲话",
    "001_b4912c15c8048628.txt": "在县委办党支部2022年度组织生活会上的讲话",
    "002_e440431a7a03a01b.txt": "在2023年全市党政办公室主任会议上的讲话",
    "003_f98ef615eacbb84f.txt": "在市党政工作部门正职座谈会上的讲话",
    "004_e82888d29de948c0.txt": "在市委办机关第一党支部组织生活会、主题党日活动上的讲话",
}


def parsed(name):
    return parse(clean_text(raw(name).decode("utf-8")))


@pytest.mark.parametrize("name, title", TITLES.items())
def test_titles_of_the_bundled_speeches(name, title):
    p = parsed(name)
    assert p.title == title
    assert not p.title.endswith(".txt") and "_" not in p.title


def test_metadata():
    p = parsed("001_b4912c15c8048628.txt")
    assert (p.year, p.occasion, p.level) == (2022, "组织生活会", "县")
    p = parsed("002_e440431a7a03a01b.txt")
    assert (p.year, p.occasion, p.level) == (2023, "主任会议", "市")
    assert parsed("003_f98ef615eacbb84f.txt").occasion == "座谈会"


def test_salutation_is_not_a_paragraph():
    p = parsed("001_b4912c15c8048628.txt")
    assert p.salutation == "同志们："
    assert all(not q.text.startswith("同志们：") for q in p.paragraphs)
    assert p.paragraphs[0].text.startswith("组织生活会是严肃党内政治生活")


def test_sections_of_three_levels():
    p = parsed("002_e440431a7a03a01b.txt")
    heads = [(s.level, s.heading) for s in p.sections if s.heading]
    assert heads[0] == (1, "一、以更坚定的政治之为，提升政治素质、扛起时代重任")
    assert heads[1] == (2, "（一）讲政治，坚定信仰，带头做到“两个维护”")
    assert sum(1 for lv, _ in heads if lv == 1) == 3
    assert sum(1 for lv, _ in heads if lv == 2) == 9
    sub = p.sections[2]
    assert p.sections[sub.parent].heading.startswith("一、")
    # A （一） heading that opens a paragraph keeps the paragraph whole.
    para = p.paragraphs[sub.paragraphs[0]]
    assert para.text.startswith("（一）讲政治，坚定信仰")

    p = parsed("004_e82888d29de948c0.txt")
    points = [s for s in p.sections if s.level == 3]
    assert [s.heading for s in points][:2] == ["一要做绝对忠诚的表率", "二要做狠抓落实的表率"]
    assert all(p.sections[s.parent].heading.startswith("三、") for s in points)


def sents(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_sentences_split_after_end_marks_and_closing_quotes():
    assert sents("要坚定理想信念。要严守纪律！能做到吗？必须做到；不能含糊。") == [
        "要坚定理想信念。", "要严守纪律！", "能做到吗？", "必须做到；", "不能含糊。"]
    assert sents("他说：“要这样做。”我们照办。") == ["他说：“要这样做。”", "我们照办。"]
    assert sents("“壹引其纲，万目皆张”。旗帜鲜明讲政治。") == ["“壹引其纲，万目皆张”。", "旗帜鲜明讲政治。"]


def test_never_split_inside_a_quotation():
    s = "习近平总书记指出，“讲政治，是我们党补钙壮骨、强身健体的根本保证。我们要旗帜鲜明讲政治！”这是根本要求。"
    assert sents(s) == ["习近平总书记指出，“讲政治，是我们党补钙壮骨、强身健体的根本保证。我们要旗帜鲜明讲政治！”", "这是根本要求。"]
    assert len(sents("《关于新形势下党内政治生活的若干准则。》是遵循。")) == 1


def test_unbalanced_quote_does_not_swallow_the_paragraph():
    assert len(sents("他说“要做好。我们做好。大家做好。")) == 3


def test_full_width_space_paragraphs_on_one_line():
    text = "在全县工作会议上的讲话\n同志们：\n　　第一段内容。　　第二段内容。　　第三段内容。"
    p = parse(text)
    assert [q.text for q in p.paragraphs] == ["第一段内容。", "第二段内容。", "第三段内容。"]


def test_positions_point_back_into_the_text():
    for name in TITLES:
        for q in parsed(name).paragraphs:
            spans = q.sentences
            assert spans and spans[0][0] >= 0 and spans[-1][1] <= len(q.text)
            assert "".join(q.text[a:b] for a, b in spans).replace(" ", "") == q.text.replace(" ", "")


def test_title_with_subtitle_date_and_speaker():
    text = "以高质量党建引领高质量发展\n——在全市党建工作会议上的讲话\n（2024年3月1日）\n张三\n同志们：\n今天召开会议。"
    p = parse(text)
    assert p.title == "以高质量党建引领高质量发展——在全市党建工作会议上的讲话"
    assert p.year == 2024 and p.speaker == "张三" and p.level == "市"
    assert [q.text for q in p.paragraphs] == ["今天召开会议。"]


def test_untitled_speech_gets_a_readable_title():
    p = parse("今天，我们召开全县安全生产工作会议，主要任务是部署今年工作。")
    assert p.title == "在全县安全生产工作会议上的讲话"
    p = parse("安全生产事关人民群众生命财产安全，必须常抓不懈。")
    assert p.title and p.title.startswith("安全生产")


def test_an_autonomous_region_is_a_province_not_a_district():
    """自治区政府 / 全区 in a 宁夏 or 新疆 report read as 区 (a district), and the reader said 区级 for a provincial work
    report; 陕甘宁边区政府 too. A district's own 区委 / 区政府 stay 区."""
    from jianghua.corpus.structure import find_level

    assert find_level("2026年宁夏回族自治区政府工作报告") == "省"
    assert find_level("自治区政府工作报告") == "省"
    assert find_level("陕甘宁边区政府布告") is None
    assert find_level("区委书记在全区干部会议上的发言") == "区"
    assert find_level("在浦东新区区委全会上的讲话") == "区"
    assert find_level("在区政府全体会议上的讲话") == "区"
