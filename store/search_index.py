"""The search index: which speeches may hold a piece of text, and their folded text.

Per speech, (1) a signature of the characters and character pairs of its folded
text (title, section headings, paragraphs), hashed into BUCKETS buckets and
stored bit-sliced (per bucket, one bit per speech): a query's buckets AND-ed give
the candidate speeches in microseconds — a rare phrase touches a handful; and
(2) its folded text itself, as UTF-16-LE, one line per title, heading and
paragraph: counting a common word over the whole corpus is `bytes.count` over
each speech's range, at C speed, without reading a body (store.search_count).

Why this, by measurement (10 000 generated speeches, 51 M characters, 2 cores
shared with other work): counting 发展 by reading every body took 6.5–12.8 s;
a scan of a compact folded copy is the only way to exact counts of common words
in ~0.1 s (an n-gram index with positions would be several times the text).
UTF-16 rather than UTF-8: 105 MB instead of 157 MB and twice the bytes.count
speed. A byte match at an odd offset would be a false hit: it needs the text to
hold one particular "bridge" unit, which the signature rules out for almost every
speech (the others are counted on decoded text). And (3) per shard, the counts per
speech of its most frequent character pairs (store.search_pairs): the commonest
two-character queries, whose scan costs most, are counted without a scan. To stay within 1.5× the corpus
on disk, body and shard files are zlib-compressed (store.storage): the bodies
went from 174 MB of JSON to 73 MB.

Layout: `<store>/search/` holds SHARDS content-named files `idx-<sha1>.bin`
(speeches split by a hash of their body key, as store.shards does): a header
(keys, which speeches folding changed, text offsets of each speech and of its
first paragraph, a CRC-32 of each speech's text and of the whole, the pairs
counted), the bit rows, the pair counts (zlib), in how many speeches each pair
occurs (zlib; what an update starts from, store.search_pairs), the text.
`manifest.json` lists [name, size, digest of the shard's keys] per shard and the
catalogue generation it matches. `sync` (store.search_sync, after every build)
rewrites only the shards whose keys changed (one changed file: one or two),
from their earlier files (store.search_pack): the texts and bit rows of the speeches that stayed
carried over, the pair counts updated by the speeches that came and went — the
same bytes a fresh build makes, ~35 ms a shard at 10 000 speeches instead of
~200 ms counting every speech again; when the generation matches it only reads
the manifest and stats the files.
A shard that is missing or stale is not used: its speeches are searched from
their bodies (slower, never wrong); one whose checksum fails is moved aside
(store.search_shards) and written again by the next update, with a message.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Iterable
from itertools import repeat
from operator import and_ as _and, mod as _mod
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

import orjson

from jianghua.corpus.query import fold_text, needs_fold

from .search_pairs import freq_size, pairs_size
from .shards import SHARDS, shard_of

if TYPE_CHECKING:
    from .catalog import Catalog


class StoreLike(Protocol):
    """What the search index needs of the store facade (which it must not import)."""

    catalog: Catalog
    store_dir: Path | None
    generation: int
    messages: list[str]

    def built(self) -> bool: ...

    def body(self, speech_id: str) -> dict: ...


BUCKETS = 8192
_MASK = BUCKETS - 1
_PRIME = 8191  # a pair (two UTF-16 units as one 32-bit int) goes to bucket pair % 8191
VERSION = 7  # 3: a heading that opens its first paragraph is not a line of its own; 4: sparse bit rows compressed; 5: pair counts; 6: doc_freq of pairs;
# 7: a title made from the opening words (title_derived) is no line of its own (its words are the paragraph's: one hit, not two)
CARRIED = (7,)  # versions whose texts and bit rows an update carries over (the same layout and lines; 5 and 6 kept derived titles)
_MAGIC = b"JHSIX2"
HEAD_AT = len(_MAGIC) + 4  # where a shard file's header begins (after its magic and length)


def buckets_of(folded: str) -> set[int]:
    """The buckets of a folded text: its characters and its character pairs."""
    if not folded:
        return set()
    return buckets_of_units(folded.encode("utf-16-le", "surrogatepass"))


def buckets_of_units(b: bytes, pairs: Iterable[int] | None = None) -> set[int]:
    """buckets_of for text already encoded in UTF-16-LE (`pairs`: its pairs of
    units, when already counted). (Built with C-level map/set calls: this runs over
    every speech at build time.)"""
    n = len(b)
    if n < 2:
        return set()
    mv = memoryview(b)
    out = set(map(_and, set(mv[: n // 2 * 2].cast("H")), repeat(_MASK)))
    if pairs is None:
        ps = set(mv[: n // 4 * 4].cast("I"))
        if n > 4:
            ps.update(mv[2 : 2 + (n - 2) // 4 * 4].cast("I"))
        pairs = ps
    out.update(map(_mod, pairs, repeat(_PRIME)))
    return out


def term_buckets(term: str) -> set[int]:
    """Buckets every text holding `term` (folded) has."""
    return buckets_of(term)


def _line(text: object) -> str:
    """One line of the index text: a line break never ends up inside (same length)."""
    if not isinstance(text, str):
        return ""
    return text.replace("\n", " ").replace("\r", " ") if ("\n" in text or "\r" in text) else text


def _fold_lines(lines: list[str]) -> tuple[str, bool]:
    """The lines folded, each followed by a newline, and whether folding changed anything."""
    raw = "\n".join(lines) + "\n"
    if not needs_fold(raw):
        return raw, False
    folded = fold_text(raw)
    if len(folded) != len(raw) or folded.count("\n") != len(lines):  # (folding keeps lengths; never trust it blindly)
        folded = "".join(fold_text(x) + "\n" if len(fold_text(x)) == len(x) else x + "\n" for x in lines)
    return folded, True


def speech_lines(body: dict) -> tuple[list[str], list[str]]:
    """(head lines, paragraph lines) of a body: the title ("" when it was made from the
    opening words: their hit is the paragraph's) and one line per section
    heading ("" for a section without one, or whose heading opens its first paragraph
    — 一要…, （一）讲政治，… — where the paragraph's hit is the hit), then the paragraph texts."""
    from jianghua.corpus.structure import inline_heading

    paras = [_line(p[0]) if isinstance(p, list) and p else "" for p in body.get("paragraphs", ())]
    first: dict[int, str] = {}
    for p in body.get("paragraphs", ()):
        if isinstance(p, list) and len(p) > 1 and isinstance(p[1], int):
            first.setdefault(p[1], p[0])
    head = ["" if body.get("title_derived") else _line(body.get("title"))]  # (a title made from the opening: in its paragraph)
    for k, sec in enumerate(body.get("sections", ())):
        heading = sec[0] if isinstance(sec, list) and sec and isinstance(sec[0], str) else None
        head.append("" if heading is None or inline_heading(heading, first.get(k)) else _line(heading))
    return head, paras


def speech_text(body: dict) -> tuple[str, bool]:
    """A body's paragraphs as one folded text (paragraphs end with a newline), and
    whether folding changed it."""
    return _fold_lines(speech_lines(body)[1])


def _digest(keys: list[str]) -> str:
    return hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def bit_rows(head: dict, stored: bytes, n: int) -> bytes:
    """The bit rows of a shard of n speeches from what its file stores after the
    header (raw, or zlib when the header says `bz`); ValueError when they don't fit."""
    size = (n + 7) // 8 * BUCKETS
    rows = zlib.decompress(stored) if head.get("bz") else stored
    if len(rows) != size:
        raise ValueError("bit rows of the wrong size")
    return rows


def rows_size(head: dict, n: int) -> int:
    """How many bytes the bit rows take in the file."""
    bz = head.get("bz")
    if bz is not None and (not isinstance(bz, int) or bz < 0):
        raise ValueError("a bad bz")
    return bz if bz else (n + 7) // 8 * BUCKETS


def read_head(fh: BinaryIO, size: int | None = None) -> dict:
    """The header of a shard file (`fh` at its start, left where the bit rows begin):
    the file is _MAGIC, the header's length (uint32 LE), the header (JSON), then the
    bit rows, pair counts and doc_freq (`sections`) and the text. ValueError when it
    is not a shard file (or its header is longer than the file: `size`, else its fstat size)."""
    first = fh.read(HEAD_AT)
    if len(first) < HEAD_AT or first[: len(_MAGIC)] != _MAGIC:
        raise ValueError("not a search index shard")
    (hl,) = struct.unpack_from("<I", first, len(_MAGIC))
    if size is None:  # (a damaged length must not make read() reserve gigabytes: bounded by the file)
        try:
            size = os.fstat(fh.fileno()).st_size
        except (OSError, ValueError):  # (not a file: io.UnsupportedOperation is both)
            size = None
    if size is not None and hl > size:
        raise ValueError("truncated")
    head = orjson.loads(fh.read(hl))
    if not isinstance(head, dict):
        raise ValueError("not a search index shard")
    return head


def sections(head: dict, n: int) -> tuple[int, int, int]:
    """How many bytes the bit rows, the pair counts and doc_freq take after the header
    of a shard of n speeches (the text follows); ValueError when the header is wrong."""
    return rows_size(head, n), pairs_size(head), freq_size(head)


def index_dir(store: StoreLike) -> Path | None:
    return store.store_dir / "search" if store.store_dir is not None else None


def _read_manifest(d: Path, versions: tuple[int, ...] = (VERSION,)) -> dict | None:
    try:
        m = orjson.loads((d / "manifest.json").read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(m, dict) or m.get("v") not in versions or not isinstance(m.get("shards"), list) or len(m["shards"]) != SHARDS:
        return None
    if m.get("fold") != fold_rules():  # text folded by other rules: made again, whole (nothing carried over)
        return None
    return m


@lru_cache(maxsize=1)
def fold_rules() -> str:
    """A fingerprint of the folding the index's text was made with
    (corpus.query.fold_fingerprint: its version, tables and OpenCC's version).
    Other rules → the index is made again (a query folded by new rules would miss
    old text); an edit elsewhere in corpus.query leaves the index as it is."""
    from jianghua.corpus.query import fold_fingerprint

    return fold_fingerprint()


def _live(store: StoreLike) -> list[list[str]]:
    by_shard: list[set[str]] = [set() for _ in range(SHARDS)]
    for key in store.catalog.body_keys():  # (without reading the catalogue whole)
        by_shard[shard_of(key)].add(key)
    return [sorted(s) for s in by_shard]
