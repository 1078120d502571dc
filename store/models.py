"""Plain data the store hands to its users (the CLI and the browser).

Everything here is immutable, cheap to copy and free of TinyDB / jieba types,
so `tui/` can depend on it without pulling either library in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class ThemeScore(NamedTuple):
    id: str
    name: str
    score: float


@dataclass(frozen=True)
class ThemeInfo:
    """One theme of the taxonomy with its corpus counts."""

    id: str
    name: str
    speeches: int = 0
    passages: int = 0


@dataclass(frozen=True)
class SpeechSummary:
    """A row of the speech list (the catalogue).

    `themes` is made on first use from the stored entries (`theme_entries`,
    [[theme id, score, tagged paragraphs]]): a list of 10 000 speeches shows a
    screenful of them, and would otherwise build 100 000 ThemeScore objects first.
    """

    id: str
    title: str
    source: str
    year: int | None
    occasion: str | None
    level: str | None
    chars: int
    paragraphs: int
    keywords: tuple[str, ...] = ()
    theme_entries: Sequence = field(default=(), repr=False, compare=False)
    theme_names: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY, as full as the speech gives it
    speaker: str | None = None

    @cached_property
    def themes(self) -> tuple[ThemeScore, ...]:
        """The speech's themes with tagged passages, strongest first."""
        names = self.theme_names
        entries = self.theme_entries
        if isinstance(entries, str):  # from the list-only catalogue: still JSON (store.listfile)
            entries = entries.entries() if hasattr(entries, "entries") else ()
        out = []
        for t in entries:
            if type(t) is list and len(t) == 3 and type(t[0]) is str and type(t[1]) in (int, float) and t[2] and t[0] in names:
                out.append(ThemeScore(t[0], names[t[0]], t[1]))
        return tuple(out)

    @cached_property
    def title_key(self) -> tuple:
        """The title's place in title order (pinyin, numbers by value: store/collation.py),
        made on first use: the list's first sort by title, never at start-up."""
        from .collation import title_key

        return title_key(self.title)

    def theme_score(self, theme_id: str) -> float:
        for t in self.themes:
            if t.id == theme_id:
                return t.score
        return 0.0


@dataclass(frozen=True)
class Sentence:
    index: int  # position within the speech (0-based, counted over all paragraphs)
    text: str
    themes: tuple[str, ...] = ()  # theme ids, strongest first
    placeholders: bool = False  # contains a redaction placeholder (**, ***, ×××, lone X)


class Paragraph:
    """A paragraph of a speech. Its sentences are kept as spans of its text (the body's)
    and made into `Sentence`s when first asked for: a collected works has seventy thousand
    sentences, and the reader shows a few at a time. Immutable, like the other models."""

    __slots__ = ("index", "text", "themes", "scores", "section", "number_in_section", "first", "spans", "_tags", "_sentences")

    def __init__(self, index: int, text: str, sentences: Sequence[Sentence] | None = None, themes: tuple[str, ...] = (),
                 scores: tuple[float, ...] = (), section: int = 0, number_in_section: int = 1, *, first: int = 0,
                 spans: Sequence[Sequence[int]] | None = None, tags: Sequence[tuple[str, ...]] | None = None) -> None:
        self.index = index  # 1-based position within the speech body (headings excluded)
        self.text = text
        self.themes = themes  # theme ids, strongest first
        self.scores = scores  # parallel to `themes`
        self.section = section  # index into Speech.sections
        self.number_in_section = number_in_section  # 1-based, for citations (第N段)
        self._tags = tags  # each sentence's theme ids (None: none tagged)
        self._sentences: tuple[Sentence, ...] | None = None
        if sentences is not None:  # (made already: their places in the text are not known)
            self._sentences = tuple(sentences)
            first, spans = (self._sentences[0].index if self._sentences else first), None
        self.first = first  # the index of its first sentence (sentences are numbered over the speech)
        self.spans = spans  # (start, end) of each sentence in `text`, when known

    @property
    def count(self) -> int:
        """How many sentences it has (none made)."""
        return len(self.spans) if self.spans is not None else len(self._sentences or ())

    def sentence_indexes(self) -> Sequence[int]:
        """Its sentences' indexes, in order (none made)."""
        if self.spans is not None:
            return range(self.first, self.first + len(self.spans))
        return [s.index for s in self._sentences or ()]

    def replace(self, **changes) -> Paragraph:  # noqa: ANN003
        """A copy with some fields changed (as `dataclasses.replace`)."""
        kw = {k: getattr(self, k) for k in ("index", "text", "themes", "scores", "section", "number_in_section")}
        kw.update(changes)
        if "sentences" not in changes:
            kw.update(sentences=self.sentences if "text" in changes else None, first=self.first, spans=self.spans, tags=self._tags)
            if kw["sentences"] is not None:
                del kw["spans"], kw["tags"]
        return Paragraph(**kw)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        made = self._sentences
        if made is None:
            from jianghua.corpus.clean import PLACEHOLDER  # (imported with the bodies; not at start-up)

            text, first, tags, has = self.text, self.first, self._tags, PLACEHOLDER.search
            out = []
            for i, (a, b) in enumerate(self.spans or ()):
                s = text[a:b]
                out.append(Sentence(first + i, s, tags[i] if tags is not None and i < len(tags) else (), has(s) is not None))
            self._sentences = made = tuple(out)
        return made

    def _key(self) -> tuple:
        return (self.index, self.text, self.sentences, self.themes, self.scores, self.section, self.number_in_section)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Paragraph) else NotImplemented

    def __hash__(self) -> int:
        return hash((self.index, self.text, self.section))

    def __repr__(self) -> str:
        return f"Paragraph(index={self.index!r}, text={self.text!r}, sentences={self.count}, themes={self.themes!r}, section={self.section!r})"


@dataclass(frozen=True)
class Section:
    index: int
    heading: str | None  # None for the untitled opening section
    level: int  # 0 opening, 1 一、, 2 （一）, 3 一要/一是
    parent: int | None
    paragraphs: tuple[int, ...]  # indexes into Speech.paragraphs (0-based)
    themes: tuple[ThemeScore, ...] = ()


@dataclass(frozen=True)
class Speech:
    """A whole speech as the reader shows it."""

    id: str
    title: str
    source: str
    year: int | None
    occasion: str | None
    level: str | None
    salutation: str | None
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    themes: tuple[ThemeScore, ...] = ()
    keywords: tuple[str, ...] = ()
    date: str | None = None
    speaker: str | None = None

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


class Passage(NamedTuple):
    """A paragraph that speaks of the active theme(s), for the passages view."""

    speech_id: str
    paragraph: int  # 0-based index into Speech.paragraphs
    score: float
    title: str
    section: str | None


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def skipped_record(row: dict) -> Skipped:
    """A row of the catalogue's `skipped` table for display: its reason in the
    current language where the row keeps it as a message (`plan.skip_row`)."""
    from jianghua.corpus.clean import one_line
    from jianghua.i18n import render

    shown = render(row.get("msg")) if row.get("msg") is not None else None
    return Skipped(row["source"], one_line(shown) if shown else row["reason"])


@dataclass
class BuildReport:
    speeches: int = 0
    paragraphs: int = 0
    segmented: int = 0  # files read and segmented again in this build
    retagged: int = 0  # speeches re-tagged without segmenting
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)  # e.g. "store was corrupt: rebuilt"
