"""The trained theme model's weights file (tests/themes_model.py, offline; needs scikit-learn, the `train` extra —
skipped without it): the model read back as plain weights (what `--score` and a run-time side would apply: sums of the
weights of the words found in the paragraph and in its heading, plus the themes file's verdict) gives the
probabilities scikit-learn gives, and "none" likeliest means no tags."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("sklearn")


def test_weights_read_back_give_the_classifiers_probabilities(tmp_path):
    from jianghua.corpus.themes import load_themes
    from tests import themes_model as tm
    from tests.themes_eval import bundled, mine

    themes = load_themes()
    ps = tm.paras(themes, {"bundled": bundled(), "dev": mine("dev")[:160]})
    model, _ = tm.fit(ps, tm.vocabulary(ps), 1.0, 60)
    assert 0 < len(model.matcher.vocab) <= 60
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"format": tm.FORMAT, "rule": "model", "classes": model.classes, "vocabulary": model.matcher.vocab,
                                "coef": model.coef, "intercept": model.intercept}), "utf-8")
    back = tm.read_model(path)[1]
    want = model.clf.predict_proba(tm.design(ps, model.matcher))
    headed = 0
    for p, w in zip(ps, want):
        assert back.proba(p) == pytest.approx(list(w), abs=1e-9)
        headed += bool(back.matcher.found(p.heading))
    assert headed  # (the heading's words are columns of their own: some paragraphs have them)


def test_none_likeliest_gives_no_tags():
    from tests import themes_model as tm

    classes = ["none", "党的建设", "民生"]
    assert tm.decide(classes, [0.5, 0.3, 0.2], 0.0) == []
    assert tm.decide(classes, [0.5, 0.3, 0.2], -1.0) == ["党的建设", "民生"]
    assert tm.decide(classes, [0.2, 0.75, 0.05], 0.0) == ["党的建设"]
