"""Would a learned none-gate carry? Train and judge one — offline, needs scikit-learn (not a jianghua dependency).

    python -m tests.themes_gate [--lost 0.01] [--C 0.5] [--words N] [--causes] [--nested] [--write FILE]

Leave one set out over dev, held-out, fresh, fresh2, fresh3 (train on four, judge on the fifth; the bundled passages
are judged by every fold's gate too); `--write FILE` then trains on all five and writes the weights, `name = weight`.
The gate sees only paragraphs the themes file tags (it can only untag); its label is the reader's "none".
Features: `features` (what the scoring rule already has, read from `explain_paragraph`) and the strongest theme's
id; `--words N`: the N jieba words of the training paragraphs that best separate "none" (χ²), counted as substrings;
`--causes`: the shares of the strongest theme's phrases standing in 《》/“”, beside 、, before a meeting's or a
document's name, a news date first, procedure / document / directive words and digits per 100 characters (the s22
causes of tagged "none" paragraphs, tests/data/README.md); `--nested`: each fold's four training sets choose the
features, C and share lost themselves (leaving one of them out at a time), so the fifth set is truly unseen. A logistic
regression (L2, balanced classes) gives log-odds of "none"; the threshold is chosen on the training sets alone:
the lowest at which at most MAX_LOST of their tagged theme paragraphs would be untagged. Each held-out set is then
scored with and without the gate (the four figures of `tests.themes_eval`). The rule set for adopting it: none-untagged
rises on the held-out sets on average and strongest=main falls by at most 1 point on every set (results and the
decision: tests/data/README.md, "A learned none-gate").
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

from jianghua.corpus import themes as T
from jianghua.corpus.structure import split_sentences
from tests.themes_eval import Figures, Item, predict, sets

FIVE = ("mine-dev", "mine-heldout", "fresh", "fresh2", "fresh3")
MAX_LOST = 0.01  # share of the training sets' tagged theme paragraphs the gate may untag
C = 0.5
WORDS = 0
NFEAT = 99  # the first NFEAT features are used (`--nested` tries the features alone and with the causes)
GRID = [(nf, c, lost) for nf in (15, 99) for c in (0.1, 0.5, 2.0) for lost in (0.003, 0.005, 0.01)]


FEATURES = ("bias", "above", "second", "outside", "length", "sentences", "spread", "silenced", "phrases", "mentions",
            "marker", "opening", "heading", "title", "named")
CAUSES = ("quoted", "listed", "meeting", "news", "procedure", "document", "directive", "digits")  # `--causes`
_NEWS = re.compile(r"^\W{0,3}(?:\d{4}年)?\d{1,2}月\d{1,2}日")
_PROCEDURE = re.compile(r"召开|举行|主持|出席|宣读|选举|开幕|闭幕|记者|发布会|会议")
_DOCUMENT = re.compile(r"纲要|草案|起草|编制|报告|文件|条例|决定")
_DIRECTIVE = re.compile(r"要|必须|坚持|加强|推进|着力")
_MEETING = re.compile(r"[^，。；、]{0,12}(?:会议|大会|座谈会|动员会|发布会|全会|讲话|报告|纲要|决定|意见)")


def features(ex: T.Explanation, text: str, nsent: int, n: int, causes: bool) -> list[float]:
    """What the scoring rule already has (`explain_paragraph`, the same rule as `tag_paragraph`) about a paragraph whose
    strongest theme is `top`: its score against the threshold, the second's, the outside topics', how many sentences
    name a theme, the phrases behind the strongest, meeting procedure, the opening sentence's, heading's, title's backing."""
    top = ex.tags.themes[0]
    raw = ex.tags.raw
    best = raw[top]
    second = max((v for i, v in enumerate(raw) if i != top), default=0.0)
    outside = max(ex.outside, default=0.0)
    phrases: set[str] = set()
    mentions, marker, opening, heading, title = 0, 0.0, 0.0, 0.0, 0.0
    named_in: set[int] = set()
    silenced: set[int] = set()
    quoted = listed = meeting = 0
    for e in ex.evidence:
        if e.where == "silenced":
            silenced.add(e.sentence)
        elif e.where in ("opening", "body") and e.theme < n and e.weight > 0:
            named_in.add(e.sentence)
            if e.theme == top:
                phrases.add(e.phrase)
                mentions += 1
                marker = max(marker, e.weight)
                opening = max(opening, float(e.sentence == 0))
                if causes:
                    at = text.find(e.phrase)
                    if at >= 0:
                        before = text[:at]
                        quoted += before.count("《") > before.count("》") or before.count("“") > before.count("”")
                        listed += text[at - 1:at] == "、" or text[at + len(e.phrase):at + len(e.phrase) + 1] == "、"
                        meeting += bool(_MEETING.match(text, at + len(e.phrase)))
        elif e.where == "heading" and e.theme == top:
            heading += e.weight
        elif e.where == "title" and e.theme == top and e.weight > 0:
            title = 1.0
    f = [1.0, math.log(max(best, 1e-3) / ex.threshold), second / best if best else 0.0, outside / best if best else 0.0,
         math.log1p(len(text) / 100.0), math.log1p(nsent), len(named_in) / max(nsent, 1), len(silenced) / max(nsent, 1),
         min(len(phrases), 6) / 6.0, math.log1p(mentions), min(marker, 4.0) / 4.0, opening, float(heading > 0), title,
         sum(1 for v in raw if v > 0) / max(n, 1)]
    if causes:
        per = 100.0 / max(len(text), 80)
        f += [quoted / max(mentions, 1), listed / max(mentions, 1), meeting / max(mentions, 1), float(bool(_NEWS.match(text))),
              min(len(_PROCEDURE.findall(text)) * per, 3.0), min(len(_DOCUMENT.findall(text)) * per, 3.0),
              min(len(_DIRECTIVE.findall(text)) * per, 5.0) / 5.0, sum(c.isdigit() for c in text) / max(len(text), 1)]
    return f


def collect(themes, items: list[Item], causes: bool = False):
    """Per item: (the theme ids the themes file gives, strongest first; the gate's features or None when it gives none;
    the strongest theme's id)."""
    n = len(themes.themes)
    out = []
    for it in items:
        spans = split_sentences(it.text)
        ex = T.explain_paragraph(themes, it.text, spans, it.heading or None, it.title or None)
        got = [themes.themes[i].id for i in ex.tags.themes]
        out.append((got, features(ex, it.text, len(spans), n, causes) if got else None, got[0] if got else None))
    return out


VOCAB: list[str] = []  # word features (`--words N`): substrings counted in the folded paragraph
TEXTS: dict[int, str] = {}  # id(row) → folded text


def design(rows, ids):
    import numpy as np

    return np.array([f[:NFEAT] + [float(tid == t) for t in ids] + [min(TEXTS.get(id(r), "").count(v), 3) / 3 for v in VOCAB] for r in rows for _got, f, tid in (r,)])


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
    threshold = float(theme_scores[k]) + 1e-6 if theme_scores and MAX_LOST >= 0 else float("inf")
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


def judge(rows, data, ids, names, quiet=True):
    """Leave one of `names` out at a time with the current settings: (mean change of none untagged, worst change of
    strongest=main, none paragraphs untagged, theme paragraphs untagged)."""
    dn, worst, won_all, lost_all = [], 0.0, 0, 0
    for out in names:
        train = [n for n in names if n != out]
        w, threshold = fit([r for n in train for r in rows[n]], [it.labels[0] for n in train for it in data[n]], ids)
        gated = apply(rows[out], w, threshold, ids)
        base = Figures.of([g for g, _f, _t in rows[out]], data[out]).row()
        new = Figures.of(gated, data[out]).row()
        dn.append(new["none untagged"] - base["none untagged"])
        worst = min(worst, new["strongest=main"] - base["strongest=main"])
        for p, (g, _f, _t), it in zip(gated, rows[out], data[out]):
            if g and not p:
                won_all += it.labels[0] == "none"
                lost_all += it.labels[0] != "none"
    return sum(dn) / len(dn), worst, won_all, lost_all


def choose(rows, data, ids, names) -> tuple | None:
    """The settings (features, C, share lost) the training sets alone would pick: leave one of them out at a time,
    keep settings whose strongest=main falls ≤ 1 point on each and whose none-untagged rises on average; the best
    mean rise. None: no settings pass (no gate)."""
    global NFEAT, C, MAX_LOST
    best, pick = 0.0, None
    for nf, c, lost in GRID:
        NFEAT, C, MAX_LOST = nf, c, lost
        mean, worst, _won, _lost = judge(rows, data, ids, names)
        if worst >= -1.0 and mean > best:
            best, pick = mean, (nf, c, lost)
    return pick


def fmt(r: dict) -> str:
    return "/".join(f"{v:g}" for v in r.values())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("tests.themes_gate needs scikit-learn (not a jianghua dependency): pip install scikit-learn", file=sys.stderr)
        return 2
    global MAX_LOST, C, WORDS, NFEAT
    for k, a in enumerate(argv):
        if a in ("--lost", "--C", "--words"):
            v = argv[k + 1]
            if a == "--lost":
                MAX_LOST = float(v)
            elif a == "--C":
                C = float(v)
            else:
                WORDS = int(v)
    themes = T.load_themes()
    ids = [t.id for t in themes.themes]
    data = sets()
    rows = {name: collect(themes, items, "--causes" in argv or "--nested" in argv) for name, items in data.items()}
    for name, items in data.items():  # the same tags as the store's rule (`tests.themes_eval.predict`)
        assert [g for g, _f, _t in rows[name]] == [predict(themes, it) for it in items], name
    from jianghua.corpus.query import fold_text

    for name in rows:
        for r, it in zip(rows[name], data[name]):
            TEXTS[id(r)] = fold_text(it.text)
    labels = {name: [it.labels[0] for it in items] for name, items in data.items()}
    if "--causes" in argv or "--nested" in argv:
        names = FEATURES + CAUSES
    else:
        names = FEATURES
    print("leave one set out: figures strongest=main / strongest∈labels / main in top3 / none untagged")
    print(f"{'held out':14} {'no gate':>26} {'gate':>26}   untagged: none / theme")
    dnone, worst, total = [], 0.0, [0, 0]
    for out in FIVE:
        train = [n for n in FIVE if n != out]
        if "--nested" in argv:
            pick = choose(rows, data, ids, train)
            print(f"  (left out {out}: the four others pick {pick and dict(zip(('features', 'C', 'lost'), pick))})")
            if pick is None:
                NFEAT, MAX_LOST = 99, -1.0  # no gate: a threshold above every score
            else:
                NFEAT, C, MAX_LOST = pick
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
        total[0] += won
        total[1] += lost
    mean = sum(dnone) / len(dnone)
    print(f"untagged over the five held-out sets: {total[0]} none paragraphs, {total[1]} theme paragraphs")
    ok = mean > 0 and worst >= -1.0
    print(f"mean change of none untagged on the held-out sets {mean:+.2f}; worst strongest=main change {worst:+.1f} → {'passes the rule' if ok else 'fails the rule'}")
    if "--write" in argv:
        path = Path(argv[argv.index("--write") + 1])
        w, threshold = fit([r for n in FIVE for r in rows[n]], [y for n in FIVE for y in labels[n]], ids)
        lines = ["# A none-gate's weights (tests/themes_gate.py, not shipped): log-odds that a tagged paragraph is about none of the themes.",
                 "# Trained by `python -m tests.themes_gate --write` on dev, held-out, fresh, fresh2 and fresh3; the paragraph is",
                 "# left untagged when the weighted sum reaches `threshold`. theme:ID = the strongest theme is ID.",
                 f"threshold = {threshold:.4f}"]
        lines += [f"{name} = {v:.4f}" for name, v in zip(names, w)]
        lines += [f'"theme:{t}" = {v:.4f}' for t, v in zip(ids, w[len(names):len(names) + len(ids)])]
        path.write_text("\n".join(lines) + "\n", "utf-8")
        print(f"wrote {path}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
