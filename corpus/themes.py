"""The theme taxonomy (a TOML file users copy and extend) and theme scoring.

Keywords are matched as substrings of the clean text — longest first, without
overlaps — so a phrase such as 全面从严治党 counts once and re-tagging after a
change of the themes file needs no word segmentation at all.

Text is matched in simplified script (`script.fold`, offsets unchanged), so a
traditional-script copy scores like the original. A theme's `against` phrases
subtract their weight (and, being longer, shield the short words inside them).

Scoring a paragraph: every keyword hit adds its weight; the opening sentence
(where Chinese speeches state what a paragraph is about) counts double; the
heading of the section it stands in adds half its hits. A paragraph has a theme
only if its strongest raw sum reaches PARA_MIN and PARA_DENSITY per 100
characters (so one incidental word in a long paragraph tags nothing); other
themes need PARA_SHARE of the strongest. For ranking passages across the corpus
the sum is divided by the paragraph length (per 100 characters, lengths under 80
counted as 80), so a short aside does not outrank a focused paragraph.
`explain_paragraph` returns every contribution, from the same rule (`_score`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jianghua.i18n import _

from ._toml import toml
from .resources import DEFAULT_THEMES
from .script import fold

_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

# Tagging thresholds (raw weighted hits).
PARA_MIN = 3.0  # a paragraph speaks of a theme with at least this much
PARA_DENSITY = 0.8  # … and at least this much per 100 characters (short texts counted as 80)
PARA_SHARE = 0.34  # … and at least this share of its strongest theme
PARA_MAX_THEMES = 3
SENT_MIN = 2.0
SENT_MAX_THEMES = 2
OPENING_BONUS = 1.0  # the opening sentence counts (1 + bonus) times
HEADING_FACTOR = 0.5  # section heading hits added to each of its paragraphs
HEADING_WEIGHT = 3.0  # in section and speech profiles, a heading counts this much


class ThemesError(ValueError):
    """A bad themes file; the message names the file and the line."""


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    keywords: tuple[tuple[str, float], ...]
    against: tuple[tuple[str, float], ...] = ()  # phrases that count against the theme


@dataclass(frozen=True)
class Match:
    """One keyword hit: where, which phrase, and what it adds to which themes."""

    start: int
    end: int
    phrase: str
    weights: tuple[tuple[int, float], ...]  # (theme index, signed weight)


class Themes:
    """A loaded taxonomy with its compiled matcher."""

    def __init__(self, themes: Sequence[Theme], fingerprint: str, path: Path | None = None):
        self.themes = tuple(themes)
        self.fingerprint = fingerprint
        self.path = path
        self.by_id = {t.id: t for t in self.themes}
        self.index = {t.id: i for i, t in enumerate(self.themes)}
        self._weights: dict[str, list[tuple[int, float]]] = {}
        for i, t in enumerate(self.themes):
            for kw, w in t.keywords:
                self._weights.setdefault(kw, []).append((i, w))
            for kw, w in t.against:
                self._weights.setdefault(kw, []).append((i, -w))
        words = sorted(self._weights, key=lambda w: (-len(w), w))
        self._rx = re.compile(_trie_pattern(words)) if words else None

    def __len__(self) -> int:
        return len(self.themes)

    # ------------------------------------------------------------ matching

    def matches(self, text: str) -> list[Match]:
        """Every keyword hit in `text` (matched in simplified script, offsets as in `text`)."""
        if self._rx is None or not text:
            return []
        weights = self._weights
        return [Match(m.start(), m.end(), m.group(), tuple(weights[m.group()])) for m in self._rx.finditer(fold(text))]

    def phrases(self, folded: str, start: int = 0, end: int | None = None) -> list[tuple[str, list[tuple[int, float]]]]:
        """(phrase, [(theme index, signed weight)]) of every hit in `folded[start:end]` — text already
        folded (`script.fold`); the scoring loop's fast path (no Match objects, one fold per paragraph)."""
        if self._rx is None or not folded:
            return []
        weights = self._weights
        return [(p, weights[p]) for p in self._rx.findall(folded, start, len(folded) if end is None else end)]

    def hits(self, text: str) -> list[float]:
        """Weighted keyword hits per theme (indexed like `self.themes`); `against` phrases subtract."""
        out = [0.0] * len(self.themes)
        for _p, ws in self.phrases(fold(text)):
            for i, w in ws:
                out[i] += w
        return out

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, keyword) of every keyword hit."""
        return [(m.start, m.end, m.phrase) for m in self.matches(text)]

    def rank(self, raw: Sequence[float], minimum: float, share: float, most: int) -> list[int]:
        """Theme indexes that pass the thresholds, strongest first."""
        top = max(raw, default=0.0)
        if top < minimum:
            return []
        order = sorted((i for i, v in enumerate(raw) if v >= minimum and v >= share * top), key=lambda i: (-raw[i], i))
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

    return build(trie)


# ---------------------------------------------------------------- loading


def _line_of(text: str, needle: str, start_line: int = 1) -> int:
    for n, line in enumerate(text.splitlines()[start_line - 1:], start=start_line):
        if needle in line:
            return n
    return start_line


def load_themes(path: Path | None = None) -> Themes:
    """Load and validate a themes file. Raises ThemesError naming the bad line."""
    path = Path(path) if path else DEFAULT_THEMES
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ThemesError(_("{path}: cannot read themes file: {why}").format(path=path, why=e.strerror or e)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ThemesError(_("{path}: themes file is not UTF-8").format(path=path)) from None
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as e:
        line = getattr(e, "lineno", None)
        m = re.search(r"line (\d+)", str(e))
        line = line or (int(m.group(1)) if m else None)
        src = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        where = _("line {n}: ").format(n=line) if line else ""
        raise ThemesError(f"{path}: {where}{getattr(e, 'msg', e)}" + (f"\n  {line} | {src}" if src else "")) from None
    entries = data.get("theme")
    if not isinstance(entries, list) or not entries:
        raise ThemesError(_("{path}: no [[theme]] tables found (line 1)").format(path=path))
    lines = text.splitlines()
    header_lines = [n for n, line in enumerate(lines, start=1) if line.strip().startswith("[[theme]]")]
    themes: list[Theme] = []
    seen: set[str] = set()
    for k, entry in enumerate(entries):
        at = header_lines[k] if k < len(header_lines) else 1

        def bad(msg: str, needle: str | None = None) -> ThemesError:
            n = _line_of(text, needle, at) if needle else at
            where = _("line {n}: ").format(n=n)
            return ThemesError(f"{path}: {where}{msg}\n  {n} | {lines[n - 1] if n <= len(lines) else ''}")

        if not isinstance(entry, dict):
            raise bad(_("a [[theme]] must be a table"))
        tid = entry.get("id")
        if not isinstance(tid, str) or not _ID.match(tid):
            raise bad(_("theme id {id!r} must be lower-case letters, digits or _ (e.g. \"integrity\")").format(id=tid), "id")
        if tid in seen:
            raise bad(_("theme id {id!r} is used twice").format(id=tid), "id")
        seen.add(tid)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise bad(_("theme {id!r} needs a name").format(id=tid), "name")
        kws = entry.get("keywords")
        pairs: list[tuple[str, float]] = []
        if isinstance(kws, dict):
            items = list(kws.items())
        elif isinstance(kws, list):
            items = [(k, 1.0) for k in kws]
        else:
            raise bad(_("theme {id!r}: keywords must be a table {{ \"词\" = weight }} or a list").format(id=tid), "keywords")
        for kw, w in items:
            if not isinstance(kw, str) or not kw.strip():
                raise bad(_("theme {id!r}: empty keyword").format(id=tid), "keywords")
            if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w <= 10:
                raise bad(_("theme {id!r}: weight of {keyword!r} must be a number in (0, 10]").format(id=tid, keyword=kw), kw)
            pairs.append((kw.strip(), float(w)))
        if not pairs:
            raise bad(_("theme {id!r} has no keywords").format(id=tid), "keywords")
        against = entry.get("against", {})
        if not isinstance(against, dict):
            raise bad(f"theme {tid!r}: against must be a table {{ \"词\" = weight }}", "against")
        minus: list[tuple[str, float]] = []
        for kw, w in against.items():
            if not kw.strip() or isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w <= 10:
                raise bad(f"theme {tid!r}: against {kw!r} needs a weight in (0, 10]", kw or "against")
            minus.append((kw.strip(), float(w)))
        themes.append(Theme(tid, name.strip(), str(entry.get("description", "")), tuple(pairs), tuple(minus)))
    return Themes(themes, hashlib.sha1(raw).hexdigest()[:16], path)


# ---------------------------------------------------------------- scoring


def density(raw: float, length: int) -> float:
    """Weighted hits per 100 characters, short texts counted as 80 characters."""
    return round(100.0 * raw / max(length, 80), 3)


@dataclass(frozen=True)
class ParagraphTags:
    themes: tuple[int, ...]  # theme indexes, strongest first
    raw: tuple[float, ...]  # raw weighted hits of every theme
    scores: tuple[float, ...]  # density of the tagged themes (parallel to `themes`)
    sentences: tuple[tuple[int, ...], ...]  # per sentence: theme indexes, strongest first


@dataclass(frozen=True)
class Evidence:
    """One contribution to a paragraph's score: `weight × factor` added to `theme`."""

    theme: int
    phrase: str
    weight: float  # the phrase's weight in the themes file (negative: an `against` phrase)
    factor: float  # 2 in the opening sentence, HEADING_FACTOR for the heading, else 1
    where: str  # "opening" | "body" | "heading"
    sentence: int  # sentence index (-1 for the heading)


def _score(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading: Sequence[float] | Sequence[Match] | None, out: list[Evidence] | None):
    """The one scoring rule. `heading` is the heading's hit vector (the store) or its matches
    (evidence); `out`, when given, receives every contribution."""
    n = len(themes)
    raw = [0.0] * n
    sent_tags: list[tuple[int, ...]] = []
    folded = fold(text)
    for k, (a, b) in enumerate(sentences):
        h = [0.0] * n
        opening = k == 0 and len(sentences) > 1
        factor = 1.0 + OPENING_BONUS if opening else 1.0
        for phrase, ws in themes.phrases(folded, a, b):
            for i, w in ws:
                h[i] += w
                if out is not None:
                    out.append(Evidence(i, phrase, w, factor, "opening" if opening else "body", k))
        for i, v in enumerate(h):
            raw[i] += v * factor
        sent_tags.append(tuple(themes.rank(h, SENT_MIN, 0.5, SENT_MAX_THEMES)))
    if heading:
        if isinstance(heading[0], Match):
            for m in heading:
                for i, w in m.weights:
                    raw[i] += HEADING_FACTOR * w
                    if out is not None:
                        out.append(Evidence(i, m.phrase, w, HEADING_FACTOR, "heading", -1))
        else:
            for i, v in enumerate(heading):
                raw[i] += HEADING_FACTOR * v
    minimum = max(PARA_MIN, PARA_DENSITY * max(len(text), 80) / 100.0)
    order = themes.rank(raw, minimum, PARA_SHARE, PARA_MAX_THEMES)
    tags = ParagraphTags(
        themes=tuple(order),
        raw=tuple(round(v, 3) for v in raw),
        scores=tuple(density(raw[i], len(text)) for i in order),
        sentences=tuple(sent_tags),
    )
    return tags, minimum


def tag_paragraph(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading_hits: Sequence[float] | None) -> ParagraphTags:
    return _score(themes, text, sentences, heading_hits, None)[0]


@dataclass(frozen=True)
class Explanation:
    tags: ParagraphTags
    evidence: tuple[Evidence, ...]
    threshold: float  # the strongest theme needs at least this raw score
    share: float  # other themes need this share of the strongest


def explain_paragraph(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading: str | None) -> Explanation:
    """Why a paragraph has its themes — computed by the same rule that tags it."""
    out: list[Evidence] = []
    tags, minimum = _score(themes, text, sentences, themes.matches(heading) if heading else None, out)
    return Explanation(tags, tuple(out), round(minimum, 2), PARA_SHARE)
