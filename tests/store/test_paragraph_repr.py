"""A paragraph made from ready sentences (as tests and the reader's copies make them) prints: a failing assert or a
debugger shows its value, not a TypeError (review of s25-speechread: repr took len(spans), None for such a paragraph)."""

from jianghua.store.models import Paragraph, Sentence


def test_a_paragraph_from_sentences_has_a_repr():
    p = Paragraph(1, "甲。乙。", [Sentence(0, "甲。", ()), Sentence(1, "乙。", ())])
    assert "sentences=2" in repr(p)
