"""Where a saved page's headline is, and what around it is the page's.

A web page or a document site's copy opens with its own lines (labels, slogans,
breadcrumbs, search boxes, badges) before the headline, puts a date/source line next
to it, may repeat it, may add a second headline (a deck) or a tag (（精选文档）), and a
title may be wrapped over two lines. These rules find the title among them for
`head.read_head`; like every head rule they read the folded (simplified) lines.
"""

from __future__ import annotations

import re

from .han import BASIC, basic_char
from .metadata import (
    DASH,
    MAX_TITLE,
    SENTENCE,
    TITLE_WORDS,
    URL,
    Head,
    dating_line,
    header_date,
    intro_line,
    meta_line,
    is_salutation,
    salutation_prefix,
    speaker_of,
    strip_markup,
    vocab,
)

CRUMB = (">", "＞", "»", "›", "|")
LONG_TITLE = MAX_TITLE + 40  # a news headline right above its date line may run this long


def skip_furniture(f: str, prev: str | None, nxt: str | None) -> bool:
    v = vocab()
    if URL.match(f) or v.page_line.search(f):
        return True
    if v.furniture.search(f) and not TITLE_WORDS.search(f):
        return True
    # breadcrumbs: 首页 > 要闻 > …, one item a line
    return len(f) <= 16 and (nxt in CRUMB or prev in CRUMB)


def title_like(f: str, longest: int = MAX_TITLE) -> bool:
    """A line that could be a headline: short, no sentence in it, not a greeting,
    an outline heading or a dateline."""
    from .sentences import heading_level

    return (2 <= len(f) <= longest and not SENTENCE.search(f) and not is_salutation(f)
            and not heading_level(f) and not vocab().dateline.match(f) and not f.endswith((":", "：")))


def good_title(f: str) -> bool:
    """A line that reads as a title on its own: not a page's short label (活动专题, 手机版)."""
    return title_like(f) and (len(f) >= 8 or bool(TITLE_WORDS.search(f)))


def header_line(f: str, nxt: str | None) -> bool:
    """A line that stands next to a headline: a date or source line, or an editor's intro
    (以下为……的致辞全文：)."""
    v = vocab()
    return bool(header_date(f, nxt)[1] or v.source_key.match(f) or v.date_key.match(f) or intro_line(f) or meta_line(f))


def subordinate(f: str) -> bool:
    """A head line that stands under a title: a subtitle, a dating line, a speaker line."""
    return bool(DASH.match(f) or dating_line(f) or speaker_of(f) or vocab().head_note.search(f))


def anchor(flines: list[str]) -> tuple[int, int | None]:
    """(first head line, index of a headline longer than a title may be, or None).

    A saved web page may open with its labels and slogans (活动专题, 香港日报, 德育素材网
    提供各类范文写作素材!) before its headline. The headline is the line right above the
    page's date/source line (on some pages right below it), a speech's title the title
    line right above its salutation: what stands above them is the page's. Used only
    when the first line that is not furniture does not read as a title."""
    n = min(len(flines), 16)
    skip = lambda j: skip_furniture(flines[j], flines[j - 1] if j else None, flines[j + 1] if j + 1 < len(flines) else None)  # noqa: E731
    first = next((j for j in range(n) if not skip(j)), None)
    if first is None or vocab().dateline.match(flines[first]):
        return 0, None
    # a first line that reads as a title is the title unless it is one of a page's short labels
    # and navigation lines over a headline and its date line (网站首页 新闻 国内… / 焦作日报 手机报 …)
    strict = good_title(flines[first])
    if strict and (TITLE_WORDS.search(flines[first]) or len(flines[first]) > 24):
        return 0, None  # a speech's title (……的讲话) or a headline: no label
    if strict and header_line(flines[first], flines[first + 1] if first + 1 < len(flines) else None):
        return 0, None  # a date line over the headline (2023年03月29日 / 全市推进大会举行)
    for k in range(first + 1, n):
        f, nxt = flines[k], flines[k + 1] if k + 1 < len(flines) else None
        header = header_line(f, nxt)
        if not header and not (is_salutation(f) or salutation_prefix(f)):
            continue
        j = k - 1
        while j >= first and (skip(j) or subordinate(flines[j]) or (header and header_line(flines[j], flines[j + 1]))):
            j -= 1
        above = [flines[a] for a in range(first, max(j, first)) if not skip(a) and not foreign(flines[a])]
        if any(len(a) > (24 if strict else 40) or TITLE_WORDS.search(a) or strict and (SENTENCE.search(a) or a.endswith((":", "："))) for a in above) \
                or strict and (j <= first or len(above) < 2):
            return 0, None  # the lines above are more than a page's labels
        if j >= first and (good_title(flines[j]) if not header else
                           title_like(flines[j], LONG_TITLE) and (len(flines[j]) >= 8 or TITLE_WORDS.search(flines[j]))):
            return j, j
        if header and nxt is not None and good_title(nxt) and not strict:
            return k, None  # 114年01月13日 / 总统接见……: the date above the headline
        return 0, None
    return 0, None


def joined_below(flines: list[str], i: int) -> bool:
    """Whether line `i` is the lines right under it run together (a forum's thread title or a
    page's <title> over the headline and its decks: 神州共庆…… 首都各界…… 江泽民发表重要讲话……
    over the same four lines): the page's, the headline is below."""
    f = re.sub(r"\s+", "", flines[i])
    if len(f) < 16:
        return False
    acc = ""
    for k in range(i + 1, min(len(flines), i + 8)):
        acc += re.sub(r"\s+", "", flines[k])
        if acc == f:
            return k > i + 2  # (two lines are a headline wrapped: the thread's title is it whole)
        if not f.startswith(acc):
            return False
    return False


_KANA = re.compile(r"[\u3040-\u30ff]")


def foreign(f: str) -> bool:
    """A line of a Chinese page in another language (Your browser does not appear to support
    Traditional Chinese…, こちらのページは繁体字版です…): the page's, never its headline's text."""
    return not basic_char().search(f) and bool(re.search(r"[A-Za-z]{2,}", f)) or bool(_KANA.search(f))


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", strip_markup(s))


def repeats_title(f: str, ftitle: str) -> bool:
    """Whether line `f` (folded) is the title again (portal pages and markdown exports show
    it twice), or the title line's own part (专题党课:…(精选文档) → 专题党课:…): the one test."""
    from .metadata import is_title_line

    g, t = _squeeze(f), _squeeze(ftitle)
    if not g or not t:
        return False
    f = strip_markup(f)
    # a collection's item under its title (政协大会闭幕词 / 政协大会闭幕词1, ……汇编4篇 / 第1篇: ……讲稿)
    item = _ITEM_NUMBER.sub("", g)
    return g == t or (is_title_line(f) and len(f) >= 4 and g in t) or (item != g and len(item) >= 4 and item in t) \
        or (len(t) >= 4 and g.startswith(t) and bool(_TAG_AFTER.fullmatch(g, len(t))))


# the title again with a short tag in brackets after it (……上的讲话(摘登), 专题党课讲稿：……(共4篇))
_TAG_AFTER = re.compile(r"[（(【\[][^（()）【】\[\]]{1,8}[）)】\]]")


_ITEM_NUMBER = re.compile(r"^第[\d一二三四五六七八九十]{1,3}篇[:：]?|(?<=[^\d])篇?[\d一二三四五六七八九十]{1,2}$")
NOTE_LABEL = 30  # a head note this short, with no sentence in it, is a label (〔《毛选》删节本〕…)


def _label(f: str) -> bool:
    """A short line with no sentence in it, not an outline heading or a greeting: a page's
    label or badge (VIP专免, 21.78KB, 〔《毛选》删节本〕…)."""
    from .sentences import heading_level

    return len(f) <= NOTE_LABEL and not SENTENCE.search(f) and not heading_level(f) and not is_salutation(f)


def page_note(f: str, after: list[str]) -> bool:
    """Whether a head note (导语：…, 录入者注：…, 〔…〕) is the page's rather than text: a
    short label, a site's words about the page (…不代表本站观点…), or a teaser (「导读」…)
    repeating what the lines `after` it say. A long 导语 or a transcriber's note is text."""
    v = vocab()
    if v.page_notice.search(f) or _label(f):
        return True
    m = v.head_note.search(f)
    said = _squeeze(f[m.end():] if m else f)[:16]
    return len(said) >= 8 and said in _squeeze("".join(after))


def repeat_at(flines: list[str], i: int, ftitle: str) -> int | None:
    """The index of the title repeated within the next few lines when only the page's
    lines stand between (a document site puts its notices between a title and its
    repeat: 下载文档前请自行甄别…), or None: a line of text between keeps its place."""
    v = vocab()
    for k in range(i, min(len(flines), i + 10)):
        if k > i and repeats_title(flines[k], ftitle):
            return k
        f = re.sub(r"^[-*•·]\s*", "", flines[k])  # (a notice list's bullet)
        if f and not (skip_furniture(f, None, None) or v.page_notice.search(f) or _label(f)):
            return None
    return None


def is_deck(h: Head, f: str, nxt: str | None, page: bool, ftitle: str) -> bool:
    """A news page's second headline (副题) under its headline, above the story (`page`:
    the head is a saved page's, not a markdown export's front matter). Under a title that
    names its kind of text (……上的讲话) a short line is the speech's own first line."""
    return page and h.subtitle is None and nxt is not None and not TITLE_WORDS.search(ftitle) \
        and title_like(f, 40) and not TITLE_WORDS.search(f) and (
            len(nxt) > 60 or bool(SENTENCE.search(nxt)) or header_line(nxt, None)
            or title_like(nxt, 40) and not TITLE_WORDS.search(nxt))  # (decks run on: 统一思想…… / 孙立成讲话 孙述涛主持)


OPEN_END = re.compile(r"(?:的|之|和|与|及|暨|、|，|,|关于|在|对|为|把)$")
OPEN_START = re.compile(r"^(?:的|之|上的|和|与|暨)")


def continues(ftitle: str, f: str | None, after: str | None) -> bool:
    """Whether line `f` is the rest of a title wrapped over two lines: the title stops
    mid-phrase (……会议上的 / 讲话), the line is the bare kind of text (调研报告), or a
    two-part title stands over a ——subtitle (坚定信心 真抓实干 / 奋力开创……新局面 / ——在……上的讲话)."""
    if not f or not title_like(f) or subordinate(f) or header_line(f, after) or skip_furniture(f, None, None):
        return False
    if len(ftitle) + len(f) > MAX_TITLE + 20:
        return False
    if OPEN_END.search(ftitle) or OPEN_START.match(f):
        return True
    if TITLE_WORDS.search(ftitle):
        return False
    if len(f) <= 8 and TITLE_WORDS.search(f):
        return True
    return not TITLE_WORDS.search(f) and after is not None and bool(DASH.match(after)) and len(after) > 4


def _pipes_at_end(f: str) -> int | None:
    """Where the run of pipes and spaces ending `f` starts, when it holds a pipe (a scan from the end: the
    pattern [\\s|]*[|][\\s|]*$ took cubic time on a junk line of pipes)."""
    k = len(f)
    while k and (f[k - 1] in "|｜" or f[k - 1].isspace()):
        k -= 1
    return k if "|" in f[k:] or "｜" in f[k:] else None


def undecorated(title: str, ftitle: str) -> str:
    """A title without a document site's tag: ……（精选文档） → ……, nor a table's pipes after it
    (最高人民检察院工作报告(全文) | ||||| → 最高人民检察院工作报告)."""
    cut = _pipes_at_end(ftitle)
    if cut is not None and cut >= 4 and len(title) == len(ftitle):
        title, ftitle = title[:cut], ftitle[:cut]
    lead = _LEAD_TAG.match(ftitle)  # (两会受权发布)最高人民检察院工作报告: a news agency's release tag
    if lead and len(ftitle) - lead.end() >= 4 and len(title) == len(ftitle):
        title, ftitle = title[lead.end():], ftitle[lead.end():]
    m = vocab().title_decoration.search(ftitle)
    return title[: m.start()].rstrip() if m and m.start() >= 4 and len(title) == len(ftitle) else title


# (两会受权发布)…, and a site's column in square brackets before its headline ([政治]在……的讲话, 【要闻】……)
_LEAD_TAG = re.compile(rf"^[（(【]\s*(?:两会)?(?:受权|授权)(?:发布|播发)\s*[）)】]\s*|^[\[【]\s*[{BASIC}]{{1,4}}\s*[\]】]\s*")


def heads_below(h: Head, flines: list[str], i: int, ftitle: str, immediate: bool = False) -> bool:
    """Whether line `i`, not the line taken for the title, is the headline: a ——subtitle
    naming the kind of text (——在……上的讲话) or an editor's intro (以下为……的致辞全文：)
    stands right under it (page furniture between), and nothing but page lines (a date, a
    repeat) was read under the line taken for the title, which names no kind of text.
    `immediate`: line `i` is right under that line; then a date or source line under `i`
    also makes it the headline (天津快乐10分开奖结果 / 周恩来：…… / 发布时间：2019-04-01)."""
    if h.subtitle or h.speaker or h.speech_date or TITLE_WORDS.search(ftitle) or h.notes:
        return False
    f = strip_markup(flines[i])
    if repeats_title(f, ftitle) or not title_like(undecorated(f, f), LONG_TITLE):
        return False
    k = next((k for k in range(i + 1, min(len(flines), i + 4)) if not skip_furniture(flines[k], None, None)), None)
    if k is None:
        return False
    below = flines[k]
    nxt = flines[k + 1] if k + 1 < len(flines) else None
    # …or the page's date or source line (a site's or a spam page's label above the headline)
    return bool(intro_line(below) or DASH.match(below) and TITLE_WORDS.search(DASH.sub("", below).strip())
                or immediate and good_title(f) and not speaker_of(f) and header_line(below, nxt))
