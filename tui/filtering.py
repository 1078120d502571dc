"""The theme filter and the list's sort orders and narrowing (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jianghua.store.models import SpeechSummary
from jianghua.i18n import N_

SORTS = ("source", "title", "year", "length", "strength")
SORT_LABELS = {  # msgids: `_(SORT_LABELS[sort])` where shown
    "source": N_("file order"),
    "title": N_("title (pinyin)"),
    "year": N_("date (newest first)"),
    "length": N_("length (longest first)"),
    "strength": N_("theme strength"),
}


@dataclass(frozen=True)
class ThemeFilter:
    ids: tuple[str, ...] = ()
    mode: str = "all"  # "all" | "any"

    @property
    def active(self) -> bool:
        return bool(self.ids)

    def toggled_mode(self) -> ThemeFilter:
        return ThemeFilter(self.ids, "any" if self.mode == "all" else "all")


def next_sort(sort: str) -> str:
    return SORTS[(SORTS.index(sort) + 1) % len(SORTS)] if sort in SORTS else SORTS[0]


def strength(s: SpeechSummary, ids: Sequence[str]) -> float:
    if ids:
        return sum(s.theme_score(t) for t in ids)
    return s.themes[0].score if s.themes else 0.0


def when(s: SpeechSummary) -> str:
    """A speech's date as the list shows and sorts it: the date, or the year when that is all we know."""
    return s.date or (str(s.year) if s.year else "")


def sort_rows(rows: list[SpeechSummary], sort: str, ids: Sequence[str] = ()) -> list[SpeechSummary]:
    """Rows in the given order. `rows` come in file order (or strongest first when filtered)."""
    if sort == "title":  # by pinyin, numbers by value (第31号 before 第121号): SpeechSummary.title_key
        return sorted(rows, key=lambda s: (s.title_key, s.source))
    if sort == "year":  # by date, newest first (a year alone after its dates), undated last
        return sorted(sorted(rows, key=lambda s: s.title), key=when, reverse=True)
    if sort == "length":
        return sorted(rows, key=lambda s: (-s.chars, s.title))
    if sort == "strength":
        return sorted(rows, key=lambda s: (-strength(s, ids), s.source))
    if sort == "source":
        return sorted(rows, key=lambda s: s.source)
    return list(rows)


_FOLDED: dict[str, str] = {}  # title → the title as search sees it (one fold per title, kept across re-sorts)


def folded_titles(titles: list[str]) -> list[str]:
    """Each title as search sees it (`jianghua.corpus.query.fold_text`: simplified
    script, half-width, lower-case Latin; the same length): the list's `/` and the
    palette match traditional and simplified titles alike, as search and find do."""
    missing = list(dict.fromkeys(t for t in titles if t not in _FOLDED))
    if missing:
        from jianghua.corpus.query import fold_texts  # (on the first narrowing: start-up never folds)

        _FOLDED.update(zip(missing, map(_lower, fold_texts(missing))))
    return [_FOLDED[t] for t in titles]


def _lower(text: str) -> str:
    """Lower case beyond ASCII (ÉLYSÉE finds élysée, as casefold() did), keeping the
    length: the palette highlights the match at the same place in the title as shown."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold_title_query(text: str) -> str:
    """What the user typed, folded as the titles are (`folded_titles`)."""
    from jianghua.corpus.query import fold_text

    return _lower(fold_text(text))


class TitleIndex:
    """Rows with their folded titles (`folded_titles`), folded at the first narrowing:
    narrowing 10 000 titles per keystroke is then a few substring tests per row, in
    the rows' order."""

    def __init__(self, rows: list[SpeechSummary]):
        self.rows = rows
        self._folded: list[str] | None = None

    @property
    def folded(self) -> list[str]:
        if self._folded is None:
            self._folded = folded_titles([s.title for s in self.rows])
        return self._folded

    def narrow(self, query: str) -> list[SpeechSummary]:
        parts = [p for p in fold_title_query(query).split() if p] if query.strip() else []
        if not parts:
            return self.rows
        if len(parts) == 1:
            q = parts[0]
            return [r for r, t in zip(self.rows, self.folded) if q in t]
        return [r for r, t in zip(self.rows, self.folded) if all(p in t for p in parts)]
