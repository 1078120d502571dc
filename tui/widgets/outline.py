"""The reader's outline: the sections of a speech (一、/（一）/一要…), to jump to.

A side pane (tui/widgets/side_pane.py): `o` moves the focus into it and back,
j/k (or ↑/↓) move its cursor, Enter jumps to the section."""

from __future__ import annotations

from textual.content import Content
from textual.widgets.option_list import Option

from jianghua.corpus.cells import truncate
from jianghua.i18n import _
from jianghua.store.models import Speech

from ..textutil import clean
from .side_pane import TEXT_WIDTH, SidePane

OPENING = "（开头）"


class Outline(SidePane):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections: list[int] = []
        self.relabel()

    def relabel(self) -> None:
        self.border_title = _("Outline") + " · o"

    def show_speech(self, speech: Speech) -> None:
        options = []
        self.sections = []
        for sec in speech.sections:
            if sec.heading is None:
                if not sec.paragraphs:
                    continue
                label = OPENING
            else:
                label = clean(sec.heading, single_line=True)
            indent = "  " * max(0, sec.level - 1)
            # (`clean` took out every control character: Content need not look again — 2 762 sections, 36 -> 5 ms)
            options.append(Option(Content(indent + truncate(label, TEXT_WIDTH - 2 - len(indent)), strip_control_codes=False), id=f"s{sec.index}"))
            self.sections.append(sec.index)
        self.set_options(options)

    def mark_section(self, section: int) -> None:
        """Highlight the section the cursor is in (without taking focus), repainting
        only the rows that change."""
        if section in self.sections:
            self.move_to(self.sections.index(section))
