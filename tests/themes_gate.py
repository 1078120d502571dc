"""Train and judge the none-gate (`corpus.theme_gate`) — offline, needs scikit-learn (not a jianghua dependency).

    python -m tests.themes_gate            leave one set out over dev, held-out, fresh, fresh2, fresh3
    python -m tests.themes_gate --write    … then train on all five and write corpus/data/theme_gate.toml

The gate sees only paragraphs the themes file tags (it can only untag); its label is the reader's "none".
Features: `theme_gate.features` (what the scoring rule already has) and the strongest theme's id. A logistic
regression (L2, balanced classes) gives log-odds of "none"; the threshold is chosen on the training sets alone:
the lowest at which at most MAX_LOST of their tagged theme paragraphs would be untagged. Each held-out set is then
scored with and without the gate (the four figures of `tests.themes_eval`). Adopted only if none-untagged rises on
the held-out sets on average and strongest=main falls by at most 1 point on every set.
"""

from __future__ import annotations

import sys

from jianghua.corpus import theme_gate
from jianghua.corpus import themes as T
from tests.themes_eval import Figures, predict, sets

FIVE = ("mine-dev", "mine-heldout", "fresh", "fresh2", "fresh3")
MAX_LOST = 0.01  # share of the training sets' tagged theme paragraphs the gate may untag
C = 0.5
WORDS = 0


def collect(themes, items):
    """Per item: (predicted ids without the gate, gate features or None, the strongest theme's id)."""
    seen: list = []
    real = theme_gate.untag
    theme_gate.untag = lambda f, tid: seen.append((list(f), tid)) or False  # type: ignore[assignment]
    try:
        out = []
        for it in items:
            seen.clear()
            got = predict(themes, it)
            out.append((got, seen[-1][0] if seen else None, seen[-1][1] if seen else None))
        return out
    finally:
        theme_gate.untag = real  # type: ignore[assignment]


VOCAB: list[str] = []  # word features (`--words N`): substrings counted in the folded paragraph
TEXTS: dict[int, str] = {}  # id(row) → folded text


def design(rows, ids):
    import numpy as np

    return np.array([f + [float(tid == t) for t in ids] + [min(TEXTS.get(id(r), "").count(v), 3) / 3 for v in VOCAB] for r in rows for _got, f, tid in (r,)])


def vocabulary(rows, labels, k: int) -> list[str]:
    """The k jieba words whose presence best separates "none" from theme paragraphs among the training rows (χ²)."""
    import jieba
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.feature_selection import chi2

    keep = [i for i, r in enumerate(rows) if r[1] is not None]
    docs = [" ".join(w for w in jieba.lcut(TEXTS[id(rows[i])]) if len(w) > 1) for i in keep]
    vec = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, min_df=3, binary=True)
    x = vec.fit_transform(docs)
    y = np.array([labels[i] == "none" for i in keep])
    score, _p = chi2(x, y)
    names = vec.get_feature_names_out()
    order = np.argsort(-np.nan_to_num(score))
    return [str(names[j]) for j in order[:k]]


def fit(rows, labels, ids):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    if WORDS:
        VOCAB[:] = vocabulary(rows, labels, WORDS)
    keep = [k for k, r in enumerate(rows) if r[1] is not None]
    x = design([rows[k] for k in keep], ids)
    y = np.array([labels[k] == "none" for k in keep])
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, fit_intercept=False)  # (bias is a feature)
    clf.fit(x, y)
    score = x @ clf.coef_[0]
    theme_scores = sorted(score[~y], reverse=True)
    k = int(MAX_LOST * len(theme_scores))
    threshold = float(theme_scores[k]) + 1e-6 if theme_scores else float("inf")
    return clf.coef_[0], threshold


def apply(rows, w, threshold, ids):
    preds = []
    for r in rows:
        got, f, _tid = r
        if f is not None and float(design([r], ids)[0] @ w) >= threshold:
            preds.append([])
        else:
            preds.append(got)
    return preds


def fmt(r: dict) -> str:
    return "/".join(f"{v:g}" for v in r.values())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("tests.themes_gate needs scikit-learn (not a jianghua dependency): pip install scikit-learn", file=sys.stderr)
        return 2
    global MAX_LOST, C, WORDS
    for k, a in enumerate(argv):
        if a in ("--lost", "--C", "--words"):
            v = argv[k + 1]
            if a == "--lost":
                MAX_LOST = float(v)
            elif a == "--C":
                C = float(v)
            else:
                WORDS = int(v)
    T.GATE = True
    themes = T.load_themes()
    ids = [t.id for t in themes.themes]
    data = sets()
    rows = {name: collect(themes, items) for name, items in data.items()}
    from jianghua.corpus.query import fold_text

    for name in rows:
        for r, it in zip(rows[name], data[name]):
            TEXTS[id(r)] = fold_text(it.text)
    labels = {name: [it.labels[0] for it in items] for name, items in data.items()}
    print("leave one set out: figures strongest=main / strongest∈labels / main in top3 / none untagged")
    print(f"{'held out':14} {'no gate':>26} {'gate':>26}   untagged: none / theme")
    dnone, worst = [], 0.0
    for out in FIVE:
        train = [n for n in FIVE if n != out]
        w, threshold = fit([r for n in train for r in rows[n]], [y for n in train for y in labels[n]], ids)
        base = Figures.of([g for g, _f, _t in rows[out]], data[out]).row()
        gated = apply(rows[out], w, threshold, ids)
        new = Figures.of(gated, data[out]).row()
        lost = sum(1 for p, (g, _f, _t), y in zip(gated, rows[out], labels[out]) if g and not p and y != "none")
        won = sum(1 for p, (g, _f, _t), y in zip(gated, rows[out], labels[out]) if g and not p and y == "none")
        b_new = Figures.of(apply(rows["bundled"], w, threshold, ids), data["bundled"]).row()
        print(f"{out:14} {fmt(base):>26} {fmt(new):>26}   {won} / {lost}   (bundled main {b_new['strongest=main']:g})")
        dnone.append(new["none untagged"] - base["none untagged"])
        worst = min(worst, new["strongest=main"] - base["strongest=main"], b_new["strongest=main"] - Figures.of([g for g, _f, _t in rows["bundled"]], data["bundled"]).row()["strongest=main"])
    mean = sum(dnone) / len(dnone)
    ok = mean > 0 and worst >= -1.0
    print(f"mean change of none untagged on the held-out sets {mean:+.2f}; worst strongest=main change {worst:+.1f} → {'adopt' if ok else 'do not adopt'}")
    if "--write" in argv:
        w, threshold = fit([r for n in FIVE for r in rows[n]], [y for n in FIVE for y in labels[n]], ids)
        lines = ["# The none-gate's weights (corpus/theme_gate.py): log-odds that a tagged paragraph is about none of the themes.",
                 "# Trained by `python -m tests.themes_gate --write` on dev, held-out, fresh, fresh2 and fresh3; the paragraph is",
                 "# left untagged when the weighted sum reaches `threshold`. theme:ID = the strongest theme is ID.",
                 f"threshold = {threshold:.4f}"]
        lines += [f"{name} = {v:.4f}" for name, v in zip(theme_gate.FEATURES, w)]
        lines += [f'"theme:{t}" = {v:.4f}' for t, v in zip(ids, w[len(theme_gate.FEATURES):])]
        theme_gate._PATH.write_text("\n".join(lines) + "\n", "utf-8")
        theme_gate._LOADED = None
        print(f"wrote {theme_gate._PATH}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
