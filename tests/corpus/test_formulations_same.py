"""The fast formulation finder gives what the plain one gave (issue 13's speed work).

`phrases` and the heads of numbered formulations were rewritten for speed (word
classes kept per process, pairs counted only where a phrase may begin, word ends
found by bisection). The plain versions they replaced are kept here as the
reference; both run on the bundled speeches and on a generated sample, and a
speech's whole result (`in_speech`) is compared as well.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

import pytest

from jianghua.corpus import formulations as F
from jianghua.corpus._toml import toml
from jianghua.corpus import segment
from jianghua.corpus.ingest import ingest_bytes
from jianghua.corpus.keywords import jieba_idf, stopwords
from jianghua.corpus.script import fold

from tests.bench.generator import generate
from tests.conftest import SOURCES, raw


def reference_phrases(tokens: Sequence[str], rules: F.Rules, stop: frozenset[str], known) -> list:
    """The plain n-gram count: every pair, then every longer sequence, then the edge rules."""
    p = rules.phrase
    lo, hi, cmin, cmax, floor = p["min_words"], p["max_words"], p["min_chars"], p["max_chars"], p["min_uses_in_speech"]
    edge, guessed = p["edge_chars"], p["guessed_edge_chars"]

    def is_word(t: str) -> bool:
        return F._HAN_WORD(t) is not None

    def may_edge(t: str, ch: str) -> bool:
        return is_word(t) and len(t) >= 2 and t not in stop and ch not in edge and (ch not in guessed or t in known)

    counts: Counter = Counter()
    for n in range(lo, hi + 1):
        counts.update(tuple(tokens[i: i + n]) for i in range(len(tokens) - n + 1))
    return [(g, c) for g, c in counts.items()
            if c >= floor and may_edge(g[0], g[0][0]) and may_edge(g[-1], g[-1][-1])
            and all(is_word(t) for t in g) and cmin <= sum(map(len, g)) <= cmax]


def reference_head_end(head: str, boundaries: set[int], start: int, rules: F.Rules) -> str:
    if len(head) > rules.min_head:
        ends = [k for k in range(rules.min_head, len(head) + 1) if start + k in boundaries]
        if ends:
            return head[: ends[-1]]
    return head


def _speeches() -> list[list[str]]:
    out = [[p[0] for p in ingest_bytes(raw(name), segment=False)["body"]["paragraphs"]] for name in SOURCES]
    for sp in generate(12, seed=7):
        out.append([p[0] for p in ingest_bytes(sp.data, segment=False)["body"]["paragraphs"]])
    return out


@pytest.fixture(scope="module")
def speeches() -> list[tuple[list[str], list[list[str]]]]:
    out = []
    for paras in _speeches():
        folded = [fold(p) for p in paras]
        out.append((folded, [segment.cut(p) for p in folded]))
    return out


def _words(per_paragraph: list[list[str]]) -> list[str]:
    words: list[str] = []
    for toks in per_paragraph:
        words.extend(toks)
        words.append("\n")
    return words


def test_phrases_are_those_of_the_plain_count(speeches):
    rules, stop = F.load_rules(), stopwords()
    idf, _median = jieba_idf()
    known = F._Known(idf, rules.dictionary)
    found_any = 0
    for _paras, per_paragraph in speeches:
        words = _words(per_paragraph)
        fast = sorted(F.phrases(words, rules, stop, known))
        assert fast == sorted(reference_phrases(words, rules, stop, known))
        found_any += len(fast)
    assert found_any > 100  # the sample does hold recurring phrases


def test_phrases_when_the_words_end_with_a_word(speeches):
    """A sequence may run up to the last word (the words need not end with a line break)."""
    rules, stop = F.load_rules(), stopwords()
    known = F._Known(jieba_idf()[0], rules.dictionary)
    tail = ["坚持", "深化", "改革", "开放", "要求"]
    samples = [tail + ["。"] + tail, tail[:2] + ["，"] + tail[:2], tail[1:4] + ["\n"] + tail[1:4]]
    for _paras, per_paragraph in speeches[:6]:
        words = _words(per_paragraph)[:-1]
        while words and F._HAN_WORD(words[-1]) is None:
            words.pop()
        samples.append(words)
    for words in samples:
        assert sorted(F.phrases(words, rules, stop, known)) == sorted(reference_phrases(words, rules, stop, known))
    assert (("深化", "改革", "开放"), 2) in F.phrases(samples[2], rules, stop, known)


def test_numbered_heads_end_where_the_plain_search_ended(speeches):
    rules = F.load_rules()
    cut = 0
    for paras, per_paragraph in speeches:
        text, words = "\n".join(paras), _words(per_paragraph)
        bounds = F._word_boundaries(words)
        as_set = set(bounds)
        for m in rules.numbered.finditer(text):
            run = m.group(3)
            # (a head stop cuts where a word starts: 四个服从 keeps the 从 of 服从)
            stop = next((s for s in rules.head_stop.finditer(run) if m.start(3) + s.start() in as_set), None)
            head = (run[: stop.start()] if stop else run)[: rules.max_head]
            expected = reference_head_end(head, as_set, m.start(3), rules)
            assert F._head(run, rules, bounds, m.start(3)) == expected
            # the word ends in_speech works out per paragraph, when asked
            assert F._head(run, rules, F._WordEnds(paras, per_paragraph), m.start(3)) == expected
            cut += expected != head
    assert cut > 0  # some heads were cut at a word end


def test_word_ends_per_paragraph_are_those_of_the_whole_text(speeches):
    for paras, per_paragraph in speeches:
        bounds = F._word_boundaries(_words(per_paragraph))
        ends = F._WordEnds(paras, per_paragraph)
        for at in range(len("\n".join(paras)) + 1):
            assert ends.last(at) == bounds[bisect_right(bounds, at) - 1]


def test_a_speech_gives_the_same_result_twice_and_in_another_order(speeches):
    """The word classes are kept between speeches: a speech's result does not depend
    on which speeches came before."""
    first = [F.in_speech(p, t, folded=True) for p, t in speeches]
    F._CLASSES.clear()
    again = [F.in_speech(p, t, folded=True) for p, t in reversed(speeches)]
    assert first == list(reversed(again))


def _plain_patterns(rules: F.Rules) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The patterns as first written: the look-behind first, the dictionary one
    alternative per word."""
    data = toml.loads(F.FORMULATIONS.read_text(encoding="utf-8"))
    num, pair = data["numbered"], data["paired"]
    nums = re.escape(num["numerals"])
    numbered = re.compile(rf"(?<![{nums}一百千万零〇\d])((?:[{re.escape(num['tens'])}][{nums}]|[{nums}]))([{re.escape(num['measures'])}])([{F._HAN}]{{1,{int(num['max_head']) + 6}}})")
    p1, p2, nb = re.escape(pair["numerals"]), re.escape(pair["second_numerals"]), re.escape(pair["not_between"])
    paired = re.compile(rf"(?<![{p2}])[{p1}]([^\W\d{p2}{nb}])[{p2}]([^\W\d{p2}{nb}])")
    return numbered, paired, re.compile("|".join(map(re.escape, rules.dictionary)))


def test_patterns_match_where_the_plain_patterns_matched(speeches):
    """The numeral-first patterns (and the dictionary's grouped by first character)
    find what the plain ones found, at the same places, also at the edges of a text."""
    rules = F.load_rules()
    numbered, paired, dictionary = _plain_patterns(rules)
    edges = ["四个意识", "十四个意识", "一两个维护", "三会一课", "双三会一课", "x四个自信", "两个确立\n三会一课",
             "七十个代表", "三四个月", "十个明确"]
    seen = Counter()
    for text in [*("\n".join(paras) for paras, _ in speeches), *edges]:
        for fast, plain in ((rules.numbered, numbered), (rules.paired, paired), (rules.dictionary_re, dictionary)):
            got = [(m.start(), m.groups(), m.group(0)) for m in fast.finditer(text)]
            assert got == [(m.start(), m.groups(), m.group(0)) for m in plain.finditer(text)]
            seen[fast.pattern] += len(got)
    assert len(seen) == 3 and min(seen.values()) > 10  # each pattern matched often


def reference_quoted(text: str, rules: F.Rules) -> dict[int, str]:
    """Quotations as first found: any short text in quotation marks, then filtered."""
    q, out = rules.quoted, {}
    for m in re.finditer(r"[“「]([^”」“「\n]{1,40})[”」]", text):
        s = m.group(1)
        if (q["min_chars"] <= len(s) <= q["max_chars"] and not re.search(r"[，。；！？：,.;!?:]", s)
                and re.search(f"[{F._HAN}]", s) and "*" not in s):
            out[m.start(1)] = s
    return out


def test_quotations_are_those_the_plain_filter_kept(speeches):
    edges = ["“国之大者”", "“三服务，”“五比五不比”", "“abc”“*重要*”“a中”", "「两个确立」”“", "“一\n二”“四个自信”",
             "“" + "长" * 41 + "”“短句”", "“，”“中”", "“ab。cd”「国之大者」"]
    kept = 0
    for text in [*("\n".join(paras) for paras, _ in speeches), *edges]:
        got = F.quoted(text, F.load_rules())
        assert got == reference_quoted(text, F.load_rules())
        kept += len(got)
    assert kept > 50
