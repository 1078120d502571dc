"""The rules of set formulations (提法), as data: `corpus/data/formulations.toml`
and the set formulations of the user dictionary, compiled once (`load_rules`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .han import BASIC
from .resources import DATA_DIR, USER_DICT

FORMULATIONS = DATA_DIR / "formulations.toml"
KINDS = ("paired", "numbered", "quoted", "phrase", "dictionary")  # the first that fits names a formulation
_HAN = BASIC  # (the rules were written against the basic block: corpus/han.py)


@dataclass(frozen=True)
class Rules:
    numbered: re.Pattern
    single_numeral: str
    head_stop: re.Pattern
    min_head: int
    max_head: int
    counting: tuple[str, ...]
    ordinal: str  # a numeral after one of these counts in order (第十四个五年规划): no formulation
    head_end_tags: frozenset[str]  # a head of several words does not end in a word of these tags …
    head_cut_tags: frozenset[str]  # … and loses a last word of these (a grammar word)
    head_noun_tags: frozenset[str]  # a head stop opening a word of these tags is none (四个中心)
    aspect_marks: str  # … before its object or one of these
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


def _fingerprint(raw: bytes, dictionary: Sequence[str]) -> str:
    h = hashlib.sha256(raw)
    h.update("\n".join(dictionary).encode())
    return h.hexdigest()[:16]


@lru_cache(maxsize=4)
def _source(path: Path) -> tuple[bytes, tuple[str, ...]]:
    """The rules file's bytes and the user dictionary's words, read once per process:
    `rules_fingerprint` and `load_rules` both use this reading, so that they agree
    even when the files are edited while the browser runs (else the rules would look
    changed after every build)."""
    return path.read_bytes(), _user_formulations()


@lru_cache(maxsize=4)
def rules_fingerprint(path: Path = FORMULATIONS) -> str:
    """The fingerprint `load_rules(path)` has, without parsing or compiling the rules
    (a start that finds the store current compares only that with the catalogue's)."""
    return _fingerprint(*_source(path))


@lru_cache(maxsize=4)
def load_rules(path: Path = FORMULATIONS) -> Rules:
    from ._toml import toml  # (not on the path of a start that finds the store current: `rules_fingerprint`)

    raw, dictionary = _source(path)
    data = toml.loads(raw.decode("utf-8"))
    num, pair = data["numbered"], data["paired"]
    nums = re.escape(num["numerals"])
    # (Each pattern opens with its numeral and looks behind it only then, two
    # characters back: "no numeral before this one". Opening with a character
    # class lets the regex engine skip to the numerals; a look-behind first would
    # be tried at every character of the speech — same matches, ~4× the time.)
    numbered = re.compile(
        rf"([{nums}](?<![{nums}一百千万零〇\d].)(?:(?<=[{re.escape(num['tens'])}])[{nums}])?)([{re.escape(num['measures'])}])([{_HAN}]{{1,{int(num['max_head']) + 6}}})"
    )
    p1, p2 = re.escape(pair["numerals"]), re.escape(pair["second_numerals"])
    paired = re.compile(rf"[{p1}](?<![{p2}].)([^\W\d{p2}{re.escape(pair['not_between'])}])[{p2}]([^\W\d{p2}{re.escape(pair['not_between'])}])")
    return Rules(
        numbered=numbered,
        single_numeral=num["single_numeral_measures"],
        head_stop=re.compile(f"[{re.escape(num['head_stops'])}]"),
        min_head=int(num["min_head"]),
        max_head=int(num["max_head"]),
        counting=tuple(sorted(num["counting_heads"], key=len, reverse=True)),
        ordinal=num["ordinal_marks"],
        head_end_tags=frozenset(num["head_end_tags"]),
        head_cut_tags=frozenset(num["head_cut_tags"]),
        head_noun_tags=frozenset(num["head_noun_tags"]),
        aspect_marks=num["aspect_marks"],
        paired=paired,
        idioms=frozenset(pair["idioms"]),
        quoted=dict(data["quoted"]),
        phrase={**data["phrase"], **{k: frozenset(data["phrase"][k]) for k in (
            "nominal_tags", "not_nominal", "clause_subject_tags", "clause_predicate_tags", "clause_set_tags")}},
        dictionary=dictionary,
        dictionary_re=_alternatives(dictionary),
        fingerprint=_fingerprint(raw, dictionary),
    )
