"""Traditional and simplified script: one folding rule for analysis.

Speeches are shown as written; everything that *analyses* text (themes, structure
rules, dates, titles, keywords, search) works on `fold(text)`, the simplified form,
so a traditional-script copy of a speech is read exactly like the original.

The conversion is OpenCC's `t2s` (a well-kept converter with phrase tables), not a
hand table. `fold` keeps the length of the text — offsets found in the folded text
(sentence spans, search hits, highlights) are valid in the original — by falling
back to character-by-character conversion in the rare case a phrase rule changes
the length.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["fold", "fold_query", "to_traditional"]


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc  # imported on first use: start-up with a current store never needs it

    return opencc.OpenCC(config)


def fold(text: str) -> str:
    """`text` in simplified script, with exactly the same length (and offsets)."""
    if not text or text.isascii():
        return text
    conv = _converter("t2s")
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    return "".join(ch if len(c := conv.convert(ch)) != 1 else c for ch in text)


def fold_query(text: str) -> str:
    """A user's query folded like the text it is matched against (length may change)."""
    return _converter("t2s").convert(text) if text and not text.isascii() else text


def to_traditional(text: str) -> str:
    """Simplified → traditional (OpenCC `s2t`); used by tests and fixtures."""
    return _converter("s2t").convert(text) if text else text
