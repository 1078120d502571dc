"""The learned check on the themes file's verdict (weights in corpus/data/theme_model.toml).

After the scoring rule (`themes._score`) has decided a paragraph's themes, a few dozen learned weights look at
the rule's own evidence once more — each scoring theme's score against the threshold, its phrases, the opening
sentence's, heading's and title's share, the outside topics' — and compare every such theme with "about none
of the themes". Only two things can change, and only when the weights are clearly sure:

- a paragraph the rule leaves untagged gets the strongest learned theme when it beats "none" by `tag_margin`;
- a paragraph the rule tags is left untagged when "none" beats every theme by `untag_margin`.

The order of the themes the rule gives is never changed. The weights were fitted offline on the labelled
evaluation sets (`python -m tests.themes_rerank --write`; scikit-learn/scipy are not jianghua dependencies) and are
applied here as plain sums. `w` and `show --json` show the sums (`learned`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import mul

from ._toml import toml
from .resources import DATA_DIR

MODEL = DATA_DIR / "theme_model.toml"

THEME_FEATURES = ("above", "share", "given", "first", "passes", "phrases", "mentions", "marker", "opening", "heading",
                  "heading_share", "title", "outside", "margin", "spread", "against")
NONE_FEATURES = ("bias", "above", "length", "outside", "untagged", "subject", "silenced", "candidates")


@dataclass(frozen=True)
class Model:
    theme: tuple[float, ...]  # weights of THEME_FEATURES
    none: tuple[float, ...]  # weights of NONE_FEATURES
    tag_margin: float
    untag_margin: float


@dataclass(frozen=True)
class Verdict:
    """The learned sums of one paragraph: per candidate theme (index, sum), the sum for "none", and what it changed."""

    themes: tuple[tuple[int, float], ...]
    none: float
    action: str | None  # "tag" (a theme the rule left below its threshold) | "untag" | None
    theme: int | None = None  # the theme given ("tag")
    given: tuple[int, ...] = ()  # the rule's own themes (before the check)
    margin: float = 0.0  # what the action needed: tag_margin or untag_margin


_LOADED: list[Model | None] = []


def model() -> Model | None:
    """The shipped weights (read once); None when the file is missing."""
    if not _LOADED:
        try:
            data = toml.loads(MODEL.read_text("utf-8"))
            _LOADED.append(Model(tuple(float(data["theme"][k]) for k in THEME_FEATURES), tuple(float(data["none"][k]) for k in NONE_FEATURES),
                                 float(data["tag_margin"]), float(data["untag_margin"])))
        except (OSError, KeyError, ValueError):
            _LOADED.append(None)
    return _LOADED[0]


def fingerprint() -> bytes:
    """The weights file's bytes (part of the themes fingerprint: stores are re-tagged when the weights change)."""
    try:
        return MODEL.read_bytes()
    except OSError:
        return b""


class Stats:
    """Per theme, what the body's evidence holds (filled from `themes._score`'s log of hits)."""

    __slots__ = ("phrases", "mentions", "marker", "opening", "sentences", "against")

    def __init__(self) -> None:
        self.phrases: set[str] = set()
        self.mentions = 0
        self.marker = 0.0
        self.opening = 0.0
        self.sentences: set[int] = set()
        self.against = 0.0


_EMPTY = Stats()


def body_stats(log: list, n: int, opening_sentence: int | None, opening_factor: float) -> dict[int, Stats]:
    """Per theme index (< n) with hits in the body: its phrases, mentions, strongest weight, opening points, sentences
    and `against` points. `log` as `themes._score` keeps it: (sentence, [(spellings, [(theme, weight)])])."""
    out: dict[int, Stats] = {}
    for k, found in log:
        factor = opening_factor if k == opening_sentence else 1.0
        for ps, ws in found:
            for (i, w), p in zip(ws, ps):
                if i >= n:
                    continue
                s = out.get(i)
                if s is None:
                    s = out[i] = Stats()
                if w > 0:
                    s.phrases.add(p)
                    s.mentions += 1
                    s.marker = max(s.marker, w)
                    s.sentences.add(k)
                    if k == opening_sentence:
                        s.opening += w * factor
                else:
                    s.against -= w * factor
    return out


def features(i: int, raw: list[float], top: tuple[int, float, float], minimum: float, needs: list[float], given: list[int], stats: Stats | None,
             heading: float, share: float, title: float, outside: float, nsent: int) -> list[float]:
    """THEME_FEATURES of candidate theme i: `top` = (the strongest theme, its score, the second score); `heading`, `share`,
    `title` are the points the heading, a short heading's theme rule and the title added to it; `outside` the strongest
    outside topic's score."""
    v = raw[i]
    first, best, runner_up = top
    second = runner_up if i == first else best  # the best score of the other themes
    s = stats or _EMPTY
    return [math.log(v / minimum), v / best, float(i in given), float(bool(given) and given[0] == i), float(v >= needs[i]),
            min(len(s.phrases), 6) / 6.0, math.log1p(s.mentions), min(s.marker, 4.0) / 4.0,
            s.opening / v, heading / v, share / v, title / v,
            min(outside / v, 3.0), max(min((v - second) / v, 1.0), -3.0), len(s.sentences) / nsent, min(s.against / v, 1.0)]


def none_features(top: float, minimum: float, length: int, outside: float, given: list[int], subject: bool, silenced: int,
                  nsent: int, candidates: int) -> list[float]:
    """NONE_FEATURES of a paragraph: its strongest theme against the threshold, its length, the outside topics."""
    return [1.0, math.log(max(top, 0.1) / minimum), math.log1p(length / 100.0), min(outside / top, 3.0) if top else 0.0,
            float(not given), float(subject), silenced / nsent, math.log1p(candidates)]


RECORD: list | None = None  # offline (tests/themes_rerank.py): every judged paragraph's (candidates, none features, given)


def judge(m: Model, cands: list[tuple[int, list[float]]], g: list[float], given: list[int]) -> Verdict:
    """The learned sums and what they change in the rule's `given` themes (see the module's docstring)."""
    if RECORD is not None:
        RECORD.append((cands, g, list(given)))
    sums = tuple((i, round(sum(map(mul, m.theme, f)), 3)) for i, f in cands)
    none = round(sum(map(mul, m.none, g)), 3)
    if not sums:
        return Verdict(sums, none, None, given=tuple(given))
    best_i, best = max(sums, key=lambda t: t[1])  # (the first of equal sums: candidates come in the file's order)
    if not given and best - none > m.tag_margin:
        return Verdict(sums, none, "tag", best_i, (), m.tag_margin)
    if given and none - best > m.untag_margin:
        return Verdict(sums, none, "untag", None, tuple(given), m.untag_margin)
    return Verdict(sums, none, None, None, tuple(given), m.tag_margin if not given else m.untag_margin)
