"""A block of text wrapped by the reader's line-breaking rules (textutil.wrap:
no line starts with closing punctuation, none ends with opening punctuation, short
Latin words whole) at its width, again when the width changes: the previews of
the passages and the copy history. Text only (never markup)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ..textutil import wrap_text


class WrappedText(Widget):
    DEFAULT_CSS = "WrappedText { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text(end="")
        self._cache: tuple[int, Text] | None = None

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text | str) -> None:
        self._text = text if isinstance(text, Text) else Text(text, end="")
        self._cache = None
        self.refresh(layout=True)

    def wrapped(self, width: int) -> Text:
        width = max(2, width)
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, wrap_text(self._text, width))
        return self._cache[1]

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.wrapped(width).plain.split("\n"))

    def render(self) -> Text:
        return self.wrapped(self.content_size.width)
