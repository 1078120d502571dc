"""Files → speeches: walking a corpus folder and ingesting one file.

`scan` lists every .txt/.md file under a folder (recursively, in a stable order,
following symlinked folders once and never looping); a repository's own documents
(README, LICENSE …) are listed as skipped, with the reason; a table of contents (SUMMARY.md,
目录.txt: a listing under such a name) is skipped when read. `ingest_bytes` turns one
file's bytes into a plain-dict record (decoded, cleaned, parsed, segmented) that
the store keeps, or raises `Skip` with a one-line reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple

from jianghua.i18n import N_, Message, later, os_error

from .clean import clean_text, one_line, rules_fingerprint, sanitize, sanitize_line
from .han import han_char
from .markdown import _FRONT, SUFFIXES as MD_SUFFIXES, is_markdown, to_text as markdown_text

# (decode, metadata, structure and script are imported where a file is read: a build that finds
# nothing changed only lists the folder, and their patterns cost ~80 ms to compile)

# Bump when ingestion output changes: every speech is then ingested again.
PARSER_VERSION = 21  # 21: a file name with a place and a year before a head's bare title (南京市2023年政府工作报告.txt, 南京市人民政府2023年…) gives the title again; a full date or date code inside a file name is its date, not the title's words (张三2020年3月5日讲话.txt: 张三 讲话); 在X时的讲话 names X only at its 开幕/闭幕/开始/结束 (在视察全国两会时: none), and 在出席X论坛上 names X (s26 metafix, review of meta7). 20: a dating line run into its salutation with nothing before it ((2006年8月30日) 同志们：) is split; a title's meeting 在X开幕时/开始时的讲话 is the occasion, and a meeting's name may hold (扩大); a full dating line under a subtitle beats the year in the subtitle's meeting name (——在2014年……会议上的报告 / (2014年3月5日)); a column quoting an official (林鄭說：) names no speaker: quoting names one only in a report whose first paragraphs hold a lede; the title repeated with a short bracketed tag (……的讲话(摘登)) is a repeat; a dating line wrapped over two lines (2025年3月21日在……第十九届 / 人民代表大会第四次会议上) is one; a heading opening with a year (2009年工作回顾) names no speaker; a year inside a file name stays in the title it gives (南開區2010年政府工作報告); a resolution's adoption line ((2023年1月7日……会议通过)) is its dating, not its title or text; a file name says more than a bare head title only with a place before it or words after it, not a site's name before it (中国旅游报_要闻速览.md: 要闻速览) (tests/data/real, s26 meta7). 19: an EUC-JP, EUC-KR or Shift-JIS file is skipped naming its language, not read as Chinese; a stray C1 control removes only itself; a file of only punctuation or numbers says it has no words; a paper site's label (论文部分内容阅读) is dropped; a site's search box (快捷搜索：…, 多个检索词，请用空格间隔) and a periodical's issue line (《…》 2008年 第03期) are dropped; decks over a lede opening on its day (10月29日下午，…) are the head's; a web address counts as one character when a line is measured for the page's lines (链接地址：http…); 在X上的讲话 names an event X (汇演, 比赛, 活动…) as the occasion; a report naming someone with their office then quoting them (……汪洋作重要讲话, 周秀山强调，) names its speaker, 组长 is an office; a 政府信息公开 page's index fields (key lines, | table rows), label and index buttons are the page's, a title field (文件名称 | … |, 标题：) gives the title (tests/data/real/blind5); after review (s25-metafix, same version): a web address counts as one only when it ends its line, a deck needs the dated lede (今天， alone is a speech's opening), a | row is page fields only with two keys or a key and its value, a meeting that 传达学习 a leader's speech does not make him its speaker, a junk line of www. or of pipes no longer hangs the read. 18: a paragraph opening （剩余…）, （未完…） or 获取全文 is the text, not a site note; English quoted after a line introducing it stays; a name after an office and a space may be up to 8 characters (乌云其木格); a byline under the speech's dating is the speaker, no title; toneless pinyin is stripped only where strewn (not (a)…(e), 太阳(sun)). 17: a document site's end of preview and its calls are the page's; a news intro over a speech's full text names its speaker; a bilingual page's English lines are not the text; a title line's column tag ([政治]), date code (20240708) and closing date are not the title; the meeting a lede names held after a dateline or byline (于……登场, 举行的「……」, 举行……会。), a title naming its meeting in 会 without 在; an office and a name over the salutation name the speaker, and a lede's 向大会作……报告 / 主持召开……会 / 以……为题作讲话; a dateline run into its report's text opens the first paragraph; toneless pinyin strewn after characters is stripped; the speech's own dating run into a head line (——date在……上, （date在……上）) beats a posting date; a table of contents is not hard-wrapped (tests/data/real/blind4). 16: a meeting named in full may hold a quoted name with 、 or ， (在“不忘初心、牢记使命”主题教育总结大会上的讲话). 15: a traditional text's occasion and keywords as written (keyword candidates carry the written form third); a derived title skips an outline heading and a byline; 文秘 site spam, ??? mojibake and a portal toolbar are cleaned. 14: the meeting a title or lede names in full is the occasion (人大常委会 as a body and studied 全会精神 are none); a newspaper page's and forum's furniture, page-field lines, account bars, footers, page counters and 小编 blurbs are the page's; a template's posting time is no date; a title or a lede's first day names speaker and date (tests/data/real/blind3). 13: occasion is the congress/CPPCC session before 工作报告; more lede verbs; a run-together title+salutation line under the title is split; pinyin with a space inside its brackets (tests/data/real/blind2). 12: "is this Han" is corpus/han.py (〇 and extensions B–I count, Yijing hexagram symbols do not: "no Chinese text"). 11: "no Chinese text" on the whole text as read (after Markdown/entities); a banner said once keeps its date; a lede names the speaker only in a news report. 10: a news lede names the speaker; keyed header dates beat bare ones; site clocks, privacy banners, app badges, page labels are furniture (tests/data/real/blind)
# 9: words above a title stay (only counters/station tags go); a header line with ；-separated keys is the page's; a bracketed photo credit after a sentence goes alone
# 8: head notes and lines between a title and its repeat are dropped only when they are the page's (a long 导语 stays); editors' intros (以下为……致辞全文：), speaker labels, page counters, photo captions
# 7: saved web pages (headline under page labels, notes, site tags, 落款), PDF-wrapped text (tests/data/real/portal)
# 6: hard-wrapped .txt files are rejoined into paragraphs (corpus.wrap)
SUFFIXES = (".txt", *MD_SUFFIXES)
# A repository's own documents, never speeches (README, LICENSE, CHANGELOG …): listed among
# the skipped files with a reason, so a collected works cloned from GitHub lists only its
# texts. By the name before the suffix, any case, also with a tail (README.zh-CN.md,
# LICENSE-MIT.txt); AUTHORS and SECURITY by the whole name.
_NOT_SPEECH_PREFIX = ("readme", "license", "licence", "copying", "changelog", "contributing", "code_of_conduct")
_NOT_SPEECH_NAMES = frozenset({"authors", "security"})
# Names a table of contents or a site's list page has (SUMMARY.md, _sidebar.md, 目录.txt) but
# also a page bundle's speech (a Hugo/Jekyll export: 2019-jiang/index.md): such a file is
# skipped only when its content is a listing (`is_listing`), when it is read.
_LISTING_NAMES = frozenset({"index", "summary", "_sidebar", "_navbar", "目录", "索引", "todo", "changes", "notice"})


def _stem(name: str) -> str:
    return name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower().strip()


_NOT_SPEECH = re.compile(f"(?:{'|'.join(_NOT_SPEECH_PREFIX)})(?:[._\\- ]|$)")  # (one pass: scan asks it of every file)


_FIRST_LETTERS = frozenset(w[0] for w in (*_NOT_SPEECH_PREFIX, *_NOT_SPEECH_NAMES))


def folder_file(name: str) -> bool:
    """Whether a file name is one of a repository's own documents, not a speech (see above)."""
    if name.lstrip()[:1].lower() not in _FIRST_LETTERS and "/" not in name:
        return False  # (most names: a Chinese title or a date; scan asks it of every file)
    stem = _stem(name)
    return stem in _NOT_SPEECH_NAMES or _NOT_SPEECH.match(stem) is not None


def listing_name(name: str | None) -> bool:
    """Whether a file's name is one a table of contents has (see above): its content decides."""
    return bool(name) and _stem(name) in _LISTING_NAMES


_HEADING = re.compile(r"\s*#{1,6}\s")
_LINK = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|<a\s[^>]*href|https?://", re.I)
_ITEM = re.compile(r"\s*(?:[-*+•·]|\d{1,3}[.)、])\s*\S")
_PAGE_NO = re.compile(r"(?:\.{2,}|…+|·{2,}|\s{2,})\s*\d{1,4}\s*$")
_SENTENCE_MARK = re.compile(r"[。！？]")


def is_listing(text: str) -> bool:
    """Whether a text is a table of contents or a list page: more than half of its lines
    (headings and a front-matter block aside) are links, list items that are no sentence
    (a speech's numbered points are sentences) or entries with a page number."""
    lines = [ln for ln in _FRONT.sub("", text).splitlines() if ln.strip() and not _HEADING.match(ln)]
    entries = sum(1 for ln in lines if _LINK.search(ln) or _PAGE_NO.search(ln)
                  or _ITEM.match(ln) and not _SENTENCE_MARK.search(ln))
    return entries >= 2 and entries * 2 > len(lines)


_LATIN = re.compile(r"[A-Za-z]")
_FIRST_LINE = re.compile(r"[^\s][^\n]*")


def _sample(text: str, size: int = 20000, parts: int = 4) -> str:
    """Up to `size` characters spread over the whole text (its head and evenly spaced
    stretches to its end): a bilingual file's Chinese after a long English part is in it."""
    if len(text) <= size:
        return text
    step, n = (len(text) - size // parts) // (parts - 1), size // parts
    return "\n".join(text[k * step: k * step + n] for k in range(parts))


def foreign_text(text: str) -> bool:
    """A file with (almost) no Chinese in it: a repository's NOTICE, a licence or notes in
    another language, never a speech: no Han character in the whole text, or under 1 to 100
    Latin letters over a sample spread across it, with none in the first line (a Chinese title
    over a long quotation in Latin letters is read). `text`: as read (Markdown marks, images
    and entities already converted)."""
    if not han_char().search(text):
        return True
    sample = _sample(text)
    han = len(han_char().findall(sample))
    first = _FIRST_LINE.search(text)
    return han * 100 < len(_LATIN.findall(sample)) and not han_char().search(first.group() if first else "")


def _max_mb(default: int = 8) -> int:
    """JIANGHUA_MAX_FILE_MB, a whole number of megabytes ≥ 1; anything else (a typo:
    "abc", "8MB", "0") keeps the default rather than stopping every command."""
    try:
        mb = int(os.environ.get("JIANGHUA_MAX_FILE_MB", default))
    except ValueError:
        return default
    return mb if mb >= 1 else default


MAX_BYTES = _max_mb() * 1024 * 1024
MAX_FILES = 200_000


class Skip(Exception):
    """A file that is not indexed; str(e) is the one-line reason, `reason` the
    reason as a `Message` when it is one (stored so it can be shown in any language)."""

    @property
    def reason(self) -> str:
        r = self.args[0] if self.args else ""
        return r if isinstance(r, Message) else one_line(r)


def unexpected(e: BaseException) -> str:
    """The skip reason for an error no rule foresaw (one bad file never stops a build)."""
    return later("could not be read as a speech ({error})", error=one_line(f"{type(e).__name__}: {e}"))


class FileEntry(NamedTuple):
    source: str  # path relative to the corpus folder, POSIX separators
    path: str | Path  # where to open it (a plain str from `scan`: cheap for 100 000 files)
    size: int
    mtime_ns: int
    problem: str | None = None  # a reason to skip found while scanning (a Message)
    # the inode's change time and number (0: not known): an edit that keeps size and
    # mtime (touch -r, cp -p then rename, an mtime set to the publication date) changes them
    ctime_ns: int = 0
    ino: int = 0


def display_source(rel: str) -> str:
    """A file name that is safe to print (control characters and newlines escaped)."""
    if rel.isprintable():
        return rel  # the common case: no C0/C1, format (bidi, zero-width), surrogate or separator characters
    return sanitize_line(rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


_KINDS = ((stat.S_ISFIFO, N_("a FIFO")), (stat.S_ISSOCK, N_("a socket")), (stat.S_ISCHR, N_("a character device")), (stat.S_ISBLK, N_("a block device")))


def _not_regular(mode: int) -> Message:
    kind = next((what for test, what in _KINDS if test(mode)), N_("a special file"))
    return later("not a regular file ({kind})", kind=later(kind))


def scan(folder: Path) -> list[FileEntry]:
    """Every candidate file under folder, sorted by relative path.

    The walk is iterative (a folder thousands of levels deep is no problem), visits
    every folder once (symlink loops end there) and never opens a file.
    """
    out: list[FileEntry] = []
    seen_dirs: set[tuple[int, int]] = set()
    # Plain str paths: pathlib would parse the whole path again at every level.
    stack: list[tuple[str, str]] = [(os.fspath(folder), "")]
    # (the loop runs for every file of the folder — 10 000 at every start: C-level sort keys,
    # the tuple made without FileEntry's Python-level __new__, the common cases inline)
    entry, by_name, is_reg = tuple.__new__, attrgetter("name"), stat.S_ISREG
    while stack and len(out) < MAX_FILES:
        d, rel = stack.pop()
        try:
            st = os.stat(d)
        except OSError as e:
            if rel:
                out.append(FileEntry(rel + "/", d, 0, 0, later("cannot read folder: {why}", why=os_error(e))))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            continue
        seen_dirs.add(key)
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=by_name)
        except OSError as e:
            if rel:
                out.append(FileEntry(rel + "/", d, 0, 0, later("cannot read folder: {why}", why=os_error(e))))
            continue
        subdirs: list[tuple[str, str]] = []
        for e in entries:
            name = e.name
            if name.startswith("."):
                continue
            shown = name if name.isprintable() else display_source(name)
            r = f"{rel}/{shown}" if rel else shown
            try:
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append((e.path, r))
                continue
            if not name.lower().endswith(SUFFIXES):
                continue
            try:
                st = e.stat(follow_symlinks=True)
            except OSError as err:
                out.append(FileEntry(r, e.path, 0, 0, later("cannot read: {why}", why=os_error(err))))
                continue
            if not is_reg(st.st_mode):
                out.append(FileEntry(r, e.path, 0, st.st_mtime_ns, _not_regular(st.st_mode)))
                continue
            if folder_file(name):
                out.append(FileEntry(r, e.path, st.st_size, st.st_mtime_ns, later(
                    "not a speech: the folder's own document (README, LICENSE, CHANGELOG); rename it to read it as a speech")))
                continue
            out.append(entry(FileEntry, (r, e.path, st.st_size, st.st_mtime_ns, None, st.st_ctime_ns, st.st_ino)))
        # Depth first, in name order (the first path to a folder reached twice wins).
        stack.extend(reversed(subdirs))
    del out[MAX_FILES:]
    out.sort(key=itemgetter(0))  # (by source; stable)
    if len({f.source for f in out}) == len(out):
        return out
    # Names that only differ in characters we had to escape stay distinct.
    seen: dict[str, int] = {}
    for k, f in enumerate(out):
        n = seen.get(f.source, 0)
        seen[f.source] = n + 1
        if n:
            out[k] = f._replace(source=f"{f.source}#{n + 1}")
    return out


def _too_large(size: int) -> Skip:
    # (its words before: i18n.FORMER)
    return Skip(later("too large ({size:.1f} MB; the limit is {limit} MB): to read it, set JIANGHUA_MAX_FILE_MB to a number of MB above {size:.0f} before starting jianghua",
                      size=size / 1048576, limit=MAX_BYTES // 1048576))


def read_file(entry: FileEntry) -> bytes:
    """The file's bytes, or Skip. Never blocks on a FIFO swapped in after the scan,
    never reads more than the size limit."""
    if entry.problem:
        raise Skip(entry.problem)
    if entry.size > MAX_BYTES:
        raise _too_large(entry.size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(entry.path, flags)
    except OSError as e:
        raise Skip(later("cannot read: {why}", why=os_error(e))) from None
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise Skip(_not_regular(st.st_mode))
            if st.st_size > MAX_BYTES:
                raise _too_large(st.st_size)
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise Skip(later("cannot read: {why}", why=os_error(e))) from None
    if len(data) > MAX_BYTES:
        raise Skip(later("too large (over {limit} MB)", limit=MAX_BYTES // 1048576))
    return data


def content_key(data: bytes, source: str | None = None) -> str:
    """The key a speech body is stored under: content hash + parser and rules version,
    + what the file name says (a title or date read from it), when it says anything."""
    h = hashlib.sha256(data)
    # rules: boilerplate + metadata vocabulary (their fingerprint: a file compared for being racy compiles no rules)
    h.update(f"|p{PARSER_VERSION}|r{rules_fingerprint()}".encode())
    if is_markdown(source):  # the same bytes read as Markdown give another body
        h.update(b"|md")
    if listing_name(source):  # may be a table of contents (skipped): never the body of the same bytes elsewhere
        h.update(b"|ls")
    from .metadata import from_filename

    named = from_filename(source)
    if any(named):
        h.update(f"|n{named}".encode())
    return h.hexdigest()[:40]


def ingest_bytes(data: bytes, *, segment: bool = True, source: str | None = None, idf_cache: Path | None = None) -> dict:
    """Decode, clean, parse and (optionally) segment one file's content; `source`
    (the file's path in the corpus) may give a title and a date (idf_cache: see
    `keywords.jieba_idf`).

    Returns {"body": {...}, "candidates": [[term, weight], ...], "formulations": {...}}
    (candidates and formulations: see `body_analysis`; empty when not segmented).
    Raises Skip with a one-line reason.
    """
    from .decode import Undecodable, decode_bytes
    from .structure import parse

    if not data.strip():
        raise Skip(later("empty file"))
    try:
        decoded = decode_bytes(data)
    except Undecodable as e:
        raise Skip(e.args[0] if e.args else str(e)) from None
    if not decoded.text.strip():
        raise Skip(later("empty file (only white space)"))
    text, headings = decoded.text, None
    if is_markdown(source):  # marks → layout; entities may decode to control characters: clean after
        converted = markdown_text(sanitize(text))
        text, headings = converted.text, {sanitize_line(k): lv for k, lv in converted.headings.items()}
    if not any(map(str.isalpha, text)):  # (no letters of any script: "a notice in another language" would mislead)
        raise Skip(later("not a speech: only punctuation, numbers or symbols, no words"))
    if foreign_text(text):  # as read: an inline image's base64 or &#x…; entities are no Latin text
        raise Skip(later("not a speech: no Chinese text in it (a notice or licence in another language)"))
    if listing_name(source) and is_listing(decoded.text):
        raise Skip(later("not a speech: a table of contents (mostly links or list items); rename it to read it as a speech"))
    text = clean_text(text)
    if not text.strip():
        raise Skip(later("no text left after removing control characters and boilerplate"))
    parsed = parse(text, source, headings)
    if not parsed.paragraphs:
        raise Skip(later("no paragraphs (only a title or boilerplate)"))
    body = {
        "v": PARSER_VERSION,
        "title": parsed.title,
        "title_derived": parsed.title_derived,
        "year": parsed.year,
        "occasion": parsed.occasion,
        "level": parsed.level,
        "salutation": parsed.salutation,
        "speaker": parsed.speaker,
        "date": parsed.date,
        "origin": parsed.origin,
        "encoding": decoded.encoding,
        "replaced": decoded.replaced,
        "sections": [[s.heading, s.level, s.parent] for s in parsed.sections],
        "paragraphs": [[p.text, p.section, [list(s) for s in p.sentences]] for p in parsed.paragraphs],
    }
    cands, forms = body_analysis(body, idf_cache) if segment else ([], {})
    return {"body": body, "candidates": cands, "formulations": forms}


def body_analysis(body: dict, idf_cache: Path | None = None) -> tuple[list[list], dict]:
    """A body segmented once with jieba (its folded, simplified text): its keyword
    candidates [[term, weight], …] (from paragraphs, section headings and title)
    and its formulation candidates (`formulations.in_speech`). idf_cache: see
    `keywords.jieba_idf`."""
    from . import copies, formulations, keywords, segment as seg
    from .script import fold

    paragraphs = [fold(p[0]) for p in body["paragraphs"]]
    headings = [fold(h) for h, _, _ in body["sections"] if h]
    # One request for the whole speech (a build may segment in a second process: `segment.elsewhere`).
    cuts = seg.cut_many([*paragraphs, *headings, fold(body["title"])])
    n = len(paragraphs)
    per_paragraph = cuts[:n]
    # The speech's words, each paragraph's followed by a line break (joined in C,
    # once, for both: the keywords skip the line breaks, which are no words).
    words = formulations.speech_words(per_paragraph)
    heading_tokens = [t for c in cuts[n:-1] for t in c]
    cands = keywords.candidates(chain(words, heading_tokens, cuts[-1]), idf_cache=idf_cache)
    forms = formulations.in_speech(paragraphs, per_paragraph, idf_cache=idf_cache, folded=True, words=words)
    forms["c"] = copies.fingerprint(paragraphs, folded=True)  # (which speeches are copies of one text: corpus/copies.py)
    return keywords.as_written(cands, [*paragraphs, *headings, fold(body["title"])], [*(p[0] for p in body["paragraphs"]), *(h for h, _, _ in body["sections"] if h), body["title"]]), forms


def body_candidates(body: dict, idf_cache: Path | None = None) -> list[list]:
    """Keyword candidates of a body (see `body_analysis`)."""
    return body_analysis(body, idf_cache)[0]


def body_formulations(body: dict, idf_cache: Path | None = None) -> dict:
    """Formulation candidates of a body (see `body_analysis`)."""
    return body_analysis(body, idf_cache)[1]

