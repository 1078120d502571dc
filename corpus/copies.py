"""Copies of one text (同一篇): two files of a folder that hold the same speech.

Users' folders hold one speech more than once: a simplified and a traditional copy,
two portals' copies with different junk around them (navigation, "相关阅读", a
copyright line), a .txt and a .md, a copy that lost a paragraph. Counting
formulations "in how many speeches" must count such a text once.

The rule, on each speech's *long sentences* (the folded, simplified text — full-
width digits and letters as ASCII — without punctuation or spaces, which portals
change; at least MIN_CHARS characters: Han, digits, Latin letters):
two speeches are copies of one text when the long sentences they share are at
least SHORT_SHARE of the shorter one's and at least LONG_SHARE of the longer
one's, and the shorter one has at least MIN_SENTENCES of them. So

* a traditional copy (folded: the very same sentences), a portal copy (its junk
  lines are short or few), a copy without a paragraph: copies;
* two speeches of one office that share boilerplate paragraphs (a small part of
  each), or a speech quoting a long passage of another (a small part of the
  quoted one): not copies; nor two texts of one template that differ in their
  figures (monthly statistics: 同比增长5.2% / 4.8%) — digits count.

Each speech's fingerprint (`fingerprint`, made from its text alone, where it is
segmented) is the sorted set of its long sentences' 32-bit hashes (~4 bytes a
sentence), so the shares are exact. Grouping (`groups`) looks only at pairs that
share a *rare* one of the K smallest hashes of each (two speeches sharing most
sentences share their smallest ones; a hash among the smallest of more than SMALL
speeches is a common sentence — boilerplate, a slogan — or a text with many
copies, which share nearly all their smallest hashes: `_candidates`), never at all
pairs. Groups are joined by complete linkage, closest pairs first: every copy in a
group is a copy of every other (a collection holding two speeches never makes them
one text), and copies dated in different years are other texts. A folder without
copies costs a dictionary of K entries a speech (~0.13 s CPU at 10 000 generated
speeches).
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections.abc import Iterable, Sequence
from zlib import crc32

from .han import HAN
from .patterns import lazy
from .script import fold

MIN_CHARS = 10  # characters of a long sentence (Han, digits, Latin letters)
MIN_SENTENCES = 3  # a text with fewer long sentences is never called a copy
SHORT_SHARE = 0.8  # of the shorter one's long sentences found in the other
LONG_SHARE = 0.5  # and of the longer one's
K = 16  # the smallest hashes of each speech that pair it with others
SMALL = 16  # … when no more speeches than this have the hash among theirs
LEADER = K - 2  # (more: of the K smallest hashes two speeches share, to be paired through a common one)
LEADERS = 4  # (… while no more texts than this have been met: then a common sentence)

_ENDS = "。！？；｡!?;\n"
_WIDE = "０-９Ａ-Ｚａ-ｚ％．"  # full-width digits, letters and full stop: hashed as ASCII
_KEEP = lazy(f"[^{HAN}0-9A-Za-z%.{_WIDE}{_ENDS}]+")  # what a long sentence's hash leaves out: punctuation, spaces
_ANY_WIDE = lazy(f"[{_WIDE}]")
_NARROW = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF05, 0xFF0E]}
# a sentence ends at 。！？； (or their half-width forms), a line's end, and a "." that is no
# decimal point (5.2% stays whole): a copy typed on an English keyboard or read by OCR
_SPLIT = lazy(f"[{_ENDS}]|(?<![0-9])\\.|\\.(?![0-9])")


def sentence_hashes(paragraphs: Iterable[str], folded: bool = False) -> list[int]:
    """The sorted, distinct 32-bit hashes (CRC-32) of the long sentences of a speech's
    paragraphs (`folded`: already in simplified script). The whole text is stripped
    and split once (in C): ~0.5 ms for 5 000 characters."""
    text = "\n".join(paragraphs)
    if not folded:
        text = fold(text)
    text = _KEEP().sub("", text)
    if _ANY_WIDE().search(text):
        text = text.translate(_NARROW)
    return sorted({crc32(s.replace(".", "").encode()) for s in _SPLIT().split(text) if len(s) >= MIN_CHARS})


def fingerprint(paragraphs: Iterable[str], folded: bool = False) -> str:
    """`sentence_hashes`, packed (little-endian 32-bit, ascending; base64): what a
    store keeps."""
    a = array("I", sentence_hashes(paragraphs, folded))
    if sys.byteorder != "little":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def unpack(fp: str) -> array:
    """A fingerprint's hashes (ValueError when damaged)."""
    a = array("I")
    raw = base64.b64decode(fp, validate=True)
    a.frombytes(raw[:len(raw) - len(raw) % 4])  # (a cut prefix: its whole hashes)
    if sys.byteorder != "little":
        a.byteswap()
    return a


def same_text(a: set[int] | frozenset[int], b: set[int] | frozenset[int]) -> bool:
    """The rule: are two speeches (their long sentences' hashes) copies of one text?"""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_SENTENCES:
        return False
    shared = len(short & long)
    return shared >= SHORT_SHARE * len(short) and shared >= LONG_SHARE * len(long)


def _decode(fp: str | None, head: int) -> array | None:
    """The K smallest hashes of a usable fingerprint (None: none, too short, damaged)."""
    if not fp or len(fp) < (MIN_SENTENCES * 4 + 2) // 3 * 4:
        return None
    try:
        return unpack(fp[:head]) if len(fp) > head else unpack(fp)
    except ValueError:
        return None


def _candidates(heads: dict[int, array]) -> set[tuple[int, int]]:
    """The pairs worth checking: two speeches sharing a rare one of their K smallest
    hashes (among the K smallest of at most SMALL speeches). A hash of more speeches
    is a common sentence (boilerplate, a slogan) or a text with many copies (each
    of its rare sentences is in all of them): its speeches are taken in order, each
    paired with the first of those before it whose K smallest hashes it nearly all
    shares (LEADER of them: a copy with its own source line shares K - 1) — while
    no more than LEADERS such firsts have been met (past that, a common sentence:
    no more pairs from it)."""
    buckets: dict[int, list[int]] = {}
    for i, a in heads.items():
        for h in a:
            got = buckets.get(h)
            if got is None:
                buckets[h] = [i]
            else:
                got.append(i)
    pairs: set[tuple[int, int]] = set()
    seen: set[tuple[int, ...]] = set()
    small: dict[int, frozenset] = {}
    for members in buckets.values():
        if len(members) < 2:
            continue
        if len(members) <= SMALL:
            for k, a in enumerate(members):
                for b in members[k + 1:]:
                    pairs.add((a, b))
            continue
        key = tuple(members)
        if key in seen:  # (the same speeches under each of the hashes they share: once)
            continue
        seen.add(key)
        leaders: list[tuple[int, frozenset]] = []
        for i in members:
            hi = small.get(i) or small.setdefault(i, frozenset(heads[i]))
            lead = next((j for j, hj in leaders if len(hi & hj) >= LEADER), None)
            if lead is not None:
                pairs.add((lead, i))
            elif len(leaders) < LEADERS:
                leaders.append((i, hi))
            else:
                break
    return pairs


def groups(prints: Sequence[str | None], years: Sequence[int | None] | None = None) -> list[list[int]]:
    """The groups of copies among speeches given by their fingerprints (None or a
    damaged one: none known) and their years (`years`; None: not known): lists of
    their places (ascending), groups of two or more only, ordered by their first place.

    Complete linkage: two groups join only when every copy of one is a copy of every
    copy of the other (never through a chain: a collection holding two speeches
    is a copy of neither's group), and never two copies dated in different years;
    the closest pairs join first. The very same fingerprint (and year) is one text at once."""
    head = (K * 4 + 2) // 3 * 4  # (the base64 characters of the K smallest hashes: only they are decoded here)
    year = (lambda i: years[i]) if years is not None else (lambda i: None)
    first: dict[tuple[str, int | None], int] = {}
    twins: dict[int, list[int]] = {}  # a fingerprint's first place → its places
    heads: dict[int, array] = {}
    for i, fp in enumerate(prints):
        a = _decode(fp, head)
        if a is None:
            continue
        j = first.setdefault((fp, year(i)), i)  # type: ignore[arg-type]
        if j != i:
            twins[j].append(i)
            continue
        twins[i] = [i]
        heads[i] = a
    sets: dict[int, frozenset] = {}

    def hashes(i: int) -> frozenset | None:
        got = sets.get(i)
        if got is None:
            try:
                got = sets[i] = frozenset(unpack(prints[i]))  # type: ignore[arg-type]
            except ValueError:
                return None
        return got

    known: dict[tuple[int, int], float] = {}  # a checked pair → its Jaccard similarity (0: not copies)

    def close(a: int, b: int) -> float:
        a, b = min(a, b), max(a, b)
        got = known.get((a, b))
        if got is None:
            ya, yb = year(a), year(b)
            sa, sb = hashes(a), hashes(b)
            got = 0.0
            if (ya is None or yb is None or ya == yb) and sa is not None and sb is not None and same_text(sa, sb):
                got = len(sa & sb) / len(sa | sb)
            known[(a, b)] = got
        return got

    order = sorted(((close(a, b), a, b) for a, b in _candidates(heads)), key=lambda t: (-t[0], t[1], t[2]))
    group = {i: [i] for i in heads}  # a speech → the members of its group (the same list for each)
    for sim, a, b in order:
        if sim <= 0:
            break
        ga, gb = group[a], group[b]
        if ga is gb or not all(close(x, y) > 0 for x in ga for y in gb):
            continue
        ga.extend(gb)
        for y in gb:
            group[y] = ga
    out: dict[int, list[int]] = {}
    for i, g in group.items():
        if len(g) > 1 or len(twins[i]) > 1:
            out.setdefault(id(g), []).extend(twins[i])
    return sorted((sorted(m) for m in out.values()), key=lambda m: m[0])


def closeness(prints: Sequence[str]) -> list[float]:
    """Each copy's closeness to the other copies of its text (the sum of its Jaccard
    similarities to them; a damaged fingerprint: 0): the most central copy is the
    text's best witness — not a collection holding it, nor a copy that lost a part."""
    sets = []
    for fp in prints:
        try:
            sets.append(frozenset(unpack(fp)))
        except ValueError:
            sets.append(frozenset())
    return [sum(len(a & b) / len(a | b) for j, b in enumerate(sets) if j != i and a | b) for i, a in enumerate(sets)]
