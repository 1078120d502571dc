"""Traditional and simplified script: one folding rule for analysis.

Speeches are shown as written; everything that *analyses* text (themes, structure
rules, dates, titles, keywords, search) works on `fold(text)`, the simplified form,
so a traditional-script copy of a speech is read exactly like the original.

The conversion is OpenCC's `t2s` (a well-kept converter with phrase tables), not a
hand table. `fold` keeps the length of the text — offsets found in the folded text
(sentence spans, search hits, highlights) are valid in the original — by falling
back to character-by-character conversion in the rare case a phrase rule changes
the length.

OpenCC knows traditional characters, not the old variant forms (异体字) that real
traditional printings of the 1920s–50s use: 貪汚 stayed 贪汚 and never matched 贪污.
`VARIANTS` maps those (one character to one, so offsets hold) after OpenCC.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["fold", "fold_query", "to_traditional", "tables_stamp"]


# Variant forms OpenCC's t2s leaves as they are (checked: each converts to itself),
# with the standard character they stand for. Only unambiguous variants.
VARIANTS = str.maketrans(dict(zip(
    "汚衞擧啣槪靑淸硏値兎冐敍濳燄鬪鬭吿紥"
    "囘呑躭徧錬凖偸靣畧緖搆疎踈稾隣閙竝畱飮覩歛廵鑛犂搾簷牐",
    "污卫举衔概青清研值兔冒叙潜焰斗斗告扎"
    "回吞耽遍炼准偷面略绪构疏疏稿邻闹并留饮睹敛巡矿犁榨檐闸",
)))
_HAS_VARIANT = frozenset(chr(c) for c in VARIANTS)
T2S = "t2s"  # OpenCC's configuration for folding (part of corpus.query.fold_fingerprint)


def tables_stamp() -> str:
    """A short hash of what `fold` is made of here (OpenCC's configuration and VARIANTS): the themes
    fingerprint carries it, so a change of the table re-tags a store. Cheap (read at start-up; the
    search index's `query.fold_fingerprint` adds OpenCC's version)."""
    import hashlib

    return hashlib.sha1(f"{T2S} {sorted(VARIANTS.items())}".encode()).hexdigest()[:12]


def _variants(text: str) -> str:
    return text.translate(VARIANTS) if not _HAS_VARIANT.isdisjoint(text) else text


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc  # imported on first use: start-up with a current store never needs it

    return opencc.OpenCC(config)


def fold(text: str) -> str:
    """`text` in simplified script, with exactly the same length (and offsets)."""
    if not text or text.isascii():
        return text
    conv = _converter(T2S)
    out = conv.convert(text)
    if len(out) != len(text):
        out = "".join(ch if len(c := conv.convert(ch)) != 1 else c for ch in text)
    return _variants(out)


def fold_query(text: str) -> str:
    """A user's query folded like the text it is matched against (length may change)."""
    return _variants(_converter(T2S).convert(text)) if text and not text.isascii() else text


def to_traditional(text: str) -> str:
    """Simplified → traditional (OpenCC `s2t`); used by tests and fixtures."""
    return _converter("s2t").convert(text) if text else text
