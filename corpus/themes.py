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
themes need PARA_SHARE of the strongest. A theme resting on one phrase mentioned in passing
(once, outside the opening sentence, or a weak word fewer than WEAK_REPEATS times, with no other
phrase and no heading phrase of the theme) needs SINGLE_PHRASE × the threshold; every theme needs
OUTSIDE_RATIO × the strongest `[[outside]]` topic (外交, 国防 …: never a paragraph's theme). A short
heading (≤ HEADING_SHORT characters, numbering aside: （四）守住廉洁底线) names its section's theme:
a paragraph that mentions that theme too gets HEADING_SHARE × its strongest body score for it. For ranking passages across the corpus
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
SINGLE_PHRASE = 2.0  # a theme resting on one phrase alone (no other phrase, no heading) needs this × the threshold …
STRONG = 2.0  # … unless the phrase has at least this weight and stands in the opening sentence or comes again,
WEAK_REPEATS = 3  # … or, a weaker one, comes this many times
OUTSIDE_RATIO = 0.5  # a theme needs at least this × the strongest topic outside the themes ([[outside]])
SCORING_VERSION = 2  # part of the fingerprint: stored tags are redone when the rule changes
HEADING_SHARE = 1.0  # … and a short heading's own theme gets this share of the paragraph's strongest body score
HEADING_SHORT = 16  # a heading of at most this many characters (numbering aside) names its section's theme
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

    def __init__(self, themes: Sequence[Theme], fingerprint: str, path: Path | None = None, outside: Sequence[Theme] = ()):
        self.themes = tuple(themes)
        self.outside = tuple(outside)  # topics none of the themes covers (外交, 国防 …): they count against weak themes
        self.fingerprint = fingerprint
        self.path = path
        self.by_id = {t.id: t for t in self.themes}
        self.index = {t.id: i for i, t in enumerate(self.themes)}
        self._weights: dict[str, list[tuple[int, float]]] = {}
        # indexes: themes 0..n-1, then the outside topics n..n+k-1
        for i, t in enumerate(self.themes + self.outside):
            for kw, w in t.keywords:
                self._weights.setdefault(kw, []).append((i, w))
            for kw, w in t.against:
                self._weights.setdefault(kw, []).append((i, -w))
        self._compiled: re.Pattern[str] | None = None

    def prepare(self) -> None:
        """Compile the matcher now (a browser does it off its UI thread: the reader
        tags every speech it opens)."""
        self._rx  # noqa: B018 - compiles it

    @property
    def _rx(self) -> re.Pattern[str] | None:
        """The matcher, compiled on first use: a browser opening a current store
        never matches keywords (~10 ms off the start-up)."""
        if self._compiled is None and self._weights:
            words = sorted(self._weights, key=lambda w: (-len(w), w))
            self._compiled = re.compile(_trie_pattern(words))
        return self._compiled

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
        weights = self._weights
        return [Match(m.start(), m.end(), m.group(), tuple(weights[m.group()])) for m in self._rx.finditer(fold(text))]

    def phrases(self, folded: str, start: int = 0, end: int | None = None) -> list[tuple[str, list[tuple[int, float]]]]:
        """(phrase, [(theme index, signed weight)]) of every hit in `folded[start:end]` — text already
        folded (`script.fold`); the scoring loop's fast path (no Match objects, one fold per paragraph)."""
        if self._rx is None or not folded:
            return []
        weights = self._weights
        return [(p, weights[p]) for p in self._rx.findall(folded, start, len(folded) if end is None else end)]

    def hits(self, text: str, outside: bool = False) -> list[float]:
        """Weighted keyword hits per theme (indexed like `self.themes`; then the outside topics when
        `outside`); `against` phrases subtract."""
        n = len(self.themes)
        out = [0.0] * (n + len(self.outside))
        for _p, ws in self.phrases(fold(text)):
            for i, w in ws:
                out[i] += w
        return out if outside else out[:n]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, keyword) of every keyword hit."""
        return [(m.start, m.end, m.phrase) for m in self.matches(text)]

    def rank(self, raw: Sequence[float], minimum: float, share: float, most: int, needs: Sequence[float] | None = None) -> list[int]:
        """Theme indexes (of the first len(self) entries of `raw`) that pass the thresholds, strongest
        first; `needs`, when given, is each theme's own minimum."""
        raw = raw[: len(self.themes)]
        top = max(raw, default=0.0)
        if top < minimum:
            return []
        floor = max(minimum, share * top)
        if needs is None:
            order = [i for i, v in enumerate(raw) if v >= floor]
        else:
            order = [i for i, v in enumerate(raw) if v >= floor and v >= needs[i]]
        order.sort(key=lambda i: (-raw[i], i))
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
    outside = data.get("outside", [])
    if not isinstance(outside, list):
        raise ThemesError(f"{path}: [[outside]] must be tables (line {_line_of(text, 'outside')})")
    seen: set[str] = set()
    lines = text.splitlines()
    heads = {t: [n for n, line in enumerate(lines, start=1) if line.strip().startswith(f"[[{t}]]")] for t in ("theme", "outside")}
    themes = [_entry(path, text, lines, heads["theme"], k, e, seen) for k, e in enumerate(entries)]
    others = [_entry(path, text, lines, heads["outside"], k, e, seen) for k, e in enumerate(outside)]
    stamp = hashlib.sha1(raw + f"|scoring {SCORING_VERSION}".encode()).hexdigest()[:16]
    return Themes(themes, stamp, path, others)


def _entry(path: Path, text: str, lines: list[str], header_lines: list[int], k: int, entry: object, seen: set[str]) -> Theme:
    """One [[theme]] (or [[outside]]) table, validated; errors name its line (`header_lines`: where
    each table of its kind starts)."""
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
    return Theme(tid, name.strip(), str(entry.get("description", "")), tuple(pairs), tuple(minus))


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
    # (`theme` ≥ len(themes): an outside topic, `themes.topic(theme)`)
    where: str  # "opening" | "body" | "heading" | "heading_share" (the heading's theme, HEADING_SHARE)
    sentence: int  # sentence index (-1 for the heading)


_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百零〇\d]+[）)]|第?[一二三四五六七八九十百零〇\d]+[是要、，,.．：:]?)\s*")
_WORD = re.compile(r"\w")


def heading_size(heading: str) -> int:
    """Characters of a heading, its numbering (（四）, 一、, 第一，, 一是) and punctuation aside."""
    return len(_WORD.findall(_NUMBERING.sub("", heading, count=1)))


def _carried(log: list, i: int, backed: bool) -> bool:
    """Whether theme i's evidence carries a paragraph on the plain threshold: two or more phrases, or
    the heading backs it, or its one phrase is strong (weight ≥ STRONG) and stands in the opening (or
    only) sentence or comes again, or is weaker and comes WEAK_REPEATS times. Else it is a mention in
    passing and needs SINGLE_PHRASE × the threshold."""
    if backed:
        return True
    phrase, weight, count, topic = None, 0.0, 0, False
    for k, found in log:
        for p, ws in found:
            for j, w in ws:
                if j == i and w > 0:
                    if phrase is None:
                        phrase, weight = p, w
                    elif p != phrase:
                        return True
                    count += 1
                    topic = topic or k == 0
    if phrase is None:
        return True  # nothing in the body: only the heading scores it (and backs it)
    return (topic or count > 1) if weight >= STRONG else count >= WEAK_REPEATS


def _score(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading: Sequence[float] | Sequence[Match] | None, out: list[Evidence] | None,
           heading_chars: int | None = None):
    """The one scoring rule. `heading` is the heading's hit vector (the store: `hits(h, outside=True)`)
    or its matches (evidence); `out`, when given, receives every contribution.

    Returns (tags, minimum, needs, outside): `needs[i]` is what theme i needs — the threshold,
    × SINGLE_PHRASE for a mention in passing (`_carried`), at least OUTSIDE_RATIO × the strongest
    outside topic; computed for the themes that could pass (every theme with a score when `out`)."""
    n = len(themes)
    m = n + len(themes.outside)
    raw = [0.0] * m
    log: list[tuple[int, list]] = []  # (sentence, its hits): the mention-in-passing rule reads them back
    sent_tags: list[tuple[int, ...]] = []
    folded = fold(text)
    last = len(sentences) - 1
    for k, (a, b) in enumerate(sentences):
        found = themes.phrases(folded, a, b)
        if not found:
            sent_tags.append(())
            continue
        log.append((k, found))
        h = [0.0] * m
        opening = k == 0 and last > 0
        factor = 1.0 + OPENING_BONUS if opening else 1.0
        for _p, ws in found:
            for i, w in ws:
                h[i] += w
        if out is not None:
            where = "opening" if opening else "body"
            out.extend(Evidence(i, p, w, factor, where, k) for p, ws in found for i, w in ws)
        for i, v in enumerate(h):
            if v:
                raw[i] += v * factor
        sent_tags.append(tuple(themes.rank(h, SENT_MIN, 0.5, SENT_MAX_THEMES)))
    vec: Sequence[float] = ()
    if heading:
        if isinstance(heading[0], Match):
            vec = [0.0] * m
            for hm in heading:
                for i, w in hm.weights:
                    vec[i] += w
                    if out is not None:
                        out.append(Evidence(i, hm.phrase, w, HEADING_FACTOR, "heading", -1))
        else:
            vec = heading
        body_top = max(raw[:n], default=0.0)
        for i, v in enumerate(vec):
            if v:
                raw[i] += HEADING_FACTOR * v
        # a short heading's own theme (a phrase of weight ≥ STRONG in it: （四）守住廉洁底线) carries into a
        # paragraph that speaks of it too: it gets HEADING_SHARE of the paragraph's strongest body score
        lead = max(range(min(n, len(vec))), key=lambda i: (vec[i], -i), default=None)
        short = heading_chars is not None and heading_chars <= HEADING_SHORT
        if short and lead is not None and vec[lead] >= STRONG and body_top > 0 and _in_body(log, lead):
            bonus = round(HEADING_SHARE * body_top, 3)
            raw[lead] += bonus
            if out is not None:
                phrase = next((hm.phrase for hm in heading if any(i == lead for i, _w in hm.weights)), "")  # type: ignore[union-attr]
                out.append(Evidence(lead, phrase, bonus, 1.0, "heading_share", -1))
    minimum = max(PARA_MIN, PARA_DENSITY * max(len(text), 80) / 100.0)
    beyond = OUTSIDE_RATIO * max(raw[n:], default=0.0)
    floor = max(minimum, PARA_SHARE * max(raw[:n], default=0.0))
    needs = [0.0] * n
    for i in range(n):
        if raw[i] >= floor or (out is not None and raw[i]):
            backed = i < len(vec) and vec[i] > 0
            needs[i] = max(minimum if _carried(log, i, backed) else SINGLE_PHRASE * minimum, beyond)
    order = themes.rank(raw, minimum, PARA_SHARE, PARA_MAX_THEMES, needs)
    tags = ParagraphTags(
        themes=tuple(order),
        raw=tuple(round(v, 3) for v in raw[:n]),
        scores=tuple(density(raw[i], len(text)) for i in order),
        sentences=tuple(sent_tags),
    )
    return tags, minimum, needs, raw[n:]


def _in_body(log: list, i: int) -> bool:
    return any(j == i and w > 0 for _k, found in log for _p, ws in found for j, w in ws)


def tag_paragraph(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading_hits: Sequence[float] | None,
                  heading_chars: int | None = None) -> ParagraphTags:
    """Tags of one paragraph; `heading_hits` = `themes.hits(heading, outside=True)` (a vector of
    the themes alone is taken too: the heading then says nothing about outside topics)."""
    return _score(themes, text, sentences, heading_hits, None, heading_chars)[0]


@dataclass(frozen=True)
class Explanation:
    tags: ParagraphTags
    evidence: tuple[Evidence, ...]
    threshold: float  # the strongest theme needs at least this raw score
    share: float  # other themes need this share of the strongest
    needs: tuple[float, ...]  # what each theme needs (threshold, doubled for one phrase alone, outside topics)
    outside: tuple[float, ...]  # raw score of each outside topic


def explain_paragraph(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading: str | None) -> Explanation:
    """Why a paragraph has its themes — computed by the same rule that tags it."""
    out: list[Evidence] = []
    tags, minimum, needs, outside = _score(themes, text, sentences, themes.matches(heading) if heading else None, out,
                                           heading_size(heading) if heading else None)
    return Explanation(tags, tuple(out), round(minimum, 2), PARA_SHARE, tuple(round(v, 2) for v in needs), tuple(round(v, 3) for v in outside))
