"""The formulations (提法) one speech uses, with how often: a side pane of the
reader (tui/widgets/side_pane.py). `u` moves the focus into it and back, j/k move
its cursor, Enter lights up the formulation's uses in the text and jumps to the
nearest; n/N then go through them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widgets.option_list import Option

from jianghua.corpus.cells import truncate
from jianghua.i18n import _

from ..textutil import clean
from .side_pane import TEXT_WIDTH, SidePane


@dataclass(frozen=True)
class Use:
    """A formulation as the pane lists it."""

    text: str  # as found (folded, simplified script)
    kind: str
    count: int  # uses in this speech (what n/N go through)


class FormulationPane(SidePane):
    # Its scroll bar always there (a speech uses more formulations than the pane has
    # rows, mostly): one appearing after the pane is shown was a layout, and a
    # repaint of every row at the narrower width, a frame later.
    DEFAULT_CSS = """
    FormulationPane { overflow-y: scroll; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.uses: list[Use] = []
        self.speech_id: str | None = None  # whose formulations are listed (None: not yet)
        self.relabel()

    def relabel(self) -> None:
        self.border_title = _("Formulations") + " · u"

    def waiting(self) -> None:
        self.speech_id = None
        self.uses = []
        self.set_options([Option(Content(_("counting…")), disabled=True)])

    def show_uses(self, speech_id: str, uses: list[Use]) -> None:
        self.speech_id = speech_id
        self.uses = uses
        if not uses:
            self.set_options([Option(Content(_("No set formulation in this speech.")), disabled=True)])
            return
        room = TEXT_WIDTH - 1  # (a cell between the count and the scrollbar)
        options = []
        for u in uses:
            n = f"{u.count}"
            text = truncate(clean(u.text, single_line=True), room - len(n) - 1)
            options.append(Option(Content(text + " " * max(1, room - cell_len(text) - len(n)) + n)))
        self.set_options(options)
        self._expect_rows(len(options))
        self.highlighted = 0

    def _expect_rows(self, rows: int) -> None:
        """A pane not laid out yet (about to be shown by `u`) cannot measure its rows:
        OptionList does it as it paints them, and that new size lays the screen out
        again, painting the pane a second time, a frame later. Its rows are one line
        each and its width is the one it had when last shown: set that size now."""
        if self._sized is not None and not self.scrollable_content_region:
            _size, inner = self._sized
            self.virtual_size = Size(inner.width - self.styles.scrollbar_size_vertical, rows)

    def current(self) -> Use | None:
        i = self.highlighted
        return self.uses[i] if self.uses and i is not None and 0 <= i < len(self.uses) else None
