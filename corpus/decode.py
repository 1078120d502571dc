"""Bytes → text: encoding detection for the files people actually keep.

Order of trust: a BOM, then strict UTF-8 (a UTF-8 file is never taken for GBK),
then GB18030 (a superset of GBK/GB2312) against Big5, chosen by which decoding
gives common characters. Binary files (NUL bytes, known magic numbers, many
control characters) are refused with a reason.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass

from jianghua.i18n import N_, later

from .han import BASIC, basic_char
from .patterns import lazy as _lazy  # (reading a UTF-8 file, most of them, needs none of this module's: ~12 ms to compile)

_MAGIC = {  # translated where the reason is made
    b"\x89PNG": N_("a PNG image"),
    b"GIF8": N_("a GIF image"),
    b"\xff\xd8\xff": N_("a JPEG image"),
    b"%PDF": N_("a PDF document"),
    b"PK\x03\x04": N_("a ZIP archive (e.g. .docx)"),
    b"\xd0\xcf\x11\xe0": N_("an old Office document (.doc)"),
    b"\x7fELF": N_("an executable"),
    b"\x1f\x8b": N_("a gzip archive"),
    b"Rar!": N_("a RAR archive"),
    b"7z\xbc\xaf": N_("a 7-Zip archive"),
    b"{\\rtf": N_("an RTF document"),
}


class Undecodable(ValueError):
    """The file is not text we can read; the message is the one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # characters that could not be decoded and became U+FFFD


_SAMPLE_CJK = 4000


def _first_cjk(text: str) -> list[str]:
    """The first _SAMPLE_CJK CJK characters of the text."""
    end = 3 * _SAMPLE_CJK
    while True:
        found = basic_char().findall(text, 0, end)
        if len(found) >= _SAMPLE_CJK or end >= len(text):
            return found[:_SAMPLE_CJK]
        end *= 4


@lru_cache(maxsize=65536)
def _is_common(ch: str, codec: str, lead_lo: int, lead_hi: int) -> bool:
    try:
        b = ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and lead_lo <= b[0] <= lead_hi


def _common_ratio(text: str, codec: str, lead_lo: int, lead_hi: int) -> float:
    """Share of CJK characters whose encoding in `codec` has a lead byte in the
    range of that standard's frequently used characters (over the first 4 000)."""
    counts = Counter(_first_cjk(text))
    total = sum(counts.values())
    common = sum(n for ch, n in counts.items() if _is_common(ch, codec, lead_lo, lead_hi))
    return common / total if total else 0.0


def _looks_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return later("binary file ({what})", what=later(what))
    head = data[:65536]
    if b"\x00" in head:
        return later("binary file (contains NUL bytes)")
    return None


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f\x1b") or ch == "\ufffd")
    return bad / len(sample)


# Characters a speech is made of: ASCII, Latin-1 and pinyin letters, punctuation and
# symbols (①, ■, √ …), CJK (radicals, punctuation, kana, ideographs, Hangul,
# compatibility ideographs, full-width forms, the supplementary ideograph planes).
_PLAUSIBLE = _lazy(
    "[\t\n\r\f -~\u00a0-\u024f\u2000-\u2bff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffef"
    "\U00020000-\U0003134f]"
)
# Characters that no speech is written in, but that any run of bytes decoded as UTF-16
# is full of: private-use and unassigned code points, lone surrogates (and the U+FFFD
# they decode to), noncharacters (U+FDD0–U+FDEF, U+xFFFE/F), the Arabic presentation
# forms (U+FB50–U+FDFF, U+FE70–U+FEFE) and half-width katakana and Hangul (U+FF61–U+FFDC).
_STRANGE_RANGES = _lazy("[\ud800-\uf8ff\ufb50-\ufdff\ufe70-\ufefe\uff61-\uffdc\ufff0-\uffff\U000f0000-\U0010ffff]")


def _strange(ch: str) -> bool:
    return bool(_STRANGE_RANGES().match(ch)) or unicodedata.category(ch) in ("Cn", "Co", "Cs")


@lru_cache(maxsize=65536)
def _han_in_use(ch: str) -> bool:
    """A character of the everyday sets: GB2312 (simplified) or Big5 level 1 (traditional)."""
    return _is_common(ch, "gb2312", 0xB0, 0xF7) or _is_common(ch, "big5", 0xA4, 0xC6)


def _not_text(text: str) -> bool:
    """The one rule for "is this really text": a speech is mostly Chinese, Latin and
    punctuation, has (next to) no private-use, unassigned or noncharacter code points,
    and its Chinese characters are mostly everyday ones. Bytes that merely decode
    (junk behind a UTF-16 byte-order mark, binary data taken for UTF-16, GBK or Big5)
    fail it: in them every code point is about as likely as any other."""
    sample = text[:65536]
    if not sample:
        return False
    if _control_share(sample) > 0.05 or len(_PLAUSIBLE().findall(sample)) < 0.5 * len(sample):
        return True
    strange = sum(1 for ch in sample if ord(ch) > 0x7F and _strange(ch))
    if strange > max(2, len(sample) // 100):
        return True
    han = basic_char().findall(sample)
    return len(han) >= 20 and sum(1 for ch in han if _han_in_use(ch)) < 0.6 * len(han)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a speech file. Raises Undecodable with a one-line reason."""
    if not data:
        return Decoded("", "empty")
    # BOMs first: they are unambiguous, and UTF-16 text is full of NUL bytes.
    for bom, codec, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32LE"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32BE"),
        (codecs.BOM_UTF8, "utf-8", "UTF-8 (BOM)"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"),
    ):
        if data.startswith(bom):
            body = data[len(bom):]
            text = body.decode(codec, errors="replace")
            replaced = text.count("\ufffd")
            if _not_text(text):
                raise Undecodable(later("binary file behind a {name} byte-order mark", name=name))
            return Decoded(text, name, replaced)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    reason = _looks_binary(data)
    if reason:
        raise Undecodable(reason)
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    other = _japanese_or_korean(data)
    if other:  # (GB18030 decodes them too, into Chinese characters that mean nothing)
        raise Undecodable(other)
    best = _mixed_lines(data) or _legacy(data)
    if best is not None:
        if _control_share(best.text) > 0.05:
            raise Undecodable(later("binary file (mostly control characters)"))
        if _not_text(best.text):
            raise Undecodable(later("not text in UTF-8, UTF-16, GB18030/GBK or Big5"))
        return best
    # Mostly-good files with a few broken bytes: keep the text, mark the damage.
    for codec, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
        text = data.decode(codec, errors="replace")
        replaced = text.count("\ufffd")
        if replaced <= max(2, len(text) // 200):
            if _not_text(text):
                break
            return Decoded(text, f"{name} (damaged)", replaced)
    raise Undecodable(later("not text in UTF-8, UTF-16, GB18030/GBK or Big5"))


_KANA = _lazy("[\u3041-\u30ff]")  # hiragana and katakana (not the half-width forms)
_HANGUL = _lazy("[\uac00-\ud7af]")
# Korean's particles and endings, a fifth of the syllables of any Korean text; GBK bytes
# decoded as EUC-KR give Hangul too (GB2312 rows B0–C8 are its syllables), but any of them.
_KOREAN_COMMON = frozenset("이다의는에하고을가한지로를은도서")
_OTHER_LANGUAGES = (  # codec, what the reason calls it, the script only that language is written in
    ("euc_jp", "EUC-JP", N_("Japanese"), _KANA),
    ("shift_jis", "Shift-JIS", N_("Japanese"), _KANA),
    ("cp949", "EUC-KR", N_("Korean"), _HANGUL),
)


def _japanese_or_korean(data: bytes):
    """The reason to refuse a Japanese or Korean file in its own legacy encoding (EUC-JP,
    Shift-JIS, EUC-KR/UHC), or None. GB18030 decodes most of them without an error, into
    Chinese characters that mean nothing (日本国憲法 → 泣塑柜符恕): a file that decodes
    cleanly in one of them to text of which at least a quarter of the letters are kana or
    Hangul (no Chinese speech has them; its GBK bytes do not decode so) is that language;
    Korean also by its particles (GBK bytes decode to Hangul, but not to Korean)."""
    for codec, name, language, letters in _OTHER_LANGUAGES:
        try:
            text = data.decode(codec)[:65536]
        except UnicodeDecodeError:
            continue
        own = letters().findall(text)
        if len(own) >= 20 and len(own) * 4 >= len(own) + len(basic_char().findall(text)) and (
                letters is _KANA or sum(1 for ch in own if ch in _KOREAN_COMMON) * 5 >= len(own)):
            return later("{language} text ({encoding}), not Chinese: not read", language=later(language), encoding=name)
    return None


def _legacy(data: bytes) -> Decoded | None:
    """GB18030 (GBK, GB2312) or Big5, whichever gives the more common characters;
    None when neither decodes."""
    candidates: list[tuple[float, Decoded]] = []
    try:
        text = data.decode("gb18030")
        candidates.append((_common_ratio(text, "gb2312", 0xB0, 0xF7), Decoded(text, "GB18030")))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("big5hkscs")
        candidates.append((_common_ratio(text, "big5", 0xA4, 0xF9), Decoded(text, "Big5")))
    except UnicodeDecodeError:
        pass
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[0])[1]


# (with the general punctuation Chinese text is full of: “ ” ‘ ’ — … ·; a short line of quoted
# phrases, 要增强“四个意识”、坚定“四个自信”, is a quarter quotation marks)
_CHINESE = _lazy(f"[\u00b7\u2010-\u2027\u3000-\u303f{BASIC}\uff00-\uffef]")


def _chinese_utf8(line: bytes) -> bool:
    """The line is UTF-8 Chinese (not GBK bytes that happen to be valid UTF-8: those
    decode to Latin, Greek, Cyrillic … letters)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    return wide >= 2 and len(_CHINESE().findall(text)) >= 0.9 * wide


def _mixed_lines(data: bytes) -> Decoded | None:
    """A file pasted together from UTF-8 and GBK (or Big5) pieces: each line in the
    encoding it is written in, instead of the whole file refused or half of it garbled.
    None when no line is UTF-8 Chinese (the usual GBK or Big5 file)."""
    lines = data.splitlines(keepends=True)  # (\r and \n never occur inside a GBK or Big5 character)
    utf8 = [_chinese_utf8(line) for line in lines]
    if not any(utf8):
        return None
    legacy = _legacy(b"".join(line for line, u in zip(lines, utf8) if not u))
    if legacy is None:
        return None
    codec = "gb18030" if legacy.encoding == "GB18030" else "big5hkscs"
    text = "".join(line.decode("utf-8") if u else line.decode(codec, errors="replace") for line, u in zip(lines, utf8))
    return Decoded(text, f"UTF-8 + {legacy.encoding}", text.count("\ufffd"))


_COMMON_TEXT = _lazy(f"[\t\n\r -~\u3000-\u303f{BASIC}\uff00-\uffef]")


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 saved without a byte-order mark (some editors' and exports' "Unicode"):
    its NUL bytes are the high bytes of line ends and digits. The byte order whose
    decoding is Chinese text with its punctuation wins; None for anything else."""
    head = data[:65536]
    if len(data) % 2 or b"\x00" not in head:
        return None
    for codec, name in (("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")):
        try:
            sample = head.decode(codec)
        except UnicodeDecodeError:  # (a lone surrogate: not this byte order)
            continue
        if len(_COMMON_TEXT().findall(sample)) < 0.9 * len(sample) or sum(sample.count(p) for p in "，。") < len(sample) / 100:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return None
        if _not_text(text):
            raise Undecodable(later("binary file that looks like {name} text", name=name))
        return Decoded(text, name, text.count("\ufffd"))  # (as with a BOM: a U+FFFD is a character lost before)
    return None
