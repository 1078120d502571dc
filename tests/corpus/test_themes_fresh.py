"""The fresh held-out theme set (tests/data/themes_fresh.toml) is what issue 14 asks of a labelled set:
at least 150 paragraphs from at least 20 documents, a fifth about none of the twelve themes, a fifth in
traditional script as published, labels that are theme ids (main + up to two others, or "none" alone).
No floors on the tagger's figures here: nobody tunes on this set (`python -m tests.themes_eval`)."""

from __future__ import annotations

from jianghua.corpus.themes import load_themes
from tests.themes_eval import sets


def test_the_fresh_set_is_what_the_issue_asks():
    items = sets()["fresh"]
    assert len(items) >= 150
    assert len({it.source.split(" ")[0] for it in items}) >= 20  # document ids D01…, T01…
    assert sum(it.labels[0] == "none" for it in items) >= len(items) / 5
    assert sum(it.script == "traditional" for it in items) >= len(items) / 5
    ids = {t.id for t in load_themes().themes}
    for it in items:
        assert it.labels == ("none",) or (set(it.labels) <= ids and 1 <= len(it.labels) <= 3 and len(set(it.labels)) == len(it.labels)), it
        assert it.kind and it.script in ("traditional", "simplified"), it


def test_fresh_paragraphs_are_not_in_the_other_sets():
    s = sets()
    seen = {it.text for name in ("mine-dev", "mine-heldout", "bundled") for it in s[name]}
    assert not [it.source for it in s["fresh"] if it.text in seen]
