"""One line of text cut to its width with "…" (by cells: Chinese is two cells a
character). Textual dropped the words that did not fit and no "…" showed: the
concordance's summary ended "… · 讲话 ·" at 80 columns, its sort order gone unsaid."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class OneLine(Widget):
    DEFAULT_CSS = "OneLine { height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text(end="")

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text | str) -> None:
        self._text = text if isinstance(text, Text) else Text(text, end="")
        self.refresh()

    def render(self) -> Text:
        line = self._text.copy()
        line.no_wrap, line.end = True, ""
        line.truncate(max(1, self.content_size.width), overflow="ellipsis")
        return line
