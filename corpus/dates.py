"""Dates as speeches write them: 2020年1月8日, 二〇二六年一月二十七日, 2022-10-25 21:36,
2026年02月10日 07时41分, 20201112 in a file name, 民国114年1月13日 / 114年01月13日.

`find_date` returns the first date in a string as ISO text, as full as the string
gives it: "YYYY-MM-DD", "YYYY-MM" or "YYYY". Only whole, valid dates count (month
1–12, day 1–31, year 1900–2099); digits inside longer numbers or hashes never do.
"""

from __future__ import annotations

import re

from .han import BASIC

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "О": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_Y = "[〇零○ОＯO一二三四五六七八九]"
CN_N = "[一二三四五六七八九十]{1,3}"  # a month or day in Chinese numerals (十二, 二十六)
_D = r"(?<![0-9０-９A-Za-z])"
_E = r"(?![0-9０-９A-Za-z])"

# 2020年1月8日 / 2020 年 1 月 / 一九二五年十二月一日 / 2020年
_CJK = re.compile(
    rf"{_D}((?:19|20)\d{{2}}|{_CN_Y}{{4}})\s*年\s*(?:(\d{{1,2}}|{CN_N})\s*月(?:\s*(\d{{1,2}}|{CN_N})\s*[日号])?)?"
)
# 2020-01-08, 2020/1/8, 2020.01.08, 2020_01_08, 20200108
_ISO = re.compile(rf"{_D}((?:19|20)\d{{2}})([-/._])(\d{{1,2}})\2(\d{{1,2}}){_E}")
_COMPACT = re.compile(rf"{_D}((?:19|20)\d{{2}})(\d{{2}})(\d{{2}}){_E}")
_YEAR_MONTH = re.compile(rf"{_D}((?:19|20)\d{{2}})[-/.](\d{{1,2}}){_E}")
_BARE_YEAR = re.compile(rf"{_D}((?:19|20)\d{{2}}){_E}")
# 民国114年1月13日 / 114年01月13日 (the Republic of China calendar: year 1 is 1912); a whole
# date only, and without 民国 only a three-digit year not run on from a word (建党100年…)
# (a two-digit one is too often 99年 for 1999)
_ROC = re.compile(rf"{_D}(?:(?:民国|民國)\s*(\d{{1,3}})|(?<![{BASIC}])(1\d{{2}}))\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*[日号]")


def cn_number(s: str) -> int:
    """12 or 十二 → 12."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


_cn_number = cn_number


def _year(s: str) -> int:
    return int(s) if s.isdigit() else int("".join(str(_CN_DIGIT[c]) for c in s))


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text of a date as full as it is known; None for an impossible one."""
    if not 1900 <= year <= 2099:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_date(text: str | None, *, bare_year: bool = False) -> tuple[str, int, int] | None:
    """The first date in `text`: (iso, start, end), or None.

    `bare_year`: also take a lone 4-digit year (a file name's 1956_…, a portal's
    "上海市 2026 2026-02-09"); never used on prose.
    """
    if not text:
        return None
    found: list[tuple[int, int, str]] = []
    cjk = "年" in text  # (a cheap test first: most lines hold no date, and these scan every character)
    for rx in (_ISO, _CJK, _COMPACT, _ROC):
        if rx is _CJK and not cjk or rx is _ROC and not (cjk and "月" in text):
            continue
        for m in rx.finditer(text):
            if rx is _ROC:
                d = iso(1911 + int(m.group(1) or m.group(2)), int(m.group(3)), int(m.group(4)))
            elif rx is _ISO:
                d = iso(int(m.group(1)), int(m.group(3)), int(m.group(4)))
            elif rx is _COMPACT:
                d = iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            else:
                try:
                    y = _year(m.group(1))
                    mo = _cn_number(m.group(2)) if m.group(2) else None
                    dd = _cn_number(m.group(3)) if m.group(3) else None
                except (KeyError, ValueError):
                    continue
                d = iso(y, mo, dd)
            if d:
                found.append((m.start(), m.end(), d))
                break
    if not found:
        for rx in (_YEAR_MONTH, _BARE_YEAR) if bare_year else ():
            m = rx.search(text)
            if m:
                d = iso(int(m.group(1)), int(m.group(2))) if rx is _YEAR_MONTH else iso(int(m.group(1)))
                if d:
                    found.append((m.start(), m.end(), d))
                    break
    if not found:
        return None
    start, end, d = min(found)
    return d, start, end


def fuller(a: str | None, b: str | None) -> str | None:
    """`b` when it says more of the same date as `a` (2020 → 2020-11-12), else `a`."""
    if not a:
        return b
    if b and len(b) > len(a) and b.startswith(a):
        return b
    return a
