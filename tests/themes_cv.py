"""Does a trained classifier beat the themes file? `python -m tests.themes_cv` (needs scikit-learn,
which jianghua does not depend on: run it in a scratch venv with `pip install scikit-learn`).

Leave-one-document-out cross-validation on tests/data/themes_eval.toml (dev + held-out; a
paragraph and its traditional-script copy count as one document): a logistic regression
(one-vs-rest, balanced classes) over jieba words of the paragraph and its heading (TF-IDF),
with "none" as a class, alone and with the themes file's per-theme scores as extra features,
against the themes file itself. Same four figures as `tests.themes_eval`.
"""

from __future__ import annotations

import logging
import re
import sys

from tests.themes_eval import Figures, Item, predict, sets, tags_of


def _doc(it: Item) -> str:
    return re.sub(r"[《》]", "", it.source.split(" ¶")[0])[:14]


def main() -> int:
    try:
        import numpy as np
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
    except ImportError:
        print("tests.themes_cv needs scikit-learn (not a jianghua dependency): pip install scikit-learn", file=sys.stderr)
        return 2
    import jieba

    from jianghua.corpus.script import fold
    from jianghua.corpus.themes import load_themes

    jieba.setLogLevel(logging.WARNING)
    themes = load_themes()
    s = sets()
    items = s["mine-dev"] + s["mine-heldout"]
    groups = [_doc(it) for it in items]

    def words(t: str) -> list[str]:
        return [w for w in jieba.lcut(fold(t)) if w.strip() and not re.fullmatch(r"[\W\d]+", w)]

    texts = [" ".join(words(it.text) + ["H_" + w for w in words(it.heading)]) for it in items]
    y = [it.labels[0] for it in items]
    lex = np.array([[v * 100 / max(len(it.text), 80) for v in tags_of(themes, it).raw] for it in items])

    def cross_validate(with_lexicon: bool) -> list[list[str]]:
        preds: list[list[str]] = [[] for _ in items]
        for g in sorted(set(groups)):
            tr = [i for i, x in enumerate(groups) if x != g]
            te = [i for i, x in enumerate(groups) if x == g]
            vec = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, sublinear_tf=True)
            xtr, xte = vec.fit_transform([texts[i] for i in tr]), vec.transform([texts[i] for i in te])
            if with_lexicon:
                xtr, xte = hstack([xtr, csr_matrix(lex[tr])]).tocsr(), hstack([xte, csr_matrix(lex[te])]).tocsr()
            clf = OneVsRestClassifier(LogisticRegression(C=4.0, max_iter=300, class_weight="balanced", solver="liblinear"))
            clf.fit(xtr, [y[i] for i in tr])
            for row, i in zip(clf.predict_proba(xte), te):
                order = [clf.classes_[k] for k in np.argsort(-row)]
                preds[i] = [] if order[0] == "none" else [c for c in order if c != "none"][:3]
        return preds

    print(f"{len(items)} paragraphs, {len(set(groups))} documents, leave one document out")
    rows = {
        "themes file": [predict(themes, it) for it in items],
        "words (LR)": cross_validate(False),
        "words + themes file (LR)": cross_validate(True),
    }
    for name, preds in rows.items():
        r = Figures.of(preds, items).row()
        print(f"{name:26} " + "  ".join(f"{k} {v}%" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
