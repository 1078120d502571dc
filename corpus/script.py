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

__all__ = ["fold", "fold_query", "to_traditional", "fold_fingerprint", "FOLD_VERSION", "WIDTH"]

# The folding rules' version: bump it when the code of `fold` here or of
# corpus.query's `fold_text` changes what a text folds to (the tables and OpenCC's
# version are part of `fold_fingerprint` by themselves). The search index is made
# again, whole, and stored theme tags are redone, when the fingerprint changes.
FOLD_VERSION = 2  # 2: fold_text folds the supplementary extensions too (corpus.han.HAN)

# Variant forms OpenCC's t2s leaves as they are (checked: each converts to itself),
# with the standard character they stand for. Only unambiguous variants.
VARIANTS = str.maketrans(dict(zip(
    "汚衞擧啣槪靑淸硏値兎冐敍濳燄鬪鬭吿紥"
    "囘呑躭徧錬凖偸靣畧緖搆疎踈稾隣閙竝畱飮覩歛廵鑛犂搾簷牐",
    "污卫举衔概青清研值兔冒叙潜焰斗斗告扎"
    "回吞耽遍炼准偷面略绪构疏疏稿邻闹并留饮睹敛巡矿犁榨檐闸",
)))
_HAS_VARIANT = frozenset(chr(c) for c in VARIANTS)
T2S = "t2s"  # OpenCC's configuration for folding (part of `fold_fingerprint`)

# Full-width digits and letters → ASCII, A–Z → a–z (`query.fold_text`): one character to one, so the
# length never changes. (Chinese punctuation ，：（） is full-width by nature and is left alone:
# folding it would touch every speech for nothing.)
FULL = {c + 0xFEE0: c for c in [*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B)]}
WIDTH = dict(FULL)
for _c in range(ord("A"), ord("Z") + 1):
    WIDTH[_c] = _c + 32
    WIDTH[_c + 0xFEE0] = _c + 32  # Ａ–Ｚ straight to a–z
_OPENCC_DISTS = ("opencc", "opencc-python-reimplemented")  # either provides the `opencc` module


def fold_fingerprint() -> str:
    """A fingerprint of what decides folding: FOLD_VERSION, the width table, the
    variant table, OpenCC's configuration and version — carried by the search index
    and by the themes fingerprint (stored tags), so an OpenCC upgrade redoes both.
    Cheap enough for the start-up path (`opencc_versions`)."""
    import hashlib

    h = hashlib.sha1(f"fold {FOLD_VERSION} {T2S}\n".encode())
    h.update(repr(sorted(WIDTH.items())).encode())
    h.update(repr(sorted(VARIANTS.items())).encode())
    for dist, version in opencc_versions():
        h.update(f"\n{dist} {version}".encode())
    return h.hexdigest()[:16]


def _norm(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


@lru_cache(maxsize=1)
def opencc_versions() -> tuple[tuple[str, str], ...]:
    """(distribution, version) of the installed OpenCC: read from the name of its
    `NAME-VERSION.dist-info` folder beside the `opencc` package (importlib.metadata
    costs ~25 ms of CPU on the start-up path, this well under 1 ms); importlib.metadata
    when that folder is not there (an egg, an unusual layout)."""
    import importlib.util
    import os

    found: dict[str, str] = {}
    spec = importlib.util.find_spec("opencc")
    where = spec.submodule_search_locations if spec is not None else None
    if where:
        wanted = {_norm(d): d for d in _OPENCC_DISTS}
        for site in {os.path.dirname(p) for p in where}:
            try:
                names = os.listdir(site)
            except OSError:
                continue
            for n in names:
                if n.endswith(".dist-info") and "-" in n:
                    name, version = n[: -len(".dist-info")].rsplit("-", 1)
                    if _norm(name) in wanted:
                        found[wanted[_norm(name)]] = version
    if not found:
        from importlib import metadata

        for dist in _OPENCC_DISTS:
            try:
                found[dist] = metadata.version(dist)
            except metadata.PackageNotFoundError:
                pass
    return tuple((d, found[d]) for d in _OPENCC_DISTS if d in found)


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
