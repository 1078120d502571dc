"""Hits in section headings and titles (store.search): a heading over a section
without paragraphs of its own points at the paragraph that follows it (the reader
opens there, under the heading), and a title the loader made from the opening
words is no second hit of those words (the paragraph's is the hit)."""

from __future__ import annotations

from jianghua.corpus.query import parse
from jianghua.store import Store
from jianghua.store.search import CorpusSearch

# (made up for the test, in the layout of a county's work speech: 一、 straight over （一）)
SPEECH = """在全县经济工作会议上的讲话

同志们：

今天我们召开会议，研究部署明年的经济工作。大家要统一思想，提高认识。

一、准确把握经济工作的总体要求

（一）坚持稳中求进工作总基调

稳是大局，进是方向。我们要在稳的基础上积极进取，推动各项工作取得新成效。

（二）坚持以人民为中心

发展为了人民，发展依靠人民。要把群众的急难愁盼放在心上，办好民生实事。
"""

# no title line: the loader makes one from the opening words (title_derived)
UNTITLED = """各位代表，我代表县人民政府向大会报告工作，请予审议，并请各位政协委员提出意见。

过去一年，全县上下攻坚克难，经济社会发展取得了新成绩。
"""


def _store(tmp_path) -> Store:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SPEECH, encoding="utf-8")
    (corpus / "b.txt").write_text(UNTITLED, encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    return store


def test_a_heading_over_a_section_without_paragraphs_points_at_the_next_paragraph(tmp_path):
    store = _store(tmp_path)
    cs = CorpusSearch(store)
    [sh] = list(cs.run(parse("总体要求"), heads=True))
    [h] = sh.hits
    sp = store.speech(sh.speech_id)
    assert h.kind == "heading" and sp.sections[h.section].heading == "一、准确把握经济工作的总体要求"
    # the first paragraph after the heading (under （一）), not the speech's first paragraph
    assert sp.paragraphs[h.paragraph].text.startswith("稳是大局")
    n, out = cs.count(parse("总体要求"), heads=True)
    assert n == 1 and out.head_hits == {sh.speech_id: 1}


def test_a_title_made_from_the_opening_words_is_not_a_second_hit(tmp_path):
    store = _store(tmp_path)
    cs = CorpusSearch(store)
    b = next(s for s in store.speeches() if s.source == "b.txt")
    assert "人民政府向大会" in store.summary(b.id).title  # (made from the opening)
    hits = [h for sh in cs.run(parse("人民政府向大会"), heads=True) for h in sh.hits]
    assert [(h.kind, h.paragraph) for h in hits] == [("", 0)]
    n, out = cs.count(parse("人民政府向大会"), heads=True)
    assert n == 1 and not out.head_hits
    # a title line of the text is searched (it is no paragraph): found there, once
    n, out = cs.count(parse("经济工作会议"), heads=True)
    assert n == 1 and sum(out.head_hits.values()) == 1
