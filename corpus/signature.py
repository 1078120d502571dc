"""The signature at the foot of a letter, a notice or a greeting (落款): the signer's
offices and name on short lines, then the date (2023年3月23日 / 二〇二三年五月十二日,
perhaps with a place: 2023年1月 北京). It dates and signs the text, so it is
metadata, not body: a reader looks there for who wrote it and when."""

from __future__ import annotations

import re

from .dates import find_date
from .metadata import SENTENCE, speaker_of, vocab
from .sentences import heading_level

MAX_LINES = 6  # signer lines above the date
_SHORT = 30
# a signer's line: an office (……会长, 市长 张三) or a body that signs (……市委, ……人民政府, ……办公厅:
# metadata.toml's organisation_endings)


def _body(f: str) -> bool:
    return bool(vocab().organisation.search(f.replace(" ", "")))


def _signer(f: str) -> bool:
    return bool(vocab().office.search(f) or _body(f))


def _date_line(f: str) -> str | None:
    found = find_date(f)
    if not found or found[1] > 1 or len(found[0]) < 7 or len(f) > 24 or SENTENCE.search(f):
        return None
    rest = (f[: found[1]] + f[found[2]:]).strip(" ，,　")
    return found[0] if len(rest) <= 8 and not re.search(r"[，,：:]", rest) else None


def read_signature(body: list[str], fbody: list[str]) -> tuple[int, str | None, str | None]:
    """(lines the signature takes at the end of the body, its date, the signer's name as
    written, or the signing bodies when no one signs by name); (0, None, None) when the body (its lines as written and folded) does not end
    with one. The body keeps at least one line."""
    if len(fbody) < 2:
        return 0, None, None
    date = _date_line(fbody[-1])
    if date is None:
        return 0, None, None
    # Upward from the date: perhaps a name, then the signer's offices or bodies. A closing
    # line (谢谢大家, 此致 / 敬礼, 祝大家新春快乐) is the text's: the walk stops there, and
    # a name with no office or body above it is not taken for a signature (it may be one).
    n, name, signed, bodies = 1, None, 0, []
    while n < min(MAX_LINES + 1, len(fbody) - 1):
        f = fbody[-1 - n]
        if len(f) > _SHORT or SENTENCE.search(f) or re.search(r"[，,：:、]$|[，,]", f) or heading_level(f):
            break  # (an outline heading is the text's, never its signature)
        office = _signer(f)
        found = None if name else speaker_of(f)
        if not office and (signed or n > 1 or not found):
            break
        if found:
            raw, at = body[-1 - n].replace(" ", ""), f.replace(" ", "").find(found)
            name = raw[at: at + len(found)] if at >= 0 and len(raw) == len(f.replace(" ", "")) else found
        signed += office
        if office and not found and _body(f):
            bodies.insert(0, body[-1 - n].strip())
        n += 1
    if not signed:
        return 1, date, None
    # signed by bodies only (中共某某县委 / 某某县人民政府): they are who speaks, kept there
    return n, date, name or "、".join(bodies) or None
