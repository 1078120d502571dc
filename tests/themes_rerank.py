"""Would a small learned re-ranker / none-gate over the themes file's own features carry? (offline; not a test)

    python -m tests.themes_rerank [--C 1.0] [--mode MODE] [--dn X] [--dg X] [--ids] [--grid | --nested] [--write FILE]

Leave one set out over the eight labelled sets (bundled, dev, held-out, fresh … fresh5): train on seven, score the
eighth, for each; prints per set the four figures of `tests.themes_eval` without and with the model, the change, and
the mean and the worst change. Needs scipy (the `train` extra; not a jianghua dependency).

The model is a conditional logit (a softmax over a paragraph's candidates: every theme with a score that no outside
topic takes or drops, plus "none"), L2-regularised (C), fitted by L-BFGS. Its features are the ones the tagger computes
(`corpus/theme_rerank.py`, recorded while tagging with a neutral model): see THEME_FEATURES / NONE_FEATURES there.
`--ids` adds a bias per theme (offline only: the shipped file has no such weights).
MODE, letters: o reorder (the model's first among the rule's themes goes first; with a: among every candidate),
g untag a tagged paragraph when "none" beats every theme by DG, n tag an untagged one when a theme beats "none" by DN
(the shipped check is `ng`). `--grid`: every (DN, DG) from one fit per fold; `--nested`: for each set left out the other
seven pick C, DN and DG by leaving one of themselves out (honest figures); `--write FILE`: fit on all eight, write the
weights file (`corpus/data/theme_model.toml` is `--mode ng --C 10 --dn 1 --dg 1`). Results: tests/data/README.md.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from jianghua.corpus import themes as T
from tests.themes_eval import Figures, predict, sets

EIGHT = ("bundled", "mine-dev", "mine-heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5")
from jianghua.corpus.theme_rerank import NONE_FEATURES, THEME_FEATURES


def candidates(themes, it):
    """(the rule's theme ids, [(theme index, features)], none features) of one item: the features the tagger computes
    (`corpus.theme_rerank`, recorded while a neutral model changes nothing)."""
    from jianghua.corpus import theme_rerank as R
    from tests.themes_eval import tags_of

    R.RECORD = []
    try:
        tags = tags_of(themes, it)
        rec = R.RECORD
    finally:
        R.RECORD = None
    got = [themes.themes[i].id for i in tags.themes]
    if not rec:
        return got, [], []
    cands, g, given = rec[0]
    assert [themes.themes[i].id for i in given] == got
    return got, cands, g


def neutral():
    """The tagger without the learned check's changes (its features still recorded)."""
    from jianghua.corpus import theme_rerank as R

    m = R.Model((0.0,) * len(R.THEME_FEATURES), (0.0,) * len(R.NONE_FEATURES), math.inf, math.inf)
    R._LOADED[:] = [m]


class Model:
    def __init__(self, n: int, ids: bool):
        self.n = n
        self.ids = ids
        self.dim = len(THEME_FEATURES) + (n if ids else 0) + len(NONE_FEATURES)

    def vec_theme(self, i, f):
        import numpy as np

        v = np.zeros(self.dim)
        v[:len(f)] = f
        if self.ids:
            v[len(THEME_FEATURES) + i] = 1.0
        return v

    def vec_none(self, g):
        import numpy as np

        v = np.zeros(self.dim)
        v[self.dim - len(NONE_FEATURES):] = g
        return v

    def matrix(self, row):
        import numpy as np

        _got, cands, g = row
        return np.array([self.vec_theme(i, f) for i, f in cands] + [self.vec_none(g)])

    def fit(self, rows, targets, C: float):
        """targets: index into the candidate list (len(cands) = none), or None (the main theme is no candidate: skipped)."""
        import numpy as np
        from scipy.optimize import minimize

        mats = [(self.matrix(r), t) for r, t in zip(rows, targets) if t is not None]
        x = np.vstack([m for m, _t in mats])
        starts = np.cumsum([0] + [len(m) for m, _t in mats[:-1]])
        picked = starts + np.array([t for _m, t in mats])
        group = np.repeat(np.arange(len(mats)), [len(m) for m, _t in mats])

        def loss(w):
            s = x @ w
            mx = np.maximum.reduceat(s, starts)
            e = np.exp(s - mx[group])
            z = np.add.reduceat(e, starts)
            p = e / z[group]
            total = -(s[picked] - mx - np.log(z)).sum() + 0.5 * (w @ w) / C
            grad = -x[picked].sum(0) + p @ x + w / C
            return total, grad

        res = minimize(loss, np.zeros(self.dim), jac=True, method="L-BFGS-B")
        self.w = res.x
        return self

    def scores(self, row):
        return self.matrix(row) @ self.w


def target(row, labels, ids):
    _got, cands, _g = row
    main = labels[0]
    if not cands:
        return None
    if main == "none":
        return len(cands)
    for k, (i, _f) in enumerate(cands):
        if ids[i] == main:
            return k
    return None


DN = 0.0  # a theme must beat "none" by this much to tag a paragraph the rule leaves untagged
DG = 0.0  # "none" must beat every theme by this much to untag a paragraph the rule tags


def decide(model, row, ids, mode: str) -> list[str]:
    """MODE: letters — o: reorder (the model's first among the candidates goes first), g: gate (untag when "none"
    wins), n: tag a paragraph the rule leaves untagged when a theme wins, a: the model's first may be any candidate
    (else only one the rule gives)."""
    got, cands, _g = row
    if not cands:
        return got
    s = model.scores(row)
    best = int(s[:-1].argmax())
    margin = s[best] - s[-1]
    if not got:
        if "n" in mode and margin > DN:
            return [ids[cands[best][0]]]
        return got
    if "g" in mode and -margin > DG:
        return []
    if "o" not in mode:
        return got
    pool = [k for k in range(len(cands)) if "a" in mode or ids[cands[k][0]] in got]
    k = max(pool, key=lambda k: s[k])
    first = ids[cands[k][0]]
    return [first] + [t for t in got if t != first][:2]


def grid(model, rows, data, ids, mode, C) -> int:
    """Fit once per fold, then every (DN, DG): the mean change, the worst, the sum over the four figures."""
    global DN, DG
    folds = {}
    for out in EIGHT:
        train = [nm for nm in EIGHT if nm != out]
        model.fit([r for nm in train for r in rows[nm]], [target(r, it.labels, ids) for nm in train for r, it in zip(rows[nm], data[nm])], C)
        folds[out] = model.w.copy()
    base = {out: list(Figures.of([r[0] for r in rows[out]], data[out]).row().values()) for out in EIGHT}
    for dn in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 99.0):
        for dg in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 99.0):
            DN, DG = dn, dg
            deltas = []
            for out in EIGHT:
                model.w = folds[out]
                new = list(Figures.of([decide(model, r, ids, mode) for r in rows[out]], data[out]).row().values())
                deltas.append([0.0 if a != a else round(a - b, 1) for a, b in zip(new, base[out])])
            mean = [sum(d[k] for d in deltas) / len(deltas) for k in range(4)]
            worst = min(x for d in deltas for x in d)
            print(f"DN {dn:4} DG {dg:4}: mean {'/'.join(f'{x:+.2f}' for x in mean)} sum {sum(mean):+.2f} worst {worst:+.1f}")
    return 0


CS = (1.0, 10.0)
DS = (0.5, 1.0, 1.5, 2.0, 99.0)


def _deltas(model, rows, data, ids, mode, names, weights) -> list[list[float]]:
    out = []
    for nm in names:
        model.w = weights[nm]
        base = list(Figures.of([r[0] for r in rows[nm]], data[nm]).row().values())
        new = list(Figures.of([decide(model, r, ids, mode) for r in rows[nm]], data[nm]).row().values())
        out.append([0.0 if a != a else round(a - b, 1) for a, b in zip(new, base)])
    return out


def nested(model, rows, data, ids, mode) -> int:
    """Honest settings: for each set left out, the other seven pick C, DN and DG by leaving one of themselves out at a
    time (no figure of theirs falls more than 1 point, the largest sum of mean changes); then the eighth is scored."""
    global DN, DG
    fits: dict = {}

    def fitted(train: tuple, C: float):
        key = (train, C)
        if key not in fits:
            model.fit([r for nm in train for r in rows[nm]], [target(r, it.labels, ids) for nm in train for r, it in zip(rows[nm], data[nm])], C)
            fits[key] = model.w.copy()
        return fits[key]

    deltas = []
    for out in EIGHT:
        seven = [nm for nm in EIGHT if nm != out]
        best, pick = 0.0, None
        for C in CS:
            weights = {inner: fitted(tuple(nm for nm in seven if nm != inner), C) for inner in seven}
            for dn in DS:
                for dg in DS:
                    DN, DG = dn, dg
                    d = _deltas(model, rows, data, ids, mode, seven, weights)
                    worst = min(x for row in d for x in row)
                    total = sum(sum(row) for row in d) / len(d)
                    if worst >= -1.0 and total > best + 1e-9:
                        best, pick = total, (C, dn, dg)
        if pick is None:
            d = [0.0] * 4
        else:
            C, DN, DG = pick
            d = _deltas(model, rows, data, ids, mode, [out], {out: fitted(tuple(seven), C)})[0]
        deltas.append(d)
        print(f"{out:14} picked {pick} (inner sum {best:+.2f})  → {'/'.join(f'{x:+.1f}' for x in d)}", flush=True)
    mean = [sum(d[k] for d in deltas) / len(deltas) for k in range(4)]
    worst = min(x for d in deltas for x in d)
    print(f"nested: mean change {'/'.join(f'{x:+.2f}' for x in mean)} (sum {sum(mean):+.2f}); worst {worst:+.1f}")
    return 0


def write(path: Path, w, C: float) -> None:
    nt = len(THEME_FEATURES)
    doc = {
        "above": "log of the theme's score over the paragraph's threshold",
        "share": "its score over the strongest theme's",
        "given": "the themes file's rule gives it",
        "first": "… as the strongest",
        "passes": "its score reaches what it needs (threshold, ×2 for a mention in passing, the outside topics)",
        "phrases": "distinct phrases of it in the paragraph (6 = 1)",
        "mentions": "log(1 + its phrases' mentions)",
        "marker": "its strongest phrase's weight (4 = 1)",
        "opening": "share of its score from the opening sentence",
        "heading": "share from the section heading",
        "heading_share": "share from a short heading naming it (the heading rule)",
        "title": "share from the speech's title",
        "outside": "the strongest outside topic over its score (at most 3)",
        "margin": "(its score − the best other theme's) / its score",
        "spread": "share of the sentences naming it",
        "against": "its `against` phrases' points over its score",
    }
    none_doc = {
        "bias": "every paragraph",
        "above": "log of the strongest theme's score over the threshold",
        "length": "log(1 + characters / 100)",
        "outside": "the strongest outside topic over the strongest theme (at most 3)",
        "untagged": "the rule gives no theme",
        "subject": "an outside topic is the paragraph's subject (the rule's subject rule)",
        "silenced": "share of sentences whose theme phrases meeting procedure silences",
        "candidates": "log(1 + themes with a score)",
    }
    lines = ["# The learned check on the themes file's verdict (corpus/theme_rerank.py reads it; readable, not for editing by hand:",
             "# `python -m tests.themes_rerank --write corpus/data/theme_model.toml --C " + f"{C:g}" + " --dn " + f"{DN:g} --dg {DG:g}` refits it).",
             "# A conditional logit fitted on the eight labelled evaluation sets (tests/data/README.md): each theme with a score",
             "# gets the sum of [theme] weight × feature, \"about none of the themes\" the sum of [none] weight × feature.",
             "# A paragraph the rule leaves untagged gets the best theme when its sum beats none's by tag_margin; a tagged",
             "# paragraph is left untagged when none's sum beats every theme's by untag_margin. Nothing else changes.",
             f"tag_margin = {DN:g}", f"untag_margin = {DG:g}", "", "[theme]"]
    lines += [f"{nm} = {x:.4f}  # {doc[nm]}" for nm, x in zip(THEME_FEATURES, w[:nt])]
    lines += ["", "[none]"]
    lines += [f"{nm} = {x:.4f}  # {none_doc[nm]}" for nm, x in zip(NONE_FEATURES, w[len(w) - len(NONE_FEATURES):])]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {path}")


def fmt(r) -> str:
    return "/".join(f"{v:5.1f}" for v in r)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    C = float(argv[argv.index("--C") + 1]) if "--C" in argv else 1.0
    mode = argv[argv.index("--mode") + 1] if "--mode" in argv else "ng"
    global DN, DG
    DN = float(argv[argv.index("--dn") + 1]) if "--dn" in argv else DN
    DG = float(argv[argv.index("--dg") + 1]) if "--dg" in argv else DG
    themes = T.load_themes(Path(argv[argv.index("--themes") + 1]) if "--themes" in argv else None)
    ids = [t.id for t in themes.themes]
    data = sets()
    neutral()
    rows = {name: [candidates(themes, it) for it in items] for name, items in data.items()}
    for name, items in data.items():  # the same tags as the store's rule
        assert [r[0] for r in rows[name]] == [predict(themes, it) for it in items], name
    model = Model(len(ids), "--ids" in argv)
    print(f"leave one set out, C={C}, mode={mode}, ids={'--ids' in argv}: main / among labels / top 3 / none untagged")
    if "--nested" in argv:
        return nested(model, rows, data, ids, mode)
    if "--grid" in argv:
        return grid(model, rows, data, ids, mode, C)
    deltas = []
    for out in EIGHT:
        train = [nm for nm in EIGHT if nm != out]
        trows = [r for nm in train for r in rows[nm]]
        targets = [target(r, it.labels, ids) for nm in train for r, it in zip(rows[nm], data[nm])]
        model.fit(trows, targets, C)
        base = list(Figures.of([r[0] for r in rows[out]], data[out]).row().values())
        new = list(Figures.of([decide(model, r, ids, mode) for r in rows[out]], data[out]).row().values())
        d = [0.0 if a != a else round(a - b, 1) for a, b in zip(new, base)]
        deltas.append(d)
        print(f"{out:14} {fmt(base)}  →  {fmt(new)}   {'/'.join(f'{x:+.1f}' for x in d)}")
    mean = [sum(d[k] for d in deltas) / len(deltas) for k in range(4)]
    worst = min(x for d in deltas for x in d)
    print(f"mean change {'/'.join(f'{x:+.2f}' for x in mean)} (sum {sum(mean):+.2f}); worst {worst:+.1f}")
    if "--write" in argv:
        trows = [r for nm in EIGHT for r in rows[nm]]
        targets = [target(r, it.labels, ids) for nm in EIGHT for r, it in zip(rows[nm], data[nm])]
        model.fit(trows, targets, C)
        write(Path(argv[argv.index("--write") + 1]), model.w, C)
    return 0


if __name__ == "__main__":
    sys.exit(main())
