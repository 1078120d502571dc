"""What counts as a Han character (corpus/han.py, the one definition): the edges of
its blocks, 〇, and the CJK marks next to them that are not Han."""

from __future__ import annotations

import unicodedata

import pytest

from jianghua.corpus.han import basic_char, han_char, is_han

HAN_EDGES = [
    "\u3007",  # 〇, the zero of 二〇二五年
    "\u3400", "\u4dbf",  # extension A
    "\u4e00", "\u9fa5", "\u9fff",  # the basic block (GB2312/Big5 end before 9FA5)
    "\uf900", "\ufa6d", "\ufad9",  # compatibility ideographs
    "\U00020000", "\U0002a6df",  # extension B
    "\U0002b740", "\U0002ceaf", "\U0002ebe0",  # D, E, F (𬌗, 𬍛: names of the 通用规范汉字表)
    "\U0002f800", "\U0002fa1d",  # compatibility supplement
    "\U00030000", "\U0003134a", "\U000323af",  # G, H
]
NOT_HAN = [
    "。", "、", "，", "「", "」", "〔", "〕", "《", "》", "·", "—", "\u3000",  # CJK punctuation, the ideographic space
    "\u3005", "\u3006",  # 々 〆: marks, not ideographs
    "\u4dc0", "\u4dff",  # Yijing hexagram symbols (between extension A and the basic block)
    "\u2e80", "\u2f00",  # radicals
    "\ua000", "\ufb00",  # just past the basic block (Yi) and the compatibility ideographs
    "\U0001ffff", "\U000323b0",
    "あ", "ア", "한", "Ａ", "１", "a", "1", " ",
]


@pytest.mark.parametrize("ch", HAN_EDGES, ids=lambda c: f"U+{ord(c):04X}")
def test_han_edges(ch):
    assert is_han(ch) and han_char().fullmatch(ch)


@pytest.mark.parametrize("ch", NOT_HAN, ids=lambda c: f"U+{ord(c):04X}")
def test_not_han(ch):
    assert not is_han(ch) and not han_char().search(ch)


def test_is_han_is_of_one_character():
    assert not is_han("") and not is_han("中国")


def test_every_cjk_ideograph_unicode_names_is_han():
    for cp in [*range(0x3000, 0xA000), *range(0xF900, 0xFB00), *range(0x20000, 0x323B0)]:
        ch = chr(cp)
        name = unicodedata.name(ch, "")
        ideograph = name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")) or ch == "\u3007"
        assert is_han(ch) == ideograph or (not name and is_han(ch)), f"U+{cp:04X} {name}"


def test_the_basic_block_is_a_narrower_set():
    assert basic_char().fullmatch("一") and basic_char().fullmatch("\u9fff")
    for ch in ("\u3007", "\u3400", "\uf900", "\U00020000"):  # Han, not of the basic block
        assert is_han(ch) and not basic_char().match(ch)
