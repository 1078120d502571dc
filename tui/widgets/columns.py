"""The columns of a `LineTable` and how they share the terminal's width (one definition).

A column grows through its `stops`, stage by stage: every column reaches its k-th
stop before any column goes on to its (k+1)-th, so the order of the stops says who
gives way first when the terminal narrows. A stop of None (the last one) means no
limit. Within a stage the room is split in proportion to what each column still
wants; in the last stage in proportion to `share`, up to each column's last stop.
When even the first stops do not fit, columns with a `drop` rank are hidden,
highest rank first.

Plain columns keep the simple form: `width` (fixed) or `width=0` (a flexible column
of at least `min_width`, sharing what is left equally), `hide_below` (hidden when
the table is narrower than that).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import get_character_cell_size
from rich.text import Text


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int = 0  # 0: takes the room left (at least min_width)
    justify: str = "left"
    min_width: int = 8
    hide_below: int = 0  # hidden when the table is narrower than this
    stops: tuple[int | None, ...] = ()  # the widths it grows through (see the module's doc)
    share: int = 1  # its part of the room of the last stage
    drop: int = 0  # hidden first (highest) when the first stops do not fit; 0: never

    def growth(self) -> tuple[int | None, ...]:
        if self.stops:
            return self.stops
        return (self.width,) if self.width else (self.min_width, None)


def fit(columns: Sequence[Column], width: int) -> list[tuple[Column, int]]:
    """The columns shown in a table `width` cells wide, with their widths. A row is a
    leading space, then the cells with one space between them."""
    cols = [c for c in columns if width >= c.hide_below]

    def room() -> int:
        return width - len(cols)  # (the leading space and the separators)

    while sum(c.growth()[0] or 0 for c in cols) > room() and any(c.drop for c in cols):
        cols.remove(max((c for c in cols if c.drop), key=lambda c: c.drop))
    widths = [c.growth()[0] or 0 for c in cols]
    spare = room() - sum(widths)
    stages = max((len(c.growth()) for c in cols), default=0)
    for k in range(1, stages):
        if spare <= 0:
            break
        stops = [c.growth()[min(k, len(c.growth()) - 1)] for c in cols]
        wants = [None if s is None else max(0, s - w) for s, w in zip(stops, widths)]
        last = k == stages - 1
        weights = [c.share if last else (w if w is not None else c.share) for c, w in zip(cols, wants)]
        gives = _split(spare, wants, weights)
        widths = [w + g for w, g in zip(widths, gives)]
        spare -= sum(gives)
    return list(zip(cols, widths))


def _split(spare: int, wants: list[int | None], weights: list[int]) -> list[int]:
    """`spare` cells split in proportion to `weights`, none given more than it wants
    (None: no limit); what a capped column leaves goes round the others again."""
    gives = [0] * len(wants)
    while spare > 0:
        open_ = [i for i, w in enumerate(wants) if (w is None or gives[i] < w) and weights[i] > 0]
        total = sum(weights[i] for i in open_)
        if not total:
            break
        given = 0
        for i in open_:
            g = spare * weights[i] // total
            if wants[i] is not None:
                g = min(g, wants[i] - gives[i])
            gives[i] += g
            given += g
        if not given:  # a few cells left: to the bounded wants, largest first
            for i in sorted((i for i in open_ if wants[i] is not None), key=lambda i: -weights[i])[:spare]:
                gives[i] += 1
                given += 1
            if not given:
                break  # (an unlimited stage's last cells stay blank)
        spare -= given
    return gives


def cut(text: Text, width: int) -> Text:
    """`text` cut to `width` cells with a trailing … (CJK-aware: no half characters)."""
    used = 0
    k = 0
    for ch in text.plain:
        w = get_character_cell_size(ch)
        if used + w > width - 1:
            break
        used += w
        k += 1
    out = text[:k]
    out.append("…")
    return out
