"""The learned theme weights (corpus/theme_model.py, corpus/data/theme_weights.toml): they decide the
themes after the themes file's verdict, the explanation carries their share, and a user's themes file
still changes the result (its verdict is most of the evidence; `learned = false` turns them off)."""

from __future__ import annotations

from jianghua.corpus.resources import DEFAULT_THEMES
from jianghua.corpus.structure import split_sentences
from jianghua.corpus.themes import heading_size, load_themes, tag_paragraph
from jianghua.store.tagging import explain

# 作风 paragraph under a 廉洁 heading: the themes file's heading rule puts 廉洁 first, the weights 作风
STYLE_HEAVY = ("各级领导干部要带头改进作风，持之以恒纠治“四风”，坚决反对形式主义、官僚主义，力戒享乐主义、奢靡之风。"
               "要管好自己、管好亲属和身边工作人员，不搞特权，干干净净做事。")
HEADING = "（四）守住廉洁底线"


def tags(themes, text: str, heading: str | None = None) -> list[str]:
    hh = themes.hits(heading, outside=True) if heading else None
    t = tag_paragraph(themes, text, split_sentences(text), hh, heading_size(heading) if heading else None, heading)
    return [themes.themes[i].id for i in t.themes]


def test_the_weights_decide_and_learned_false_leaves_the_themes_file_alone(tmp_path):
    assert tags(load_themes(), STYLE_HEAVY, HEADING)[:2] == ["style", "integrity"]
    f = tmp_path / "themes.toml"
    f.write_text("learned = false\n" + DEFAULT_THEMES.read_text("utf-8"), "utf-8")
    alone = load_themes(f)
    assert not alone.learned and alone.fingerprint != load_themes().fingerprint
    assert tags(alone, STYLE_HEAVY, HEADING)[:2] == ["integrity", "style"]


def test_editing_the_themes_file_still_changes_the_result(tmp_path):
    text = "要持续深化放管服改革，优化营商环境，激发市场主体活力，推动经济运行持续向好。"
    assert "org_life" not in tags(load_themes(), text)
    f = tmp_path / "themes.toml"
    src = DEFAULT_THEMES.read_text("utf-8")
    # the user adds the paragraph's words to 组织生活 (a deliberately wrong edit, to see it count)
    k = src.index('id = "org_life"')
    k = src.index("keywords = { ", k) + len("keywords = { ")
    for weight, where in ((3, 1), (6, 0)):  # it joins the themes, then (heavier) leads them — as with the file alone
        f.write_text(src[:k] + f'"放管服改革" = {weight}, "营商环境" = {weight}, "市场主体" = {weight}, ' + src[k:], "utf-8")
        assert tags(load_themes(f), text).index("org_life") == where


def test_the_explanation_carries_the_learned_share():
    body = {"paragraphs": [[STYLE_HEAVY, 0, split_sentences(STYLE_HEAVY)]], "sections": [[HEADING, None, None]]}
    why = explain(load_themes(), body, 0)
    learned = why["learned"]
    assert learned["themes"][0] == why["themes"][0]["id"] == "style"
    assert learned["proba"]["style"] > learned["proba"]["integrity"]
    assert dict(learned["words"]["style"])["作风"] > 0  # the words that moved the theme, with their weights
    assert learned["file"]["style"] > 0  # and the themes file's share
