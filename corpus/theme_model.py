"""Learned theme weights (corpus/data/theme_weights.toml, made by `python -m tests.themes_train --write`)
applied on top of the themes file: no trained-model library at run time, only sums of weights.

A paragraph's pull towards each class (the twelve themes and "none") is the class's intercept + the
weights of the vocabulary words found in the paragraph and in its heading (matched like the themes
file's phrases: substrings of the folded text, longest first, no overlaps — so re-tagging needs no
jieba) + the weights of the themes file's own verdict (per theme: its score per 100 characters,
tagged, strongest; the strongest outside topic; untagged). Softmax of the pulls; "none" likeliest
(after `none_bias`) → no theme, else the likeliest themes with ≥ `share` of the top one's, at most 3.

The themes file's verdict is most of the evidence, so editing a keyword still moves the result; a
themes file whose theme ids differ from the weights' classes, or that says `learned = false` at its
top, is scored by the themes file alone (`applies`).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._toml import toml
from .resources import THEME_WEIGHTS
from .taxonomy import _trie_pattern

VERSION = 1


@dataclass(frozen=True)
class Weights:
    classes: tuple[str, ...]
    share: float
    none_bias: float
    intercept: tuple[float, ...]
    file: dict[str, tuple[tuple[int, float], ...]]  # verdict feature → (class index, weight)
    words: dict[str, tuple[tuple[int, float], ...]]
    heading_words: dict[str, tuple[tuple[int, float], ...]]
    stamp: str
    rx_words: re.Pattern[str] | None
    rx_heading: re.Pattern[str] | None


def _table(data: dict, classes: dict[str, int]) -> dict[str, tuple[tuple[int, float], ...]]:
    return {k: tuple((classes[c], float(w)) for c, w in ws.items() if c in classes) for k, ws in data.items()}


def _rx(words: dict) -> re.Pattern[str] | None:
    return re.compile(_trie_pattern(sorted(words, key=lambda w: (-len(w), w)))) if words else None


@lru_cache(maxsize=4)
def load(path: Path = THEME_WEIGHTS) -> Weights | None:
    """The weights file, or None when there is none (the themes file then scores alone)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    data = toml.loads(raw.decode("utf-8"))
    if data.get("version") != VERSION:
        return None
    classes = tuple(data["classes"])
    index = {c: k for k, c in enumerate(classes)}
    words, heading = _table(data.get("words", {}), index), _table(data.get("heading_words", {}), index)
    return Weights(classes, float(data["share"]), float(data["none_bias"]), tuple(float(data["intercept"].get(c, 0.0)) for c in classes),
                   _table(data.get("file", {}), index), words, heading, hashlib.sha1(raw).hexdigest()[:12], _rx(words), _rx(heading))


@lru_cache(maxsize=1)
def stamp(path: Path = THEME_WEIGHTS) -> str:
    """What the fingerprint of the tags carries of the weights (retraining re-tags stored speeches):
    a hash of the file's bytes, without parsing it (start-up never parses or compiles the weights)."""
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "none"


def applies(w: Weights | None, ids: Sequence[str], enabled: bool = True) -> bool:
    return bool(w) and enabled and set(ids) == set(w.classes) - {"none"}  # type: ignore[union-attr]


def verdict(ids: Sequence[str], raw: Sequence[float], tagged: Sequence[int], outside: Sequence[float], length: int) -> dict[str, float]:
    """The themes file's verdict as the features the weights were trained on (tests/themes_train.py)."""
    scale = 100.0 / max(length, 80)
    f = {f"score.{t}": math.log1p(max(v, 0.0) * scale) for t, v in zip(ids, raw)}
    f.update({f"tagged.{ids[i]}": 1.0 for i in tagged})
    if tagged:
        f[f"strongest.{ids[tagged[0]]}"] = 1.0
    f["outside"] = math.log1p(max(max(outside, default=0.0), 0.0) * scale)
    f["untagged"] = 0.0 if tagged else 1.0
    return f


@dataclass(frozen=True)
class Learned:
    themes: tuple[int, ...]  # theme indexes, likeliest first (empty: "none" is likeliest)
    proba: dict[str, float]  # class → probability
    words: tuple[tuple[str, str, float], ...]  # (class, word, weight) of the words found, for the tagged themes and "none"
    file_share: dict[str, float]  # class → pull from the themes file's verdict


@lru_cache(maxsize=256)
def _heading_words(rx: re.Pattern[str], folded: str) -> tuple[str, ...]:
    return tuple(set(rx.findall(folded)))


def classify(w: Weights, ids: Sequence[str], folded: str, heading_folded: str | None, raw: Sequence[float], tagged: Sequence[int],
             outside: Sequence[float], length: int, explain: bool = False) -> Learned:
    """The learned decision for one paragraph (`folded`: its text in simplified script)."""
    pull = list(w.intercept)
    from_file = [0.0] * len(pull)
    for name, x in verdict(ids, raw, tagged, outside, length).items():
        for c, wt in w.file.get(name, ()):
            from_file[c] += wt * x
    found: list[tuple[int, str, float]] = []
    for table, rx, text in ((w.words, w.rx_words, folded), (w.heading_words, w.rx_heading, heading_folded)):
        if rx is None or not text:
            continue
        for word in (set(rx.findall(text)) if table is w.words else _heading_words(rx, text)):
            for c, wt in table[word]:
                pull[c] += wt
                if explain:
                    found.append((c, word if table is w.words else "¶" + word, wt))
    pull = [p + f for p, f in zip(pull, from_file)]
    top = max(pull)
    exps = [math.exp(p - top) for p in pull]
    total = sum(exps)
    proba = {c: e / total for c, e in zip(w.classes, exps)}
    index = {t: k for k, t in enumerate(ids)}
    ranked = sorted((c for c in w.classes if c != "none"), key=lambda c: -proba[c])
    best = proba[ranked[0]]
    if proba.get("none", 0.0) > 0 and math.log(proba["none"]) > math.log(max(best, 1e-300)) + w.none_bias:
        order: tuple[int, ...] = ()
    else:
        order = tuple(index[c] for c in ranked if proba[c] >= w.share * best)[:3]
    words: tuple[tuple[str, str, float], ...] = ()
    if explain:
        keep = {w.classes.index(ids[i]) for i in order} | ({w.classes.index("none")} if "none" in w.classes else set())
        words = tuple((w.classes[c], word, round(wt, 3)) for c, word, wt in sorted(found, key=lambda f: -abs(f[2])) if c in keep)
    return Learned(order, {c: round(p, 3) for c, p in proba.items()}, words, {c: round(f, 3) for c, f in zip(w.classes, from_file)})
