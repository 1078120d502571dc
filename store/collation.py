"""The order of titles: by pinyin, numbers by their value (第31号 before 第121号).

`title_key(title)` is a sort key. Han characters sort by their reading (pypinyin's
dictionaries: the reading of the longest phrase that starts at the character, else
the character's first reading — 重庆 chóng, 银行 háng), with the tone as the next
criterion (mā má mǎ mà ma) and the character last; Latin letters sort among the
pinyin (case-folded), runs of digits (any script's) by value before letters;
punctuation and spaces are ignored. Traditional characters have readings too.

pypinyin is imported on the first call (~0.3 s of CPU): the browser calls this when
the list is first sorted by title, never at start-up. pypinyin's own `lazy_pinyin`
gives the same readings but costs ~0.3 ms a title (3 s for 10 000); this walks
the same dictionaries directly (~20 µs a title).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jianghua.corpus.han import HAN

_HAN = re.compile(f"[{HAN}]+")
_OTHER = re.compile(r"(\d+)|([^\W\d_]+)")  # digit runs, letter runs (the rest is ignored)
_TONES = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_MAX_PHRASE = 6  # longer phrases add almost nothing to a title's order

_dicts: tuple[dict, dict] | None = None


def _load() -> tuple[dict, dict]:
    global _dicts
    if _dicts is None:
        from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

        _dicts = (PINYIN_DICT, PHRASES_DICT)
    return _dicts


@lru_cache(maxsize=4096)
def _syllable(marked: str) -> tuple[str, str]:
    """'zhǒng' -> ('zhong', '3'); 'lǜ' -> ('lv', '4'); 'ma' -> ('ma', '5')."""
    tone = "5"
    out = []
    for ch in unicodedata.normalize("NFD", marked):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch == "\u0308":  # ü
            out[-1:] = ["v"]
        elif not unicodedata.combining(ch):
            out.append(ch)
    return "".join(out), tone


def readings(han: str) -> list[str]:
    """The readings (tone-marked pinyin) of a run of Han characters, one per character."""
    single, phrases = _load()
    out: list[str] = []
    i = 0
    while i < len(han):
        for n in range(min(_MAX_PHRASE, len(han) - i), 1, -1):
            phrase = phrases.get(han[i : i + n])
            if phrase is not None and len(phrase) == n:
                out += [p[0] for p in phrase]
                i += n
                break
        else:
            found = single.get(ord(han[i]))
            out.append(found.split(",", 1)[0] if found else han[i])
            i += 1
    return out


def title_key(title: str) -> tuple:
    """A sort key for a title (see the module's doc)."""
    letters: list = []  # what compares first: pinyin / words and numbers
    tones: list[str] = []  # then the tones
    chars: list[str] = []  # then the characters themselves
    pos = 0
    for m in _HAN.finditer(title):
        _other(title[pos : m.start()], letters, chars)
        for ch, reading in zip(m.group(), readings(m.group())):
            base, tone = _syllable(reading)
            letters.append((1, base))
            tones.append(tone)
            chars.append(ch)
        pos = m.end()
    _other(title[pos:], letters, chars)
    return (tuple(letters), tuple(tones), tuple(chars))


def _other(text: str, letters: list, chars: list[str]) -> None:
    for m in _OTHER.finditer(text):
        if m.group(1):
            letters.append((0, int(m.group(1)), ""))  # (int() reads every script's digits)
        else:
            letters.append((1, m.group(2).casefold()))
        chars.append(m.group())
