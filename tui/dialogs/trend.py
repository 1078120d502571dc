"""The trend of one set formulation: its uses per 10 000 characters of each
year's speeches, drawn on a zero baseline (`tui.year_chart`: a year not used and a
year without speeches are told apart), with the years and the figures beneath."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from jianghua.store.formulations import Formulation, per_10k

from jianghua.i18n import N_, _, ngettext

from .. import keymap
from ..textutil import clean
from ..year_chart import FLOOR, YearChart, year_values
from .base import Dialog


def trend_rows(f: Formulation, chars_by_year: dict[int, int]) -> list[tuple[int, int, float]]:
    """(year, uses, uses per 10 000 characters) for every year from the first to
    the last with speeches (years without speeches count 0)."""
    if not chars_by_year:
        return []
    rates = per_10k(f, chars_by_year)
    return [(y, f.by_year.get(y, 0), rates.get(y, 0.0)) for y in range(min(chars_by_year), max(chars_by_year) + 1)]


class TrendDialog(Dialog[None]):
    BINDINGS = keymap.DIALOG
    DIALOG_ID = "trend"
    HINT = N_("uses per 10 000 characters of each year's speeches · q / Esc closes")

    DEFAULT_CSS = """
    TrendDialog > #trend { height: auto; max-height: 90%; }
    TrendDialog #trend-title { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    TrendDialog #trend-chart { height: 7; margin: 1 2 0 2; }
    TrendDialog #trend-legend { height: auto; margin: 0 2; color: $text-muted; }
    TrendDialog VerticalScroll { height: auto; max-height: 12; padding: 0 2; }
    TrendDialog #trend-hint { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, formulation: Formulation, chars_by_year: dict[int, int]) -> None:
        super().__init__()
        self.formulation = formulation
        self.rows = trend_rows(formulation, chars_by_year)
        self.values = year_values(formulation, chars_by_year)

    def title_text(self) -> Text:
        f = self.formulation
        uses = ngettext("{n} use", "{n} uses", f.hits).format(n=f.hits)
        speeches = ngettext("{n} speech", "{n} speeches", f.speeches).format(n=f.speeches)
        return Text(_("Trend — {text} · {uses} in {speeches}").format(text=clean(f.text, single_line=True), uses=uses, speeches=speeches), end="")

    def compose_body(self) -> ComposeResult:
        if not self.rows:
            yield Static(Text(_("The speeches that use it carry no date: there is no trend to draw."), end=""), id="trend-empty")
            return
        first, last = self.rows[0][0], self.rows[-1][0]
        yield Static(YearChart(self.values, first), id="trend-chart")
        with_speeches = sum(v is not None for v in self.values)
        used = sum(1 for v in self.values if v)
        legend = _("Bars start at zero. {floor} not used that year · blank: no speeches that year.").format(floor=FLOOR)
        years = _("Speeches in {n} of the years {first}–{last}; used in {used} of them.").format(
            n=with_speeches, first=first, last=last, used=used) if first != last else ""
        yield Static(Text("\n".join(x for x in (legend, years) if x), end=""), id="trend-legend")
        table = Text(end="")
        for year, uses, rate in self.rows:
            if uses:
                table.append(f"{year}  ", style="bold")
                table.append(ngettext("{uses} use  {rate} per 10 000 characters", "{uses} uses  {rate} per 10 000 characters",
                                      uses).format(uses=f"{uses:>5}", rate=f"{rate:>8.2f}") + "\n")
        undated = self.formulation.hits - sum(uses for _, uses, _ in self.rows)
        if undated > 0:  # speeches without a date have no year to stand in: say so, not drop them unsaid
            table.append(ngettext("{n} more use is in speeches without a date: it is not in the trend.",
                                  "{n} more uses are in speeches without a date: they are not in the trend.",
                                  undated).format(n=undated), style="italic")
        with VerticalScroll(id="trend-body"):
            yield Static(table, id="trend-table")

    def on_mount(self) -> None:
        if self.rows:
            self.query_one(VerticalScroll).focus()

    def action_scroll_down(self) -> None:
        if self.rows:
            self.query_one(VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        if self.rows:
            self.query_one(VerticalScroll).scroll_up(animate=False)
