"""A news report's lede: whether a text opens like one (本报讯, ……电, 记者, the day of
the event in its first sentence), and the speaker it names (市委书记孙立成出席会议并讲话).
Read on the folded (simplified) opening, with metadata.toml's vocabulary."""

from __future__ import annotations

import re
from functools import lru_cache

from .han import BASIC
from .metadata import SENTENCE_END, vocab


# A report names who spoke in its lede: 市委书记孙立成出席会议并讲话, 党委书记李瑾在会上发表重要讲话,
# 检察长吴双文在……会议上作检察工作报告, 总统蔡英文今天发表就职演说, 总统赖清德今天宣誓就职，他在
# 演说时表示. An office stands right before the name (not 刚才，张三同志作了报告: that is a speech
# speaking of someone else).
_WHEN = r"(?:今天|今日|昨天|昨日|当天|\d{1,2}日|今?[（(]\d{1,2}[）)]日)?(?:上午|下午|晚间|晚上|傍晚)?"
_LEDE_VERB = (
    r"(?:(?:出席|主持|参加)(?:会议|大会|会|活动|仪式|典礼)?并(?:作)?(?:重要)?(?:讲话|致辞)"
    rf"|{_WHEN}出席[^。！？；;]{{0,80}}?(?:发表|作)(?!的)(?:了)?[^。！？，,；;的]{{0,12}}?(?:讲话|演讲|演说|致辞)"
    r"|在[^。！？，,；;]{0,50}?(?:发表|作)(?!的)(?:了)?[^。！？，,；;]{0,16}?(?:讲话|报告|演讲|演说|致辞)"
    rf"|{_WHEN}(?:发表|作)(?!的)(?:了)?[^。！？，,；;的]{{0,16}}?(?:讲话|演讲|演说|致辞|工作报告)"
    r"|(?:今天|今日|昨天|昨日|当天|\d{1,2}日)[^。！？]{0,20}?[，,](?:他|她)在(?:演说|演讲|讲话|致辞|致词)时(?:表示|指出|强调|说)"
    # 总统赖清德到场致词, 特首李家超致辞时表示, 检察长祝现明作的《……工作报告》, 华国锋今天晚上在……招待会上说：
    r"|到场(?:并)?(?:致辞|致词|讲话)|(?:致辞|致词|讲话|演讲|演说)时(?:表示|指出|强调|说)"
    r"|(?:所)?作的《[^》]{1,40}(?:报告|讲话)》"
    # 纪委书记明正慧所作的《认清形势，……》反腐倡廉形势报告: the report's title, then its kind
    r"|(?:所)?作的《[^》]{1,40}》[^。！？，,；;《》]{0,10}?报告"
    # 市长吕志成代表市政府向大会作政府工作报告, 代理院长茆荣华向大会作《……工作报告》: who gives the report
    r"|(?:代表[^。！？，,；;]{1,12}?)?向[^。！？，,；;]{0,8}?(?:大会|会议)作[^。！？，,；;]{0,40}?报告"
    # 代县长陈禺主持召开……会议, 市长孙勇即主持召开……部署会，强调: who chairs the meeting reported and speaks at it
    rf"|{_WHEN}(?:即|随即)?主持召开[^。！？；;]{{2,60}}?(?:会议|会)"
    # 局长刘章彬以“新时代 新基调”为题作了讲话
    r"|以[^。！？；;]{1,30}?为题(?:作|发表)(?:了)?[^。！？，,；;的]{0,10}?(?:讲话|报告|演讲)"
    rf"|{_WHEN}在[^。！？；;]{{0,60}}?上(?:说|指出|表示|强调|致辞)[:：，,])"
)


@lru_cache(maxsize=1)
def _lede_rx() -> re.Pattern[str]:
    return re.compile(rf"(?:{vocab().office.pattern})([{BASIC}·]{{2,3}}?)(?:同志)?{_LEDE_VERB}")  # (the shortest name: 孙勇即主持召开 is 孙勇)


# A speech's own title (在……上的讲话, ……时的致辞), or one studying a speech (学习贯彻……重要讲话精神):
# the speech its lede names is not reported by this text.
SPEECH_TITLE = re.compile(
    r"(?:上|时|中|期间)的(?:讲话|报告|致辞|发言|演讲|主旨演讲|主持词|表态发言)|讲话精神|(?:学习|贯彻|领会|研读)[^。！？]{0,30}(?:讲话|致辞|演讲)"
)
# A news report's lede: a dateline's marks (本报讯, ……电, 记者) or the day of the event
# (4月22日上午，……召开; 今(20)日; 总统赖清德10日出席……) in its first sentence.
_NEWS_LEDE = re.compile(r"本报讯|[日时]电|记者|\d{1,2}日|[一二三十]{1,3}日|今[天日]|昨[天日]|当天|[（(]\d{1,2}[）)]日")
# A lede recalling an earlier speech (前不久，省委书记王国生在……作了重要讲话): not who speaks here.
_EARLIER = re.compile(r"前不久|不久前|前些天|去年|此前|日前|近日|上周|上月|(?:刚才|刚刚)[^。！？]{0,12}$")


def _sentences(s: str, n: int) -> str:
    """The first `n` sentences of `s`."""
    at = 0
    for _ in range(n):
        m = SENTENCE_END.search(s, at)
        if not m:
            return s
        at = m.end()
    return s[:at]


def news_lede(fopening: str) -> bool:
    """Whether a text's first sentence reads like a news report's (本报讯, ……电, 记者, the day)."""
    return bool(_NEWS_LEDE.search(_sentences(fopening[:200], 1)))


def lede_speaker(fopening: str) -> tuple[int, int] | None:
    """Where a news lede names who spoke (`fopening`: the first paragraphs, folded): the
    name's (start, end), or None. Not when its sentence recalls an earlier speech (前不久/
    去年/此前/日前/近日, ……作了重要讲话) nor after 刚才 (a speech speaking of someone else)."""
    s = fopening[:600]
    m = _lede_rx().search(s)
    if not m:
        return None
    before = s[: m.start()]
    if _EARLIER.search(before[max((k.end() for k in SENTENCE_END.finditer(before)), default=0):]):
        return None
    name = m.group(1)
    # nor an adverb after an office named last (市委家荣书记还要作重要讲话: 还要 is no one)
    if _no_name(name):
        return None
    return m.start(1), m.end(1)


def _no_name(name: str) -> bool:
    return name in vocab().not_speakers or bool(re.search(r"[们会议员长委记部]", name)
                                                 or re.match(r"[还也将都又再就已便才正要亦均并随他她我]", name))


# A report that names someone with their office (省委书记汪洋, 组长周秀山一行……) and then reports what
# they said, their name opening the clause: 汪洋作重要讲话 / 李春城作重要讲话时强调 / 周秀山强调， /
# 鲁绍延指出， / 韩正说， (not 表示: 习近平表示，…… in a report of his arrival). The name alone is no one's unless the text gave it an office before.
_REPORTED = re.compile(
    rf"(?:^|(?<=[。！？，,；;：:\n]))([{BASIC}·]{{2,3}})(?:同志)?"
    r"(?:(?:在[^。！？，,；;]{0,30}?上)?(?:作|发表)(?:了)?(?:重要|书面)?(?:讲话|致辞|总结讲话)"
    r"|(?:特别|进一步|还|再次|首先|最后|在讲话中|在会上)?(?:指出|强调)(?!了)|说[，,:：])")


def reported_speaker(fopening: str) -> tuple[int, int] | None:
    """Who a news report quotes (`fopening` folded): the first name opening a clause with 作重要讲话,
    指出, 强调, 说…, named with an office earlier in the text; its (start, end), or None. Not in a clause
    recalling an earlier speech or after 刚才."""
    s = fopening[:1000]
    office = vocab().office.pattern
    for m in _REPORTED.finditer(s):
        name = m.group(1)
        if _no_name(name) or vocab().office.fullmatch(name):
            continue
        named = re.search(rf"(?:{office})(?:、[^，,。；;]{{0,12}}?)?{re.escape(name)}", s[: m.start(1)])
        if not named or _recalled(s, named.start()) or _recalled(s, m.start(1)) or _studied(s, named.start()):
            continue  # (前不久，省委书记王国生……作了重要讲话。王国生强调: an earlier speech)
        return m.start(1), m.end(1)
    return None


def _studied(s: str, at: int) -> bool:
    """Whether the sentence `at` stands in studies someone's speech (传达学习……习近平……重要讲话精神)."""
    before = s[:at]
    return bool(re.search(r"传达|学习|贯彻|领会", before[max((k.end() for k in SENTENCE_END.finditer(before)), default=0):]))


def _recalled(s: str, at: int) -> bool:
    """Whether the sentence `at` stands in, up to there, recalls an earlier speech (前不久, 去年……)."""
    before = s[:at]
    return bool(_EARLIER.search(before[max((k.end() for k in SENTENCE_END.finditer(before)), default=0):]))


@lru_cache(maxsize=1)
def _named_first_rx() -> re.Pattern[str]:
    # the name before its office: 胡锦涛总书记……发表重要讲话，全文如下 / 胡锦涛主席讲话全文如下
    return re.compile(rf"([{BASIC}·]{{2,3}}?)(?:{vocab().office.pattern})(?:同志)?"
                      r"(?:[^。！？；;]{0,40}?(?:发表|作)(?:了)?[^。！？，,；;的]{0,10}?(?:讲话|致辞|演讲|演说)[^。！？；;]{0,6}?"
                      r"|(?:讲话|致辞|演讲|演说)(?:全文)?)(?:，|,)?(?:全文)?如下[:：]")


def intro_speaker(fintro: str) -> tuple[int, int] | None:
    """Who a news intro over a speech's full text names (`fintro`: the lines over the speech's salutation or
    its ……全文如下：, folded): the name's span, or None. Its lede's speaker (中央军委主席胡锦涛在会上发表讲话),
    or a name before its office introducing the text (胡锦涛主席讲话全文如下：)."""
    at = lede_speaker(fintro)
    if at:
        return at
    m = _named_first_rx().search(fintro[:600])
    if not m or m.group(1) in vocab().not_speakers or re.search(r"[们会议员长委记部]", m.group(1)):
        return None
    return m.start(1), m.end(1)
