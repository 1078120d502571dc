"""jianghua's store: a TinyDB catalogue of the corpus, built at startup.

`Store` is the read facade the CLI and the browser open and query; they also
use the plain data of `store.models` and the browser its own state file
(`store.state`). The store never imports textual, and only `Store.update`
(through `store.build`) may load jieba.
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
