"""jianghua's store: a TinyDB catalogue of the corpus, built at startup.

`Store` is the only thing the browser and the CLI use; it never imports textual,
and only `Store.update` (through `store.build`) may load jieba.
"""

from jianghua.corpus.themes import ThemesError

from .models import BuildReport, Passage, Skipped, Speech, SpeechSummary, ThemeInfo
from .store import AmbiguousReference, CorpusError, Store

__all__ = [
    "AmbiguousReference",
    "BuildReport",
    "CorpusError",
    "Passage",
    "Skipped",
    "Speech",
    "SpeechSummary",
    "Store",
    "ThemeInfo",
    "ThemesError",
]
