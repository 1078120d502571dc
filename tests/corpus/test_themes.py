"""Theme scoring rules a user can see: traditional script, `against` phrases, the no-theme threshold."""

from __future__ import annotations

import pytest

from jianghua.corpus.script import to_traditional
from jianghua.corpus.structure import split_sentences
from jianghua.corpus.themes import ThemesError, explain_paragraph, load_themes, tag_paragraph

THEMES = load_themes()
INTEGRITY = "要严格落实中央八项规定精神，坚持廉洁自律，筑牢拒腐防变的思想防线，一体推进不敢腐、不能腐、不想腐。"


def tags(text: str, heading: str | None = None) -> list[str]:
    t = tag_paragraph(THEMES, text, split_sentences(text), THEMES.hits(heading) if heading else None)
    return [THEMES.themes[i].id for i in t.themes]


def test_traditional_script_scores_like_simplified():
    trad = to_traditional(INTEGRITY)
    assert trad != INTEGRITY
    assert tags(trad) == tags(INTEGRITY) == ["integrity"]
    # evidence offsets and phrases are those of the simplified keywords
    ex = explain_paragraph(THEMES, trad, split_sentences(trad), None)
    assert {e.phrase for e in ex.evidence} >= {"中央八项规定", "廉洁自律"}


def test_against_phrase_counts_against_its_theme(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text('[[theme]]\nid = "a"\nname = "A"\nkeywords = { "历史" = 2 }\nagainst = { "历史性" = 1 }\n', "utf-8")
    t = load_themes(f)
    assert t.hits("党的历史") == [2.0]
    assert t.hits("历史性成就") == [-1.0]  # the longer phrase shields 历史 and subtracts
    f.write_text('[[theme]]\nid = "a"\nname = "A"\nkeywords = { "历史" = 2 }\nagainst = { "历史性" = 0 }\n', "utf-8")
    with pytest.raises(ThemesError, match="line 5"):
        load_themes(f)


def test_one_incidental_word_in_a_long_paragraph_tags_nothing():
    # foreign affairs: a weak word ("安全", safety, weight 1) once every ~140 characters, nothing else
    chunk = ("中国坚持对话协商，推动建设一个持久和平的世界，坚持共建共享，推动建设一个普遍繁荣的世界。"
             "双方同意继续加强沟通协调，深化各领域交流合作，推动两国关系不断向前发展，造福两国人民。"
             "各国要相互尊重、平等协商，走对话而不对抗、结伴而不结盟的国与国交往新路，共同维护地区安全。")
    text = chunk * 5
    assert THEMES.hits(text)[THEMES.index["safety"]] == 5  # over PARA_MIN, under 0.8 per 100 characters
    assert tags(text) == []


def test_themes_fold_like_the_search(tmp_path, monkeypatch):
    """One folding for search and themes (`query.fold_text` / `fold_term`): a keyword written in
    traditional script or full width matches what search would find for it; old variant forms
    OpenCC leaves alone (貪汚 in 1950s printings) meet 贪污; changing the tables re-tags a store."""
    from jianghua.corpus import script
    from jianghua.corpus.query import fold_text, parse

    f = tmp_path / "t.toml"
    f.write_text('[[theme]]\nid = "integrity"\nname = "廉洁"\nkeywords = { "貪污" = 3, "ＧＤＰ" = 2 }\n', "utf-8")
    mine = load_themes(f)
    for text in ("坚决查处贪污案件。", "堅決查處貪汚案件。"):
        assert mine.hits(text) == [3.0]
        assert [s for s, _e in parse("貪污").spans(fold_text(text))] == [4]  # search finds it there too
    assert mine.hits("今年GDP增长，ｇｄｐ总量提高。") == [4.0]
    assert fold_text("發展戰畧，隣近地區") == "发展战略，邻近地区"  # more variants OpenCC leaves alone
    ex = explain_paragraph(mine, "堅決查處貪汚案件。", [(0, 9)], None)
    assert [e.phrase for e in ex.evidence] == ["貪污"]  # the keyword as the file writes it
    before = load_themes(f).fingerprint
    monkeypatch.setattr(script, "VARIANTS", {**script.VARIANTS, ord("甯"): ord("宁")})
    assert load_themes(f).fingerprint != before


def test_the_shipped_file_is_one_keyword_a_line_and_errors_name_that_line(tmp_path):
    """corpus/data/themes.toml lists [theme.keywords] one a line (readable, editable); a bad weight
    there is reported on its own line — "政治" = 0, not the 政治 inside name = "讲政治" above it."""
    from jianghua.corpus.resources import DEFAULT_THEMES

    text = DEFAULT_THEMES.read_text("utf-8")
    assert "[theme.keywords]" in text and '\n"讲政治" = 3\n' in text
    bad = text.replace('\n"政治" = 1\n', '\n"政治" = 0\n', 1)
    line = bad.splitlines().index('"政治" = 0') + 1
    f = tmp_path / "t.toml"
    f.write_text(bad, "utf-8")
    with pytest.raises(ThemesError, match=f"line {line}: theme 'politics': weight of '政治'"):
        load_themes(f)
