"""The learned check on the themes file's verdict (corpus/theme_rerank.py, weights in corpus/data/theme_model.toml):
what a user sees — the themes a paragraph gets, `show --json`'s "learned" block and the `w` box's line about it."""

from __future__ import annotations

import pytest

from jianghua.corpus import themes as themes_module
from jianghua.corpus import theme_rerank
from jianghua.corpus.structure import split_sentences
from jianghua.corpus.themes import load_themes
from jianghua.store.tagging import explain, tag_body
from jianghua.tui.dialogs.theme_evidence import evidence_text


@pytest.fixture(scope="module")
def shipped():
    return load_themes()


def body(text: str, heading: str | None = None, title: str = "") -> dict:
    sections = [[heading, 1, None]] if heading else []  # (heading, level, parent section)
    return {"paragraphs": [[text, 0, split_sentences(text)]], "sections": sections, "title": title}


def themes_of(th, b: dict) -> list[str]:
    return [th.themes[i].id for i in tag_body(th, b).paragraphs[0].themes]


# A paragraph on going down to the grass roots under a 作风 heading: the rule sees 基层 / 一线 mentioned in passing
# (each needs twice the threshold) and gives nothing; the learned weights (the heading's share, two phrases) give 作风.
GRASS_ROOTS = ("干部要多到基层去，在一线解决问题，把工作做在前面。", "二、转变作风，深入基层")
# A foreign president on trade and regional security: the rule gives 高质量发展 (推动高质量发展), the learned weights read
# the outside topic (外交: 总统) as "about none of the themes".
PRESIDENT = "总统表示，愿同中方加强经贸合作，推动高质量发展，共同维护地区安全稳定。"


def test_a_theme_the_threshold_missed_is_given_and_explained(shipped, monkeypatch):
    b = body(*GRASS_ROOTS)
    assert themes_of(shipped, b) == ["style"]
    why = explain(shipped, b, 0)
    assert [t["id"] for t in why["themes"]] == ["style"]
    assert why["learned"]["action"] == "tag" and why["learned"]["rule_themes"] == []
    assert why["learned"]["themes"]["style"] - why["learned"]["none"] > why["learned"]["margin"]
    text = evidence_text(why, {t.id: t.name for t in shipped.themes}).plain
    assert "Learned check: the threshold gives no theme here" in text and "so 作风建设 is given" in text
    monkeypatch.setattr(themes_module, "LEARNED", False)  # the rule alone
    assert themes_of(shipped, b) == []


def test_a_paragraph_about_none_of_the_themes_is_left_untagged_and_explained(shipped, monkeypatch):
    b = body(PRESIDENT)
    assert themes_of(shipped, b) == []
    why = explain(shipped, b, 0)
    assert why["themes"] == [] and why["learned"]["action"] == "untag" and why["learned"]["rule_themes"] == ["development"]
    text = evidence_text(why, {t.id: t.name for t in shipped.themes}).plain
    assert text.startswith("No theme — the learned check reads it as about none of the themes")
    assert "left without its themes (高质量发展)" in text
    monkeypatch.setattr(themes_module, "LEARNED", False)
    assert themes_of(shipped, b) == ["development"]


def test_when_the_check_changes_nothing_the_box_says_so(shipped):
    text = "要加强理论武装，深入学习党的创新理论。"
    why = explain(shipped, body(text), 0)
    assert why["learned"]["action"] is None and [t["id"] for t in why["themes"]] == ["theory"]
    assert "no change" in evidence_text(why, {t.id: t.name for t in shipped.themes}).plain


def test_the_weights_file_is_commented_and_re_tags_stores_when_it_changes(shipped, tmp_path, monkeypatch):
    shipped_text = theme_rerank.MODEL.read_text("utf-8")
    for name in theme_rerank.THEME_FEATURES + theme_rerank.NONE_FEATURES:
        assert any(line.startswith(f"{name} = ") and "#" in line for line in shipped_text.splitlines()), name
    changed = tmp_path / "theme_model.toml"
    changed.write_text(shipped_text.replace("tag_margin = 1\n", "tag_margin = 2\n"), "utf-8")
    monkeypatch.setattr(theme_rerank, "MODEL", changed)
    assert load_themes().fingerprint != shipped.fingerprint
