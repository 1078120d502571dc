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
counted), the bit rows, the pair counts (zlib), the text. `manifest.json` lists [name, size, digest of the shard's keys] per
shard and the catalogue generation it matches. `sync` (after every build)
rewrites only the shards whose keys changed (one changed file: one or two);
when the generation matches it only reads the manifest and stats the files.
A shard that is missing or stale is not used: its speeches are searched from
their bodies (slower, never wrong); one whose checksum fails is moved aside
(store.search_shards) and written again by the next update, with a message.
"""

from __future__ import annotations

import hashlib
import os
import struct
import time
import zlib
from collections import Counter, deque
from collections.abc import Iterable
from itertools import repeat
from operator import and_ as _and, mod as _mod
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import orjson

from jianghua.corpus.query import fold_text, needs_fold

from .shards import SHARDS, shard_of
from .backends import DiskBackend
from .search_pairs import (OldTable, doc_freq, freq_size, moved_freq, pack_freq, pair_counts, pair_set, pair_table,
                           pairs_size, read_freq, read_pairs, updated_table)
from .storage import atomic_write

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
VERSION = 6  # 3: a heading that opens its first paragraph is not a line of its own; 4: sparse bit rows compressed; 5: pair counts; 6: doc_freq of pairs
CARRIED = (5, 6)  # versions whose texts and bit rows an update carries over (the same layout, doc_freq apart)
_MAGIC = b"JHSIX2"
GC_AGE = 600  # seconds: an unnamed file younger than this may belong to a build under way


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
    """(head lines, paragraph lines) of a body: the title and one line per section
    heading ("" for a section without one, or whose heading opens its first paragraph
    — 一要…, （一）讲政治，… — where the paragraph's hit is the hit), then the paragraph texts."""
    from jianghua.corpus.structure import inline_heading

    paras = [_line(p[0]) if isinstance(p, list) and p else "" for p in body.get("paragraphs", ())]
    first: dict[int, str] = {}
    for p in body.get("paragraphs", ()):
        if isinstance(p, list) and len(p) > 1 and isinstance(p[1], int):
            first.setdefault(p[1], p[0])
    head = [_line(body.get("title"))]
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


def _pack(keys: list[str], sets: list[set[int]] | bytes, folds: list[int], offs: list[int], heads: list[int],
          crcs: list[int], text: bytes, pairs: tuple[list[int], str, bytes] | None = None,
          freq: tuple[int, str, bytes] | None = None) -> bytes:
    """Bit rows: row b holds bit j when speech j has bucket b (little-endian, w bytes).
    Transposed with C-level calls only: per speech a byte per bucket (mapped
    setitem), eight speeches OR-ed as big ints, each group written with a strided
    slice (row b, byte g). Then the folded text (UTF-16-LE) of every speech."""
    w = (len(keys) + 7) // 8
    if isinstance(sets, bytes):  # bit rows already made (carried over from the last build)
        bits = sets
    else:
        bits = _transpose(sets, w)
    raw = bytes(bits)
    # A shard of few speeches has sparse rows (8 192 of them, a byte each for up to 8
    # speeches): compressed, the bundled corpus' index is a third smaller. Dense rows stay raw.
    z = zlib.compress(raw, 1)
    stored, extra = (z, {"bz": len(z)}) if len(z) * 4 < len(raw) * 3 else (raw, {})
    ptab = b""
    if pairs is not None and pairs[0]:
        ptab = zlib.compress(pairs[2], 1)  # (level 6: 10 % smaller, 7 times slower: written with every update)
        extra.update({"pk": pairs[0], "pt": pairs[1], "pz": len(ptab)})
    ftab = b""
    if freq is not None:
        ftab = freq[2]
        extra.update({"dn": freq[0], "dt": freq[1], "dz": len(ftab)})
    head = orjson.dumps({"v": VERSION, "keys": keys, "fold": folds, "offs": offs, "heads": heads, "crc": crcs,
                         "tcrc": zlib.crc32(text), **extra})
    return b"".join([_MAGIC, struct.pack("<I", len(head)), head, stored, ptab, ftab, text])


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


def _transpose(sets: list[set[int]], w: int) -> bytearray:
    bits = bytearray(w * BUCKETS)
    for g in range(w):
        acc = 0
        for j in range(8 * g, min(8 * g + 8, len(sets))):
            v = bytearray(BUCKETS)
            deque(map(v.__setitem__, sets[j], repeat(1 << (j & 7))), maxlen=0)
            acc |= int.from_bytes(v, "little")
        bits[g::w] = acc.to_bytes(BUCKETS, "little")
    return bits


CARRY_UP_TO = 8  # changed speeches in a shard up to which its bit rows are carried over, not made again


def _carry(old_keys: list[str], old_bits: bytes, keys: list[str], sets: dict[int, set[int]]) -> bytes:
    """The bit rows of `keys` made from the last build's rows: the columns of the
    speeches gone taken out, those of the new ones (positions in `sets`) put in.
    Keys are sorted, so the speeches kept keep their order. All rows at once: the
    rows as one big int, each row a field of `wm` bytes (wide enough for the most
    columns the shard has on the way), a column moved in every field by masks."""
    wo, w = (len(old_keys) + 7) // 8, (len(keys) + 7) // 8
    wm = max(wo, w)
    bits = _rewidth(old_bits, wo, wm)
    x = int.from_bytes(bits, "little")
    top = (1 << (8 * wm)) - 1

    def every(m: int) -> int:  # m in each row's field
        return int.from_bytes(m.to_bytes(wm, "little") * BUCKETS, "little")

    live = set(keys)
    for j in sorted((j for j, k in enumerate(old_keys) if k not in live), reverse=True):
        low = (1 << j) - 1
        x = (x & every(low)) | ((x >> 1) & every((top >> 1) & ~low))
    for p in sorted(sets):
        low = (1 << p) - 1
        col = bytearray(wm * BUCKETS)
        g = p >> 3
        deque(map(col.__setitem__, [b * wm + g for b in sets[p]], repeat(1 << (p & 7))), maxlen=0)
        x = (x & every(low)) | ((x << 1) & every(top & ~((low << 1) | 1))) | int.from_bytes(col, "little")
    return _rewidth(x.to_bytes(wm * BUCKETS, "little"), wm, w)


def _rewidth(bits: bytes, w: int, w2: int) -> bytes:
    """Bit rows of w bytes as rows of w2 bytes (the bytes beyond either are 0)."""
    if w == w2:
        return bits
    out = bytearray(w2 * BUCKETS)
    for g in range(min(w, w2)):
        out[g::w2] = bits[g::w]
    return bytes(out)


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
    for r in store.catalog.rows.values():
        by_shard[shard_of(r["key"])].add(r["key"])
    return [sorted(s) for s in by_shard]


def sync(store: StoreLike) -> int:
    """Bring the index up to date with the store's catalogue (after a build).
    Returns the number of shards written (0 when nothing changed). Never raises
    for a disk problem: the index is only an accelerator."""
    d = index_dir(store)
    if d is None or not store.catalog.backend.persistent or not store.built():
        return 0
    try:
        return _sync(store, d)
    except OSError as e:
        from jianghua.i18n import _, os_error

        store.messages.append(_("The search index could not be written ({reason}); searches read the speeches instead.").format(reason=os_error(e)))
        return 0


def _files_ok(d: Path, m: dict) -> bool:
    """Every shard file the manifest names is there, at its size (stat only)."""
    for e in m["shards"]:
        if e is None:
            continue
        try:
            if not (isinstance(e, list) and len(e) == 3 and (d / e[0]).stat().st_size == e[1]):
                return False
        except (OSError, TypeError):
            return False
    return True


def _sync(store: StoreLike, d: Path) -> int:
    m = _read_manifest(d)
    gen = store.generation
    if m is not None and m.get("gen") == gen and m.get("catalog") == store.catalog.meta.get("built_at") and _files_ok(d, m):
        return 0
    old = m["shards"] if m else [None] * SHARDS
    prev = m["shards"] if m else (_read_manifest(d, CARRIED) or {}).get("shards") or [None] * SHARDS  # (an older format's texts carried over)
    live = _live(store)
    d.mkdir(parents=True, exist_ok=True)
    entries: list = [None] * SHARDS
    todo: list[int] = []
    for i in range(SHARDS):
        keys = live[i]
        e = old[i]
        if not keys:
            continue
        if isinstance(e, list) and len(e) == 3 and e[2] == _digest(keys):
            try:
                if (d / e[0]).stat().st_size == e[1]:
                    entries[i] = e
                    continue
            except OSError:
                pass
        todo.append(i)
    olds = [str(d / prev[i][0]) if isinstance(prev[i], list) and len(prev[i]) == 3 and isinstance(prev[i][0], str) else None for i in todo]
    for i, data in _build_many(store, [live[i] for i in todo], todo, olds):
        name = f"idx-{hashlib.sha1(data).hexdigest()[:20]}.bin"
        p = d / name
        if not p.exists():
            atomic_write(p, data, sync=False)
        entries[i] = [name, len(data), _digest(live[i])]
    written = len(todo)
    atomic_write(d / "manifest.json", orjson.dumps({"v": VERSION, "gen": gen, "catalog": store.catalog.meta.get("built_at"),
                                                     "fold": fold_rules(), "shards": entries}))
    named = {e[0] for e in entries if e}
    now = time.time()
    for p in [*d.glob("idx-*.bin"), *d.glob("sig-*.bin"), *d.glob(".*.tmp")]:  # (temp files a killed writer left)
        try:
            if p.name not in named and now - p.stat().st_mtime > GC_AGE:
                p.unlink()
        except OSError:
            pass
    return written


PARALLEL_FROM = 8  # shards: fewer are built in this process (one changed file: one or two)


def _build_many(store: StoreLike, key_lists: list[list[str]], ids: list[int], olds: list[str | None]):
    """(shard id, packed shard) for each list of keys; a first build uses a small
    process pool (spawned: the browser's process has threads), falling back to
    this process if the pool cannot start."""
    if len(ids) >= PARALLEL_FROM and store.catalog.backend.persistent and (os.cpu_count() or 1) > 1:
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            root = str(store.catalog.backend.root)
            from .workers import start_mp_helpers, this_builder, worker_start

            ctx = multiprocessing.get_context("spawn")
            start_mp_helpers(ctx)  # (under the browser: its resource tracker with the real stderr)
            with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1), mp_context=ctx,
                                     initializer=worker_start, initargs=this_builder()) as pool:
                yield from zip(ids, pool.map(_shard_at, [root] * len(ids), key_lists, olds))
            return
        except (OSError, RuntimeError, ImportError, ValueError):  # (BrokenProcessPool is a RuntimeError; a bad descriptor a ValueError)
            pass
    for i, keys, o in zip(ids, key_lists, olds):
        yield i, build_shard(store, keys, o)


def _shard_at(root: str, keys: list[str], old: str | None = None) -> bytes:
    """build_shard in a worker process: the bodies read straight from the store folder."""
    return _pack_bodies(DiskBackend(Path(root)), keys, old)


def build_shard(store: StoreLike, keys: list[str], old: str | None = None) -> bytes:
    return _pack_bodies(store.catalog.backend, keys, old)


class Old:
    """What an earlier file of a shard holds that an update carries over."""

    __slots__ = ("known", "keys", "bits", "table", "df")

    def __init__(self, known: dict[str, tuple[bytes, int, bool]], keys: list[str], bits: bytes,
                 table: OldTable | None, df: dict[int, int] | None):
        self.known = known  # key → (text, units of its title and headings, folded?)
        self.keys = keys
        self.bits = bits
        self.table = table  # its pair counts, and the doc_freq they were chosen by
        self.df = df  # (None: a file without them, an older version's)


def _old_texts(path: str | None) -> Old | None:
    """What an earlier shard file holds, so that a build reads and folds only the
    bodies that are new to a shard, and counts pairs only in them. None when
    there is none or it is not sound (checksums)."""
    if not path:
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        if data[:6] != _MAGIC:
            return None
        (hl,) = struct.unpack_from("<I", data, 6)
        head = orjson.loads(data[10 : 10 + hl])
        keys, offs, heads, fold = head["keys"], head["offs"], head["heads"], set(head["fold"])
        n = len(keys)
        rows_end = 10 + hl + rows_size(head, n)
        pairs_end = rows_end + pairs_size(head)
        base = pairs_end + freq_size(head)
        text = data[base:]
        if head.get("v") not in CARRIED or len(text) != 2 * offs[-1] or zlib.crc32(text) != head["tcrc"]:
            return None
        known = {k: (text[2 * offs[j] : 2 * offs[j + 1]], heads[j] - offs[j], j in fold) for j, k in enumerate(keys)}
        bits = bit_rows(head, data[10 + hl : rows_end], n)
        df = read_freq(head, data[pairs_end:base]) if head.get("v") == VERSION else None
        table = None
        if df is not None:
            pairs, counts = read_pairs(head, data[rows_end:pairs_end], n)
            table = OldTable(pairs, counts.tolist(), n)
        return Old(known, keys, bits, table, df)
    except (OSError, ValueError, KeyError, TypeError, IndexError, struct.error, zlib.error):
        return None


def _pack_bodies(backend, keys: list[str], old: str | None = None) -> bytes:
    """A shard's file: the texts and bit rows of the speeches an earlier file of it
    holds carried over, the others read and folded; the pair counts updated from
    the earlier file's by the speeches that came and went (counted again, all of
    them, when it has none). The same bytes either way."""
    sets: list[set[int]] = []
    folds: list[int] = []
    offs: list[int] = []
    heads: list[int] = []
    crcs: list[int] = []
    parts: list[bytes] = []
    pos = 0
    prev = _old_texts(old)
    known = prev.known if prev else {}
    old_keys = prev.keys if prev else []
    live = set(keys)
    gone = [k for k in old_keys if k not in live]
    new = sum(1 for k in keys if k not in known)
    carry = bool(known) and new + len(gone) <= CARRY_UP_TO
    table = prev.table if prev else None
    added: dict[int, set[int]] = {}
    counted: list[tuple[Counter, Counter]] = []  # per speech: its pairs counted, in all and in its title and headings
    came: dict[int, tuple[Counter, Counter]] = {}  # (with an earlier table: only the speeches new to the shard)
    src: list[int] = []  # per speech, its position in the earlier file (-1: new)
    at = {k: j for j, k in enumerate(old_keys)}
    texts: list[tuple[bytes, int]] = []
    for j, k in enumerate(keys):
        if k in known:  # unchanged content: its text as the last build made it
            both, nh, f = known[k]
            src.append(at[k])
        else:
            try:
                body = backend.read_body(k)
            except KeyError:
                body = {"paragraphs": []}
            head, paras = speech_lines(body)
            htext, hf = _fold_lines(head)
            ptext, pf = _fold_lines(paras) if paras else ("", False)
            f = hf or pf
            hb = htext.encode("utf-16-le", "surrogatepass")
            both = hb + ptext.encode("utf-16-le", "surrogatepass")
            nh = len(hb) // 2
            src.append(-1)
        if f:
            folds.append(j)
        pc = None
        if table is None or k not in known:
            pc = pair_counts(both)  # (for the pair counts, and the signature's pairs)
            if table is None:
                counted.append((pc, pair_counts(both[: 2 * nh])))
            else:
                came[j] = (pc, pair_counts(both[: 2 * nh]))
        if not carry:
            sets.append(buckets_of_units(both, pc))
        elif k not in known:
            added[j] = buckets_of_units(both, pc)
        offs.append(pos)
        heads.append(pos + nh)
        crcs.append(zlib.crc32(both))
        parts.append(both)
        texts.append((both, nh))
        pos += len(both) // 2
    offs.append(pos)
    rows = _carry(old_keys, prev.bits, keys, added) if carry and prev else sets
    if table is not None and prev is not None and prev.df is not None:
        df = moved_freq(prev.df, [pair_set(known[k][0]) for k in gone], [c[0].keys() for c in came.values()])
        pairs = updated_table(table, df, src, came, texts)
    else:
        df = doc_freq(counted)
        pairs = pair_table(counted, df)
    return _pack(keys, rows, folds, offs, heads, crcs, b"".join(parts), pairs, pack_freq(df))
