"""Theme tags of a stored speech body: paragraphs, sentences, sections, speech.

Pure functions over a body dict (as `corpus.ingest` makes it) and a `Themes`
taxonomy; the build uses them for the theme and passage indexes, `bodies.speech_of` for the reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from jianghua.corpus.themes import (
    HEADING_FACTOR,
    HEADING_SHARE,
    HEADING_SHORT,
    HEADING_WEIGHT,
    MARKER,
    OPENING_BONUS,
    OUTSIDE_RATIO,
    PARA_DENSITY,
    PARA_MIN,
    SINGLE_PHRASE,
    TITLE_FACTOR,
    ParagraphTags,
    Themes,
    explain_paragraph,
    heading_size,
    tag_paragraph,
)


@dataclass(frozen=True)
class BodyTags:
    paragraphs: list[ParagraphTags]
    sections: list[list[tuple[int, float]]]  # per section: (theme index, score), strongest first
    speech: list[tuple[int, float, int]]  # (theme index, score per 1000 chars, tagged paragraphs)


def _top(raw: list[float], length: int, share: float = 0.15) -> list[tuple[int, float]]:
    top = max(raw, default=0.0)
    if top <= 0:
        return []
    order = sorted((i for i, v in enumerate(raw) if v > 0 and v >= share * top), key=lambda i: (-raw[i], i))
    return [(i, round(1000.0 * raw[i] / max(length, 500), 2)) for i in order]


class ParagraphTagger:
    """The tags of one paragraph of a body at a time — each paragraph's depend only on it,
    its section's heading and the title: a reader showing a long speech tags the paragraphs
    it shows (`tag_body` tags them all with this)."""

    def __init__(self, themes: Themes, body: dict) -> None:
        self.themes = themes
        self.body = body
        self.title_hits = themes.hits(body["title"], outside=True) if body.get("title") else None  # the title carries into every paragraph
        self._headings: dict[int, tuple] = {}  # section -> (hits, chars) of its heading

    def heading(self, sec: int) -> tuple:
        """(themes.hits, heading_size) of section `sec`'s heading ((None, None): none)."""
        made = self._headings.get(sec)
        if made is None:
            h = self.body["sections"][sec][0]
            made = self._headings[sec] = (self.themes.hits(h, outside=True), heading_size(h)) if h else (None, None)
        return made

    def paragraph(self, k: int) -> ParagraphTags:
        from jianghua.corpus.structure import inline_heading  # (tagging only: not on the start-up path)

        text, sec, spans = self.body["paragraphs"][k]
        sections = self.body["sections"]
        if sec < len(sections):
            hits, chars = self.heading(sec)
            return tag_paragraph(self.themes, text, spans, hits, chars, inline_heading(sections[sec][0], text), self.title_hits)
        return tag_paragraph(self.themes, text, spans, None, title_hits=self.title_hits)


def tag_body(themes: Themes, body: dict) -> BodyTags:
    n = len(themes)
    sections = body["sections"]
    tagger = ParagraphTagger(themes, body)
    heading_hits = [tagger.heading(k)[0] for k in range(len(sections))]
    sec_raw = [[0.0] * n for _ in sections]
    sec_len = [0] * len(sections)
    speech_raw = [0.0] * n
    counts = [0] * n
    tags: list[ParagraphTags] = []
    for k, (text, sec, _spans) in enumerate(body["paragraphs"]):
        t = tagger.paragraph(k)
        tags.append(t)
        for i in t.themes:
            counts[i] += 1
        # Section and speech profiles: body hits (without the heading prior) …
        s = sec
        while s is not None and s < len(sections):
            for i, v in enumerate(t.raw):
                sec_raw[s][i] += v
            sec_len[s] += len(text)
            s = sections[s][2]
        for i, v in enumerate(t.raw):
            speech_raw[i] += v
    # … and headings, which count more than body text.
    for k, hh in enumerate(heading_hits):
        if hh:
            s = k
            while s is not None and s < len(sections):
                for i, v in enumerate(hh[:n]):
                    sec_raw[s][i] += HEADING_WEIGHT * v
                s = sections[s][2]
            for i, v in enumerate(hh[:n]):
                speech_raw[i] += HEADING_WEIGHT * v
    chars = sum(len(p[0]) for p in body["paragraphs"])
    speech = [(i, score, counts[i]) for i, score in _top(speech_raw, chars, share=0.0)]
    return BodyTags(
        paragraphs=tags,
        sections=[_top(sec_raw[k], sec_len[k]) for k in range(len(sections))],
        speech=speech,
    )


def tag_record(themes: Themes, body: dict) -> dict:
    """What the catalogue and the passage index keep of a body's tags:
    {"themes": [[id, score, tagged paragraphs]], "p": [[id, paragraph, score, section]], "h": headings}."""
    th = themes.themes
    tags = tag_body(themes, body)
    paras = body["paragraphs"]
    return {
        "themes": [[th[i].id, score, n] for i, score, n in tags.speech],
        "p": [[th[i].id, k, score, paras[k][1]] for k, t in enumerate(tags.paragraphs) for i, score in zip(t.themes, t.scores)],
        "h": [h for h, _, _ in body["sections"]],
    }


def explain(themes: Themes, body: dict, k: int) -> dict:
    """Why paragraph `k` (0-based) of a body has its themes, as plain data (for the reader and
    `show --json`). Computed by `corpus.themes.explain_paragraph` — the rule `tag_body` uses."""
    from jianghua.corpus.structure import inline_heading

    text, sec, spans = body["paragraphs"][k]
    sections = body["sections"]
    heading = sections[sec][0] if sec < len(sections) else None
    ex = explain_paragraph(themes, text, spans, heading, body.get("title") or None)
    th = themes.themes
    n = len(th)
    return {
        "themes": [{"id": th[i].id, "name": th[i].name, "raw": ex.tags.raw[i]} for i in ex.tags.themes],
        "raw": {th[i].id: v for i, v in enumerate(ex.tags.raw) if v},
        "threshold": ex.threshold,
        # what each theme with a score needs: the threshold, doubled when one phrase alone carries
        # it, at least OUTSIDE_RATIO × the strongest outside topic
        "needs": {th[i].id: ex.needs[i] for i, v in enumerate(ex.tags.raw) if v and ex.needs[i] != float("inf")},
        # themes an outside topic takes over here (港澳台 → 高质量发展, 为民服务: `takes` in the themes file): id → topic id
        "taken": {th[i].id: themes.outside[j].id for i, j in ex.taken if ex.tags.raw[i]},
        # the outside topic that is the paragraph's subject (one of its markers, scoring at least as much as every
        # theme): only themes with a marker of their own (weight ≥ MARKER) are given; "subject_drops": the others
        "subject": themes.outside[ex.subject].id if ex.subject is not None else None,
        "subject_drops": [th[i].id for i, v in enumerate(ex.tags.raw) if v > 0 and ex.subject is not None and ex.needs[i] == float("inf")
                          and i not in dict(ex.taken)],
        # sentences that name a topic with `silences = true` (meeting procedure): their theme phrases count nothing;
        # "silencers": those topics this paragraph names (they are what silenced them)
        "silenced": sorted({e.sentence for e in ex.evidence if e.where == "silenced"}),
        "silencers": [o.id for o, v in zip(themes.outside, ex.outside) if o.silences and v],
        # topics outside the themes (外交, 国防 …): id → {"name", "raw"}
        "outside": {themes.outside[j].id: {"name": themes.outside[j].name, "raw": v} for j, v in enumerate(ex.outside) if v},
        "rule": {"min": PARA_MIN, "per_100_chars": PARA_DENSITY, "opening": 1 + OPENING_BONUS, "heading": HEADING_FACTOR,
                 "single_phrase": SINGLE_PHRASE, "marker": MARKER, "outside": OUTSIDE_RATIO, "heading_share": HEADING_SHARE, "heading_short": HEADING_SHORT,
                 "title": TITLE_FACTOR},
        "share": ex.share,
        "heading": heading,
        "title": body.get("title") or None,  # the speech's title: its phrases count ×rule.title in every paragraph
        # the heading is this paragraph's own opening sentence (一是…。): counted as that, not as a heading
        "heading_inline": inline_heading(heading, text),
        "evidence": [
            {
                "theme": themes.topic(e.theme).id,
                "outside": e.theme >= n,
                "phrase": e.phrase,
                "weight": e.weight,
                "factor": e.factor,
                "points": round(e.weight * e.factor, 3),
                "where": e.where,
                "sentence": e.sentence,
            }
            for e in ex.evidence
        ],
    }
