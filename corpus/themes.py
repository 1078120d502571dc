"""The theme taxonomy (a TOML file users copy and extend) and theme scoring.

Keywords are matched as substrings of the clean text — longest first, without
overlaps — so a phrase such as 全面从严治党 counts once and re-tagging after a
change of the themes file needs no word segmentation at all.

Text is matched folded as search folds it (`query.fold_text`: simplified script with the old
variant forms, half-width, lower-case Latin; offsets unchanged), keywords too (`query.fold_term`), so a
traditional-script copy scores like the original. A theme's `against` phrases
subtract their weight (and, being longer, shield the short words inside them).

Scoring a paragraph: every keyword hit adds its weight; the opening sentence
(where Chinese speeches state what a paragraph is about) counts double; the
heading of the section it stands in adds half its hits — unless the heading is the
paragraph's own opening sentence (一是…。/ 第一，…。 inline headings): then it counts as the opening
sentence (double, even alone) and not again as a heading; the paragraphs after it have it as heading. A paragraph has a theme
only if its strongest raw sum reaches PARA_MIN and PARA_DENSITY per 100
characters (so one incidental word in a long paragraph tags nothing); other
themes need PARA_SHARE of the strongest. A theme resting on one phrase mentioned in passing
(no other phrase and no heading phrase of the theme; the phrase not a weight-MARKER marker; once,
outside the opening sentence, or a weak word whose weight × mentions stay under STRONG) needs
SINGLE_PHRASE × the threshold. Where an `[[outside]]` topic with `takes` scores TAKE_MIN (and TAKE_SHARE of the theme's
own score: one 台湾 in a work report's 民生 summary takes nothing), the themes it takes are not given (港澳台's economy and livelihood are not 高质量发展, 为民服务); every theme needs
OUTSIDE_RATIO × the strongest `[[outside]]` topic (外交, 国防 …: never a paragraph's theme). A short
heading (≤ HEADING_SHORT characters, numbering aside: （四）守住廉洁底线) names its section's theme:
a paragraph that mentions that theme too gets HEADING_SHARE × its strongest body score for it. For ranking passages across the corpus
the sum is divided by the paragraph length (per 100 characters, lengths under 80
counted as 80), so a short aside does not outrank a focused paragraph.
A sentence that names an `[[outside]]` topic with `silences = true` (meeting procedure: 出席会议, 参加会议的有 …)
gives the themes nothing (an attendance list's 纪委书记 is a post, not 纪律建设). An outside topic is the paragraph's
subject when one of its markers (weight ≥ MARKER) is there and it scores at least as much as every theme: then
only a theme with a marker of its own is given.
The speech's title carries into every paragraph: its phrases add TITLE_FACTOR × their weight to the outside topics and
to the themes the paragraph names itself (a title alone tags nothing), and such a theme is not a mention in passing
(the title backs it, as a heading does):
a 党课 article's paragraph that names 党课 and 理论 once each goes to 组织生活 under the title 上党课要突出“四性”.
Equal scores go to the theme the opening sentence states, then the heading's, then the one with the stronger
phrase, then the one named first (not to the theme written first in the file).
`explain_paragraph` returns every contribution, from the same rule (`_score`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .script import fold_fingerprint
from .taxonomy import Match, Theme, Themes, ThemesError
from .themes_file import load

__all__ = ["Match", "Theme", "Themes", "ThemesError", "load_themes", "tag_paragraph", "explain_paragraph", "heading_size"]

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
STRONG = 2.0  # … unless it stands in the opening sentence or comes again and weight × mentions reach this
MARKER = 3.0  # … or is an unmistakable marker (weight ≥ MARKER: 三会一课, 廉洁自律), which one mention shows
OUTSIDE_RATIO = 0.5  # a theme needs at least this × the strongest topic outside the themes ([[outside]])
SCORING_VERSION = 10  # part of the fingerprint: stored tags are redone when the rule changes (9: TAKE_SHARE, s25 vocabulary; 10: s26 vocabulary — 教育 under 为民服务, 述责述廉 and 警示教育 count for 纪律 too; the file is in the fingerprint too)
HEADING_SHARE = 1.0  # … and a short heading's own theme gets this share of the paragraph's strongest body score
HEADING_SHORT = 16  # a heading of at most this many characters (numbering aside) names its section's theme
HEADING_WEIGHT = 3.0  # in section and speech profiles, a heading counts this much
TAKE_MIN = 3.0  # an [[outside]] topic with `takes` (港澳台: 经济, 民生) scoring this much takes those themes over
TAKE_SHARE = 0.25  # … and at least this share of the theme's own score (one 台湾 in a long 民生 paragraph takes nothing)
TITLE_FACTOR = 0.4  # the speech's title: its phrases add this × their weight to every paragraph's themes it names too (and back them)


# ---------------------------------------------------------------- loading


def load_themes(path: Path | None = None) -> Themes:
    """Load and validate a themes file (`themes_file.load`). Raises ThemesError naming the bad line.
    The fingerprint covers the file, SCORING_VERSION and folding (`script.fold_fingerprint`, the one the
    search index carries: its version, tables and OpenCC's version): stores tagged by another rule are redone."""
    return load(path, f"|scoring {SCORING_VERSION}|fold {fold_fingerprint()}".encode())


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
    where: str  # "opening" | "body" | "heading" | "heading_share" (the heading's theme, HEADING_SHARE) | "silenced" | "title"
    # ("silenced": factor 0, the sentence names a `silences` topic such as meeting procedure)
    sentence: int  # sentence index (-1 for the heading, -2 for the title)


_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百零〇\d]+[）)]|第?[一二三四五六七八九十百零〇\d]+[是要、，,.．：:]?)\s*")
_WORD = re.compile(r"\w")


def heading_size(heading: str) -> int:
    """Characters of a heading, its numbering (（四）, 一、, 第一，, 一是) and punctuation aside."""
    return len(_WORD.findall(_NUMBERING.sub("", heading, count=1)))


def _carried(log: list, i: int, backed: bool) -> bool:
    """Whether theme i's evidence carries a paragraph on the plain threshold: two or more phrases, or
    the heading backs it, or its one phrase is a marker (weight ≥ MARKER), or stands in the opening
    (or only) sentence or comes again with weight × mentions ≥ STRONG (a weight-2 phrase in the
    opening, a weight-1 word twice, a 0.5 one four times). Else it is a mention in passing and needs
    SINGLE_PHRASE × the threshold."""
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
    return weight >= MARKER or ((topic or count > 1) and weight * count >= STRONG)


def _score(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading: Sequence[float] | Sequence[Match] | None, out: list[Evidence] | None,
           heading_chars: int | None = None, inline: bool = False, title: Sequence[float] | Sequence[Match] | None = None):
    """The one scoring rule. `heading` is the heading's hit vector (the store: `hits(h, outside=True)`)
    or its matches (evidence), `title` the speech title's, likewise; `out`, when given, receives every contribution. `inline`: the heading
    is this paragraph's own opening sentence (一是…。/ 第一，…。 `structure.inline_heading`): it counts
    as the opening sentence (×2, even when it is the only one) and adds nothing as a heading.

    Returns (tags, minimum, needs, outside): `needs[i]` is what theme i needs — the threshold,
    × SINGLE_PHRASE for a mention in passing (`_carried`), at least OUTSIDE_RATIO × the strongest
    outside topic; computed for the themes that could pass (every theme with a score when `out`)."""
    n = len(themes)
    m = n + len(themes.outside)
    raw = [0.0] * m
    log: list[tuple[int, list]] = []  # (sentence, its hits): the mention-in-passing rule reads them back
    first = [0.0] * m  # the first sentence's hits: equal scores go to the theme it states
    sent_tags: list[tuple[int, ...]] = []
    from .query import fold_text  # (not at import: a browser opening a current store never scores)

    silencers = themes.silencers
    folded = fold_text(text)
    last = len(sentences) - 1
    for k, (a, b) in enumerate(sentences):
        found = themes.phrases(folded, a, b)
        if not found:
            sent_tags.append(())
            continue
        h = [0.0] * m
        opening = k == 0 and (last > 0 or inline)
        factor = 1.0 + OPENING_BONUS if opening else 1.0
        for _p, ws in found:
            for i, w in ws:
                h[i] += w
        # a sentence naming a `silences` topic (出席会议, 参加会议的有 …) gives the themes nothing
        if silencers and any(map(h.__getitem__, silencers)):
            if out is not None:
                out.extend(Evidence(i, p, w, 0.0, "silenced", k) for ps, ws in found for (i, w), p in zip(ws, ps) if i < n)
            # (the outside topics' weights, each with its own spelling of the phrase: `ps` runs beside `ws`)
            found = [(tuple(p for _, p in kept), [iw for iw, _ in kept])
                     for ps, ws in found for kept in ([(iw, p) for iw, p in zip(ws, ps) if iw[0] >= n],) if kept]
            h[:n] = [0.0] * n
        log.append((k, found))
        if out is not None:
            where = "opening" if opening else "body"
            out.extend(Evidence(i, p, w, factor, where, k) for ps, ws in found for (i, w), p in zip(ws, ps))
        for _p, ws in found:  # (the hits, not all m topics: a sentence names a few)
            for i, w in ws:
                raw[i] += w * factor
        if k == 0:
            first = h
        sent_tags.append(tuple(themes.rank(h, SENT_MIN, 0.5, SENT_MAX_THEMES)))
    vec: Sequence[float] = ()
    if heading and not inline:
        if isinstance(heading[0], Match):
            vec = [0.0] * m
            for hm in heading:
                for (i, w), p in zip(hm.weights, hm.written):
                    vec[i] += w
                    if out is not None:
                        out.append(Evidence(i, p, w, HEADING_FACTOR, "heading", -1))
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
                phrase = next((p for hm in heading for (i, _w), p in zip(hm.weights, hm.written) if i == lead), "")  # type: ignore[union-attr]
                out.append(Evidence(lead, phrase, bonus, 1.0, "heading_share", -1))
    titled = _add_title(raw, title, out, n, {j for _k, found in log for _p, ws in found for j, w in ws if w > 0}) if title and any(title) else ()  # (a title that names nothing adds nothing)
    minimum = max(PARA_MIN, PARA_DENSITY * max(len(text), 80) / 100.0)
    beyond = OUTSIDE_RATIO * max(raw[n:], default=0.0)
    floor = max(minimum, PARA_SHARE * max(raw[:n], default=0.0))
    needs = [0.0] * n
    taken: dict[int, int] = {}  # theme index → the outside topic that takes it over here
    for j, idx in themes.takes:
        if raw[n + j] >= TAKE_MIN:
            for i in idx:
                if raw[n + j] >= TAKE_SHARE * raw[i]:
                    taken.setdefault(i, j)
    # an outside topic is the paragraph's subject when one of its markers is there and it scores at least as
    # much as every theme (考古学 with 文化遗产, 政治体制改革 …): then only a theme with a marker of its own is given
    top = max(raw[:n], default=0.0)
    best: list[float] = []  # each topic's strongest phrase in the body (made only when a rule asks: `_strongest`)
    named: list[int] = []
    subject = None
    strongest_outside = max(raw[n:], default=0.0)
    if strongest_outside > 0 and strongest_outside >= top:
        best, named = _strongest(log, m, n)
        subject = max((j for j in range(n, m) if raw[j] > 0 and raw[j] >= top and best[j] >= MARKER), key=lambda j: (raw[j], -j), default=None)
    for i in range(n):
        if i in taken:
            needs[i] = math.inf
        elif subject is not None and raw[i] > 0 and best[i] < MARKER:
            needs[i] = math.inf
        elif raw[i] >= floor or (out is not None and raw[i]):
            backed = (i < len(vec) and vec[i] > 0) or i in titled
            needs[i] = max(minimum if _carried(log, i, backed) else SINGLE_PHRASE * minimum, beyond)
    # equal scores: the theme the opening sentence states, then the heading's, then the one with the stronger
    # phrase (a marker), then the one named first — not the file's order
    tie = None
    scored = [v for v in raw[:n] if v > 0]
    if len(set(scored)) < len(scored):
        if not best:
            best, named = _strongest(log, m, n)
        tie = [(first[i], vec[i] if i < len(vec) else 0.0, best[i], -(named[i] or math.inf)) for i in range(n)]
    order = themes.rank(raw, minimum, PARA_SHARE, PARA_MAX_THEMES, needs, tie)
    tags = ParagraphTags(
        themes=tuple(order),
        raw=tuple(round(v, 3) for v in raw[:n]),
        scores=tuple(density(raw[i], len(text)) for i in order),
        sentences=tuple(sent_tags),
    )
    return tags, minimum, needs, raw[n:], taken, (None if subject is None else subject - n)


def _add_title(raw: list[float], title: Sequence[float] | Sequence[Match], out: list[Evidence] | None, n: int, named: set[int]) -> set[int]:
    """Adds TITLE_FACTOR × the title's hits to `raw` (the outside topics, and the themes the paragraph names itself:
    `named`); returns the themes it names."""
    vec = [0.0] * len(raw)
    if isinstance(title[0], Match):
        for tm in title:
            for (i, w), p in zip(tm.weights, tm.written):
                if i >= n or i in named:
                    vec[i] += w
                    if out is not None:
                        out.append(Evidence(i, p, w, TITLE_FACTOR, "title", -2))
    else:
        vec[:len(title)] = title[:len(raw)]
        for i in range(n):
            if i not in named:
                vec[i] = 0.0
    for i, v in enumerate(vec):
        if v:
            raw[i] += TITLE_FACTOR * v
    return {i for i, v in enumerate(vec) if v > 0}


def _strongest(log: list, m: int, n: int) -> tuple[list[float], list[int]]:
    """Each topic's strongest phrase weight in the body (a marker: ≥ MARKER) and the order in which each theme
    is first named (1, 2 …; 0: not named) — for the subject rule and equal scores only (most paragraphs need neither)."""
    best = [0.0] * m
    named = [0] * n
    hit = 0
    for _k, found in log:
        for _p, ws in found:
            hit += 1
            for i, w in ws:
                if w > best[i]:
                    best[i] = w
                if i < n and w > 0 and not named[i]:
                    named[i] = hit
    return best, named


def _in_body(log: list, i: int) -> bool:
    return any(j == i and w > 0 for _k, found in log for _p, ws in found for j, w in ws)


def tag_paragraph(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading_hits: Sequence[float] | None,
                  heading_chars: int | None = None, inline: bool = False, title_hits: Sequence[float] | None = None) -> ParagraphTags:
    """Tags of one paragraph; `heading_hits` = `themes.hits(heading, outside=True)` (a vector of
    the themes alone is taken too: the heading then says nothing about outside topics); `inline`:
    the heading opens this paragraph (`structure.inline_heading(heading, text)`); `title_hits` =
    `themes.hits(title, outside=True)` of the speech's title."""
    return _score(themes, text, sentences, heading_hits, None, heading_chars, inline, title_hits)[0]


@dataclass(frozen=True)
class Explanation:
    tags: ParagraphTags
    evidence: tuple[Evidence, ...]
    threshold: float  # the strongest theme needs at least this raw score
    share: float  # other themes need this share of the strongest
    needs: tuple[float, ...]  # what each theme needs (threshold, doubled for one phrase alone, outside topics; inf: taken)
    outside: tuple[float, ...]  # raw score of each outside topic
    taken: tuple[tuple[int, int], ...] = ()  # (theme, outside topic index): themes an outside topic takes over here
    subject: int | None = None  # the outside topic that is the paragraph's subject (only themes with a marker are given)


def explain_paragraph(themes: Themes, text: str, sentences: Sequence[tuple[int, int]], heading: str | None,
                      title: str | None = None) -> Explanation:
    """Why a paragraph has its themes — computed by the same rule that tags it (`title`: the speech's)."""
    from .structure import inline_heading

    out: list[Evidence] = []
    tags, minimum, needs, outside, taken, subject = _score(themes, text, sentences, themes.matches(heading) if heading else None, out,
                                           heading_size(heading) if heading else None, inline_heading(heading, text),
                                           themes.matches(title) if title else None)
    return Explanation(tags, tuple(out), round(minimum, 2), PARA_SHARE, tuple(round(v, 2) for v in needs), tuple(round(v, 3) for v in outside),
                       tuple(sorted(taken.items())), subject)
