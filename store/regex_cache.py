"""Compiled regular expressions kept in the cache folder, for a build of a few files.

A build that ingests one changed file compiles ~170 patterns (the cleaning and
metadata rules, the outline and date patterns, the theme matcher …): ~0.15 s CPU,
a sixth of its time at 10 000 speeches. Python's `re` compiles a pattern in
Python (parse, then code generation); the result is a list of integers that
`_sre.compile` turns into a pattern object in microseconds. This module keeps
those lists, by (pattern, flags), in one file (`warm` puts the pattern objects
made from them into `re`'s own cache, so every `re.compile` / `re.search` of that
pattern in any module finds it there; `missing` says which patterns this process
compiled that the file lacks; `make`, in a detached low-priority process, compiles
them and writes the file again).

Nothing but the speed depends on it: the file names the Python build and `re`'s
code version it was made by and carries a CRC-32 of its contents; any other
Python, a damaged or missing file, a private interface that is not there: the
patterns compile as usual. `_sre.compile` checks each code list it is given.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import zlib
from pathlib import Path

NAME = "regex.cache"  # in the cache folder
FORMAT = 1
MAX_PATTERNS = 400  # kept at most (re's own cache holds 512); beyond, the file starts again
# Patterns compiled this process below which a build does not have the file made again
# (a pattern of a module imported early, or one a rare text needs, is not worth a process).
WORTH = 8


def _tag() -> tuple:
    """What the code lists depend on: the Python build and the code version of `re`'s engine."""
    import _sre

    return (FORMAT, sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE, getattr(_sre, "MAXREPEAT", 0))


def _re_cache() -> dict | None:
    cache = getattr(re, "_cache", None)
    return cache if isinstance(cache, dict) else None


def _keys_of(cache: dict) -> list[tuple[str, int]]:
    """(pattern, flags) of the text patterns in `re`'s cache (bytes and locale patterns left out)."""
    out = []
    for key in list(cache):
        if type(key) is tuple and len(key) == 3 and key[0] is str and type(key[1]) is str and type(key[2]) is int \
                and not key[2] & (re.LOCALE | re.DEBUG):
            out.append((key[1], key[2]))
    return out


def path() -> Path:
    """The file, in the cache folder."""
    from .paths import cache_root

    return cache_root() / NAME


_taken: dict[Path, tuple[tuple[int, int], set[tuple[str, int]]]] = {}  # path → (its stamp, what it held) when taken


def warm(path: Path) -> set[tuple[str, int]]:
    """Put the patterns of the file at `path` into `re`'s cache (those not there yet);
    the (pattern, flags) the file holds (empty: no usable file). The same file is
    taken once per process (a check that reads a racy file takes it, then the build)."""
    cache = _re_cache()
    if cache is None:
        return set()
    try:
        st = os.stat(path)
        stamp = (st.st_mtime_ns, st.st_size)
        seen = _taken.get(path)
        if seen is not None and seen[0] == stamp and all((str, p, f) in cache for p, f in list(seen[1])[:1]):
            return seen[1]
        raw = path.read_bytes()
        tag, crc, body = marshal.loads(raw)
        if tag != _tag() or zlib.crc32(body) != crc:
            return set()
        entries = marshal.loads(body)
        import _sre

        room = max(0, getattr(re, "_MAXCACHE", 512) - len(cache) - 64)  # (room left for what this process compiles)
        held = set()
        for pattern, flags, code_flags, code, groups, groupindex, indexgroup in entries:
            held.add((pattern, flags))
            key = (str, pattern, flags)
            if key in cache or room <= 0:
                continue
            cache[key] = _sre.compile(pattern, code_flags, code, groups, groupindex, indexgroup)
            room -= 1
        _taken[path] = (stamp, held)
        return held
    except Exception:  # noqa: BLE001 - missing, damaged, another Python: the patterns compile as usual
        return set()


def missing(held: set[tuple[str, int]]) -> list[tuple[str, int]] | None:
    """Every text pattern in `re`'s cache, when at least WORTH of them are not in the
    file (`held`: what `warm` found); else None (the file is good enough)."""
    cache = _re_cache()
    if cache is None:
        return None
    keys = _keys_of(cache)
    new = [k for k in keys if k not in held]
    if len(new) < WORTH:
        return None
    return keys if len(keys) <= MAX_PATTERNS else new[:MAX_PATTERNS]


def _entry(pattern: str, flags: int) -> tuple:
    """What `_sre.compile` needs to make the pattern (as `re` compiles it)."""
    try:
        from re import _compiler as compiler, _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_compile as compiler  # type: ignore[no-redef]
        import sre_parse as parser  # type: ignore[no-redef]
    p = parser.parse(pattern, flags)
    code = [int(c) for c in compiler._code(p, flags)]
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (pattern, flags, int(flags | p.state.flags), code, p.state.groups - 1, groupindex, tuple(indexgroup))


def make(path: str, keys_path: str) -> None:
    """Compile the patterns listed in the file `keys_path` (removed) and write the
    cache file at `path` (atomically; a pattern that does not compile is left out).
    Run in a detached, low-priority process (`store.build`)."""
    keys_file = Path(keys_path)
    try:
        keys = marshal.loads(keys_file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return
    finally:
        try:
            keys_file.unlink()
        except OSError:
            pass
    entries = []
    for pattern, flags in keys:
        try:
            entries.append(_entry(pattern, flags))
        except Exception:  # noqa: BLE001 - an invalid or odd pattern: compiled as usual where it is used
            continue
    body = marshal.dumps(entries)
    from .storage import atomic_write

    try:
        atomic_write(Path(path), marshal.dumps((_tag(), zlib.crc32(body), body)), sync=False)
    except OSError:
        pass


def remove_left(path: Path, age: float = 60.0) -> None:
    """Remove what makers of the file at `path` that were killed left in its folder: the
    lists of patterns (`write_keys`) and half-written files (`storage.atomic_write`), older
    than `age` seconds (a maker at work takes well under that)."""
    import time

    path = Path(path)
    limit = time.time() - age
    try:
        for tmp in [*path.parent.glob(".regex-keys-*.tmp"), *path.parent.glob(f".{path.name}.*.tmp")]:
            try:
                if tmp.stat().st_mtime < limit:
                    tmp.unlink()
            except OSError:
                pass
    except OSError:
        pass


def write_keys(folder: Path, keys: list[tuple[str, int]]) -> Path | None:
    """The list of patterns for `make`, in a file of its own in `folder` (None: not written)."""
    p = folder / f".regex-keys-{os.getpid()}-{zlib.crc32(repr(len(keys)).encode()):08x}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        p.write_bytes(marshal.dumps([(str(k), int(f)) for k, f in keys]))
    except (OSError, ValueError):
        return None
    return p
