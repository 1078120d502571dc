"""A first line that runs dateline, title, date, speaker, salutation and body together
(在……上的讲话（2020年1月8日）习近平同志们：……), split into separate lines before
`head.read_head` reads them. Every rule reads the folded (simplified) line; the pieces
are cut from the line as written."""

from __future__ import annotations

import re

from .dates import find_date
from .han import BASIC
from .metadata import MAX_TITLE, SENTENCE, TITLE_WORD, is_salutation, lede_after_dateline, salutation_prefix, vocab
from .patterns import lazy


# a title run into its speaker's name (……工作报告张剑飞)
_SIGNED_TITLE = lazy(TITLE_WORD.pattern + rf"([{BASIC}·]{{2,4}})$")


def _split_name(raw: str, f: str) -> int:
    """Length of a speaker name (with its office) opening `f`, 0 if none:
    中华人民共和国主席 习近平尊敬的… → 12; 习近平同志们：… → 3."""
    v = vocab()
    m = re.match(rf"^([{BASIC}]{{0,16}}?)(?:" + v.office.pattern + r")\s+", f)
    start = m.end() if m else 0
    tail = f[start:start + 12]
    for k in range(2, 9):
        if k <= len(tail) and salutation_prefix(tail[k:]) and re.fullmatch(rf"[{BASIC}·]+", tail[:k]):
            return start + k
    if m:
        n = re.match(rf"[{BASIC}·]{{2,8}}?(?=\s|$)", tail)
        if n:
            return start + n.end()
    from .segment import cut

    words = cut(tail[:12]) if tail else []
    if words and re.fullmatch(rf"[{BASIC}·]{{2,4}}", words[0]) and start + len(words[0]) < len(f):
        return start + len(words[0])
    return 0


def _title_pieces(raw: str, f: str) -> list[str] | None:
    """A run-together line cut into title, date, speaker, salutation and body, or None."""
    v = vocab()
    paren = re.search(r"[（(](?=\s*(?:19|20)\d{2}\s*年|[〇零○一二三四五六七八九]{4}年)", f[:140])
    sep = next((s for s in v.separators if s in f[:140]), None)
    titled = False  # a title run into a salutation or its own repeat: no speaker's name follows
    if paren:
        cut = paren.start()
        close = re.search(r"[）)]", f[cut:cut + 40])
        if not close or find_date(f[cut:cut + close.end()]) is None:
            return None
        end = cut + close.end()
        if not f[:cut].strip():  # (2006年8月30日) 同志们：…: a dating line run into its salutation
            rest = f[end:].strip()
            return [raw[:end].strip(), raw[end:].strip()] if rest and salutation_prefix(rest) else None
    elif sep:
        cut = f.index(sep)
        end = cut + len(sep)
    elif dated := _dated_salutation(f):
        cut, end = dated  # ……工作报告张剑飞2023年1月6日各位代表：……
    elif run := _titled_run(f):
        (cut, end), titled = run, True  # ……的讲话同志们：…… / ……的讲话……的讲话今天，……
    else:
        return None
    title, ftitle = raw[:cut].strip(), f[:cut].strip()
    if not (4 <= len(ftitle) <= MAX_TITLE + 40) or SENTENCE.search(ftitle) or is_salutation(ftitle):
        return None
    pieces: list[str] = []
    dash = re.search(r"[—―]{2}|--", ftitle)
    signed = _SIGNED_TITLE().search(ftitle) if not paren and not sep else None
    if dash and dash.start() >= 4:
        pieces += [title[: dash.start()].strip(), title[dash.start():].strip()]
    elif signed and signed.start(signed.lastindex) >= 4:  # the title, then its speaker's name
        pieces += [title[: signed.start(signed.lastindex)], title[signed.start(signed.lastindex):]]
    else:
        pieces.append(title)
    if paren or not sep:
        pieces.append(raw[cut:end])
    rest_raw, rest = raw[end:].strip(), f[end:].strip()
    n = _split_name(rest_raw, rest) if rest and not salutation_prefix(rest) and not titled else 0
    if n:
        pieces.append(rest_raw[:n])
        rest_raw, rest = rest_raw[n:].strip(), rest[n:].strip()
    if rest_raw:
        pieces.append(rest_raw)
    return pieces


def _titled_run(f: str) -> tuple[int, int] | None:
    """A title that names its kind of text (……上的讲话) run into a salutation or into its own
    repeat (a document site's copy: 在……上的讲话同志们：今天…… / ……讲话……讲话今天，……):
    the span (end of the title, end of its repeat), or None."""
    for m in TITLE_WORD.finditer(f[:MAX_TITLE + 40]):
        end = m.end()
        if end < 6 or SENTENCE.search(f[:end]) or is_salutation(f[:end]):
            continue
        title = f[:end]
        if f.startswith(title, end) and len(f) > 2 * end:
            return end, 2 * end
        if salutation_prefix(f[end:].lstrip()):
            return end, end
    return None


def _dated_salutation(f: str) -> tuple[int, int] | None:
    """The span of a full date that runs into a salutation in a run-together first line
    (……报告张剑飞2023年1月6日各位代表：现在……), or None."""
    found = find_date(f[:140])
    if found and len(found[0]) == 10 and salutation_prefix(f[found[2]:].lstrip()):
        return found[1], found[2]
    return None


def split_first_line(lines: list[str], flines: list[str]) -> None:
    """Split a run-together first line (in place, both lists)."""
    if not lines:
        return
    v = vocab()
    f, raw = flines[0], lines[0]
    out: list[str] = []
    m = v.dateline.match(f)
    lede = None
    if m and m.end() < len(f):
        out.append(raw[: m.end()])
        lede, raw, f = raw, raw[m.end():].strip(), f[m.end():].strip()
    pieces = _title_pieces(raw, f) if len(f) > 8 else None
    if pieces is None and lede is not None and lede_after_dateline(f):
        return  # 新华社……电（记者……）……。: the report's first paragraph, dateline and all (no title run in)
    from .script import fold

    if pieces is None:
        if not out:
            _split_later_line(lines, flines)
            return
        pieces = [raw]
    out += [p for p in pieces if p]
    lines[0:1] = out
    flines[0:1] = [fold(p) for p in out]


def _split_later_line(lines: list[str], flines: list[str]) -> None:
    """The same split for a run-together line further down the head, under a page's title or
    furniture (a document site's title repeated into its salutation and body: ……上的讲话
    同志们：根据……; 莊 華 平(2008年1月13日)各位委員、同志們：……): only where a salutation
    is among the pieces, so a body line is never taken apart."""
    from .script import fold

    for i in range(1, min(len(lines), 8)):
        f = flines[i]
        if len(f) <= 8:
            continue
        if is_salutation(f):
            return  # the head ends at a salutation line of its own
        pieces = _title_pieces(lines[i], f)
        if pieces and any(salutation_prefix(fold(p)) for p in pieces[1:]):
            pieces = [p for p in pieces if p]
            lines[i:i + 1] = pieces
            flines[i:i + 1] = [fold(p) for p in pieces]
            return
