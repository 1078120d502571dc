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

The pieces: the rules (`formulation_rules`), the kinds found by rule
(`formulation_kinds`), a speech's recurring word sequences
(`formulation_phrases`); here, one speech's candidates (`in_speech`) and the
corpus-wide tests of a candidate (`is_listed`, `is_fragment`, `extension`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, compress, repeat
from operator import itemgetter
from pathlib import Path

from .formulation_kinds import _QUOTES, _WordEnds, _head, _whole, _word_boundaries, dictionary, numbered, paired, quoted  # noqa: F401
from .formulation_phrases import (  # noqa: F401
    _CLASSES, _HAN_WORD, PART, _Known, _phrases, neighbours, phrases, speech_words)
from .formulation_rules import _HAN, FORMULATIONS, KINDS, Rules, load_rules  # noqa: F401
from .formulation_tags import word_tags
from .han import BASIC_FIRST, BASIC_LAST
from .script import fold


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
    tags = word_tags(idf_cache) if tokens is not None else None
    quotes = quoted(text, rules)
    found = {"numbered": _whole(numbered(text, rules, bounds, tags), quotes, rules), "paired": _whole(paired(text, rules, bounds), quotes, rules),
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
    shown = _shown(kept, best, padded, levels, tags, rules)
    sides = neighbours(padded, levels, {g for g, _n in shown}) if shown else {}
    lookup = getattr(idf, "lookup", None)  # (the indexed table: the words of the phrases looked up at once)
    get = lookup(chain.from_iterable(g for g, _n in shown)).get if lookup is not None else idf.get
    return {"f": sorted([[s, kind, n] for s, (kind, n) in best.items()]),
            "p": [["".join(g), n, round(-sum(map(get, g, repeat(median))), 3), *sides.get(g, ("", ""))] for g, n in shown]}


def _shown(kept: list, best: dict, padded: Sequence[str], levels: list, tags, rules: Rules) -> list:
    """The first `per_speech` of the phrases `kept` (most used first) that are no
    formulation of another kind (`best`) and name something or stand on their own
    (`verb_phrases`: asked of the next few candidates at a time)."""
    shown, room, i = [], rules.phrase["per_speech"], 0
    while room > 0 and i < len(kept):
        batch = [(g, n) for g, n in kept[i:i + room + 8] if "".join(g) not in best]
        i += room + 8
        cut = verb_phrases(padded, levels, [g for g, _n in batch if not names_something(g, tags, rules)], rules)
        refs, clauses = _shapes([g for g, _n in batch], tags, rules)
        cut.update(refs)
        if clauses:  # (one followed by what it describes is no clause: 负面清单|制度)
            said = set(clauses).difference(standing(padded, levels, clauses, tags, rules))  # (实现|政府清廉 is a set phrase)
            cut.update(said.difference(verb_phrases(padded, levels, list(said), rules, clause=True)))
        for g, n in batch:
            if room <= 0:
                break
            if g not in cut:
                shown.append((g, n))
                room -= 1
    return shown


_NOMINAL: list = []  # [((tags, nominal tags, not nominal), word → names something)], the latest few


def names_something(words: Sequence[str], tags, rules: Rules) -> bool:
    """Whether a phrase (its words) names something: one of its words is nominal —
    jieba's dictionary tags it as one of `nominal_tags`, or lacks it — and is none
    of `not_nominal` (`tags`: `formulation_tags.word_tags`). Each word is judged
    once per process (most words of a speech were in the ones before)."""
    p = rules.phrase
    key = (tags, p["nominal_tags"], p["not_nominal"])
    memo = next((m for k, m in _NOMINAL if k[0] is tags and k[1:] == key[1:]), None)
    if memo is None:
        memo = {}
        _NOMINAL.append((key, memo))
        del _NOMINAL[:-4]
    for w in words:
        got = memo.get(w)
        if got is None:
            t = tags.get(w)
            got = memo[w] = w not in p["not_nominal"] and (t is None or t in p["nominal_tags"])
        if got:
            return True
    return False


_TAGGED: list = []  # [(tags, word → its tag)], the latest few (most words of a speech were in the ones before)


def _tag_of(tags):
    """word → jieba's tag of it (`tags.get`), each word looked up once per process."""
    memo = next((m for t, m in _TAGGED if t is tags), None)
    if memo is None:
        memo = {}
        _TAGGED.append((tags, memo))
        del _TAGGED[:-4]
    get = tags.get

    def tag(w: str):
        try:
            return memo[w]
        except KeyError:
            t = memo[w] = get(w)
            return t
    return tag


def _shapes(found: list, tags, rules: Rules) -> tuple[list, list]:
    """The phrases that refer (`refers`) and those that are clauses (`is_clause`)."""
    return [g for g in found if refers(g, tags, rules)], [g for g in found if is_clause(g, tags, rules)]


def is_clause(words: Sequence[str], tags, rules: Rules) -> bool:
    """Whether a phrase ends with a noun and then an adjective (jieba's tags:
    `clause_subject_tags`, `clause_predicate_tags`): a clause that says something of
    its subject (地位特殊、作用关键; 兵力不足) — when nothing it describes follows it."""
    p, tag = rules.phrase, _tag_of(tags)
    return len(words) >= 2 and tag(words[-1]) in p["clause_predicate_tags"] and tag(words[-2]) in p["clause_subject_tags"]


def standing(tokens: Sequence[str], levels: list, clauses: Sequence[tuple[str, ...]], tags, rules: Rules) -> set:
    """Of the clauses (`is_clause`), those that stand as set phrases in at least
    `object_share` of this speech's uses: a verb or adverb (`clause_set_tags`; not one
    ending in a grammar character: 即|是) or an opening quotation mark is just before
    them, or before the parallel series they are an item of (实现|干部清正、政府清廉,
    确保信念坚定、政治过硬, 维护|社会稳定, 必须|政治过硬). A clause said of a topic
    (市直机关|地位特殊、作用关键, 身份|地位特殊) or in running text after a comma
    (是小国，兵力不足) is none. A word jieba's dictionary lacks is read as its
    longest suffix of two characters or more that it holds (努力实现: 实现)."""
    wanted = set(clauses)
    p, tag = rules.phrase, _tag_of(tags)
    verbs, marks, edge = p["clause_set_tags"], p["object_marks"], p["edge_chars"]

    def set_use(a: int, k: int) -> bool:
        j = a - 1
        while j >= 0 and tokens[j] == "、":  # (an item of a series: what is before its first item)
            j -= 1 + k
        w = tokens[j] if j >= 0 else ""
        return bool(w) and (w in marks or (w[-1] not in edge and _suffix_tag(w, tag) in verbs))

    return _most_uses(levels, wanted, set_use, p["object_share"])


def _most_uses(levels: list, wanted: set, counts, share: float) -> set:
    """Of the phrases `wanted`, those for which `counts(at, k)` holds in at least
    `share` of their uses in `levels` (as `neighbours` takes them)."""
    lengths = set(map(len, wanted))
    uses: dict[tuple[str, ...], list[int]] = {}
    for k, at, grams in levels:
        if k not in lengths:
            continue
        mask = bytes(map(wanted.__contains__, grams))
        for g, a in zip(compress(grams, mask), compress(at, mask)):
            u = uses.setdefault(g, [0, 0])
            u[0] += 1
            u[1] += counts(a, k)
    return {g for g, (m, hits) in uses.items() if hits >= share * m}


def _suffix_tag(w: str, tag):
    """jieba's tag of a word, or of its longest suffix of two characters or more it
    has a tag for (a word its dictionary lacks: 努力实现 → 实现's)."""
    t = tag(w)
    i = 1
    while t is None and len(w) - i >= 2:
        t = tag(w[i:])
        i += 1
    return t


def refers(words: Sequence[str], tags, rules: Rules) -> bool:
    """Whether a phrase opens with a pronoun (jieba's tag r) that starts with one of
    `reference_chars`: it refers to things at hand (各位代表, 我国经济, 有些地方) and
    names nothing of its own (自我革命, 多边主义 stay)."""
    w = words[0]
    return w[:1] in rules.phrase["reference_chars"] and _tag_of(tags)(w) == "r"


def verb_phrases(tokens: Sequence[str], levels: list, named: Sequence[tuple[str, ...]], rules: Rules,
                 clause: bool = False) -> set:
    """Of the phrases `named` (which name nothing: `names_something`), those a verb's
    object follows in at least `object_share` of this speech's uses — a word, or an
    opening quotation mark or title mark (学习贯彻|党的精神, 大力弘扬|“敢干”, 及时跟进|解决):
    a verb with its adverb or two verbs, cut off before what they act on. One that
    stands on its own (勇于担当，绝对忠诚。) is a set phrase and stays. `tokens`,
    `levels`: as `neighbours` takes them. `clause`: of clauses (`is_clause`), those
    followed by what they describe — a word opening with none of the grammar
    characters (guessed_edge_chars too: 兵力不足|和, 负面清单|制度)."""
    if not named:
        return set()
    p = rules.phrase
    grammar = p["edge_chars"] + (p["guessed_edge_chars"] if clause else "")
    n, marks = len(tokens), p["object_marks"]

    def object_follows(a: int, k: int) -> bool:
        c = tokens[a + k][:1] if a + k < n else ""
        return bool(c) and (c in marks or (BASIC_FIRST <= c <= BASIC_LAST and c not in grammar))

    return _most_uses(levels, set(named), object_follows, p["object_share"])


def llr(observed: int, expected: float) -> float:
    """Dunning's log-likelihood (G²) of a count against its expectation; signed:
    negative when a sequence is rarer than chance would have it."""
    if observed <= 0 or expected <= 0:
        return 0.0
    g = 2.0 * (observed * math.log(observed / expected) - (observed - expected))
    return g if observed >= expected else -g


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
