"""A trained model over the ten labelled sets, judged by leaving one SET out (offline; needs the `train` extra,
scikit-learn — jianghua never imports it). Run through `python -m tests.themes_train`:

    --loso                         leave one set out over the ten sets, settings chosen by nested selection on the nine
                                   training sets only (tests/data/README.md, "A trained model over ten sets")
    --final --write FILE.json      the same selection over all ten sets, then one model trained on all ten, written out
    --score FILE.toml --model FILE.json
                                   the four figures of the themes file alone and of the model on a labelled toml file in
                                   the fresh-set format (aggregates only)
    --cost                         tagging CPU of the themes file vs the model's extra work, on the labelled paragraphs

The model: the themes file's verdict on a paragraph (`tests.themes_train.lexicon_features`, here computed exactly as the
store tags: heading, its size, inline heading, the speech's title) plus a small vocabulary of jieba words of the
training paragraphs matched like the themes file's phrases (substrings of the folded text, longest first), present or
not, in the paragraph and, apart, in its heading — all computable at tagging time without jieba. A multinomial logistic
regression over the twelve themes + "none"; a decision rule turns its probabilities into tags:
  file        the themes file alone (the selection may keep it: then there is no model)
  model       the model alone ("none" when its log-odds + bias beat the likeliest theme's; else themes ≥ 0.2 × the top, ≤ 3)
  fallback    the themes file's tags; the model's where the file gives none
  veto        fallback, and nothing where the model finds "none" likeliest (after the bias)
Settings chosen (vocabulary size, C, rule, bias) by leaving one of the training sets out at a time; the objective is
fixed here, before any outer result was seen: the mean over those inner sets of strongest=main plus the mean of none
untagged, among settings whose mean none untagged is not below the themes file's and that lose no inner set more than
2 points of main (else the best of all).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.themes_eval import Figures, Item, fresh, sets

MIN_DF = 2  # a vocabulary word occurs in at least this many training documents
SHARE = 0.2  # themes after the first: at least this share of the top theme's probability
CS = (0.3, 1.0)
SIZES = (0, 150, 500)  # vocabulary words kept (by a first fit's largest weights; 0 none, -1 all: `--sizes 0,150,500,-1`)
RULES = ("model", "fallback", "veto")
BIASES = (-1.0, -0.5, 0.0, 0.5, 1.0)
MAX_LOSS = 2.0  # points of strongest=main an inner set may lose
FORMAT = 1
# the ten sets trained and judged on, by name: a set added to `tests.themes_eval.sets()` later (a blind one) never
# slips into the training data
TEN = ("bundled", "mine-dev", "mine-heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")


@dataclass
class Para:
    item: Item
    set: str
    doc: str  # the document (its set + the source before ¶)
    text: str  # folded (`query.fold_text`, as the themes file matches)
    heading: str
    words: frozenset[str]  # jieba words (≥ 2 characters, with a CJK character) of paragraph + heading
    verdict: list[float]
    tags: list[str]  # the themes file's tags, strongest first


_CJK = re.compile(r"[\u4e00-\u9fff]")


def verdict(themes, it: Item) -> tuple[list[float], list[str]]:
    """The themes file's verdict as numbers — per theme: log(1 + score per 100 characters), tagged, strongest; the
    strongest outside topic; untagged — computed by the store's call (`tests.themes_eval.tags_of`'s arguments)."""
    from jianghua.corpus.structure import inline_heading, split_sentences
    from jianghua.corpus.themes import _score, heading_size
    from tests.themes_train import verdict as numbers_of

    heading = themes.hits(it.heading, outside=True) if it.heading else None
    title = themes.hits(it.title, outside=True) if it.title else None
    res = _score(themes, it.text, split_sentences(it.text), heading, None, heading_size(it.heading) if it.heading else None,
                 inline_heading(it.heading, it.text), title)
    return numbers_of(themes, res[0], res[3], len(it.text))


def paras(themes, named: dict[str, list[Item]], segment: bool = True) -> list[Para]:
    from jianghua.corpus import segment as seg
    from jianghua.corpus.query import fold_text

    out = []
    for name, items in named.items():
        for it in items:
            v, tags = verdict(themes, it)
            words = frozenset()
            if segment:
                words = frozenset(w for w in seg.cut(fold_text(it.text + "\n" + it.heading)) if len(w) >= 2 and _CJK.search(w))
            doc = name + ":" + re.sub(r"\s", "", it.source.split("¶")[0])[:24]
            out.append(Para(it, name, doc, fold_text(it.text), fold_text(it.heading), words, v, tags))
    return out


class Matcher:
    """Vocabulary words found in folded text as the themes file finds its phrases (one trie regex, longest first)."""

    def __init__(self, vocab: list[str]):
        from jianghua.corpus.taxonomy import _trie_pattern

        self.vocab = list(vocab)
        self.index = {w: k for k, w in enumerate(self.vocab)}
        self.rx = re.compile(_trie_pattern(sorted(self.vocab, key=lambda w: (-len(w), w)))) if self.vocab else None

    def found(self, folded: str) -> set[int]:
        return {self.index[w] for w in self.rx.findall(folded)} if folded and self.rx is not None else set()


def vocabulary(ps: list[Para]) -> list[str]:
    """Words of the paragraphs `ps` in at least MIN_DF of their documents."""
    docs: dict[str, set[str]] = {}
    for p in ps:
        for w in p.words:
            docs.setdefault(w, set()).add(p.doc)
    return sorted(w for w, d in docs.items() if len(d) >= MIN_DF)


def design(ps: list[Para], matcher: Matcher):
    """paragraphs × (vocabulary in the text, in the heading — themes_train's words — then the verdict)."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack

    from tests.themes_train import design as words_of

    return hstack([words_of(ps, matcher), csr_matrix(np.array([p.verdict for p in ps]))]).tocsr()


def _lr(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


class Model:
    """A fitted model: its vocabulary, classes and a scikit-learn classifier (or, read back, plain weights)."""

    def __init__(self, vocab: list[str], classes: list[str], coef, intercept):
        self.matcher = Matcher(vocab)
        self.classes = list(classes)
        self.coef = [list(map(float, r)) for r in coef]  # class × (2 × vocabulary + verdict)
        self.intercept = list(map(float, intercept))

    def proba(self, p: Para) -> list[float]:
        """Class probabilities as the run-time side would compute them: sums of the weights of the words found."""
        v = len(self.matcher.vocab)
        cols = [k for k in self.matcher.found(p.text)] + [v + k for k in self.matcher.found(p.heading)]
        z = []
        for w, b in zip(self.coef, self.intercept):
            s = b + sum(w[k] for k in cols)
            s += sum(a * x for a, x in zip(w[2 * v :], p.verdict) if x)
            z.append(s)
        top = max(z)
        e = [math.exp(s - top) for s in z]
        t = sum(e)
        return [x / t for x in e]


def fit(train: list[Para], vocab: list[str], c: float, size: int, full=None):
    """A model trained on `train` with the `size` words (0: none, -1: all of `vocab`) of the largest weights in a first
    fit over all of `vocab` (`full`: that fit, when made already); returns (model, the all-words fit)."""
    import numpy as np

    y = [p.item.labels[0] for p in train]
    if size == 0:
        vocab = []
    elif size > 0:
        if full is None:
            full = fit(train, vocab, c, -1)[0]
        v = len(full.matcher.vocab)
        coef = np.array(full.coef)
        strength = np.maximum(np.abs(coef[:, :v]), np.abs(coef[:, v : 2 * v])).max(axis=0)
        vocab = sorted(full.matcher.vocab[k] for k in np.argsort(-strength, kind="stable")[:size])
    m = Matcher(vocab)
    clf = _lr(c).fit(design(train, m), y)
    model = Model(vocab, list(clf.classes_), clf.coef_, clf.intercept_)
    model.clf = clf
    return model, (model if size == -1 else full)


def proba_all(model: Model, ps: list[Para]):
    return model.clf.predict_proba(design(ps, model.matcher)) if hasattr(model, "clf") else [model.proba(p) for p in ps]


def decide(classes: list[str], proba, bias: float) -> list[str]:
    """Themes from the probabilities: nothing when "none" (its log-odds + `bias`) beats the likeliest theme, else the
    likeliest themes with ≥ SHARE of the top one's, at most 3."""
    p = dict(zip(classes, proba))
    ranked = sorted((c for c in classes if c != "none"), key=lambda c: -p[c])
    if is_none(p, ranked[0], bias):
        return []
    return [c for c in ranked if p[c] >= SHARE * p[ranked[0]]][:3]


def is_none(p: dict, top: str, bias: float) -> bool:
    return math.log(max(p.get("none", 0.0), 1e-12)) + bias > math.log(max(p[top], 1e-12))


def tags(rule: str, bias: float, classes: list[str], proba, p: Para) -> list[str]:
    if rule == "file":
        return p.tags
    model = decide(classes, proba, bias)
    if rule == "model":
        return model
    if rule == "veto":
        d = dict(zip(classes, proba))
        if is_none(d, max((c for c in classes if c != "none"), key=d.get), bias):
            return []
    return p.tags or model


def four(preds: list[list[str]], ps: list[Para]) -> dict[str, float]:
    return Figures.of(preds, [p.item for p in ps]).row()


MAIN, NONE = "strongest=main", "none untagged"


def settings():
    yield ("file", 0.0, 0.0, 0)
    for c in CS:
        for size in SIZES:
            for rule in RULES:
                for bias in BIASES if rule != "fallback" else (0.0,):
                    yield (rule, bias, c, size)


def select(ps: list[Para], log=print, keep_file: bool = True) -> tuple[tuple, dict]:
    """Settings chosen by leaving one set of `ps` out at a time (the objective: the module's doc); `keep_file` False:
    a model setting even when none beats the themes file alone (the candidate for a blind test)."""
    names = sorted({p.set for p in ps})
    results: dict[tuple, dict[str, dict]] = {s: {} for s in settings()}
    for name in names:
        tr = [p for p in ps if p.set != name]
        te = [p for p in ps if p.set == name]
        fv = vocabulary(tr)
        for c in CS:
            full = None
            for size in (-1, *(s for s in SIZES if s != -1)):  # the all-words fit first: the smaller ones refit on it
                model, full = fit(tr, fv, c, size, full)
                pr = proba_all(model, te)
                for s in results:
                    if s[0] != "file" and s[2] == c and s[3] == size:  # (the all-words fit is not scored unless in SIZES)
                        results[s][name] = four([tags(s[0], s[1], model.classes, q, p) for q, p in zip(pr, te)], te)
        results[("file", 0.0, 0.0, 0)][name] = four([p.tags for p in te], te)
        log(f"  inner fold {name}: {len(tr)} training paragraphs, {len(fv)} words", flush=True)
    base = results[("file", 0.0, 0.0, 0)]

    def mean(r: dict, k: str) -> float:
        v = [x[k] for x in r.values() if not math.isnan(x[k])]
        return sum(v) / len(v)

    def ok(r: dict) -> bool:
        return mean(r, NONE) >= mean(base, NONE) and all(r[n][MAIN] >= base[n][MAIN] - MAX_LOSS for n in names if not math.isnan(base[n][MAIN]))

    pool = [s for s in results if keep_file or s[0] != "file"]
    feasible = [s for s in pool if ok(results[s])] or pool
    best = max(feasible, key=lambda s: (round(mean(results[s], MAIN) + mean(results[s], NONE), 6), s == ("file", 0.0, 0.0, 0)))
    return best, results


def describe(s: tuple) -> str:
    rule, bias, c, size = s
    if rule == "file":
        return "themes file alone"
    words = {0: "no words", -1: "all words"}.get(size, f"{size} words")
    return f"{rule}, {words}, C={c}" + (f", bias {bias:+}" if rule != "fallback" else "")


def row(name: str, r: dict[str, float]) -> str:
    return f"{name:44} " + "  ".join(f"{v:5.1f}" for v in r.values())


def ten() -> dict[str, list]:
    named = sets()
    return {k: named[k] for k in TEN}


def load_all(themes) -> list[Para]:
    return paras(themes, ten())


def loso(themes, keep_file: bool = True) -> None:
    """Leave one set out over the ten sets; each fold's nine sets choose the settings (`select`; `keep_file` False:
    always a model, `--model-only`)."""
    t0 = time.time()
    ps = load_all(themes)
    names = list(dict.fromkeys(p.set for p in ps))
    print(f"{len(ps)} paragraphs in {len(names)} sets ({sum(p.item.labels[0] == 'none' for p in ps)} none); prepared in {time.time() - t0:.0f} s")
    print(f"{'':44}  main among  top3  none")
    out = []
    for name in names:
        tr = [p for p in ps if p.set != name]
        te = [p for p in ps if p.set == name]
        best, _ = select(tr, log=lambda *a, **k: None, keep_file=keep_file)
        fv = vocabulary(tr)
        rule, bias, c, size = best
        if rule == "file":
            got = [p.tags for p in te]
            nwords = 0
        else:
            model, _ = fit(tr, fv, c, size)
            got = [tags(rule, bias, model.classes, q, p) for q, p in zip(proba_all(model, te), te)]
            nwords = len(model.matcher.vocab)
        base, mine = four([p.tags for p in te], te), four(got, te)
        out.append((name, base, mine))
        print(f"{name} ({len(te)} paragraphs): chosen {describe(best)} ({nwords} of {len(fv)} words); {time.time() - t0:.0f} s")
        print(row("  themes file", base))
        print(row("  model", mine), flush=True)
    print("\nheld-out set      file main/among/top3/none  →  model      Δ main  Δ none")
    for name, base, mine in out:
        d = [mine[k] - base[k] for k in base]
        print(f"{name:14} " + "/".join(f"{v:.1f}" for v in base.values()) + "  →  " + "/".join(f"{v:.1f}" for v in mine.values())
              + f"   {d[0]:+5.1f}  {d[3]:+5.1f}")
    for k in out[0][1]:
        b = [x[1][k] for x in out if not math.isnan(x[1][k])]
        m = [x[2][k] for x in out if not math.isnan(x[2][k])]
        print(f"mean {k:18} {sum(b) / len(b):5.1f} → {sum(m) / len(m):5.1f} ({(sum(m) - sum(b)) / len(b):+.1f}; sets lost {sum(y < x for x, y in zip(b, m))}, won {sum(y > x for x, y in zip(b, m))})")
    print(f"{time.time() - t0:.0f} s")


def final(themes, path: Path) -> None:
    """Settings chosen by leaving one of the ten sets out at a time — a model's, even if the themes file alone would be
    chosen (`select(keep_file=False)`: this is the candidate for a blind test) — then one model on all ten, written to
    `path`."""
    t0 = time.time()
    ps = load_all(themes)
    best, results = select(ps, keep_file=False)
    print(f"chosen: {describe(best)} ({time.time() - t0:.0f} s)")
    for name, r in results[best].items():
        print(row(f"  {name} (left out): file → model", results[("file", 0.0, 0.0, 0)][name]) + "  →  " + "  ".join(f"{v:5.1f}" for v in r.values()))
    base = results[("file", 0.0, 0.0, 0)]

    def gain(s: tuple, k: str) -> float:
        return sum(results[s][n][k] - base[n][k] for n in base if not math.isnan(base[n][k])) / sum(not math.isnan(base[n][k]) for n in base)

    print("the five best settings in hindsight (mean Δ main, Δ none over the ten sets left out; worst set's Δ main):")
    for s in sorted(results, key=lambda s: -(gain(s, MAIN) + gain(s, NONE)))[:5]:
        worst = min(results[s][n][MAIN] - base[n][MAIN] for n in base if not math.isnan(base[n][MAIN]))
        print(f"  {describe(s):44} {gain(s, MAIN):+5.1f} {gain(s, NONE):+5.1f}  {worst:+5.1f}")
    rule, bias, c, size = best
    vocab, coef, intercept, classes = [], [], [], []
    if rule != "file":
        model, _ = fit(ps, vocabulary(ps), c, size)
        vocab, classes = model.matcher.vocab, model.classes
        coef = [[round(x, 5) for x in r] for r in model.coef]
        intercept = [round(x, 5) for x in model.intercept]
    doc = {"format": FORMAT, "themes": themes.fingerprint, "trained_on": {n: sum(p.set == n for p in ps) for n in dict.fromkeys(p.set for p in ps)},
           "grid": {"C": CS, "sizes": SIZES, "biases": BIASES, "rules": RULES},
           "rule": rule, "bias": bias, "C": c, "size": size, "share": SHARE, "classes": classes, "vocabulary": vocab,
           "coef": coef, "intercept": intercept}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", "utf-8")
    print(f"wrote {path}: {len(vocab)} words, {len(text.encode()) / 1024:.0f} KiB, sha1 {hashlib.sha1(text.encode()).hexdigest()[:12]} ({time.time() - t0:.0f} s)")


def read_model(path: Path) -> tuple[dict, Model | None]:
    doc = json.loads(path.read_text("utf-8"))
    if doc.get("format") != FORMAT:
        raise SystemExit(f"{path}: not a model of format {FORMAT}")
    return doc, (Model(doc["vocabulary"], doc["classes"], doc["coef"], doc["intercept"]) if doc["rule"] != "file" else None)


def score(themes, toml_path: Path, model_path: Path) -> None:
    """The four figures of the themes file alone and of the model on a labelled toml file (aggregates only)."""
    doc, model = read_model(model_path)
    if doc["themes"] != themes.fingerprint:
        print("note: the themes file (or scoring version) differs from the one the model was trained with", file=sys.stderr)
    ps = paras(themes, {toml_path.stem: fresh(str(toml_path.resolve()))}, segment=False)
    n_none = sum(p.item.labels[0] == "none" for p in ps)
    print(f"{toml_path.name}: {len(ps)} paragraphs ({n_none} none); model: {describe((doc['rule'], doc['bias'], doc['C'], doc['size']))}")
    print(f"{'':44}  main among  top3  none")
    print(row("themes file", four([p.tags for p in ps], ps)))
    got = [p.tags for p in ps] if model is None else [tags(doc["rule"], doc["bias"], model.classes, model.proba(p), p) for p in ps]
    print(row("model", four(got, ps)))


def cost(themes, model_path: Path | None, rounds: int = 5) -> None:
    """Tagging CPU on the labelled paragraphs: the store's tagging call (`tags_of`: fold, sentences, heading and title
    hits, the scoring rule) vs the model's extra work (its matcher over the folded paragraph and heading, the sums of
    weights, the softmax: `Model.proba`, pure Python as a run-time side would be) — interleaved rounds, medians.
    Without `--model`: models of 150 and 500 words and of all words (C = 1), fitted on all ten sets."""
    import statistics

    from tests.themes_eval import tags_of

    if model_path is None:
        ps = load_all(themes)
        full, _ = fit(ps, vocabulary(ps), 1.0, -1)
        models = [fit(ps, [], 1.0, size, full)[0] for size in (150, 500)] + [full]
        models = [Model(m.matcher.vocab, m.classes, m.coef, m.intercept) for m in models]
    else:
        ps = paras(themes, ten(), segment=False)
        models = [read_model(model_path)[1]]
    items = [p.item for p in ps]
    base: list[float] = []
    extra: list[list[float]] = [[] for _ in models]
    for _ in range(rounds):
        t = time.process_time()
        for it in items:
            tags_of(themes, it)
        base.append(time.process_time() - t)
        for k, model in enumerate(models):
            t = time.process_time()
            for p in ps:
                model.proba(p)
            extra[k].append(time.process_time() - t)
    mb = statistics.median(base)
    print(f"{len(items)} paragraphs: tagging {mb:.3f} s CPU (median of {rounds}, interleaved)")
    for model, e in zip(models, extra):
        me = statistics.median(e)
        print(f"  model of {len(model.matcher.vocab):5} words: + {me:.3f} s = ×{(mb + me) / mb:.2f}")
