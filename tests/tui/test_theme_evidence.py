"""`w` in the reader: why the current paragraph has its themes."""

from __future__ import annotations

from jianghua.tui.dialogs.theme_evidence import ThemeEvidenceScreen
from tui_helpers import COUNTY, SIZE, open_reader, screen_text


async def test_w_shows_the_matched_phrases_of_the_current_paragraph(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await open_reader(app, pilot, store, COUNTY)
        k = screen.doc.paragraph_of_sentence(view.cursor)
        para = screen.doc.speech.paragraphs[k]
        assert para.themes, "the opening paragraph of this speech has themes"
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ThemeEvidenceScreen)
        text = screen_text(app)
        names = store.theme_names()
        # the paragraph's strongest theme, and a phrase that was matched for it, are shown
        assert f"✓ {names[para.themes[0]]}" in text
        why = store.theme_evidence(screen.speech_id, k)
        phrase = next(e["phrase"] for e in why["evidence"] if e["theme"] == para.themes[0])
        assert phrase in text
        assert "Threshold" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ThemeEvidenceScreen)


def test_evidence_is_the_scoring(store):
    """The explanation reproduces the tags the reader shows, for every bundled paragraph."""
    for s in store.speeches():
        sp = store.speech(s.id)
        for k, why in enumerate(store.theme_evidence(s.id)):
            assert [t["id"] for t in why["themes"]] == list(sp.paragraphs[k].themes)
            for tid, raw in why["raw"].items():
                assert abs(sum(e["points"] for e in why["evidence"] if e["theme"] == tid) - raw) < 1e-6


def test_markup_in_a_phrase_is_shown_as_text():
    from jianghua.tui.dialogs.theme_evidence import evidence_text

    why = {"themes": [{"id": "x", "name": "X", "raw": 3.0}], "raw": {"x": 3.0}, "threshold": 3.0, "share": 0.34, "heading": "[b]标题[/b]",
           "evidence": [{"theme": "x", "phrase": "[red]词[/red]", "weight": 3.0, "factor": 1.0, "points": 3.0, "where": "body", "sentence": 0}]}
    t = evidence_text(why, {"x": "X"})
    assert "[red]词[/red]" in t.plain and "[b]标题[/b]" in t.plain


def test_an_inline_heading_is_named_as_the_paragraphs_opening():
    from jianghua.corpus.structure import split_sentences
    from jianghua.corpus.themes import load_themes
    from jianghua.store.tagging import explain
    from jianghua.tui.dialogs.theme_evidence import evidence_text

    themes = load_themes()
    names = {t.id: t.name for t in themes.themes}
    point = "第一，守住廉洁底线。要严格落实中央八项规定精神，坚持廉洁自律。"
    body = {"paragraphs": [[point, 1, split_sentences(point)]], "sections": [[None, None, None], ["第一，守住廉洁底线", 0, None]]}
    text = evidence_text(explain(themes, body, 0), names).plain
    assert "Heading, this paragraph's own opening sentence (counted as that): 第一，守住廉洁底线" in text
    assert "heading ×" not in text  # no heading share of its own
    body["paragraphs"].append(["要严格落实中央八项规定精神。", 1, [(0, 14)]])
    assert "Heading: 第一，守住廉洁底线" in evidence_text(explain(themes, body, 1), names).plain
