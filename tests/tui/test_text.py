"""Pure helpers: CJK wrapping, placeholders, citations, safe text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from jianghua.tui.citation import citation, clip_sentences, speech_citation
from jianghua.tui.document import Document
from jianghua.corpus.cells import truncate
from jianghua.tui.textutil import NO_LINE_END, NO_LINE_START, PLACEHOLDER, clean, count_chars, opening, wrap

CJK_TEXT = st.text(alphabet=st.sampled_from(list("党员干部要廉洁自律，。、；：“”（）《》！？ab1234 XY×*")), min_size=0, max_size=300)


@settings(max_examples=300, deadline=None)
@given(CJK_TEXT, st.integers(min_value=2, max_value=60))
def test_wrap_covers_the_text_within_the_width(text, width):
    lines = wrap(text, width, max(2, width - 4))
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (a, b), (c, _) in zip(lines, lines[1:]):
        assert b == c and a < b  # contiguous, never empty
    for n, (a, b) in enumerate(lines):
        assert cell_len(text[a:b]) <= (max(2, width - 4) if n == 0 else width) or b - a == 1


def test_wrap_keeps_punctuation_rules():
    text = "党员干部要始终坚持用党的科学理论武装自己。" * 5 + "“两个维护”" + "，不断提高政治判断力。" * 5
    for width in range(10, 40):
        lines = wrap(text, width)
        for a, b in lines[1:]:
            assert text[a] not in NO_LINE_START, (width, text[a:b])
        for a, b in lines[:-1]:
            assert text[b - 1] not in NO_LINE_END, (width, text[a:b])
    assert wrap("在2022年度组织生活会上", 4)[:2] == [(0, 1), (1, 5)]  # "2022" is not split


def test_placeholder_pattern_matches_the_store():
    from jianghua.corpus.structure import PLACEHOLDER as STORE_PLACEHOLDER

    assert PLACEHOLDER is STORE_PLACEHOLDER  # one definition (jianghua.corpus.clean)
    found = [m.group() for m in PLACEHOLDER.finditer("书记***、**之问、×××同志、X市、XML、某某")]
    assert found == ["***", "**", "×××", "X", "某某"]


def test_clean_truncate_opening_count():
    # the store's own rule (corpus.clean.sanitize): a whole escape sequence goes
    assert clean("a\x1b[31mb\x07c\u202ed\n", single_line=True) == "abcd "
    assert truncate("讲政治讲政治", 7) == "讲政治…"
    assert cell_len(truncate("讲政治讲政治", 7)) <= 7
    assert truncate("abc", 3) == "abc"
    assert opening("一二三四五六七八九十一二三四五六七八九十", 5) == "一二三四五…"
    assert count_chars("廉洁 自律\n") == 4


def test_citations(store):
    sid = next(s.id for s in store.speeches() if s.year == 2023)
    sp = store.speech(sid)
    title = sp.title
    k = sp.sections[2].paragraphs[0]  # （一）…
    heading = sp.sections[2].heading
    # the occasion (主任会议) is in the title already: only the date follows it
    assert citation(sp, k).text("full") == f"《{title}》（2023年） {heading} 第1段"
    assert citation(sp, k).text("short") == f"《{title}》{heading} 第1段"
    assert citation(sp, k).text("none") == ""
    assert citation(sp, 0).text("full") == f"《{title}》（2023年） 第1段"
    last = sp.sections[-1].paragraphs
    assert citation(sp, last[0], last[1]).text("short") == f"《{title}》{sp.sections[-1].heading} 第1–2段"
    assert citation(sp, 0, 1).text("short") == f"《{title}》第1段 至 {sp.sections[1].heading} 第1段"
    assert speech_citation(sp).text("full") == f"《{title}》（2023年）"
    clip = clip_sentences(sp, [(0, sp.paragraphs[0].sentences[0].text)], "sentence")
    assert clip.placeholders and clip.payload("none") == sp.paragraphs[0].sentences[0].text


def test_citation_source_date_occasion_speaker_and_marks():
    """Issue 12 §3: 《》 titles with the date (as full as known, else the year), occasion and
    speaker where known and not in the title already; marks inside a title become 〈〉."""
    from jianghua.store.citation import Citation, book_title, chosen_style, date_text

    c = Citation("在全省经济工作会议上的讲话", date="2023-05-12", year=2023, occasion="省委经济工作会议", speaker="李明", where="三、抓落实 第2段")
    assert c.text("full") == "李明《在全省经济工作会议上的讲话》（2023年5月12日，省委经济工作会议） 三、抓落实 第2段"
    assert c.text("short") == "《在全省经济工作会议上的讲话》三、抓落实 第2段"
    assert Citation("关于《决定》的说明", year=2019, where="第1段").text() == "《关于〈决定〉的说明》（2019年） 第1段"
    assert Citation("《政府工作报告》", occasion="人代会").text() == "《政府工作报告》（人代会）"
    assert Citation("讲话").text() == "《讲话》"
    assert Citation("讲话\n\x1b[31m续").text("short") == "《讲话 续》"
    assert [date_text(d, 2020) for d in ("2021-03", "2021-3-5", "2021", None, "去年")] == ["2021年3月", "2021年3月5日", "2021年", "2020年", "2020年"]
    assert book_title("《a》与《b》") == "《〈a〉与〈b〉》"
    assert chosen_style(True, "short") == "short" and chosen_style(False, "short") == "none"
    assert chosen_style(True, "weird") == "full" and chosen_style(None, None) == "full"


def test_document_maps_every_sentence(store):
    for summary in store.speeches():
        sp = store.speech(summary.id)
        doc = Document.from_speech(sp)
        assert doc.sentence_ids == [s.index for p in sp.paragraphs for s in p.sentences]
        for p in sp.paragraphs:
            for s in p.sentences:
                assert doc.sentence_text(s.index) == s.text
        for width in (30, 68, 88):
            doc.layout(width)
            firsts = doc.sentence_first_line
            assert firsts == sorted(firsts)
            for s in doc.sentence_ids:
                a, b = doc.sentence_lines(s)
                assert a <= b and doc.sentence_at_line(a) in (s, *doc.sentence_ids)


def test_a_lone_x_is_a_placeholder_only_where_a_name_or_number_stands():
    """Issue 12 §2.5: X光机, X射线, X型, CT are words, not redactions; X同志, X县, X月X日, XX局 are."""
    from jianghua.tui.citation import Clip

    for word in ("X光机", "X射线", "X型钢", "CT检查", "X线片", "用X光检查", "DNA和CT"):
        assert PLACEHOLDER.search(word) is None, word
        assert not Clip(f"要配齐{word}等设备。", "", "sentence", "s", "t").placeholders
    for text, marks in (("X同志", ["X"]), ("X县", ["X"]), ("X月X日", ["X", "X"]), ("XX局", ["XX"]), ("第X条", ["X"]), ("xx县", ["xx"]), ("×××同志", ["×××"])):
        assert [m.group() for m in PLACEHOLDER.finditer(text)] == marks, text


def test_citations_from_the_stored_body_match_the_speechs(store):
    """The CLI cites from the stored body (no theme tagging); the browser from the Speech: one result."""
    from jianghua.store.citation import of_place, opening_of_body, places_of_body

    for summary in store.speeches():
        sp = store.speech(summary.id)
        body = store.body(summary.id)
        places = places_of_body(body)
        for k in range(len(sp.paragraphs)):
            for style in ("full", "short"):
                assert of_place(summary, places[k], opening_of_body(body)).text(style) == citation(sp, k).text(style)
