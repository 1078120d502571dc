"""The speech's title carries into its paragraphs (`corpus.themes.TITLE_FACTOR`): a theme the title names is
not a mention in passing, and the `w` box / `show --json` say how much the title added."""

from __future__ import annotations

from jianghua.corpus.ingest import ingest_bytes
from jianghua.corpus.themes import TITLE_FACTOR, load_themes
from jianghua.store.tagging import explain, tag_record

# one paragraph that names 科学理论 (理论学习, weight 2) once, in passing (not its opening sentence)
PARAGRAPH = "今年以来，全市各项工作取得了新的进展。一些同志用科学理论指导实践还不够自觉。下一步，要在内容和形式上多下功夫。"


def _body(title: str) -> dict:
    text = f"{title}\n\n同志们：\n\n{PARAGRAPH}\n"
    body = ingest_bytes(text.encode(), segment=False, source="speech.txt")["body"]
    assert body["title"] == title and body["paragraphs"][-1][0] == PARAGRAPH
    return body


def test_a_theme_the_title_names_is_the_paragraphs_theme():
    themes = load_themes()
    studied = tag_record(themes, _body("在理论学习中心组学习会上的讲话"))
    assert [(tid, k) for tid, k, _score, _sec in studied["p"]] == [("theory", 0)]
    # the same paragraph under a title that names no theme: one phrase in passing tags nothing
    assert tag_record(themes, _body("在全市工作推进会上的讲话"))["p"] == []


def test_a_title_alone_tags_nothing():
    """A title full of one theme's phrases (about 3 points at ×0.4) gives a paragraph that never names it nothing."""
    themes = load_themes()
    title = "在理论学习中心组专题学习研讨会暨理论学习中心组学习会上的讲话"
    text = f"{title}\n\n同志们：\n\n今年以来，全市各项工作取得了新的进展。下一步，要在内容和形式上多下功夫。\n"
    body = ingest_bytes(text.encode(), segment=False, source="speech.txt")["body"]
    assert body["title"] == title
    assert tag_record(themes, body)["p"] == []
    assert [e for e in explain(themes, body, 0)["evidence"] if e["where"] == "title"] == []


def test_the_explanation_shows_what_the_title_added():
    from jianghua.tui.dialogs.theme_evidence import evidence_text

    themes = load_themes()
    title = "在理论学习中心组学习会上的讲话"
    why = explain(themes, _body(title), 0)
    assert why["title"] == title and why["rule"]["title"] == TITLE_FACTOR
    from_title = [e for e in why["evidence"] if e["where"] == "title"]
    assert {e["phrase"] for e in from_title} >= {"理论学习中心组"}
    assert all(e["factor"] == TITLE_FACTOR and e["sentence"] == -2 for e in from_title)
    # the points shown add up to the score the paragraph has
    assert abs(sum(e["points"] for e in why["evidence"] if e["theme"] == "theory") - why["raw"]["theory"]) < 1e-6
    text = evidence_text(why, {t.id: t.name for t in themes.themes}).plain
    assert f"Title (its phrases add to the themes this paragraph names): {title}" in text
    assert f"the speech's title ×{TITLE_FACTOR:g}" in text
    # a title that adds nothing is not shown
    plain = evidence_text(explain(themes, _body("在全市工作推进会上的讲话"), 0), {t.id: t.name for t in themes.themes}).plain
    assert "Title (its phrases" not in plain


def test_the_title_line_says_which_themes_it_adds_to_in_chinese():
    """The `w` box's title line in a Chinese interface: the title adds to the themes the paragraph names itself
    (not "counts in every paragraph")."""
    from jianghua import i18n
    from jianghua.tui.dialogs.theme_evidence import evidence_text

    themes = load_themes()
    title = "在理论学习中心组学习会上的讲话"
    i18n.set_language("zh")
    try:
        text = evidence_text(explain(themes, _body(title), 0), {t.id: t.name for t in themes.themes}).plain
    finally:
        i18n.set_language("en")
    assert f"讲话题目（其中的词语为本段已提到的主题加分）：{title}" in text
