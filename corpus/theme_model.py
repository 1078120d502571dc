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
from dataclasses import dataclass, replace
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
    file: dict[str, tuple[float, ...]]  # verdict feature → weight per class
    words: dict[str, tuple[float, ...]]  # word → weight per class
    heading_words: dict[str, tuple[float, ...]]
    stamp: str
    rx_words: re.Pattern[str] | None
    rx_heading: re.Pattern[str] | None
    ids: tuple[str, ...] = ()  # the theme ids the weights apply to (the classes but "none"), in the themes file's order
    theme_of: tuple[int, ...] = ()  # class → theme index in `ids` (-1: "none")
    none: int = -1  # the class "none"
    log_share: float = 0.0


def _table(data: dict, classes: dict[str, int]) -> dict[str, tuple[float, ...]]:
    """feature → its weight for every class (0 where the file leaves it out)."""
    out = {}
    for k, ws in data.items():
        row = [0.0] * len(classes)
        for c, w in ws.items():
            if c in classes:
                row[classes[c]] = float(w)
        out[k] = tuple(row)
    return out


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
                   _table(data.get("file", {}), index), words, heading, hashlib.sha1(raw).hexdigest()[:12], _rx(words), _rx(heading),
                   none=index.get("none", -1), log_share=math.log(float(data["share"])))


def for_themes(w: Weights, ids: Sequence[str]) -> Weights:
    """The weights with their classes mapped to a themes file's order of ids (same set of ids)."""
    pos = {t: k for k, t in enumerate(ids)}
    return replace(w, ids=tuple(ids), theme_of=tuple(pos.get(c, -1) for c in w.classes))


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
    """The themes file's verdict as the features the weights were trained on (tests/themes_train.py;
    features that are 0 are left out)."""
    scale = 100.0 / max(length, 80)
    f = {f"score.{t}": math.log1p(v * scale) for t, v in zip(ids, raw) if v > 0}
    for i in tagged:
        f[f"tagged.{ids[i]}"] = 1.0
    if tagged:
        f[f"strongest.{ids[tagged[0]]}"] = 1.0
    else:
        f["untagged"] = 1.0
    top = max(outside, default=0.0)
    if top > 0:
        f["outside"] = math.log1p(top * scale)
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
             outside: Sequence[float], length: int, explain: bool = False) -> Learned | tuple[int, ...]:
    """The learned decision for one paragraph (`folded`: its text in simplified script): the theme
    indexes, likeliest first — or, with `explain`, a `Learned` with the probabilities and the words.
    (Compared as pulls, i.e. log-probabilities up to a constant: no softmax unless explaining.)"""
    feats = verdict(ids, raw, tagged, outside, length)
    file_rows = [[b * x for b in w.file[name]] for name, x in feats.items() if name in w.file]
    from_file = [sum(col) for col in zip(*file_rows)] if file_rows else None
    found = [(word, w.words[word]) for word in set(w.rx_words.findall(folded))] if w.rx_words is not None else []
    if w.rx_heading is not None and heading_folded:
        found += [("¶" + word, w.heading_words[word]) for word in _heading_words(w.rx_heading, heading_folded)]
    rows = [w.intercept, *(r for _w, r in found)]
    if from_file is not None:
        rows.append(from_file)
    pull = [sum(col) for col in zip(*rows)]
    ranked = sorted((k for k in range(len(pull)) if k != w.none), key=pull.__getitem__, reverse=True)
    best = pull[ranked[0]]
    if w.none >= 0 and pull[w.none] > best + w.none_bias:
        order: tuple[int, ...] = ()
    else:
        floor = best + w.log_share
        order = tuple(w.theme_of[k] for k in ranked if pull[k] >= floor and w.theme_of[k] >= 0)[:3]
    if not explain:
        return order
    top = max(pull)
    exps = [math.exp(p - top) for p in pull]
    total = sum(exps)
    keep = [w.classes.index(ids[i]) for i in order] + ([w.none] if w.none >= 0 else [])
    moved = [(w.classes[c], word, round(row[c], 3)) for word, row in found for c in keep if row[c]]
    return Learned(order, {c: round(e / total, 3) for c, e in zip(w.classes, exps)}, tuple(sorted(moved, key=lambda m: -abs(m[2]))),
                   {c: round(f, 3) for c, f in zip(w.classes, from_file or [0.0] * len(w.classes))})
