"""The theme taxonomy as loaded (`Theme`, `Themes`) and its compiled matcher: keywords are matched
as substrings of the folded text, longest first, without overlaps — text and keywords folded as
search folds them (`query.fold_text` / `query.fold_term`: one definition; see `themes` for the scoring,
`themes_file` for reading the TOML file)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path



class ThemesError(ValueError):
    """A bad themes file; the message names the file and the line."""


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    keywords: tuple[tuple[str, float], ...]
    against: tuple[tuple[str, float], ...] = ()  # phrases that count against the theme
    takes: tuple[str, ...] = ()  # an [[outside]] topic: the themes it takes over where it is named (`themes.TAKE_MIN`)
    silences: bool = False  # an [[outside]] topic: a sentence naming it gives the themes nothing (meeting procedure)


@dataclass(frozen=True)
class Match:
    """One keyword hit: where, which phrase, and what it adds to which themes."""

    start: int
    end: int
    phrase: str
    weights: tuple[tuple[int, float], ...]  # (theme index, signed weight)
    written: tuple[str, ...] = ()  # the phrase as each of those themes writes it (parallel to `weights`)


class Themes:
    """A loaded taxonomy with its compiled matcher."""

    def __init__(self, themes: Sequence[Theme], fingerprint: str, path: Path | None = None, outside: Sequence[Theme] = ()):
        self.themes = tuple(themes)
        self.outside = tuple(outside)  # topics none of the themes covers (外交, 国防 …): they count against weak themes
        self.fingerprint = fingerprint
        self.path = path
        self.by_id = {t.id: t for t in self.themes}
        self.index = {t.id: i for i, t in enumerate(self.themes)}
        # (outside topic's index among the outside topics, indexes of the themes it takes over where it is named)
        self.takes = tuple((j, tuple(self.index[t] for t in o.takes if t in self.index)) for j, o in enumerate(self.outside) if o.takes)
        self.silencers = tuple(len(self.themes) + j for j, o in enumerate(self.outside) if o.silences)  # their indexes
        self._compiled: re.Pattern[str] | None = None
        self._made = False  # the matcher was made (None: no keywords)
        self._lock = threading.Lock()  # the start-up worker (`prepare`) and the reader may make it at once
        self._weights: dict[str, list[tuple[int, float]]] = {}  # folded keyword → weights (made with the matcher)
        # folded keyword → as each theme's entry writes it, parallel to its weights (the evidence shows that)
        self._written: dict[str, tuple[str, ...]] = {}

    def __getstate__(self) -> dict:
        """Sent to the build's worker processes (`store.jobs`): all but the lock."""
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Compile the matcher now (a browser does it off its UI thread: the reader
        tags every speech it opens)."""
        self._rx  # noqa: B018 - compiles it

    @property
    def _rx(self) -> re.Pattern[str] | None:
        """The matcher, compiled on first use: a browser opening a current store
        never matches keywords (~10 ms off the start-up). Made once, under a lock,
        into local tables published last (two threads never both append)."""
        if not self._made:
            with self._lock:
                if not self._made:
                    self._make()
        return self._compiled

    def _make(self) -> None:
        from .query import fold_terms  # (on first use, like the compiling: not on the start-up path)

        weights: dict[str, list[tuple[int, float]]] = {}
        written: dict[str, list[str]] = {}
        # keywords fold like the text and like a search term (`query.fold_term`): 貪汚, ＧＤＰ and
        # gdp in a user's themes file match what search would find for them
        # indexes: themes 0..n-1, then the outside topics n..n+k-1
        topics = self.themes + self.outside
        keys = iter(fold_terms([kw for t in topics for kws in (t.keywords, t.against) for kw, _w in kws]))  # (in this order)
        for i, t in enumerate(topics):
            seen: set[str] = set()  # 貪污 and 贪污 in one theme count once (the first one written)
            for kws, sign in ((t.keywords, 1), (t.against, -1)):
                for kw, w in kws:
                    key = next(keys)
                    if key in seen:
                        continue
                    seen.add(key)
                    written.setdefault(key, []).append(kw)
                    weights.setdefault(key, []).append((i, sign * w))
        compiled = re.compile(_trie_pattern(sorted(weights, key=lambda w: (-len(w), w)))) if weights else None
        self._weights = weights
        self._written = {k: tuple(v) for k, v in written.items()}
        self._compiled = compiled
        self._made = True

    def __len__(self) -> int:
        return len(self.themes)

    def topic(self, i: int) -> Theme:
        """Theme `i`, or outside topic `i - len(self)`."""
        n = len(self.themes)
        return self.themes[i] if i < n else self.outside[i - n]

    # ------------------------------------------------------------ matching

    def matches(self, text: str) -> list[Match]:
        """Every keyword hit in `text` (matched in simplified script, offsets as in `text`)."""
        if self._rx is None or not text:
            return []
        from .query import fold_text

        weights, written = self._weights, self._written
        return [Match(m.start(), m.end(), written[k][0], tuple(weights[k]), written[k])
                for m in self._rx.finditer(fold_text(text)) for k in (m.group(),)]

    def phrases(self, folded: str, start: int = 0, end: int | None = None) -> list[tuple[tuple[str, ...], list[tuple[int, float]]]]:
        """(phrase as each theme writes it, [(theme index, signed weight)]) of every hit in `folded[start:end]` — text
        already folded (`query.fold_text`); the scoring loop's fast path (no Match objects, one fold per
        paragraph)."""
        if self._rx is None or not folded:
            return []
        weights, written = self._weights, self._written
        return [(written[p], weights[p]) for p in self._rx.findall(folded, start, len(folded) if end is None else end)]

    def hits(self, text: str, outside: bool = False) -> list[float]:
        """Weighted keyword hits per theme (indexed like `self.themes`; then the outside topics when
        `outside`); `against` phrases subtract."""
        n = len(self.themes)
        out = [0.0] * (n + len(self.outside))
        from .query import fold_text

        for _p, ws in self.phrases(fold_text(text)):
            for i, w in ws:
                out[i] += w
        return out if outside else out[:n]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, keyword) of every keyword hit."""
        return [(m.start, m.end, m.phrase) for m in self.matches(text)]

    def rank(self, raw: Sequence[float], minimum: float, share: float, most: int, needs: Sequence[float] | None = None,
             tie: Sequence[tuple[float, ...]] | None = None) -> list[int]:
        """Theme indexes (of the first len(self) entries of `raw`) that pass the thresholds, strongest
        first; `needs`, when given, is each theme's own minimum; `tie` breaks equal scores (the higher
        first: a tuple per theme, compared in order; then the file's order)."""
        raw = raw[: len(self.themes)]
        top = max(raw, default=0.0)
        if top < minimum:
            return []
        floor = max(minimum, share * top)
        if needs is None:
            order = [i for i, v in enumerate(raw) if v >= floor]
        else:
            order = [i for i, v in enumerate(raw) if v >= floor and v >= needs[i]]
        order.sort(key=lambda i: (-raw[i], tuple(-x for x in tie[i]) if tie else (), i))
        return order[:most]


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie (fast with Python's re), longest match first."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if end else body

    # Python's re tries the first characters' branches one by one: with hundreds of them, groups of
    # about _GROUP first characters, each behind a one-class look-ahead, scan 2–3× faster (same matches)
    firsts = sorted(ch for ch in trie if ch != "")
    if len(firsts) <= _GROUP * 3 // 2:
        return build(trie)
    parts = []
    for g in range(0, len(firsts), _GROUP):
        chars = firsts[g:g + _GROUP]
        sub = build({ch: trie[ch] for ch in chars})
        parts.append("(?=[" + "".join(re.escape(c) for c in chars) + "])" + sub)
    return "(?:" + "|".join(parts) + ")"


_GROUP = 100
