"""What screens ask of the app (frogmouth-style intent messages): the app answers
them; a screen never calls the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # (citation needs corpus.structure, ~15 ms: not on the start-up path)
    from jianghua.store.state import CopyRecord

    from .citation import Clip


class OpenSpeech(Message):
    """Show a speech in the reader, at a paragraph or sentence if given."""

    def __init__(self, speech_id: str, *, paragraph: int | None = None, sentence: int | None = None) -> None:
        super().__init__()
        self.speech_id = speech_id
        self.paragraph = paragraph
        self.sentence = sentence


class SearchCorpus(Message):
    """Search the text of every speech (of the theme filter) for a query."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class CopyClip(Message):
    """Put a piece of a speech on the clipboard (and in the copy history)."""

    def __init__(self, clip: Clip) -> None:
        super().__init__()
        self.clip = clip


class Recopy(Message):
    """Copy an entry of the copy history again."""

    def __init__(self, record: CopyRecord) -> None:
        super().__init__()
        self.record = record


class StateChanged(Message):
    """The state file changed (a position, a setting): save it soon, or now."""

    def __init__(self, now: bool = False) -> None:
        super().__init__()
        self.now = now
