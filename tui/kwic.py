"""Concordance rows (KWIC): one per hit, their sort orders, narrowing and the
per-year / per-speech distribution. Pure data, no Textual."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from jianghua.corpus.query import fold_text
from jianghua.i18n import N_, _
from jianghua.store.search import Hit

from .textutil import clean

CONTEXT = 40  # characters kept either side of a hit
MAX_ROWS = 20_000  # rows kept for the view (hits beyond are counted, not listed)
SORTS = ("speech", "year", "left", "right")
SORT_LABELS = {"speech": N_("speech order"), "year": N_("year"), "left": N_("1L (left context, right to left)"), "right": N_("1R (right context)")}
BARS = " ▏▎▍▌▋▊▉█"


@dataclass
class KwicRow:
    """One hit. Its contexts are cut and cleaned when first asked for (the table
    draws only the visible rows): a search makes up to MAX_ROWS rows at once."""

    hit: Hit
    order: int  # position of the hit in speech (file) order
    title: str
    year: int | None
    text: str = field(repr=False)  # the paragraph (or title, heading) the hit is in, as written
    marked: bool = False
    _keys: dict = field(default_factory=dict, repr=False)

    def _context(self) -> tuple[str, str, str]:
        c = self._keys.get("ctx")
        if c is None:
            p, a, e = self.text, self.hit.start, self.hit.end
            c = self._keys["ctx"] = (clean(p[max(0, a - CONTEXT) : a], single_line=True), clean(p[a:e], single_line=True),
                                     clean(p[e : e + CONTEXT], single_line=True))
        return c

    @property
    def left(self) -> str:  # as written, cleaned for one line
        return self._context()[0]

    @property
    def match(self) -> str:
        return self._context()[1]

    @property
    def right(self) -> str:
        return self._context()[2]

    @property
    def kind(self) -> str:
        """"" for a hit in a paragraph; "title" / "heading" where the store finds hits in those."""
        return getattr(self.hit, "kind", "") or ""

    def key(self, sort: str):
        k = self._keys.get(sort)
        if k is None:
            if sort == "left":
                k = (fold_text(self.left)[::-1], self.order)
            elif sort == "right":
                k = (fold_text(self.right), self.order)
            elif sort == "year":
                k = (self.year is None, self.year or 0, self.order)
            else:
                k = (self.order,)
            self._keys[sort] = k
        return k

    def haystack(self) -> str:
        k = self._keys.get("hay")
        if k is None:
            k = self._keys["hay"] = fold_text(f"{self.title}\n{self.left}{self.match}{self.right}")
        return k


@lru_cache(maxsize=256)
def _one_line(title: str) -> str:
    return clean(title, single_line=True)


def make_row(hit: Hit, order: int, title: str, year: int | None, paragraph: str) -> KwicRow:
    return KwicRow(hit, order, _one_line(title), year, paragraph)


def sort_rows(rows: list[KwicRow], sort: str) -> list[KwicRow]:
    return sorted(rows, key=lambda r: r.key(sort))


def narrow(rows: Iterable[KwicRow], text: str) -> list[KwicRow]:
    """Rows whose title or context holds `text` (folded like the search)."""
    t = fold_text(clean(text, single_line=True).strip())
    if not t:
        return list(rows)
    return [r for r in rows if t in r.haystack()]


@lru_cache(maxsize=4096)
def short_title(title: str, limit: int = 14) -> str:
    """A title short enough for a column: the part after 在 … 上 (的讲话) dropped —
    in either script (the ending is read in the folded title: 上的講話 too)."""
    t, folded = title, fold_text(title)  # (same length: the ending found there is cut from the title as written)
    for suffix in ("上的讲话", "的讲话", "上的发言", "讲话"):
        if folded.endswith(suffix) and len(t) > len(suffix) + 2:
            t = t[: -len(suffix)]
            break
    if t.startswith("在") and len(t) > 3:
        t = t[1:]
    return t if len(t) <= limit else t[: limit - 1] + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    hits: int
    chars: int

    @property
    def rate(self) -> float:
        """Hits per 10 000 characters."""
        return self.hits * 10_000 / self.chars if self.chars else 0.0


def per_year(hits: dict[str, int], chars: dict[str, tuple[int | None, int]]) -> list[Bar]:
    """Hits per year over the speeches searched; chars: speech id -> (year, chars)."""
    h: dict[int | None, int] = {}
    c: dict[int | None, int] = {}
    for sid, (year, n) in chars.items():
        c[year] = c.get(year, 0) + n
    for sid, n in hits.items():
        y = chars.get(sid, (None, 0))[0]
        h[y] = h.get(y, 0) + n
    years = sorted((y for y in c if y is not None))
    out = [Bar(str(y), h.get(y, 0), c[y]) for y in years]
    if None in c:
        out.append(Bar(_("no date"), h.get(None, 0), c[None]))  # (in the interface's language)
    return out


def per_speech(hits: dict[str, int], chars: dict[str, tuple[int | None, int]], titles: dict[str, str], top: int = 8) -> list[Bar]:
    bars = [Bar(short_title(titles.get(sid, sid), 12), n, chars.get(sid, (None, 0))[1]) for sid, n in hits.items()]
    bars.sort(key=lambda b: -b.rate)
    return bars[:top]


def bar_text(value: float, top: float, width: int) -> str:
    """A horizontal bar of `width` cells for value/top (eighth-cell resolution)."""
    if top <= 0 or width <= 0:
        return ""
    eighths = round(value / top * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BARS[part] if part else "")).ljust(width)
