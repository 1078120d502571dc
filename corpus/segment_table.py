"""jieba's dictionary as a table read by bucket: the words a few texts need, not all
of them (see `segment.few`).

jieba (and rjieba, the same dictionary built into jieba-rs) load all 349 000 words of
``jieba/dict.txt`` before the first cut: 0.15 s with rjieba, ~0.45 s with jieba. A
build that segments one changed file needs the few thousand words that occur in it.
The cut of a text depends only on the dictionary words that occur in it, their
frequencies and the dictionary's total frequency (`Table.total`), so a segmenter given
just those words and that total cuts exactly as the full one (tests compare both on
the bundled corpus and tests/data/real).

The table is a file in the cache folder, made from dict.txt (~1–3 s) by a detached,
low-priority process after a build that found it missing, or stale because dict.txt
(or rjieba) changed (that build segments with the whole dictionary): a header, the end of each bucket (uint32),
then the buckets — "word freq\\n" lines (UTF-8), a word in the bucket of the CRC-32
of its first three characters (all of a shorter word). A CRC-32 of the whole
file is checked when it is opened: a damaged table is not used (the build segments
with the full dictionary, and the table is made again after it).
"""

from __future__ import annotations

import errno
import importlib.util
import marshal
import mmap
import os
import sys
import zlib
from array import array
from pathlib import Path

MAGIC = b"jianghua dict 2\n"
BITS = 18


def dict_source() -> Path | None:
    """jieba's dictionary file (None when jieba is not installed)."""
    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]) / "dict.txt"
    return None


def rjieba_binary() -> Path | None:
    """The file of rjieba's compiled module (its dictionary is built into it), without
    importing rjieba (its import loads the whole dictionary)."""
    try:
        spec = importlib.util.find_spec("rjieba")
    except (ImportError, ValueError):
        return None
    if not spec or not spec.submodule_search_locations:
        return None
    from importlib.machinery import PathFinder

    sub = PathFinder.find_spec("rjieba.rjieba", list(spec.submodule_search_locations))
    return Path(sub.origin) if sub is not None and sub.origin else None


def file_for(path: Path, source: Path) -> Path:
    """Where the table of `source` is kept, given the table's path (its name gains a
    hash of where dict.txt is: installs sharing a cache folder keep a table each)."""
    return path.with_name(f"{path.stem}-{zlib.crc32(str(source).encode('utf-8', 'surrogatepass')):08x}{path.suffix}")


def _stamp(path: Path | None):
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_size, st.st_mtime_ns)


def _key(word: str) -> bytes:
    return word[:3].encode("utf-8", "surrogatepass")


class Damaged(Exception):
    """The table is damaged (or not the one for this dict.txt)."""


class Table:
    """The dictionary by bucket. `words(text)` gives {word: freq} for every dictionary
    word that occurs in text (and a few more: any that share a bucket and occur).
    `lines_total`: the sum of the frequencies of all lines of dict.txt (jieba's total:
    a word listed twice counts twice); `total`: the sum over distinct words, the last
    line of a word giving its frequency (jieba-rs's total). `freq(word)`: one word."""

    def __init__(self, data: bytes | mmap.mmap, head: dict):
        self.lines_total, self.total, self.rjieba = head["lines_total"], head["total"], head["rjieba"]
        nb = 1 << head["bits"]
        self._mask = (1 << head["bits"]) - 1
        self._ends = memoryview(data)[head["at"]:head["at"] + 4 * nb].cast("I")
        self._base = head["at"] + 4 * nb
        self._data = data
        self._size = len(data) - self._base

    def _bucket(self, b: int) -> list[str]:
        lo, hi = self._ends[b - 1] if b else 0, self._ends[b]
        if not lo <= hi <= self._size:
            raise Damaged(b)
        try:
            return self._data[self._base + lo:self._base + hi].decode("utf-8", "surrogatepass").split()
        except UnicodeDecodeError as e:
            raise Damaged(b) from e

    def freq(self, word: str) -> int | None:
        parts = self._bucket(zlib.crc32(_key(word)) & self._mask)
        for j in range(0, len(parts) - 1, 2):
            if parts[j] == word:
                return int(parts[j + 1])
        return None

    def words(self, text: str) -> dict[str, int]:
        """{word: freq} for the dictionary words in `text`."""
        n = len(text)
        keys = {text[i:i + 3] for i in range(n)}  # (the last two: shorter)
        keys.update({text[i:i + 2] for i in range(n)})
        keys.update(text)
        crc, mask, ends, data, base, size = zlib.crc32, self._mask, self._ends, self._data, self._base, self._size
        chunks = []
        for b in {crc(k.encode("utf-8", "surrogatepass")) & mask for k in keys}:
            lo, hi = ends[b - 1] if b else 0, ends[b]
            if lo != hi:
                if not lo < hi <= size:
                    raise Damaged(b)
                chunks.append(data[base + lo:base + hi])
        try:
            parts = b"".join(chunks).decode("utf-8", "surrogatepass").split()
            return {w: int(f) for w, f in zip(parts[::2], parts[1::2], strict=True)
                    if w in keys or (len(w) > 3 and w[:3] in keys and w in text)}
        except (UnicodeDecodeError, ValueError) as e:
            raise Damaged("words") from e


def load(path: Path, source: Path, rjieba: Path | None) -> Table:
    """The table at `path` made from `source` (and checked against `rjieba`); Damaged
    when it is missing, damaged or made from other files."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise Damaged(str(path)) from e
    if data[:len(MAGIC)] != MAGIC or len(data) < len(MAGIC) + 8:
        raise Damaged("magic")
    at = len(MAGIC)
    if zlib.crc32(data[at + 4:]) != int.from_bytes(data[at:at + 4], "little"):
        raise Damaged("crc")
    size = int.from_bytes(data[at + 4:at + 8], "little")
    try:
        head = marshal.loads(data[at + 8:at + 8 + size])
    except (EOFError, ValueError, TypeError) as e:
        raise Damaged("head") from e
    if not isinstance(head, dict) or head.get("source") != _stamp(source) or head.get("byteorder") != sys.byteorder:
        raise Damaged("other dictionary")
    if head.get("rjieba_binary") != _stamp(rjieba):
        raise Damaged("other rjieba")
    head["at"] = -(-(at + 8 + size) // 4) * 4
    if head["at"] + 4 * (1 << head["bits"]) > len(data):
        raise Damaged("size")
    return Table(data, head)


def make(path: Path, source: Path, rjieba: Path | None, check_rjieba=None) -> Table:
    """Make the table of `source` at `path` (atomically) and return it. check_rjieba:
    a function (Table → bool) telling whether rjieba's built-in dictionary is this one
    (recorded in the table: `Table.rjieba`). OSError when it cannot be written: a path
    taken by a folder, a cache folder that cannot take a file, a full disk or quota —
    found before the table is made (its room is reserved first), so that costs no work."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder has the table's name", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            _reserve(fh.fileno(), source.stat().st_size + (4 << BITS))
            table, data = _made(source, rjieba, check_rjieba)
            fh.write(data)
            fh.truncate()
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    return table


def remove_left(path: Path, age: float = 3600.0) -> None:
    """Remove the temporary files of makers of the table at `path` that were stopped
    (older than `age` seconds: a maker at work takes seconds)."""
    import time

    try:
        for tmp in path.parent.glob(f".{path.name}.*.tmp"):
            if tmp.stat().st_mtime < time.time() - age:
                tmp.unlink()
    except OSError:
        pass


def _reserve(fd: int, size: int) -> None:
    """Room for `size` bytes in the file, or OSError (no space, over quota)."""
    fallocate = getattr(os, "posix_fallocate", None)
    if fallocate is None:
        return
    try:
        fallocate(fd, 0, size)
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise
        # (a file system without it: the write below finds out)


def _read_dict(source: Path) -> tuple[dict[str, int], int]:
    freqs: dict[str, int] = {}
    lines_total = 0
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)  # (jieba's rule: word, freq and the rest)
            if len(parts) < 2:
                continue
            f = int(parts[1])
            freqs[parts[0]] = f
            lines_total += f
    return freqs, lines_total


def _made(source: Path, rjieba: Path | None, check_rjieba) -> tuple[Table, bytes]:
    """The table of `source` and its file's bytes."""
    freqs, lines_total = _read_dict(source)
    mask = (1 << BITS) - 1
    buckets: list[list[str]] = [[] for _ in range(mask + 1)]
    crc = zlib.crc32
    for w, f in freqs.items():
        buckets[crc(_key(w)) & mask].append(f"{w} {f}\n")
    blobs = ["".join(b).encode("utf-8", "surrogatepass") for b in buckets]
    ends = array("I")
    n = 0
    for b in blobs:
        n += len(b)
        ends.append(n)
    head = {"source": _stamp(source), "rjieba_binary": _stamp(rjieba), "lines_total": lines_total,
            "total": sum(freqs.values()), "bits": BITS, "byteorder": sys.byteorder, "rjieba": False}

    def assemble() -> tuple[bytes, dict]:
        h = marshal.dumps(head)
        start = len(MAGIC) + 8 + len(h)
        body = len(h).to_bytes(4, "little") + h + b"\0" * (-start % 4) + ends.tobytes() + b"".join(blobs)
        return MAGIC + zlib.crc32(body).to_bytes(4, "little") + body, {**head, "at": -(-start // 4) * 4}

    data, read = assemble()
    if check_rjieba is not None:
        try:
            ok = bool(check_rjieba(Table(data, read)))
        except Exception:  # rjieba missing or broken: only jieba uses the table
            ok = False
        if ok:
            head["rjieba"] = True
            data, read = assemble()
    return Table(data, read), data
