"""What a Han character (汉字) is: one definition for every layer.

HAN, for a regular expression's character class (f"[{HAN}·]"): the ideographs of
Unicode's Han script — the basic block (U+4E00–U+9FFF), extension A (U+3400–U+4DBF),
the compatibility ideographs (U+F900–U+FAFF), the supplementary planes' extensions
B to I and compatibility supplement (U+20000–U+323AF: rare characters of names and
places, 𠀀 … 𬌗), and 〇 (U+3007, the zero of 二〇二五年). Not Han: CJK punctuation
(。、「」〔〕), the Yijing hexagram symbols next to extension A (U+4DC0–U+4DFF),
radicals, kana, Hangul, full-width letters and digits.

BASIC, a narrower set named as such: the basic block alone (CJK Unified Ideographs,
U+4E00–U+9FFF), every character of GB2312 and Big5 and nearly every one of GBK. The
rules written and measured against it use it: the decoder's statistics of everyday
characters (corpus/decode.py), and the head and metadata patterns (a speaker's name,
a place, a site's label: corpus/metadata.py, head.py, first_line.py, headline.py,
lede.py, derived_title.py, dates.py), which a wider set would change (a parser
change: PARSER_VERSION).
"""

from __future__ import annotations

from .patterns import lazy

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
BASIC_FIRST, BASIC_LAST = "\u4e00", "\u9fff"  # (for `BASIC_FIRST <= ch <= BASIC_LAST` in a hot loop)
BASIC = f"{BASIC_FIRST}-{BASIC_LAST}"

han_char = lazy(f"[{HAN}]")  # one Han character (compiled on first use: a class of ranges costs ms)
basic_char = lazy(f"[{BASIC}]")  # one of the basic block


def is_han(ch: str) -> bool:
    """Whether the one character `ch` is Han (HAN)."""
    return len(ch) == 1 and han_char().match(ch) is not None
