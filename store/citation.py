"""Citations: the one format of the source line that follows copied text (in the
browser) and that the command line prints (`passages`, `search`, `show`).

Three styles, a setting (the palette in the browser, remembered in the state file;
`--cite` on the command line):

- full:  李明《在全市党政办公室主任会议上的讲话》（2023年5月12日，主任会议） 三、围绕职能抓服务 第2段
- short: 《在全市党政办公室主任会议上的讲话》三、围绕职能抓服务 第2段
- none:  no citation line

The same format cites a sentence, a selection, a paragraph and a whole speech (a
whole speech has no position). Titles take book-title marks 《》 (mainland usage),
marks inside a title become 〈〉. The date is as full as the speech gives it
(2023年5月12日, 2023年5月, 2023年), else the year; the occasion and speaker are left
out where unknown or already in the title. The title is carried whole: a text named by
its opening cut with "…" is cited with that opening to the end of its sentence
(`whole_title`). 第N段 counts within the section, after
its heading (the reader's status line says the same).

Plain Python: used by the CLI and the browser alike (no textual, no tinydb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jianghua.corpus.clean import sanitize
from jianghua.corpus.script import fold
from jianghua.corpus.sentences import SENTENCE_MARKS
from jianghua.i18n import N_

STYLES = ("full", "short", "none")
DEFAULT_STYLE = "full"

# What each style is called and what it gives (msgids; palette and --help).
STYLE_NAMES = {"full": N_("full"), "short": N_("short"), "none": N_("none")}
STYLE_HELP = {
    "full": N_("title, date, occasion and place: 《标题》（2023年5月12日，场合） 三、… 第2段"),
    "short": N_("title and place: 《标题》三、… 第2段"),
    "none": N_("no citation line: the text alone"),
}

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def chosen_style(citation: Any, style: Any) -> str:
    """The style in effect from the two settings: `citation` (on/off) and
    `citation_style` (full/short). Anything unknown falls back to the default."""
    if citation is False or style == "none":
        return "none"
    return style if style in STYLES else DEFAULT_STYLE


def _line(text: str | None) -> str:
    return " ".join(sanitize(text or "").split())


def book_title(title: str | None) -> str:
    """《title》: marks already round the whole title are not doubled; 《》 inside become 〈〉."""
    t = _line(title)
    if t.startswith("《") and t.endswith("》") and t.count("《") == 1:
        t = t[1:-1]
    return "《" + t.replace("《", "〈").replace("》", "〉") + "》"


def date_text(date: str | None, year: int | None) -> str:
    """2023年5月12日 / 2023年5月 / 2023年 from a YYYY[-MM[-DD]] date, else the year."""
    m = _DATE.fullmatch((date or "").strip())
    if m:
        y, mo, d = m.groups()
        out = f"{int(y)}年"
        if mo and 1 <= int(mo) <= 12:
            out += f"{int(mo)}月"
            if d and 1 <= int(d) <= 31:
                out += f"{int(d)}日"
        return out
    return f"{year}年" if year else ""


@dataclass(frozen=True)
class Citation:
    """Where a piece of text comes from; `text(style)` formats it."""

    title: str
    date: str | None = None
    year: int | None = None
    occasion: str | None = None
    speaker: str | None = None
    where: str = ""  # the position: "三、… 第2段", "第1–3段", "" for a whole speech

    def source(self, style: str = DEFAULT_STYLE) -> str:
        if style == "none":
            return ""
        title = _line(self.title)
        head = book_title(title)
        if style == "short":
            return head
        speaker = _line(self.speaker)
        # "already in the title" in either script: a traditional title, as written, holds
        # the occasion read from its simplified form (政府工作報告 / 政府工作报告)
        plain = fold(title)
        if speaker and fold(speaker) not in plain:
            head = speaker + head
        occasion = _line(self.occasion)
        extra = [date_text(self.date, self.year), occasion if fold(occasion) not in plain else ""]
        extra = [x for x in extra if x]
        return head + (f"（{'，'.join(extra)}）" if extra else "")

    def text(self, style: str = DEFAULT_STYLE) -> str:
        if style == "none":
            return ""
        source = self.source(style)
        # "（2023年）（一）讲政治": a space keeps the date's brackets apart from a heading's
        sep = " " if self.where and source.endswith("）") else ""
        return source + sep + self.where

    def __str__(self) -> str:
        return self.text()


_SENTENCE_END = re.compile("[" + re.escape(SENTENCE_MARKS) + "]")  # (the reader's own sentence ends)
WHOLE_TITLE_MAX = 60  # a citation's name from the opening: whole only if its sentence ends within this many characters


def whole_title(title: str | None, opening: str | None) -> str | None:
    """The title a citation carries: whole. A text with no title line of its own is
    named by its opening, cut with "…" (corpus/derived_title.py: the list's and the
    header's name for it); a citation carries that opening whole — to the end of its
    sentence — not cut in the middle of a word — when that sentence is short
    (`WHOLE_TITLE_MAX`) and on one line; otherwise the cut name, with its "…"."""
    if not title or not title.endswith("…") or not opening:
        return title
    at = opening.find(title[:-1])
    if at < 0:
        return title
    end = _SENTENCE_END.search(opening, at + len(title) - 1)
    whole = opening[at: end.start() if end else len(opening)].rstrip()
    if not whole or len(whole) > WHOLE_TITLE_MAX or len(whole.splitlines()) > 1:
        return title  # no sentence end near (a run-on opening) or a line break: the cut name, with its …
    return whole


def _opening(speech) -> str | None:
    paragraphs = getattr(speech, "paragraphs", None)  # (a SpeechSummary's is a count)
    return None if isinstance(paragraphs, int) or not paragraphs else paragraphs[0].text


def _meta(speech, opening: str | None = None) -> dict:
    """The source fields of a Speech or SpeechSummary (anything with these attributes);
    the title whole (`whole_title`: `opening` is the text's first paragraph, a Speech's own)."""
    meta = {k: getattr(speech, k, None) for k in ("title", "date", "year", "occasion", "speaker")}
    meta["title"] = whole_title(meta["title"], opening if opening is not None else _opening(speech))
    return meta


Place = tuple  # (heading or "", 第N段 within the section, section index) of one paragraph


def _place(speech, k: int) -> Place:
    p = speech.paragraphs[k]
    sections = speech.sections
    sec = sections[p.section] if 0 <= p.section < len(sections) else None
    return (_line(sec.heading) if sec is not None and sec.heading else ""), p.number_in_section, p.section


def places_of_body(body: dict) -> list[Place]:
    """The place of every paragraph of a stored body (`Store.body`), without building
    the Speech (no theme tagging): what the CLI needs to cite thousands of hits."""
    sections = body.get("sections") or []
    counts: dict[int, int] = {}
    out = []
    for para in body.get("paragraphs") or []:
        sec = para[1]
        counts[sec] = counts.get(sec, 0) + 1
        heading = sections[sec][0] if 0 <= sec < len(sections) else None
        out.append((_line(heading) if heading else "", counts[sec], sec))
    return out


def _position(a: Place, b: Place) -> str:
    (h1, n1, s1), (h2, n2, s2) = a, b
    if a == b:
        return f"{h1} 第{n1}段" if h1 else f"第{n1}段"
    if s1 == s2:
        return f"{h1} 第{n1}–{n2}段" if h1 else f"第{n1}–{n2}段"
    x = f"{h1} 第{n1}段" if h1 else f"第{n1}段"
    y = f"{h2} 第{n2}段" if h2 else f"第{n2}段"
    return f"{x} 至 {y}"


def position(speech, first: int, last: int | None = None) -> str:
    """第N段 (within its section) of paragraphs first..last (0-based indexes), after the heading."""
    return _position(_place(speech, first), _place(speech, first if last is None else last))


def of_paragraphs(speech, first: int, last: int | None = None) -> Citation:
    """The citation of paragraphs first..last of a speech (0-based indexes)."""
    return Citation(**_meta(speech), where=position(speech, first, last))


def of_place(summary, place: Place, opening: str | None = None) -> Citation:
    """The citation of one paragraph from its speech's summary and `places_of_body` entry
    (`opening`: the speech's first paragraph, for its title whole)."""
    return Citation(**_meta(summary, opening), where=_position(place, place))


def opening_of_body(body: dict) -> str | None:
    """The first paragraph's text of a stored body (`Store.body`)."""
    paragraphs = body.get("paragraphs") or []
    return paragraphs[0][0] if paragraphs and paragraphs[0] and isinstance(paragraphs[0][0], str) else None


def of_speech(speech) -> Citation:
    """The citation of a whole speech (no position)."""
    return Citation(**_meta(speech))


def remembered_style(cite: str | None = None) -> str:
    """`cite` (the CLI's --cite) if given, else the format chosen in the browser and
    remembered in the state file, else the default."""
    if cite in STYLES:
        return cite
    from .state import remembered_setting

    return chosen_style(remembered_setting("citation"), remembered_setting("citation_style"))


class Citer:
    """Citations of paragraphs of a store's speeches, reading each speech's places once
    from its stored body — not building (and theme-tagging) the Speech: the CLI cites
    thousands of search hits with it."""

    def __init__(self, store):
        self.store = store
        self._speeches: dict[str, tuple[Any, list[Place]]] = {}

    def __call__(self, speech_id: str, paragraph: int) -> Citation:
        got = self._speeches.get(speech_id)
        if got is None:
            body = self.store.body(speech_id)
            got = self._speeches[speech_id] = (self.store.summary(speech_id), places_of_body(body), opening_of_body(body))
        summary, places, opening = got
        return of_place(summary, places[paragraph], opening)
