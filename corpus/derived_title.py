"""The title of a speech that has no title line: 在[place]上的讲话 when its opening
sentence names the occasion with every slot filled (今天市总工会召开全市劳动模范表彰大会 →
在市总工会全市劳动模范表彰大会上的讲话), else the opening clause, clipped."""

from __future__ import annotations

import re
from functools import lru_cache

from .han import BASIC, basic_char
from .metadata import is_salutation, vocab


_OPENING_OCCASION = re.compile(
    r"([^，。；：,;:！？]{0,24}?)(?:召开|举行|参加|出席|举办|开展)(?:了)?(?:这次|本次|今天的|今年的|此次)?"
    r"([^，。；：,;:！？]{0,30}(?:会议|会|活动|研讨班|培训班|仪式|典礼|论坛|党课|党日))"
)
_DROP_LEAD = re.compile(r"^(?:今天|今年|这是|我们|我|咱们|大家|在这里|很高兴|非常高兴|这次|本次|第一次|首先|以[^，。]{0,10}身份)+")
# who holds the meeting: an organisation's name (县委, 市政府办公室, metadata.toml's
# organisation_endings) or a place (全县), nothing else
_PLACE_END = ("省", "市", "县", "区", "州", "镇", "乡", "街道", "办")


@lru_cache(maxsize=2)
def _who_rx(organisation: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(rf"[{BASIC}]{{1,10}}(?:" + organisation.pattern.removesuffix("$") + "|" + "|".join(_PLACE_END) + ")")


_LATER = re.compile(r"下个?月|明年|将要|即将|将于|将在|准备|计划")
_BAD_SLOT = re.compile(r"^(?:的|了|是|在|和|与|及|这|那|一次|个)|[我你他她也向未将把被在]|同志们|下个|隆重")


def derive_title(opening: str, fopening: str | None = None) -> str:
    """The title for a speech with no title: 在[place]上的讲话 when the opening
    names its occasion with every slot filled, else the opening clause, clipped.
    `fopening` is the folded (simplified) opening the rules read."""
    from .sentences import ends_sentence, heading_level, split_sentences

    f = fopening if fopening is not None else opening
    if "\n" in f and len(f) == len(opening):  # the opening's lines: an outline heading over them (一、会议时间) is no part of it
        lines, flines = opening.split("\n"), f.split("\n")
        while len(flines) > 1 and heading_level(flines[0]) and not ends_sentence(flines[0]):
            lines, flines = lines[1:], flines[1:]
        opening, f = "".join(lines), "".join(flines)
    spans = split_sentences(f) or [(0, len(f))]
    k = 0
    while k + 1 < len(spans) and is_salutation(f[spans[k][0]: spans[k][1]].strip()):
        k += 1  # 大家好！ is a greeting, not the opening
    for a, b in spans[k: k + 1]:  # only the opening sentence names this speech's occasion
        m = _OPENING_OCCASION.search(f[a:b])
        if not m or _LATER.search(m.group(1)):
            continue  # 下个月将召开……: not the occasion of this speech
        who = _DROP_LEAD.sub("", m.group(1)).strip()
        who = re.sub(r"^(?:第一次|一起|共同|专门|专题)+", "", who)
        what = re.sub(r"^(?:一个|一次|这个|个|隆重|专门|今天)+", "", m.group(2).strip())
        if not _who_rx(vocab().organisation).fullmatch(who):
            who = ""
        place = who + what
        if len(place) >= 4 and not _BAD_SLOT.search(place) and basic_char().match(place):
            # the slot is filled from the text as written (same offsets)
            s = a + m.start(1) + (m.group(1).find(who) if who else 0)
            raw = opening[s: s + len(who)] if who else ""
            wstart = a + m.start(2) + m.group(2).find(what)
            return f"在{raw}{opening[wstart: wstart + len(what)]}上的讲话"
    a, b = spans[k]
    # never a salutation: skip 尊敬的……，各位……， clauses that open the text
    while True:
        m = re.match(r"[^，,。；;：:！!？?]{1,40}[，,：:！!]", f[a:b])
        if not (m and vocab().salutation.match(f[a:b]) and a + m.end() < b):
            break
        a += m.end()
    byline = re.match(rf"[(（][{BASIC}·]{{2,4}}[)）]\s*", f[a:b])  # a report's byline opening it: (薛密质)4月20日,……
    if byline and a + byline.end() < b:
        a += byline.end()
    text, ftext = opening[a:b], f[a:b]
    if len(ftext) > 30:
        m = re.match(r"^[^，,]{0,6}[，,]", ftext)
        if m:
            text = text[m.end():]
    text = text.rstrip("。！？；!?;")
    return (text[:28] + "…") if len(text) > 28 else (text or "无题讲话")
