"""Making one file of the search index (the format is store.search_index's):
from the bodies, or — an update — from the shard's earlier file, whose texts,
bit rows and pair counts are carried over for the speeches that stayed (the
same bytes either way; tests/store/test_search_index_update.py)."""

from __future__ import annotations

import io
import struct
import zlib
from collections import Counter, deque
from itertools import repeat

import orjson

from .search_index import (BUCKETS, CARRIED, VERSION, _MAGIC, _fold_lines, bit_rows, buckets_of_units, read_head,
                           sections, speech_lines)
from .search_pairs import (Counted, OldTable, compact, doc_freq, moved_freq, pack_freq, pair_counts, pair_set, pair_table, read_freq,
                           read_pairs, updated_table)


def _pack(keys: list[str], sets: list[set[int]] | bytes, folds: list[int], offs: list[int], heads: list[int],
          crcs: list[int], text: bytes, pairs: tuple[list[int], str, bytes] | None = None,
          freq: tuple[int, str, bytes] | None = None, missing: list[int] | None = None) -> bytes:
    """Bit rows: row b holds bit j when speech j has bucket b (little-endian, w bytes).
    Transposed with C-level calls only: per speech a byte per bucket (mapped
    setitem), eight speeches OR-ed as big ints, each group written with a strided
    slice (row b, byte g). Then the folded text (UTF-16-LE) of every speech."""
    w = (len(keys) + 7) // 8
    if isinstance(sets, (bytes, bytearray)):  # bit rows already made (carried over, or speech by speech: `Columns`)
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
    if missing:  # speeches packed without their body (empty): never carried over, see `_old_texts`
        extra["miss"] = missing
    head = orjson.dumps({"v": VERSION, "keys": keys, "fold": folds, "offs": offs, "heads": heads, "crc": crcs,
                         "tcrc": zlib.crc32(text), **extra})
    return b"".join([_MAGIC, struct.pack("<I", len(head)), head, stored, ptab, ftab, text])


def _transpose(sets: list[set[int]], w: int) -> bytearray:
    cols = Columns(len(sets), w)
    for j, s in enumerate(sets):
        cols.add(j, s)
    return cols.bits


class Columns:
    """The bit rows of a shard of n speeches made as its speeches come: speech j's
    buckets go into its group of eight (a byte per bucket, mapped setitem; the eight
    OR-ed as big ints), and a full group is written with a strided slice (row b,
    byte g) — so only one group's worth is held, not every speech's bucket set
    (at 10 000 speeches, ~35 MB per shard of ~160)."""

    __slots__ = ("n", "w", "bits", "acc")

    def __init__(self, n: int, w: int | None = None):
        self.n = n
        self.w = (n + 7) // 8 if w is None else w
        self.bits = bytearray(self.w * BUCKETS)
        self.acc = 0

    def add(self, j: int, buckets: set[int]) -> None:
        """Speech j's buckets (speeches in order, 0 to n - 1)."""
        v = bytearray(BUCKETS)
        deque(map(v.__setitem__, buckets, repeat(1 << (j & 7))), maxlen=0)
        self.acc |= int.from_bytes(v, "little")
        if j & 7 == 7 or j == self.n - 1:
            self.bits[j >> 3 :: self.w] = self.acc.to_bytes(BUCKETS, "little")
            self.acc = 0


CARRY_UP_TO = 8  # changed speeches in a shard up to which its bit rows are carried over, not made again
FREQ_FROM = 32  # speeches in a shard from which its doc_freq is stored: a few speeches' is counted again in
# milliseconds, and stored it was a third of a small folder's index (the bundled speeches: 39 of 115 KB)


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


class Old:
    """What an earlier file of a shard holds that an update carries over."""

    __slots__ = ("known", "keys", "bits", "table", "df", "missed")

    def __init__(self, known: dict[str, tuple[bytes, int, bool]], keys: list[str], bits: bytes,
                 table: OldTable | None, df: dict[int, int] | None, missed: bool = False):
        self.known = known  # key → (text, units of its title and headings, folded?)
        self.missed = missed  # speeches packed without their body: not in `known`, read again
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
            head = read_head(fh)
            data = fh.read()  # (what follows the header)
        keys, offs, heads, fold = head["keys"], head["offs"], head["heads"], set(head["fold"])
        n = len(keys)
        rows_end, pz, dz = sections(head, n)
        pairs_end = rows_end + pz
        base = pairs_end + dz
        text = data[base:]
        if head.get("v") not in CARRIED or len(text) != 2 * offs[-1] or zlib.crc32(text) != head["tcrc"]:
            return None
        miss = set(head.get("miss", ()))
        known = {k: (text[2 * offs[j] : 2 * offs[j + 1]], heads[j] - offs[j], j in fold) for j, k in enumerate(keys) if j not in miss}
        bits = bit_rows(head, data[:rows_end], n)
        df = read_freq(head, data[pairs_end:base]) if head.get("v") == VERSION else None
        table = None
        if df is not None:
            pairs, counts = read_pairs(head, data[rows_end:pairs_end], n)
            table = OldTable(pairs, counts.tolist(), n)
        return Old(known, keys, bits, table, df, bool(miss))
    except (OSError, ValueError, KeyError, TypeError, IndexError, zlib.error):
        return None


def pack_bodies(backend, keys: list[str], old: str | None = None) -> bytes:
    """A shard's file: the texts and bit rows of the speeches an earlier file of it
    holds carried over, the others read and folded; the pair counts updated from
    the earlier file's by the speeches that came and went (counted again, all of
    them, when it has none). The same bytes either way."""
    folds: list[int] = []
    offs: list[int] = []
    heads: list[int] = []
    crcs: list[int] = []
    pos = 0
    prev = _old_texts(old)
    known = prev.known if prev else {}
    old_keys = prev.keys if prev else []
    live = set(keys)
    gone = [k for k in old_keys if k not in live]
    new = sum(1 for k in keys if k not in known)
    # (speeches the earlier file holds empty, their body missing then: its bit rows and
    # pair counts are not carried over but made again from the texts, as a fresh build)
    carry = bool(known) and new + len(gone) <= CARRY_UP_TO and not prev.missed
    # (the earlier pair counts are updated when few speeches changed; when most did — a
    # rebuild after an upgrade: every key new — counting afresh costs less CPU and memory:
    # the same bytes either way)
    table = prev.table if prev and not prev.missed and (new <= CARRY_UP_TO or 2 * new <= len(keys)) else None
    cols = None if carry else Columns(len(keys))
    missing: list[int] = []
    added: dict[int, set[int]] = {}
    counted: list[Counted] = []  # per speech: its pairs counted, in all and in its title and headings (compact)
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
            except KeyError:  # (missing or damaged: packed empty, read again by the next update)
                body = {"paragraphs": []}
                missing.append(j)
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
                counted.append(compact(pc, pair_counts(both[: 2 * nh])))
            else:
                came[j] = (pc, pair_counts(both[: 2 * nh]))
        if cols is not None:
            cols.add(j, buckets_of_units(both, pc))
        elif k not in known:
            added[j] = buckets_of_units(both, pc)
        offs.append(pos)
        heads.append(pos + nh)
        crcs.append(zlib.crc32(both))
        texts.append((both, nh))
        pos += len(both) // 2
    offs.append(pos)
    rows = _carry(old_keys, prev.bits, keys, added) if carry and prev else cols.bits
    if table is not None and prev is not None and prev.df is not None:
        df = moved_freq(prev.df, (pair_set(known[k][0]) for k in gone), [c[0].keys() for c in came.values()])
        pairs = updated_table(table, df, src, came, texts)
    else:
        df = doc_freq(counted)
        pairs = pair_table(counted, df)
    return _pack(keys, rows, folds, offs, heads, crcs, b"".join(t for t, _ in texts), pairs, pack_freq(df) if len(keys) >= FREQ_FROM else None, missing)


def has_missing(data: bytes) -> bool:
    """Whether a shard's file holds a speech packed without its body."""
    try:
        return "miss" in read_head(io.BytesIO(data), len(data))
    except ValueError:
        return False
