"""Search queries: parsing, folding and matching inside one paragraph.

Pure text (no store, no Textual), shared by the corpus search (store.search), the
reader's `/` and the CLI, so that all three find exactly the same things.

Query language
  发展              a phrase (substring), the default
  高质量 发展        several terms: paragraphs holding all of them (the hit is the first term)
  "high quality"    a phrase with spaces
  -形式主义          leave out paragraphs holding this term
  re:发展.{0,4}质量  a regular expression (the `regex` module, with a time budget)

Matching folds what readers do not distinguish: traditional/simplified script
(OpenCC, through corpus.script), full-width/half-width letters and digits
(２０２３ = 2023, ＡＩ = AI), and Latin case. `fold_text` keeps the
length of the text, so offsets found in folded text are valid in the original.
Line breaks in a query are ignored (a paragraph never holds one).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from jianghua.i18n import N_, _

from .clean import sanitize
from .han import HAN
from .script import FULL as _FULL, WIDTH, fold, fold_fingerprint, fold_query

__all__ = ["Query", "QueryError", "SearchCancelled", "fold_text", "fold_fingerprint", "parse", "MAX_QUERY", "REGEX_TIMEOUT", "REGEX_SLICE"]

MAX_QUERY = 200  # characters: a longer pasted query is cut (with a note), not an error
REGEX_TIMEOUT = 2.0  # seconds for one regex search over a text (a catastrophic pattern stops there)
REGEX_SLICE = 0.05  # seconds a regex runs before `cancel` is asked again (a keystroke or Esc stops it within this)
# Folding's tables and version live in corpus.script (FOLD_VERSION, WIDTH, `fold_fingerprint`).
_WIDTH = WIDTH
_WIDTH_CHARS = frozenset(map(chr, _WIDTH))


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """A character class of what OpenCC t2s changes (one conversion of the CJK
    blocks, cached): finding one is a C-level scan, not a conversion."""
    chars = "".join(["".join(map(chr, range(a, b))) for a, b in _CLASS_BLOCKS])
    out = fold(chars)
    return re.compile("[" + "".join(sorted(a for a, b in zip(chars, out) if a != b)) + "]")


_WIDE = re.compile("[" + "".join(sorted(_WIDTH_CHARS)) + "]+")
# Characters folded by converting each text (see `_class`) before `_traditional` is built:
# past this many its class is cheaper (~35 ms of CPU to build it; a conversion ~0.1 µs a
# character). A reader opening a few speeches never builds it; a build does at once.
CONVERT_FIRST = 150_000
_converted = 0  # characters folded that way so far (approximate across threads: only a threshold)


def _class() -> re.Pattern[str] | None:
    """`_traditional()` once it is built or worth building, else None (`fold_text`
    then converts the text to see what OpenCC changes in it)."""
    if _traditional.cache_info().currsize or _converted >= CONVERT_FIRST:
        return _traditional()
    return None


def needs_fold(text: str) -> bool:
    """Does `fold_text` change anything in `text`? (fast: one regex scan each; before
    `_traditional`'s class is built, each distinct character is looked at: `_in_class`)"""
    if _WIDE.search(text) is not None:
        return True
    if text.isascii():
        return False
    rx = _class()
    if rx is None:
        global _converted
        _converted += len(text)
        return any(map(_in_class, set(text)))
    return rx.search(text) is not None


def _narrow(m: re.Match[str]) -> str:
    return m.group().translate(_WIDTH)


def fold_text(text: str) -> str:
    """`text` as search sees it: simplified script, half-width, lower-case Latin.
    Same length as `text`. (The rule: OpenCC's conversion when the text holds a
    character of `_traditional`'s class, else the text as it is — also before that
    class is built, `_unclassed`.)"""
    if not text:
        return text
    text = _WIDE.sub(_narrow, text)
    if text.isascii():
        return text
    rx = _class()
    if rx is None:
        return _unclassed(text)
    return fold(text) if rx.search(text) is not None else text


def _unclassed(text: str) -> str:
    """`fold_text` of a width-folded, non-ASCII text without `_traditional`'s class:
    its conversion says whether it holds a character of the class — unchanged, it
    either holds none or folds to itself (the same result); changed where a character
    of the class stands, it holds one. Changed elsewhere only (a phrase rule), the
    class decides."""
    global _converted
    _converted += len(text)
    converted = fold(text)
    if converted == text:
        return text
    if any(_in_class(a) for a, b in zip(text, converted) if a != b):
        return converted
    return converted if _traditional().search(text) is not None else text


def fold_texts(texts: list[str]) -> list[str]:
    """`[fold_text(t) for t in texts]` — the same result — for the many short texts of
    one document (the reader's find folds a speech's paragraphs at its first key).

    While `_traditional`'s class is not built, one OpenCC pass over all the texts at
    once (~0.1 µs a character) says which texts it changes: only those are folded
    again, by `fold_text` (`_unclassed`, text by text); the others are their
    width-folded selves, as `fold_text` would leave them."""
    if _class() is not None:
        return [fold_text(t) for t in texts]
    joined = _WIDE.sub(_narrow, "\n".join(texts))  # (a line break: no OpenCC phrase spans it)
    converted = fold(joined)  # (the same string when it is ASCII)
    out, pos = [], 0
    for t in texts:
        mine, theirs = joined[pos : pos + len(t)], converted[pos : pos + len(t)]
        out.append(mine if theirs == mine else fold_text(mine))
        pos += len(t) + 1
    return out


def _ranges(cls: str) -> tuple[tuple[int, int], ...]:
    """The ranges [a, b) of a character class's text such as corpus.han.HAN ("x" or "x-y" items)."""
    out, i = [], 0
    while i < len(cls):
        if i + 2 < len(cls) and cls[i + 1] == "-":
            out.append((ord(cls[i]), ord(cls[i + 2]) + 1))
            i += 3
        else:
            out.append((ord(cls[i]), ord(cls[i]) + 1))
            i += 1
    return tuple(out)


# The blocks `_traditional` is made of: every Han character (corpus.han, the one definition),
# the supplementary planes' extensions too (OpenCC t2s changes ~900 of them).
_CLASS_BLOCKS = _ranges(HAN)


def _in_class(ch: str) -> bool:
    """Is `ch` in `_traditional()`'s class — without building it."""
    c = ord(ch)
    return any(a <= c < b for a, b in _CLASS_BLOCKS) and fold(ch) != ch


def fold_term(term: str) -> str:
    """A search term or a themes-file keyword folded like the text it is matched against
    (`fold_text`: simplified script, half-width, lower-case Latin; the length may change)."""
    return fold_query(term.translate(_WIDTH)).translate(_WIDTH)


def fold_terms(terms: list[str]) -> list[str]:
    """`[fold_term(t) for t in terms]` — the same result — with one OpenCC conversion
    for them all (a themes file's ~1 500 keywords: one call instead of one each)."""
    wide = [t.translate(_WIDTH) for t in terms]
    if any("\n" in t for t in wide):  # (a line break parts them: none may hold one)
        return [fold_term(t) for t in terms]
    folded = fold_query("\n".join(wide)).split("\n")  # (no OpenCC phrase spans a line break)
    if len(folded) != len(terms):
        return [fold_term(t) for t in terms]
    return [t.translate(_WIDTH) for t in folded]


class QueryError(ValueError):
    """A query that cannot be searched; the message says why (for the user)."""


# What the regex module says is wrong with a pattern, in the user's words (its own text
# is English, and a Chinese interface showed it as it is); others are shown as they are.
_REGEX_ERRORS = {
    "unterminated character set": N_("a [ without its ]"),
    "missing )": N_("a ( without its )"),
    "unbalanced parenthesis": N_("a ) without its ("),
    "nothing to repeat": N_("nothing before * + ? or {…} to repeat"),
    "multiple repeat": N_("two repeats in a row"),
    "bad escape (end of pattern)": N_("a \\ with nothing after it"),
    "bad character range": N_("a range [x-y] that runs backwards"),
    "min repeat greater than max repeat": N_("a {m,n} with m over n"),
    "missing group name": N_("a group without its name"),
    "unknown property": N_("an unknown \\p{…} property"),
}


def regex_problem(e: Exception, pattern: str) -> str:
    """What is wrong with `pattern` (a regex.error), in the interface's language."""
    msg = getattr(e, "msg", None) or str(e)
    if msg in _REGEX_ERRORS:
        why = _(_REGEX_ERRORS[msg])
    elif msg.startswith("bad escape "):  # bad escape \q
        why = _("an unknown escape {escape}").format(escape=msg[len("bad escape "):])
    else:
        why = msg
    pos = getattr(e, "pos", None)
    if not isinstance(pos, int):
        return why
    return _("{why}, at the end").format(why=why) if pos >= len(pattern) else _("{why}, at character {n}").format(why=why, n=pos + 1)


class SearchCancelled(Exception):
    """The search was cancelled (a new keystroke, Esc) while a regex was running."""


@dataclass(frozen=True)
class Query:
    text: str  # the query as typed (cleaned)
    terms: tuple[str, ...] = ()  # folded; a paragraph must hold all of them
    excludes: tuple[str, ...] = ()  # folded; a paragraph holding any is left out
    pattern: object | None = None  # a compiled `regex` pattern (re: queries)
    note: str = ""  # e.g. "query cut to 200 characters"

    @property
    def is_regex(self) -> bool:
        return self.pattern is not None

    @property
    def first(self) -> str:
        return self.terms[0] if self.terms else ""

    def describe(self) -> str:
        if self.is_regex:
            return f"re:{self.pattern.pattern}"  # type: ignore[attr-defined]
        bits = [f"“{t}”" if " " in t else t for t in self.terms] + [f"-{t}" for t in self.excludes]
        return " ".join(bits)

    def spans(self, folded: str, timeout: float | None = None,
              cancel: Callable[[], bool] | None = None, deadline: float | None = None) -> list[tuple[int, int]]:
        """The hits in one paragraph of folded text: (start, end) of each match of
        the first term (or of the regex), [] when the paragraph does not qualify.
        A regex that runs past `timeout` seconds from now, or past `deadline` (a
        `time.perf_counter()` value: one budget for many paragraphs), raises
        TimeoutError; one still running when `cancel()` says so (asked every
        REGEX_SLICE seconds) raises SearchCancelled."""
        for t in self.excludes:
            if t in folded:
                return []
        if self.pattern is not None:
            if deadline is None and timeout is not None:
                deadline = time.perf_counter() + timeout
            return self._regex_spans(folded, deadline, cancel)
        for t in self.terms[1:]:
            if t not in folded:
                return []
        first = self.terms[0]
        out = []
        n = len(first)
        i = folded.find(first)
        while i >= 0:
            out.append((i, i + n))
            i = folded.find(first, i + n)
        return out

    def _regex_spans(self, folded: str, end: float | None, cancel: Callable[[], bool] | None) -> list[tuple[int, int]]:
        """The regex's non-empty matches, run in slices of REGEX_SLICE seconds (the
        regex module's own timeout) with `cancel()` asked between them: a slice that
        runs out goes on from the end of the last match found (the same matches as one
        run: an iteration resumes there), until the `end` deadline."""
        out: list[tuple[int, int]] = []
        pos = 0
        while True:
            left = None if end is None else end - time.perf_counter()
            if left is not None and left <= 0:
                raise TimeoutError("regex timed out")
            step = left if cancel is None else REGEX_SLICE if left is None else min(left, REGEX_SLICE)
            kw = {} if step is None else {"timeout": step}
            try:
                for m in self.pattern.finditer(folded, pos, concurrent=True, **kw):  # type: ignore[attr-defined]
                    if m.end() > m.start():
                        out.append((m.start(), m.end()))
                        pos = m.end()
                return out
            except TimeoutError:
                if cancel is not None and cancel():
                    raise SearchCancelled from None
                if step == left:
                    raise


_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def parse(text: str) -> Query:
    """A query from what the user typed. QueryError for an empty query or a bad regex."""
    raw = sanitize(text).replace("\n", "").replace("\t", " ")  # control chars and escape sequences out
    raw = raw.strip()
    note = ""
    if len(raw) > MAX_QUERY:
        raw = raw[:MAX_QUERY]
        note = _("the query was cut to its first {n} characters").format(n=MAX_QUERY)
    if not raw:
        raise QueryError(_("Type something to search for."))
    if raw.startswith("re:"):
        src = raw[3:]
        if not src:
            raise QueryError(_("re: needs a regular expression after it."))
        import regex

        try:
            # (folded without lower-casing: \\D is not \\d; the text is lower-case, so IGNORECASE)
            pattern = regex.compile(fold_query(src.translate(_FULL)), regex.V1 | regex.IGNORECASE)
        except regex.error as e:
            raise QueryError(_("Not a valid regular expression: {why}.").format(why=regex_problem(e, src))) from None
        except (ValueError, OverflowError, RecursionError) as e:
            raise QueryError(_("Not a valid regular expression: {why}.").format(why=e)) from None
        if pattern.search(""):
            # would match everywhere (x*, a|, ^ …): every paragraph, every position
            raise QueryError(_("That regular expression matches the empty text: it would find everything."))
        return Query(raw, pattern=pattern, note=note)
    terms: list[str] = []
    excludes: list[str] = []
    for tok in _TOKEN.findall(raw):
        neg = tok.startswith("-") and len(tok) > 1
        if neg:
            tok = tok[1:]
        if tok.startswith('"'):
            tok = tok[1:-1] if tok.endswith('"') and len(tok) > 1 else tok[1:]
        tok = fold_term(tok)
        if not tok.strip():
            continue
        (excludes if neg else terms).append(tok)
    if not terms:
        if excludes:
            raise QueryError(_("A query needs at least one term to find (a -term only leaves paragraphs out)."))
        raise QueryError(_("Type something to search for."))
    return Query(raw, tuple(terms), tuple(excludes), note=note)
