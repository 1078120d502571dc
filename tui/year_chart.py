"""A formulation's use year by year, drawn so that it cannot mislead: bars stand on
zero (half the use is half the bar), a year with speeches where it is not used is a
low grey floor (▁), a year without any speeches is left blank, and the years run over
those of the speeches counted (the first to the last year with speeches).

Pure rich Text, no Textual: the formulations view draws a row's sparkline (one line,
`sparkline`), the trend dialog the chart (`YearChart`, several lines, as wide as it
is given) — the same rule for both (`levels`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from jianghua.store.formulations import Formulation, per_10k

BARS = "▁▂▃▄▅▆▇█"  # eighths of a cell, lowest first
FLOOR = BARS[0]  # a year with speeches where the formulation is not used
NONE = " "  # a year without speeches

Value = float | None  # uses per 10 000 characters; None: no speeches that year


def year_values(f: Formulation, chars_by_year: dict[int, int]) -> list[Value]:
    """Uses per 10 000 characters for every year from the first to the last year
    with speeches; None for a year without speeches in between."""
    if not chars_by_year:
        return []
    rates = per_10k(f, chars_by_year)
    return [rates.get(y) for y in range(min(chars_by_year), max(chars_by_year) + 1)]


def buckets(values: Sequence[Value], width: int) -> list[Value]:
    """`values` in `width` columns or fewer: several years to a column (its highest
    use; None when none of them had speeches) when there are more years than columns."""
    n = len(values)
    if n <= width:
        return list(values)
    out: list[Value] = []
    for b in range(width):
        part = [v for v in values[n * b // width:n * (b + 1) // width] if v is not None]
        out.append(max(part) if part else None)
    return out


def levels(values: Sequence[Value], height: int) -> list[int | None]:
    """Each value's height in eighths of a cell, on a zero baseline: None stays None
    (no speeches), 0 is 1 (the floor), a use is at least 2 (above the floor) and
    the highest use fills all `height` lines."""
    top = max((v for v in values if v), default=0.0)
    full = 8 * height
    out: list[int | None] = []
    for v in values:
        if v is None:
            out.append(None)
        elif not v or not top:
            out.append(1)
        else:
            out.append(max(2, round(v / top * full)))
    return out


def _glyph(eighths: int | None, line: int) -> str:
    """The cell of line `line` (0 the lowest) of a bar `eighths` high."""
    if eighths is None:
        return NONE
    here = eighths - 8 * line
    if here <= 0:
        return " "
    return BARS[min(here, 8) - 1]


@lru_cache(maxsize=256)
def _bar_style(eighths: int | None, full: int) -> Style | None:
    """A bar's colour: grey for the floor, from dim to bright as it rises (one
    Style per height: a chart has at most `full` + 1 of them)."""
    if eighths is None:
        return None
    if eighths <= 1:
        return _style(_floor())
    return _style(_blend(_dim(), _bright(), eighths / full))


def sparkline(values: Sequence[Value], width: int) -> Text:
    """One line of `width` cells or fewer (a year a cell, or several years a cell);
    empty when there are no years."""
    if not values:
        return Text("", end="")
    cols = buckets(values, width)
    out = Text(end="")
    for h in levels(cols, 1):
        out.append(_glyph(h, 0), _bar_style(h, 8))
    return out


class YearChart:
    """The trend dialog's chart: `height` lines of bars over the years (each year
    as many cells as fit, or several years a cell), the years beneath."""

    def __init__(self, values: Sequence[Value], first_year: int, height: int = 6) -> None:
        self.values, self.first, self.height = list(values), first_year, height

    def lines(self, width: int) -> list[Text]:
        n = len(self.values)
        if not n or width < 1:
            return []
        per = max(1, width // n)  # cells a year (when the years fit)
        gap = 1 if per >= 3 else 0  # a blank cell between the years' bars, when they are wide
        cols = buckets(self.values, width)
        hs = levels(cols, self.height)
        full = 8 * self.height
        out = []
        styles = [_bar_style(h, full) for h in hs]
        for line in reversed(range(self.height)):
            text = Text(end="")
            for h, style in zip(hs, styles):
                text.append(_glyph(h, line) * (per - gap) + " " * gap, style)
            out.append(text)
        out.append(self._axis(len(cols) * per - gap))
        return out

    def _axis(self, width: int) -> Text:
        """The first and the last year under the chart's ends (one year: under it)."""
        first, last = str(self.first), str(self.first + len(self.values) - 1)
        if first == last or width < len(first) + len(last) + 1:
            axis = Text(first if first == last else f"{first}–{last}", style="dim", end="")
            axis.truncate(max(width, 1))  # (never wider than the chart: a wrapped line would be cut off)
            return axis
        return Text(first + " " * (width - len(first) - len(last)) + last, style="dim", end="")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.lines(options.max_width)
        for i, line in enumerate(lines):
            line.end = "\n" if i < len(lines) - 1 else ""
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def _style(color: Color) -> Style:
    return Style.from_color(color)


def _blend(low: Color, high: Color, ratio: float) -> Color:
    (r1, g1, b1), (r2, g2, b2) = low.triplet, high.triplet
    return Color.from_rgb(r1 + (r2 - r1) * ratio, g1 + (g2 - g1) * ratio, b1 + (b2 - b1) * ratio)


@lru_cache(maxsize=1)
def _floor() -> Color:
    return Color.from_rgb(110, 110, 110)


@lru_cache(maxsize=1)
def _dim() -> Color:
    return Color.from_rgb(90, 110, 140)


@lru_cache(maxsize=1)
def _bright() -> Color:
    return Color.from_rgb(240, 170, 60)
