"""Clean text → title, metadata, sections, paragraphs and sentences.

Chinese official speeches share a layout: a title line (在……上的讲话), sometimes a
subtitle (——在……上的讲话), a date and a speaker, the salutation 同志们：, then
an outline of 一、 headings, （一） sub-headings and 一要…/一是… points that open
paragraphs. This module recovers that layout with positions the reader can point
at and a copy can cite.
"""

from __future__ import annotations

import re


from dataclasses import dataclass, field, replace


# Occasions, longest first so 专题组织生活会 wins over 组织生活会.
OCCASIONS = sorted(
    """组织生活会 民主生活会 专题民主生活会 专题组织生活会 座谈会 主任会议 工作会议 全体会议 全会
    常委会 常委会议 党组会议 党委会议 理论学习中心组 中心组学习 专题研讨班 研讨班 培训班 开班式 结业式
    党课 专题党课 主题党日 主题党日活动 表彰大会 动员大会 部署会 推进会 调度会 务虚会 述职评议 廉政谈话
    集体谈话 谈心谈话 警示教育大会 警示教育 纪念大会 报告会 交流会 分析会 总结会 誓师大会 见面会 汇报会
    经济工作会议 安全生产会议 政府工作报告 工作报告 代表大会 开幕式 闭幕式 干部大会 三级干部大会 参议会
    追悼大会 追悼会 记者招待会 招待会 团拜会 酒会 成立大会 成立会""".split(),
    key=len,
    reverse=True,
)
_OCCASION = re.compile("|".join(OCCASIONS))
_LEVELS = [
    ("中央", re.compile(r"中央|全国|国务院")),
    ("省", re.compile(r"省委|省政府|全省|省直|省级|省人大|省政协|省纪委|(?:^|在)省|自治区")),  # (自治区: a province's rank)
    ("市", re.compile(r"市委|市政府|全市|市直|市级|市人大|市政协|市纪委|(?:^|在)市|州委|盟委")),
    ("县", re.compile(r"县委|县政府|全县|县直|县级|县人大|县政协|县纪委|(?:^|在)县|旗委")),
    ("区", re.compile(r"(?<![边治])(?:区委|区政府|区直)|全区|(?:^|在)区")),  # (not 自治区政府, 陕甘宁边区政府)
    ("乡镇", re.compile(r"乡党委|镇党委|乡政府|镇政府|全乡|全镇|街道")),
]
# Placeholders for redacted names: **, ***, ×××, XX, a lone X.
from .sentences import CN_NUM, _CLOSE_AFTER, _SENT_END, ends_sentence, heading_level, split_sentences  # noqa: F401 - (re-exported)
from .wrap import unwrap  # noqa: E402
from .clean import PLACEHOLDER  # noqa: E402,F401 - (re-exported: where parsing looks for it)

MAX_TITLE = 60
# the notes, references or appendix after a text (注释 / 参考文献 / 附录): a part of their own
_BACK_MATTER = re.compile(r"^(?:注释|注解|附注|参考文献|附录|后记)[:：]?$")


@dataclass
class ParagraphData:
    text: str
    section: int
    sentences: list[tuple[int, int]]  # (start, end) offsets into text


@dataclass
class SectionData:
    heading: str | None
    level: int
    parent: int | None
    paragraphs: list[int] = field(default_factory=list)


@dataclass
class Parsed:
    title: str
    title_derived: bool
    year: int | None
    occasion: str | None
    level: str | None
    salutation: str | None
    speaker: str | None
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY: as full as the text gives it
    origin: str | None  # who published it: a dateline (新华社北京…电) or 来源
    sections: list[SectionData]
    paragraphs: list[ParagraphData]

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)



# --------------------------------------------------------------------- lines


_FW_BREAK = re.compile(r"(?<=\S)[ \t]*[\u3000]{2,}[ \t\u3000]*")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000\u202f\u205f]+")


def _lines(text: str) -> list[str]:
    """Non-empty logical lines; a long line holding several paragraphs separated
    only by full-width spaces (　　) becomes several lines."""
    out: list[str] = []
    for raw in text.split("\n"):
        s = raw.strip(" \t\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")
        if not s:
            continue
        parts = _FW_BREAK.split(s) if "\u3000\u3000" in s else [s]
        for p in parts:
            # one space (ASCII or ideographic: 构建新发展格局　实现互利共赢) stays a space; runs go
            p = _WS.sub(lambda m: " " if m.group() in (" ", "\u3000") else "", p).strip()
            if p:
                out.append(p)
    return out


def _ends_sentence(s: str) -> bool:
    """A line that ends a sentence or a clause (，：too): not a standalone heading."""
    return ends_sentence(s, extra="，,：:")




def _heading_text(line: str, level: int) -> tuple[str, bool]:
    """(heading, standalone): a short line is a heading on its own; a heading that
    opens a paragraph gives its first sentence (or clause) as the heading."""
    from .metadata import SENTENCE_END

    if len(line) <= MAX_TITLE and not SENTENCE_END.search(line[:-1]) and (
        level < 3 or not _ends_sentence(line)
    ):
        return line.rstrip("。；;"), True
    spans = split_sentences(line)
    first = line[spans[0][0]: spans[0][1]] if spans else line
    if len(first) > MAX_TITLE:
        cut = re.search(r"[，,：:]", first[4:])
        first = first[: 4 + cut.start()] if cut and cut.start() + 4 <= MAX_TITLE else first[:MAX_TITLE] + "…"
    return first.rstrip("。；;！？"), False


# --------------------------------------------------------------------- metadata


# A word of the list that names no meeting of this text: a standing body (全国人大常委会, 省人大常委会主任,
# 政协常委会工作报告) or a meeting whose decisions are studied (传达学习十八届五中全会精神).
_NOT_A_MEETING = re.compile(r"(?<=人大|政协)常委会(?!会议|第)|常委会(?=主任|副主任|委员|组成人员|工作报告)")


def find_occasion(*texts: str | None) -> str | None:
    for t in texts:
        if not t:
            continue
        for m in _OCCASION.finditer(t):
            if _NOT_A_MEETING.match(t, m.start()) or t.startswith("精神", m.end()):
                continue
            return m.group(0)
    return None


# A meeting named in full (its name ends in one of these; not inside 会议/大会: 全省领导干部会议传达……).
# (a quoted name may hold 、 and ，: 在“不忘初心、牢记使命”主题教育总结大会上的讲话;
# an enlarged meeting's name holds (扩大): 在市政府一届五次全体（扩大）会议上的讲话, 中央政治局（扩大）会议)
_MEET = r"(?:“[^”。！？\s]{1,24}”|「[^」。！？\s]{1,24}」|[（(]扩大[）)]|[^。！？；;：:，,、（）()\s“「]){1,50}?(?:大会|会议|全会|会|典礼|仪式|开幕式|闭幕式|论坛|峰会)(?![议会])"
# …… 在X上的讲话 / ——在X上 (a title, a subtitle, a dating line): X — a meeting, or an event the speech
# was given at (在灯节文艺汇演上的致辞, 在“我心目中的xx”主题演讲比赛上的讲话, 在七一诗歌朗诵比赛活动上的讲话).
_EVENT = r"(?:比赛|竞赛|大赛|汇演|演出|晚会|晚宴|宴会|活动|庆典|颁奖礼|揭牌礼|奠基礼)"
_AT_MEETING = re.compile(rf"在({_MEET.replace('，,、', '，,、在').replace('|峰会)', '|峰会|' + _EVENT[3:-1] + ')')})(?:(?:开幕式|闭幕式)?上|(?:开幕|闭幕|开始|结束)时(?=的))")
# A title naming its meeting without 在: 全县项目建设增长工作会议讲话, 县十七届人大五次会议表态发言.
# (…现场会上的主持词, …大会上的领导讲话, …动员会领导讲话: a meeting of a kind named in 会 too)
_MEETING_TITLE = re.compile(
    rf"^({_MEET.replace('，,、', '，,、在')})(?:(?<=[会大]议|大会)|(?<=现场会|动员会|座谈会|推进会|部署会|茶话会|团拜会|表彰会|交流会|见面会|培训会|调度会|启动会))"
    r"(?:上)?(?:的)?(?:领导)?(?:讲话|致辞|发言|表态发言|主持词|讲话稿|总结讲话)$")
# A report or an opening naming the meeting held: 省委召开全省领导干部会议 / ……大会今日上午在人民大会堂
#隆重举行 / 隆重举行“首都各界庆祝澳门回归祖国大会”.
# (after a dateline or its byline too: 中新社北京十月二十二日电 纪念……大会今日上午在人民大会堂隆重举行; 于……登场;
# 在……举行的「……国庆大会」; 在全国政协礼堂举行新年茶话会。)
_HELD = re.compile(
    rf"召开(?:了)?({_MEET})(?=[，,。；;、]|$|传达|学习|研究|部署|总结|动员|审议|听取|专题)"
    rf"|(?:^|[，,。；;：:\s）)]|电)({_MEET})(?:今天|今日|昨天|昨日|\d{{1,2}}日|[一二三十]{{1,3}}日)?(?:上午|下午|晚上|晚间)?"
    r"(?:[在于][^，,。；;]{1,24})?(?:隆重)?(?:举行|召开|开幕|登场)(?![词辞式])"
    rf"|举行(?:了|的)?[“「]({_MEET})[”」]"
    rf"|举行(?:了)?({_MEET})(?=[，,。；;])"
)
_BODY_NAME = re.compile(r"(?:委会|委员会|协会|学会|联合会|总会|商会|基金会|理事会|工会)$")  # 民进汕头市委会召开……: who held it
_VAGUE = re.compile(r"^(?:的|了|这|此|本|该|那|一个|一次|一系列|今天的|今年的|上次|下次|有关|相关|专门|各种|各类|有的|这次)")


def _meeting(ftext: str | None, rx: re.Pattern[str]) -> tuple[int, int] | None:
    """Where `rx` finds a meeting named in full in the folded text (its span), a leading verb of attending
    (在出席中非合作论坛上: 中非合作论坛) and a leading year (2018年全县……大会) left out; not a vague one
    (这次会议, 一系列会议)."""
    ftext, at = ftext or "", 0
    while m := rx.search(ftext, at):
        at = m.start() + 1  # (a match let go may overlap the next: 全国委员会……举行新年茶话会)
        g = next(k for k in range(1, (m.lastindex or 1) + 1) if m.group(k))
        a, b = m.span(g)
        a += 2 if ftext.startswith(("出席", "参加"), a) else 0
        y = re.match(r"(?:19|20)\d{2}年(?!度)", ftext[a:b])
        a += y.end() if y else 0
        if b - a >= 4 and not _VAGUE.match(ftext[a:b]) and "精神" not in ftext[b: b + 2] \
                and not _BODY_NAME.search(ftext[a:b]):
            return a, b
    return None


def _occasion(ftitle: str, fsub: str | None, focc: str | None, fopening: str,
              raw: tuple[str, str | None, str | None, str] | None = None, derived: bool = False,
              lede: tuple[str, str] | None = None) -> str | None:
    """The session a report was given at (its head's, else its lede's) before the kind of text
    a title names (工作报告 is no meeting); else the meeting its head names in full (在X上的讲话),
    a word of the list in the head, the meeting its lede names held (召开X, X在……举行), a word of
    the list in the opening. A name is shown as written (`raw`: the texts unfolded); a `derived`
    title is the opening's words: its lede is read instead."""
    from .metadata import find_session

    found = find_occasion(ftitle, fsub, focc, fopening)
    if found is not None and found not in _TEXT_KINDS or found is None:
        session = find_session(ftitle, fsub, focc) if found is not None else find_session(ftitle, fsub, focc, fopening)
        if session:
            return session
    elif found in _TEXT_KINDS:
        return find_session(ftitle, fsub, focc, fopening) or found
    texts = (ftitle, fsub, focc, fopening)
    shown = raw or texts
    for k, rxs in ((0, () if derived else (_AT_MEETING, _MEETING_TITLE, _HELD)), (1, (_AT_MEETING,)), (2, (_AT_MEETING,))):
        for rx in rxs:
            at = _meeting(texts[k], rx)
            if at:
                return _named(texts[k], shown[k], at)
    head = find_occasion(ftitle, fsub, focc)
    if head:
        return head
    flede, rlede = lede or (fopening, shown[3])
    at = _meeting(_first_sentences(flede, 2), _HELD)
    if at:
        return _named(flede, rlede, at)
    return found


_LEDE_DATE = re.compile(r"^[（(【\[]?\s*((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)(?:上午|下午|晚上|晚间|早上|凌晨)?[，,]")
_KIND_END = re.compile(f"(?:{'|'.join(OCCASIONS)})$")


def _named(ftext: str, raw: str | None, at: tuple[int, int]) -> str:
    """A meeting named in full: the word of the list it ends in (县委办党支部2022年度组织生活会 →
    组织生活会: the kind a list shows), else the name as written (全县脱贫攻坚摘帽部署大会)."""
    kind = _KIND_END.search(ftext, at[0], at[1])
    if kind:
        return kind.group(0)
    s = raw if raw and len(raw) == len(ftext) else ftext
    return s[at[0]: at[1]]


def _first_sentences(s: str, n: int) -> str:
    ends = [m.end() for m in re.finditer(r"[。！？!?]", s)]
    return s[: ends[n - 1]] if len(ends) >= n else s


_TEXT_KINDS = ("政府工作报告", "工作报告")


def _named_occasion(text: str | None) -> str | None:
    """The occasion a dating line or a note names (在中共中央警备团追悼张思德的会上 →
    中共中央警备团追悼张思德的会) when no word of the list is in it."""
    m = re.fullmatch(r"在(.{2,40}?)(?:上|时|中|期间)", text or "")
    return m.group(1) if m else None


def find_level(*texts: str | None) -> str | None:
    for t in texts:
        if not t:
            continue
        best: tuple[int, str] | None = None
        for name, rx in _LEVELS:
            m = rx.search(t)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), name)
        if best:
            return best[1]
    return None




# --------------------------------------------------------------------- parse


def _fold_lines(text: str, lines: list[str]) -> list[str]:
    """The lines in simplified script, line for line and character for character."""
    from .script import fold

    flines = _lines(fold(text))
    if len(flines) == len(lines) and all(len(a) == len(b) for a, b in zip(lines, flines)):
        return flines
    return [fold(line) for line in lines]


def _place_before(before: str, place: str, v) -> bool:
    """Whether the words of a file name before a head's bare title are a place (南京市), or a place's body
    (南京市人民政府), with perhaps the year after it (南京市2023年, 南京市人民政府2023年度): not a site's or
    paper's name (中国旅游报_), nor a year alone."""
    from .dates import find_date

    year = find_date(before, bare_year=True)
    if year and len(year[0]) == 4 and re.fullmatch(r"度?", before[year[2]:]):
        before = before[: year[1]]
    m = re.match(place, before)
    if not m or not m.end():
        return False
    rest = before[m.end():]
    return not rest or len(rest) <= 8 and bool(v.organisation.search(rest))


def _resolve_title(h, name_title: str | None, fbody: list[str], body: list[str]) -> tuple[str, bool]:
    """(title, derived) in the documented order of trust (see `metadata`)."""
    from .dates import find_date
    from .derived_title import derive_title
    from .metadata import PLACE, TITLE_WORDS, vocab
    from .script import fold

    if h.title:
        title = h.title
        ftitle = fold(title)
        if h.subtitle and not TITLE_WORDS.search(ftitle):
            return f"{title}——{h.subtitle}", False
        # a bare 政府工作报告 under a file named 2026_广东省_政府工作报告 says less than the name: the place before it, or
        # words going on after it (武进区区长 / 武进区区长当选发言); not a site's or paper's name before it (要闻速览 under
        # 中国旅游报_要闻速览.md, 政协大会闭幕词 under 010在线_…), nor a title with its year (二〇〇三年政府工作报告 under
        # 义乌二〇〇三年政府工作报告.txt: the file's own)
        fname = fold(name_title) if name_title else ""
        if len(ftitle) >= 4 and ftitle in fname and len(name_title) > len(title) and find_date(ftitle, bare_year=True) is None \
                and (fname.startswith(ftitle) or fname.endswith(ftitle) and _place_before(fname[: -len(ftitle)], PLACE, vocab())):
            return name_title, False
        return title, False
    if name_title:
        return name_title, False
    opening, fopening = "\n".join(body[:2])[:400], "\n".join(fbody[:2])[:400]
    if h.dateline and opening.startswith(h.dateline):  # a report's first paragraph opens with its dateline: no title
        opening, fopening = opening[len(h.dateline):].lstrip(), fopening[len(h.dateline):].lstrip()
    return derive_title(opening, fopening), True


def parse(text: str, source: str | None = None, headings: dict[str, int] | None = None) -> Parsed:
    """Parse cleaned speech text; `source` (the file's path) may give a title and a date;
    `headings` (line -> outline level) are headings a markup said are headings
    (`corpus.markdown`), whatever their wording."""
    from .dates import find_date, fuller
    from .first_line import split_first_line
    from .head import read_head
    from .lede import SPEECH_TITLE, intro_speaker, lede_speaker, news_lede, reported_speaker
    from .metadata import (as_written, dateline_date, dating_in, from_filename, is_salutation, salutation_prefix,
                           speaker_of, speaker_over, title_speaker, vocab)
    from .script import fold
    from .signature import read_signature

    text = unwrap(text, headings or ())  # hard-wrapped paragraphs → one line each (`corpus.wrap`)
    lines = _lines(text)
    flines = _fold_lines(text, lines)
    lines, flines, site_copy = _without_blurbs(lines, flines)
    split_first_line(lines, flines)
    h = read_head(lines, flines)
    body, fbody = lines[h.body_start:], flines[h.body_start:]
    salutation = None
    k = _salutation_at(fbody, fold(h.title) if h.title else "")
    if k:  # ……讲话全文如下： / 文章导读 / the title again, over the speech's salutation: the page's
        body, fbody = body[k:], fbody[k:]
    if body:
        n = salutation_prefix(fbody[0]) or (len(fbody[0]) if is_salutation(fbody[0]) else 0)
        if n:
            salutation = body[0][:n]
            rest, frest = body[0][n:].strip(), fbody[0][n:].strip()
            body, fbody = ([rest] if rest else []) + body[1:], ([frest] if frest else []) + fbody[1:]
            while not rest and body and _address_line(fbody[0]):  # 尊敬的……先生， / 尊敬的……， / 大家晚上好！
                salutation += "\n" + body[0]
                body, fbody = body[1:], fbody[1:]
    if h.notes:  # notes in the head that are text (a long 导语): the body's first paragraphs
        body, fbody = [lines[k] for k in h.notes] + body, [flines[k] for k in h.notes] + fbody
    signed, signed_date, signer = read_signature(body, fbody)  # 落款: who signed it, and when
    if signed:
        body, fbody = body[:-signed], fbody[:-signed]
    hints = {ln: lv for k, lv in (headings or {}).items() for ln in _lines(k)[:1]}
    sections, paragraphs = _outline(body, fbody, hints)

    name_title, name_date = from_filename(source)
    # a byline read as the head's title under the speech's dating, or opening the body (国务院总理温家宝 over the
    # report's text) is no title: it names who spoke (馬總統就職 alone reads as one: a headline, no dating)
    byline = byline_at = None
    if (h.title and not h.speaker and (h.speech_date or h.occasion_text) and vocab().office.search(fold(h.title))
            and (byline := speaker_of(fold(h.title)))):
        byline_at, h = (h.title, fold(h.title)), replace(h, title=None, subtitle=None)
    elif not h.title and not name_title and len(fbody) > 1 and vocab().office.search(fbody[0]):
        byline = speaker_of(fbody[0])
        byline_at = (body[0], fbody[0]) if byline else None
    skip = 1 if byline and byline_at[0] is body[0] else 0
    title, derived = _resolve_title(h, name_title, fbody[skip: skip + 2], body[skip: skip + 2])
    ftitle, fsub = fold(title), fold(h.subtitle) if h.subtitle else None
    # In order of trust (see `metadata`): the speech's own dating, its dateline, the header,
    # a date in the title (never a derived one: that is body text), the file name.
    # ——2006年3月11日在……上 run into a line, （2003年3月3日在……上） under a page's fields: in the head or over the salutation
    greet = next((k for k, f in enumerate(flines[:30]) if is_salutation(f) or salutation_prefix(f)), 0)
    dated = None if h.speech_date else dating_in(flines[: greet or h.body_start + 3])
    date = h.speech_date or signed_date or (dated[0] if dated else None)
    header = None if h.header_site and (site_copy or _template(fold(title), fbody)) else h.header_date  # a 范文's posting time is the site's
    if date is None and h.dateline:  # a news text: its dateline, in the year the header or file name gives
        date = dateline_date(fold(h.dateline), header or name_date)
    date = fuller(date, header) if date else header
    found = None if derived else find_date(ftitle)
    date = date or (found[0] if found else None)
    date = fuller(date, name_date) if date else name_date
    fopening = fold(paragraphs[0].text[:300]) if paragraphs else ""
    lede = _LEDE_DATE.match(fopening[:40])  # 2021年12月28日,民进汕头市委会召开……: the day the report is of
    held = lede and re.search(r"召开|举行|开幕|闭幕|举办", _first_sentences(fopening, 1))  # (not 2022年5月31日,习近平致信……)
    found = find_date(lede.group(1)) if held else None
    if found and (date is None or found[0].startswith(date)):
        date = found[0]
    # the report's lede: the first of the opening paragraphs that reads like one (under a deck's bullets)
    at_lede = next((k for k, q in enumerate(paragraphs[:3]) if news_lede(fold(q.text[:200]))), 0)
    lede_text = paragraphs[at_lede].text[:300] if paragraphs else ""
    occasion_text = h.occasion_text or (dated[1] if dated else None)
    focc = fold(occasion_text) if occasion_text else None
    speaker = h.speaker or signer or (_as_written_name(*byline_at, byline) if byline else None)
    over = speaker_over(flines, greet) if speaker is None else None
    if over:  # 湖北省高级人民法院院长游全荣 over 代表们：
        speaker = _as_written_name(lines[over[0]], flines[over[0]], over[1])
    at = title_speaker(ftitle) if speaker is None and not derived else None
    if at:  # 莊華平在……闭幕时的讲话: the title names who spoke
        speaker = title[at[0]: at[1]] if len(title) == len(ftitle) else ftitle[at[0]: at[1]]
    if (speaker is None and salutation is None and paragraphs
            and (h.dateline or h.source or h.header_date  # news-shaped: a lede, maybe under a caption or a byline
                 or any(news_lede(fold(p.text[:200])) for p in paragraphs[:3]))
            and not (not derived and SPEECH_TITLE.search(ftitle) or fsub and SPEECH_TITLE.search(fsub))):  # not the speech's own title (a derived one is a guess)
        opening = "".join(p.text for p in paragraphs[:4])[:600]  # a news report: who spoke, named in its lede
        at = lede_speaker(fold(opening))
        if at is None and any(news_lede(fold(p.text[:200])) for p in paragraphs[:3]):
            # (……汪洋作重要讲话 / 周秀山强调，: further on, once named with an office; only in a report, one of whose
            # first paragraphs reads as its lede: a column quoting an official, 林鄭說：「……」, names no speaker)
            opening = "".join(p.text for p in paragraphs[:6])[:1000]
            at = reported_speaker(fold(opening))
        speaker = opening[at[0]: at[1]] if at else None
    if speaker is None:  # a news intro over the speech's full text (……发表重要讲话。……全文如下：/ 同志们：) names who spoke
        over = next((k for k, f in enumerate(flines[:12]) if k and (_INTRO_END.search(f) or is_salutation(f))), 0)
        upto = over + 1 if over and _INTRO_END.search(flines[over]) else over  # (the intro line too)
        fintro = "".join(flines[:upto])
        if over and (h.dateline or news_lede(fintro[:200]) or upto > over):
            at = intro_speaker(fintro)
            if at:
                speaker = _as_written_name("".join(lines[:upto]), fintro, fintro[at[0]: at[1]])
    return Parsed(
        title=title,
        title_derived=derived,
        year=int(date[:4]) if date else None,
        occasion=as_written(_occasion(ftitle, fsub, focc, fopening,
                           (title, h.subtitle, occasion_text, paragraphs[0].text[:300] if paragraphs else ""), derived,
                           (fold(lede_text), lede_text))
        or _named_occasion(occasion_text), ((ftitle, title), (fsub, h.subtitle), (focc, occasion_text), (fopening, paragraphs[0].text[:300] if paragraphs else ""), (fold(lede_text), lede_text))),  # shown as written
        level=find_level(ftitle, fsub),
        salutation=salutation,
        speaker=speaker,
        date=date,
        origin=h.dateline or h.source,
        sections=sections,
        paragraphs=paragraphs,
    )


def _as_written_name(raw: str, f: str, name: str) -> str:
    """A name read on a folded line, as the line writes it (spaces inside it removed)."""
    compact_raw, compact_f = raw.replace(" ", ""), f.replace(" ", "")
    at = compact_f.rfind(name)
    return compact_raw[at: at + len(name)] if at >= 0 and len(compact_raw) == len(compact_f) else name


# A template's placeholders (XX区, ××同志, **市, *市, X书记) or a 范文 site's editor (下面是小编给大家整理的……)
_PLACEHOLDER = re.compile(r"XX|xx|××|(?<![A-Za-z])(?:[X×]|[*＊]{1,3})[区县市镇乡省委书长同]|小编")


def _address_line(f: str) -> bool:
    """A further line of a salutation over several lines (尊敬的参议员索里亚先生, / 女士们、先生们、朋友们, /
    大家晚上好!): short, no sentence, opening with whom it addresses or a greeting."""
    from .metadata import SENTENCE, is_salutation

    return len(f) <= 40 and not SENTENCE.search(f.rstrip("!！")) and (is_salutation(f) or bool(re.match(r"尊敬的|亲爱的|尊贵的|各位", f)))


_INTRO_END = re.compile(r"(?:全文|内容|讲话|致辞|致词|演讲|演说)?如下[:：]$")


def _salutation_at(fbody: list[str], ftitle: str) -> int:
    """Where the speech's salutation stands under the page's lines that open the body (an editor's
    or a report's ……讲话全文如下：, a label such as 文章导读, the title again): its index, or 0."""
    from .metadata import SENTENCE, is_salutation, salutation_prefix

    if fbody and (salutation_prefix(fbody[0]) or is_salutation(fbody[0])):
        return 0
    for k in range(1, min(len(fbody), 4)):
        if not (salutation_prefix(fbody[k]) or is_salutation(fbody[k])):
            continue
        before = fbody[:k]
        if all(_INTRO_END.search(b) or len(b) <= 30 and not SENTENCE.search(b) or ftitle and b.replace(" ", "") == ftitle.replace(" ", "")
               for b in before) and any(_INTRO_END.search(b) or len(b) <= 30 for b in before):
            return k
        return 0
    return 0


def _without_blurbs(lines: list[str], flines: list[str]) -> tuple[list[str], list[str], bool]:
    """The lines without a 范文 site's blurb (……下面是小编给大家整理的……,供大家阅读参考。: boilerplate.toml's
    site_blurbs), and whether there was one: the page is a site's copy, its posting time the site's."""
    from .clean import load_rules

    rules = load_rules()
    keep = [k for k, f in enumerate(flines) if not (len(f) <= rules.blurb_line and rules.blurb.search(f))]
    if len(keep) == len(lines):
        return lines, flines, False
    return [lines[k] for k in keep], [flines[k] for k in keep], True


def _template(ftitle: str, fbody: list[str]) -> bool:
    """Whether a text is a template or a 范文 site's copy (placeholders in its title or opening, an
    editor's 小编 line): the date its page shows is when the site posted it, not the speech's."""
    return bool(_PLACEHOLDER.search(ftitle) or _PLACEHOLDER.search("".join(fbody[:3])[:300]))


def _outline(body: list[str], fbody: list[str], hints: dict[str, int] | None = None) -> tuple[list[SectionData], list[ParagraphData]]:
    """Sections (一、/（一）/一要…) and paragraphs; levels are read from the folded lines,
    or given by `hints` (line -> level) for lines a markup marked as headings."""
    sections: list[SectionData] = [SectionData(None, 0, None)]
    paragraphs: list[ParagraphData] = []
    current = {0: 0}  # level -> section index of the innermost open section
    for line, fline in zip(body, fbody):
        hinted = hints.get(line) if hints else None
        level = hinted or heading_level(fline) or (1 if _BACK_MATTER.match(fline) and paragraphs else 0)
        if level:
            heading, standalone = (line, True) if hinted else _heading_text(line, level)
            # parent: the innermost open section of a lower level
            candidates = [current[lv] for lv in sorted(current) if 0 < lv < level]
            parent = candidates[-1] if candidates else None
            sections.append(SectionData(heading, level, parent))
            idx = len(sections) - 1
            current = {lv: s for lv, s in current.items() if lv < level}
            current[level] = idx
            if standalone:
                continue
        sec = current[max(current)]
        sections[sec].paragraphs.append(len(paragraphs))
        paragraphs.append(ParagraphData(line, sec, split_sentences(line)))
    return sections, paragraphs


def inline_heading(heading: str | None, first_paragraph: str | None) -> bool:
    """Whether a section's heading is part of its first paragraph (一要…、一是… open
    the paragraph they head): then it is shown once, inside the paragraph, not as a
    line of its own. The one rule for the reader, copies and `jianghua show`."""
    return bool(heading) and first_paragraph is not None and first_paragraph.startswith(heading or "")
