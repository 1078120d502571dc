"""The none-gate: a small linear model that says when a paragraph the themes file tags is about none of the themes.

It reads only what the scoring rule (`themes._score`) already has — the strongest theme's score against the
threshold, the margin to the second, the outside topics, how many sentences name a theme, the phrases behind the
strongest theme, the heading's and the title's backing, meeting procedure — and its weights are a plain file
(corpus/data/theme_gate.toml: `name = weight`, one a line), trained offline by `python -m tests.themes_gate`.
The gate untags a paragraph when the weighted sum (a logistic model's log-odds of "none") reaches `threshold`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

FEATURES = ("bias", "above", "second", "outside", "length", "sentences", "spread", "silenced", "phrases", "mentions",
            "marker", "opening", "heading", "title", "named")

_PATH = Path(__file__).parent / "data" / "theme_gate.toml"
_LOADED: tuple[list[float], dict[str, float], float] | None = None


def features(length: int, nsent: int, raw: Sequence[float], n: int, log: list, minimum: float, top: int, first: Sequence[float],
             heading: Sequence[float], titled, silenced: int) -> list[float]:
    """The gate's features of a paragraph whose strongest theme is `top` (in FEATURES' order)."""
    best = raw[top]
    second = max((v for i, v in enumerate(raw[:n]) if i != top), default=0.0)
    outside = max(raw[n:], default=0.0)
    phrases: set[str] = set()
    mentions, marker, spread = 0, 0.0, 0
    for _k, found in log:
        named = False
        for p, ws in found:
            for j, w in ws:
                if j < n and w > 0:
                    named = True
                    if j == top:
                        phrases.add(p[0] if isinstance(p, tuple) else p)
                        mentions += 1
                        marker = max(marker, w)
        spread += named
    return [1.0, math.log(max(best, 1e-3) / minimum), second / best if best else 0.0, outside / best if best else 0.0,
            math.log1p(length / 100.0), math.log1p(nsent), spread / max(nsent, 1), silenced / max(nsent, 1),
            min(len(phrases), 6) / 6.0, math.log1p(mentions), min(marker, 4.0) / 4.0, float(first[top] > 0),
            float(top < len(heading) and heading[top] > 0), float(top in titled), sum(1 for v in raw[:n] if v > 0) / max(n, 1)]


def _load() -> tuple[list[float], dict[str, float], float]:
    global _LOADED
    if _LOADED is None:
        weights: dict[str, float] = {}
        for line in (_PATH.read_text("utf-8") if _PATH.exists() else "").splitlines():
            line = line.split("#", 1)[0].strip()
            if "=" in line:
                k, v = line.split("=", 1)
                weights[k.strip().strip('"')] = float(v)
        threshold = weights.pop("threshold", math.inf)
        _LOADED = ([weights.get(f, 0.0) for f in FEATURES], {k[6:]: v for k, v in weights.items() if k.startswith("theme:")}, threshold)
    return _LOADED


def untag(f: Sequence[float], theme_id: str) -> bool:
    """Whether the gate leaves the paragraph untagged (its log-odds of "none" reach the threshold)."""
    w, per_theme, threshold = _load()
    return sum(a * b for a, b in zip(w, f)) + per_theme.get(theme_id, 0.0) >= threshold
