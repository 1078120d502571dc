"""The reader's outline: the sections of a speech (一、/（一）/一要…), to jump to."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from jianghua.corpus.cells import truncate
from jianghua.store.models import Speech

from .. import keymap
from ..textutil import clean

OPENING = "（开头）"


class Outline(OptionList):
    BINDINGS = keymap.OUTLINE

    DEFAULT_CSS = """
    Outline {
        width: 30;
        height: 1fr;
        border: none;
        border-right: tall $panel-lighten-2;
        padding: 0;
        background: $surface;
    }
    Outline:focus {
        border: none;
        border-right: tall $accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections: list[int] = []
        self._painted: dict[int, Strip] = {}  # screen row -> the strip last painted there

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
            options.append(Option(Content(indent + truncate(label, 26 - len(indent))), id=f"s{sec.index}"))
            self.sections.append(sec.index)
        self.set_options(options)

    def mark_section(self, section: int) -> None:
        """Highlight the section the cursor is in (without taking focus).

        Setting `highlighted` repaints the whole outline; over SSH that is ~3 KB for
        a change of two lines: set it quietly and repaint the lines that changed."""
        if section in self.sections:
            i = self.sections.index(section)
            if self.highlighted != i:
                self.set_reactive(OptionList.highlighted, i)
                self.scroll_to_highlight()  # (a scroll repaints it all anyway)
                width = self.size.width
                for y in range(self.size.height):
                    if self._painted.get(y) != super().render_line(y):
                        self.refresh(Region(0, y, width, 1))

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        self._painted[y] = strip
        return strip

    def action_leave(self) -> None:
        self.screen.action_focus_text()
