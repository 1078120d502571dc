"""Set formulations (提法): what a speech says in fixed words, found by rules that
are data (`corpus/data/formulations.toml`).

One speech is looked at on its own (`in_speech`, run where the speech is parsed
and segmented); whether a candidate is a formulation of the *corpus* — quoted text
that recurs, phrases used across speeches — is decided over all speeches
(`is_listed`), so one changed file never means looking at every speech again.

Kinds: numbered (四个意识, 八项规定, 三大攻坚战), paired (三会一课, 五位一体),
quoted (“国之大者”), phrase (recurring jieba word sequences that hold together:
以人民为中心), dictionary (the set formulations of the user dictionary).
Everything is matched on the folded (simplified) text, so a traditional-script
speech counts the same formulations.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, count, repeat
from functools import lru_cache
from operator import add, itemgetter
from pathlib import Path

from ._toml import toml
from .resources import DATA_DIR, USER_DICT
from .script import fold

FORMULATIONS = DATA_DIR / "formulations.toml"
KINDS = ("paired", "numbered", "quoted", "phrase", "dictionary")  # the first that fits names a formulation
_HAN = "\u4e00-\u9fff"
# Short text in quotation marks, without sentence punctuation or "*", holding a Han
# character (the look-ahead stays inside the quotation: it stops at a quotation mark).
_QUOTES = re.compile(f"[“「](?=[^”」“「\n]*?[{_HAN}])([^”」“「\n，。；！？：,.;!?:*]{{1,40}})[”」]")


@dataclass(frozen=True)
class Rules:
    numbered: re.Pattern
    single_numeral: str
    head_stop: re.Pattern
    min_head: int
    max_head: int
    counting: tuple[str, ...]
    paired: re.Pattern
    idioms: frozenset[str]
    quoted: dict
    phrase: dict
    dictionary: tuple[str, ...]
    dictionary_re: re.Pattern
    fingerprint: str


def _user_formulations(path: Path = USER_DICT) -> tuple[str, ...]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split()[0] if line.strip() and not line.startswith("#") else ""
        if len(word) >= 3:
            words.append(word)
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _alternatives(words: Sequence[str]) -> re.Pattern:
    """A pattern matching any of `words`, the earlier listed first where two match
    at one place (as "a|b|c" would), grouped by first character (四(?:个意识|个自信)|…):
    the regex engine tries only the words that start with the character at hand."""
    if not words:
        return re.compile("(?!)")
    rests: dict[str, list[str]] = {}
    for w in words:
        rests.setdefault(w[0], []).append(re.escape(w[1:]))
    return re.compile("|".join(f"{re.escape(c)}(?:{'|'.join(r)})" for c, r in rests.items()))


@lru_cache(maxsize=4)
def load_rules(path: Path = FORMULATIONS) -> Rules:
    raw = path.read_bytes()
    data = toml.loads(raw.decode("utf-8"))
    num, pair = data["numbered"], data["paired"]
    nums = re.escape(num["numerals"])
    # (Each pattern opens with its numeral and looks behind it only then, two
    # characters back: "no numeral before this one". Opening with a character
    # class lets the regex engine skip to the numerals; a look-behind first would
    # be tried at every character of the speech — same matches, ~4× the time.)
    numbered = re.compile(
        rf"([{nums}](?<![{nums}一百千万零〇\d].)[{nums}]?)([{re.escape(num['measures'])}])([{_HAN}]{{1,{int(num['max_head']) + 6}}})"
    )
    p1, p2 = re.escape(pair["numerals"]), re.escape(pair["second_numerals"])
    paired = re.compile(rf"[{p1}](?<![{p2}].)([^\W\d{p2}{re.escape(pair['not_between'])}])[{p2}]([^\W\d{p2}{re.escape(pair['not_between'])}])")
    dictionary = _user_formulations()
    h = hashlib.sha256(raw)
    h.update("\n".join(dictionary).encode())
    return Rules(
        numbered=numbered,
        single_numeral=num["single_numeral_measures"],
        head_stop=re.compile(f"[{re.escape(num['head_stops'])}]"),
        min_head=int(num["min_head"]),
        max_head=int(num["max_head"]),
        counting=tuple(sorted(num["counting_heads"], key=len, reverse=True)),
        paired=paired,
        idioms=frozenset(pair["idioms"]),
        quoted=dict(data["quoted"]),
        phrase=dict(data["phrase"]),
        dictionary=dictionary,
        dictionary_re=_alternatives(dictionary),
        fingerprint=h.hexdigest()[:16],
    )


def _head(run: str, rules: Rules, boundaries: Sequence[int] | _WordEnds | None, start: int) -> str:
    """The head of a numbered formulation: the run of Han characters after the
    measure word, cut before grammar words, at most `max_head` characters, and
    ending where a word ends (when the text was segmented; `boundaries`: the
    sorted offsets where words end, `_word_boundaries`): at the last word end
    within the head, if one is at least `min_head` characters in."""
    m = rules.head_stop.search(run)
    head = run[: m.start()] if m else run
    head = head[: rules.max_head]
    if boundaries is not None and len(head) > rules.min_head:
        at = start + len(head)
        end = (boundaries.last(at) if isinstance(boundaries, _WordEnds) else boundaries[bisect_right(boundaries, at) - 1]) - start
        if end >= rules.min_head:
            head = head[:end]
    return head


def numbered(text: str, rules: Rules, boundaries: Sequence[int] | _WordEnds | None = None) -> list[tuple[int, str]]:
    """(start, formulation) of each numbered formulation in `text`."""
    out = []
    for m in rules.numbered.finditer(text):
        numeral, measure, run = m.groups()
        if measure in rules.single_numeral and len(numeral) > 1:
            continue
        head = _head(run, rules, boundaries, m.start(3))
        if len(head) < rules.min_head or head.startswith(rules.counting):
            continue
        out.append((m.start(), numeral + measure + head))
    return out


def paired(text: str, rules: Rules) -> list[tuple[int, str]]:
    """(start, formulation) of each paired formulation (三会一课) in `text`."""
    out = []
    for m in rules.paired.finditer(text):
        s = m.group(0)
        if s not in rules.idioms and not (s[0] == "一" and s[2] == "一"):
            out.append((m.start(), s))
    return out


def quoted(text: str, rules: Rules) -> dict[int, str]:
    """{start of the quoted text: quoted text} for each short quotation in `text`."""
    q = rules.quoted
    out = {}
    for m in _QUOTES.finditer(text):
        s = m.group(1)
        if q["min_chars"] <= len(s) <= q["max_chars"]:
            out[m.start(1)] = s
    return out


def _whole(found: list[tuple[int, str]], quotes: dict[int, str], rules: Rules) -> list[str]:
    """A numbered or paired formulation that opens a quotation is the whole
    quotation when that is short (“五比五不比”, not 五比五不)."""
    out = []
    for start, s in found:
        q = quotes.get(start)
        out.append(q if q and q.startswith(s) and len(q) <= rules.max_head + 4 else s)
    return out


def dictionary(text: str, rules: Rules) -> list[str]:
    """The user dictionary's set formulations in `text` (longest first, no overlaps)."""
    return rules.dictionary_re.findall(text) if rules.dictionary else []


class _WordEnds:
    """Where words start or end in paragraphs joined by line breaks (`tokens`: the
    words of each paragraph, which spell it), worked out for a paragraph only when
    a numbered formulation there asks: the same offsets as `_word_boundaries`."""

    def __init__(self, paragraphs: Sequence[str], tokens: Sequence[Sequence[str]]):
        self.starts = list(accumulate((len(p) + 1 for p in paragraphs), initial=0))
        self.tokens, self.made = tokens, {}

    def last(self, at: int) -> int:
        """The last offset at or before `at` where a word starts or ends."""
        i = bisect_right(self.starts, at) - 1
        ends = self.made.get(i)
        if ends is None:
            ends = self.made[i] = list(accumulate(map(len, self.tokens[i]), initial=self.starts[i]))
        return ends[bisect_right(ends, at) - 1]


def _word_boundaries(tokens: Sequence[str]) -> list[int]:
    """The offsets where words start or end, in order (a list for bisect: no set of
    every offset is built for the few numbered formulations of a speech)."""
    return [0, *accumulate(map(len, tokens))]


_HAN_WORD = re.compile(f"[{_HAN}]+").fullmatch


# Word classes for `phrases` (bit flags): a Han word; may open a phrase; may close one.
_WORD, _OPEN, _CLOSE = 1, 2, 4
_CLASSES: list[tuple[tuple, dict[str, int]]] = []  # ((stop, known words, edge rules), word → flags)


_OPENS = bytes(1 if v & _OPEN else 0 for v in range(256))
_WORDS = bytes(1 if v & _WORD else 0 for v in range(256))


def _table(stop: frozenset[str], known, edge: str, guessed: str) -> dict[str, int]:
    """word → flags (`_learn`), kept per process across speeches (most words of a
    speech were seen in the ones before: only new words cost). The tables are
    keyed by the very stop-word and dictionary objects they were made from (held
    here: an object's identity is never reused for another)."""
    words = getattr(known, "idf", known)  # the large table: compared by identity
    ident = (stop, words, getattr(known, "extra", None), edge, guessed)
    for key, table in _CLASSES:
        if key[0] is stop and key[1] is words and key[2:] == ident[2:]:
            return table
    table = {}
    _CLASSES.append((ident, table))
    del _CLASSES[:-4]  # other rules or dictionaries came and went: keep the latest
    return table


def _learn(table: dict[str, int], vocabulary: Iterable[str], stop: frozenset[str], known, edge: str, guessed: str) -> None:
    """The flags of every word of `vocabulary` not yet in `table`."""
    for t in set(vocabulary).difference(table):
        if _HAN_WORD(t) is None:
            table[t] = 0
            continue
        if len(t) < 2 or t in stop:
            table[t] = _WORD
            continue
        table[t] = (_WORD
                    | (_OPEN if t[0] not in edge and (t[0] not in guessed or t in known) else 0)
                    | (_CLOSE if t[-1] not in edge and (t[-1] not in guessed or t in known) else 0))


def _classes(vocabulary: Iterable[str], stop: frozenset[str], known, edge: str, guessed: str) -> dict[str, int]:
    """word → flags for (at least) every word of `vocabulary` (see `_table`)."""
    table = _table(stop, known, edge, guessed)
    _learn(table, vocabulary, stop, known, edge, guessed)
    return table


def _frequent(cols: list[list[str]], floor: int) -> tuple[list[tuple[str, ...]], dict[tuple[str, ...], int]]:
    """The sequences the columns spell (one per row) and those used `floor` times or more."""
    grams = list(zip(*cols))
    return grams, {g: c for g, c in Counter(grams).items() if c >= floor}


def phrases(tokens: Sequence[str], rules: Rules, stop: frozenset[str], known) -> list[tuple[tuple[str, ...], int]]:
    """Word n-grams a speech uses at least `min_uses_in_speech` times: Han words
    only; no stop word, one-character word or grammar character at either edge
    (`known`: the words of jieba's dictionary). `tokens`: the speech's words, with
    a non-word between paragraphs."""
    return _phrases(tokens, rules, stop, known)[0]


def neighbours(tokens: Sequence[str], levels: list, wanted: set) -> dict[tuple[str, ...], tuple[str, str]]:
    """For each sequence of `wanted`: (what is just before it, the word just after
    it), each when the speech's every use of the sequence has the same there (""
    when they differ, or when it is no Han word: punctuation, a paragraph end, Latin
    letters). Before it: the word, or when they are several words ending in the
    same character, that character after `PART` (…新 for 以新|时代 and 创新|时代,
    where jieba cut the phrase's first character off); after it: the word, or "0" when
    at least half its uses are followed by a figure (分别增长 8%). A sequence always
    after the same character is a piece of a longer unit (新|时代中国特色社会主义);
    one always before the same word likewise (人类命运|共同体). `levels`: where
    `_phrases` counted the sequences of each
    length ((length, start offsets, sequences)). Classic new-word discovery, one
    speech's share of it: the corpus decides (`is_fragment`, `extension`)."""
    seen: dict = {}
    n = len(tokens)
    lengths = set(map(len, wanted))
    for k, at, grams in levels:
        if k not in lengths:  # (no sequence of this length wanted: none of its places looked at)
            continue
        mask = bytes(map(wanted.__contains__, grams))
        if not any(mask):
            continue
        for a, g in zip(compress(at, mask), compress(grams, mask)):
            t = tokens[a - 1] if a > 0 else ""
            left = t if "\u4e00" <= t[-1:] <= "\u9fff" else ""
            t = tokens[a + k] if a + k < n else ""
            c = t[:1]
            right = t if "\u4e00" <= c <= "\u9fff" else "0" if c.isdigit() else ""
            got = seen.get(g)
            if got is None:
                seen[g] = [left, right, right == "0", 1]
            else:
                if got[0] != left:  # (other words ending in the same character: that character)
                    got[0] = PART + left[-1] if left and got[0] and got[0][-1] == left[-1] else ""
                if got[1] != right:
                    got[1] = ""
                got[2] += right == "0"
                got[3] += 1
    return {g: (left, "0" if 2 * figures >= uses else right) for g, (left, right, figures, uses) in seen.items()}


def _phrases(tokens: Sequence[str], rules: Rules, stop: frozenset[str], known) -> tuple[list[tuple[tuple[str, ...], int]], list, Sequence[str]]:
    """`phrases`, with where each length's sequences were counted (for `neighbours`)
    and the (padded) words they index."""
    p = rules.phrase
    lo, hi, cmin, cmax, floor = p["min_words"], p["max_words"], p["min_chars"], p["max_chars"], p["min_uses_in_speech"]
    edge, guessed = p["edge_chars"], p["guessed_edge_chars"]
    flags = _table(stop, known, edge, guessed)
    # (one byte of flags per word; most speeches bring no word the table lacks)
    try:
        fb = bytes(map(flags.__getitem__, tokens))
    except KeyError:
        _learn(flags, tokens, stop, known, edge, guessed)
        fb = bytes(map(flags.__getitem__, tokens))
    if fb and fb[-1] & _WORD:  # a sequence may run past the last word: padded
        tokens, fb = [*tokens, *("",) * hi], fb + bytes(hi)
    # Where a phrase may begin (a word that may open one, then a Han word), found
    # in C (no Python step per word): "opens" and "next is a word" as bytes, ANDed
    # as big numbers. The word pairs there are counted; a longer sequence only
    # where the one it extends is used often enough and ends in a Han word (the
    # others can be no phrase, nor begin one: a phrase's inner words are Han words
    # and each of its beginnings is used at least as often as itself).
    n = len(fb)
    both = (int.from_bytes(fb.translate(_OPENS), "little") & int.from_bytes(fb[1:].translate(_WORDS), "little")).to_bytes(n, "little")
    at = list(compress(count(), both))
    cols = [list(map(tokens.__getitem__, at)), list(map(tokens.__getitem__, map(add, at, repeat(1))))]
    grams, counts = _frequent(cols, floor)
    found = dict(counts)
    levels = [(2, at, grams)]
    for k in range(3, hi + 1):
        if not counts:
            break
        keep = bytes(map(counts.__contains__, grams))
        if k > 3:  # (the second word of a pair counted is a Han word already)
            word = int.from_bytes(bytes(map(flags.get, cols[-1], repeat(0))).translate(_WORDS), "little")
            keep = (int.from_bytes(keep, "little") & word).to_bytes(len(keep), "little")
        at = list(compress(at, keep))
        cols = [list(compress(c, keep)) for c in cols]
        cols.append(list(map(tokens.__getitem__, map(add, at, repeat(k - 1)))))
        grams, counts = _frequent(cols, floor)
        found.update(counts)
        levels.append((k, at, grams))
    # (the inner words of every sequence counted are Han words: see above)
    return [(g, c) for g, c in found.items()
            if len(g) >= lo and flags.get(g[-1], 0) & _CLOSE and cmin <= sum(map(len, g)) <= cmax], levels, tokens


class _Known:
    """Words of jieba's dictionary (its IDF table) and of the user dictionary."""

    def __init__(self, idf: dict, extra: Sequence[str]):
        self.idf, self.extra = idf, frozenset(extra)

    def __contains__(self, word: str) -> bool:
        return word in self.idf or word in self.extra


def speech_words(tokens: Sequence[Sequence[str]]) -> list[str]:
    """The words of every paragraph, each paragraph's followed by "\n" (a non-word:
    no phrase runs across it), joined in C."""
    return list(chain.from_iterable(chain.from_iterable(zip(tokens, repeat(("\n",))))))


def in_speech(paragraphs: Iterable[str], tokens: Sequence[Sequence[str]] | None = None,
              rules: Rules | None = None, idf_cache: Path | None = None, folded: bool = False,
              words: Sequence[str] | None = None) -> dict:
    """One speech's candidates: {"f": [[text, kind, count]], "p": [[phrase, count, log p, before, after]]}.

    `tokens`, when given, are jieba's words of each paragraph (of the folded text);
    they place the end of numbered heads and give the phrases. `folded`: the
    paragraphs are already in simplified script (`script.fold`). `words`, when the
    caller has them: the tokens of all paragraphs, each paragraph's followed by
    "\n" (made from `tokens` otherwise). `log p` is the log
    of the chance that a speech holds all the phrase's words, from jieba's
    general-language document frequencies (its IDF table): the count over the
    corpus is set against it (`llr`). `before`, `after`: the character every use
    of the phrase in this speech has just before (after) it, if one (`neighbours`).
    """
    from .keywords import jieba_idf, stopwords

    rules = rules or load_rules()
    stop = stopwords()
    idf, median = jieba_idf(idf_cache) if tokens is not None else ({}, 0.0)
    known = _Known(idf, rules.dictionary)
    # The whole speech at once, paragraphs joined by line breaks (no rule matches
    # across one); its words likewise, so word ends are offsets in the same text.
    paragraphs = list(paragraphs)  # (folding keeps lengths: offsets hold either way)
    text = "\n".join(paragraphs if folded else map(fold, paragraphs))
    # (a non-word after each paragraph's words)
    if tokens is None:
        words = []
    elif words is None:
        words = speech_words(tokens)
    bounds = _WordEnds(paragraphs, tokens) if tokens is not None else None
    quotes = quoted(text, rules)
    found = {"numbered": _whole(numbered(text, rules, bounds), quotes, rules), "paired": _whole(paired(text, rules), quotes, rules),
             "quoted": list(quotes.values()), "dictionary": dictionary(text, rules)}
    # A formulation found as numbered or paired and also quoted or in the dictionary
    # is listed once, under the most specific kind.
    # (Each kind counts the same uses its own way: the largest count is kept.)
    best: dict[str, tuple[str, int]] = {}
    for kind in KINDS:
        for s, n in Counter(found.get(kind, ())).items():
            kind0, n0 = best.get(s, (kind, 0))
            best[s] = (kind0, max(n, n0))
    # The most used phrases first (then in word order), but for those found as
    # formulations of another kind: the first `per_speech`.
    kept, levels, padded = _phrases(words, rules, stop, known)
    kept.sort(key=itemgetter(0))
    kept.sort(key=itemgetter(1), reverse=True)  # (stable: equal counts stay in word order)
    shown, room = [], rules.phrase["per_speech"]
    for g, n in kept:
        if room <= 0:
            break
        if "".join(g) not in best:
            shown.append((g, n))
            room -= 1
    sides = neighbours(padded, levels, {g for g, _n in shown}) if shown else {}
    return {"f": sorted([[s, kind, n] for s, (kind, n) in best.items()]),
            "p": [["".join(g), n, round(-sum(map(idf.get, g, repeat(median))), 3), *sides.get(g, ("", ""))] for g, n in shown]}


def llr(observed: int, expected: float) -> float:
    """Dunning's log-likelihood (G²) of a count against its expectation; signed:
    negative when a sequence is rarer than chance would have it."""
    if observed <= 0 or expected <= 0:
        return 0.0
    g = 2.0 * (observed * math.log(observed / expected) - (observed - expected))
    return g if observed >= expected else -g


PART = "…"  # before a phrase: the last character of a longer word (`neighbours`)


def _dominant(hits: int, before: dict[str, int], after: dict[str, int], p: dict) -> tuple[str, str] | None:
    """("before", the character) or ("after", the word) that nearly all uses of a
    phrase have next to them (`fragment_share`), if one ("before", PART + the
    character, when one word ending in it is before nearly all uses): a grammar
    character does not count — those of edge_chars on either side, and after the
    phrase those of guessed_edge_chars too (政治道路上, 大局中, 建设等)."""
    share = p["fragment_share"] * hits
    chars: dict[str, int] = {}
    for w, n in before.items():
        chars[w[-1]] = chars.get(w[-1], 0) + n
    for c, n in chars.items():
        if n >= share and c not in p["edge_chars"]:
            # one longer word before nearly every use governs the phrase (树立|新风正气):
            # no piece of a unit of the character
            word = max((m for w, m in before.items() if len(w) > 1 and w[0] != PART and w[-1] == c), default=0)
            return "before", c if word < share else PART + c
    grammar = p["edge_chars"] + p["guessed_edge_chars"]
    for w, n in after.items():
        if n >= share and w != "0" and w[0] not in grammar:
            return "after", w
    return None


def is_fragment(hits: int, before: dict[str, int], after: dict[str, int], rules: Rules | None = None) -> bool:
    """Whether a phrase counted over the corpus is no unit of its own (`before`,
    `after`: word → the hits of the phrase always preceded, followed, by it in a
    speech; `neighbours`): a piece of a longer unit — nearly all its uses have the
    same word next to them, on one side (时代中国特色社会主义, always after 新;
    人类命运, before 共同体; a grammar word does not count: `_dominant`) — or a
    frame for a figure (分别增长, 同比增长 8%: most uses followed by a number)."""
    p = (rules or load_rules()).phrase
    return _dominant(hits, before, after, p) is not None or after.get("0", 0) >= p["figure_share"] * hits


def extension(text: str, hits: int, before: dict[str, int], after: dict[str, int], rules: Rules | None = None) -> tuple[str, str, str] | None:
    """The longer unit a fragment is a piece of (新时代中国特色社会主义 for
    时代中国特色社会主义, after 新; 铸牢中华民族共同体意识, before 意识): (its text,
    "before" or "after", the word added), when it is longer than a speech's count
    of phrases reaches (`max_chars`; a shorter one was counted, and judged, there),
    at most `extended_max_chars` characters, and does not begin or end with a
    grammar character — else None."""
    p = (rules or load_rules()).phrase
    got = _dominant(hits, before, after, p)
    if got is None:
        return None
    side, w = got
    grammar = p["edge_chars"] + p["guessed_edge_chars"] + PART  # (the end of a longer word: no unit)
    longer = w + text if side == "before" else text + w
    if w[0] in grammar or w[-1] in grammar or not p["max_chars"] < len(longer) <= p["extended_max_chars"]:
        return None  # (one a speech's count reaches was judged there: 办|群众关心, 对|党委办公室 are none)
    return longer, side, w


def is_listed(kind: str, hits: int, speeches: int, score: float | None, rules: Rules | None = None) -> bool:
    """Whether a candidate counted over the corpus is listed as a formulation."""
    rules = rules or load_rules()
    if kind == "quoted":
        return speeches >= rules.quoted["min_speeches"] or hits >= rules.quoted["min_hits"]
    if kind == "phrase":
        return speeches >= rules.phrase["min_speeches"] and (score or 0.0) >= rules.phrase["min_llr"]
    return True
