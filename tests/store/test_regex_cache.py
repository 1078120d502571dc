"""Compiled patterns kept in the cache folder (`store.regex_cache`): a build of a few
files that takes them compiles a fraction of its patterns and writes the store a build
compiling them all writes; patterns taken from the file match as compiled ones do; a
damaged file, or one made by another Python, is not used."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jianghua.store import Store, build, regex_cache
from jianghua.store.workers import python_argv
from tests.conftest import SOURCES
from tests.store.test_incremental import edit, everything
from tests.store.test_segmenter_process import _files

try:
    from re import _compiler  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_compile as _compiler  # type: ignore[no-redef]

# Named groups, a conditional, flags, look-ahead, classes of Han characters, repeats.
PATTERNS = [
    (r"\s*(?P<open>[（(])?(?:新华社记者\s*\S+\s*摄)(?(open)[)）])\s*$", 0),
    (r"^[一二三四五六七八九十]{1,3}、(?=\S)", re.M),
    (r"同志们|各位(?:代表|委员)?|ladies", re.I),
    (r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", 0),
    (r"(?:坚持|推动)(?P<what>[\u4e00-\u9fff]{2,8}?)发展", 0),
]
TEXTS = ["一、坚持高质量发展\n二、推动绿色发展（新华社记者 张三 摄）", "同志们：2023年3月5日，各位代表，Ladies",
         "（新华社记者 李四 摄）", "十一、要推动共同富裕发展。2024年12月"]


def _made(folder: Path, keys: list) -> Path:
    path = folder / regex_cache.NAME
    listed = regex_cache.write_keys(folder, keys)
    assert listed is not None
    regex_cache.make(str(path), str(listed))
    assert path.is_file() and not listed.exists()
    return path


def _empty_re_cache(monkeypatch) -> None:
    monkeypatch.setattr(re, "_cache", {})
    if isinstance(getattr(re, "_cache2", None), dict):  # (Python 3.12+)
        monkeypatch.setattr(re, "_cache2", {})


def _found(rx: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in rx.finditer(text)]


def test_kept_patterns_match_as_compiled_ones(tmp_path, monkeypatch):
    path = _made(tmp_path, PATTERNS)
    _empty_re_cache(monkeypatch)
    assert regex_cache.warm(path) == set(PATTERNS)
    fresh = {k: _compiler.compile(*k) for k in PATTERNS}

    def refuse(*a, **k):
        raise AssertionError("compiled again")

    monkeypatch.setattr(_compiler, "compile", refuse)  # every one comes from the file
    for (pattern, flags), made in fresh.items():
        kept = re.compile(pattern, flags)
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (made.pattern, made.flags, made.groups, made.groupindex)
        for text in TEXTS:
            assert _found(kept, text) == _found(made, text)
    assert any(_found(re.compile(*k), t) for k in PATTERNS for t in TEXTS)  # (the texts do match)


def test_a_damaged_file_or_one_of_another_python_is_not_used(tmp_path, monkeypatch):
    path = _made(tmp_path, PATTERNS)
    raw = path.read_bytes()
    _empty_re_cache(monkeypatch)
    path.write_bytes(raw[:-40] + bytes(b ^ 0x5A for b in raw[-40:]))  # damaged: its CRC does not match
    assert regex_cache.warm(path) == set() and re._cache == {}
    path.write_bytes(raw[: len(raw) // 2])  # cut short
    assert regex_cache.warm(path) == set() and re._cache == {}
    path.write_bytes(raw)
    monkeypatch.setattr(regex_cache, "_tag", lambda: (regex_cache.FORMAT, "another Python"))
    assert regex_cache.warm(path) == set() and re._cache == {}
    assert regex_cache.warm(tmp_path / "none") == set()
    assert re.compile(*PATTERNS[3]).findall(TEXTS[1]) == [("2023", "3", "5")]  # (compiled as usual)


COUNT = """
import json, sys
try:
    from re import _compiler
except ImportError:
    import sre_compile as _compiler
from jianghua.store import Store, regex_cache
real, n, taken = _compiler.compile, [], regex_cache.warm
_compiler.compile = lambda p, flags=0: (n.append(1), real(p, flags))[1]

def warm(path):  # (counted from the moment the build takes the file)
    n.clear()
    return taken(path)

regex_cache.warm = warm
r = Store.open(sys.argv[1], store_path=sys.argv[2]).update()
print(json.dumps([r.segmented, len(n)]))
"""


def _build(corpus: Path, store: Path, cache: Path) -> tuple[int, int]:
    """(files segmented, patterns compiled once it has taken the kept ones) of a build in a new process."""
    env = dict(os.environ, JIANGHUA_CACHE_DIR=str(cache), JIANGHUA_WORKERS="1")
    out = subprocess.run(python_argv(COUNT, str(corpus), str(store)), capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    segmented, compiled = json.loads(out.stdout.strip().splitlines()[-1])
    return segmented, compiled


def test_a_build_taking_kept_patterns_writes_the_store_a_compiling_build_writes(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    a, b = tmp_path / "a", tmp_path / "b"
    Store.open(corpus_copy, store_path=a).update()
    shutil.copytree(a, b)
    edit(corpus_copy / SOURCES[1])
    started: list = []
    monkeypatch.setattr(build, "_make_regex_later", lambda path, held: started.append(regex_cache.missing(held)))
    Store.open(corpus_copy, store_path=tmp_path / "c").update()  # (this process compiles what a build of the corpus needs)
    keys = regex_cache.missing(set())
    assert keys and len(keys) >= regex_cache.WORTH

    no_cache, kept = tmp_path / "cache-none", tmp_path / "cache-kept"
    kept.mkdir()
    _made(kept, keys)
    seg_a, compiled_a = _build(corpus_copy, a, no_cache)
    seg_b, compiled_b = _build(corpus_copy, b, kept)
    assert seg_a == seg_b == 1
    assert compiled_b < compiled_a / 4  # most patterns came from the file
    assert _files(a) == _files(b)
    assert everything(Store.open(corpus_copy, store_path=a)) == everything(Store.open(corpus_copy, store_path=b))


def test_a_build_of_a_few_files_has_the_file_made_after_it(corpus_copy, tmp_path, monkeypatch):
    """Made by a detached process after a build that ingested here (not after a first
    build); the next build takes its patterns."""
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    cache, store = tmp_path / "cache", tmp_path / "s"
    monkeypatch.setenv("JIANGHUA_CACHE_DIR", str(cache))
    Store.open(corpus_copy, store_path=store).update()
    assert not (cache / regex_cache.NAME).exists()  # (a first build: none)
    edit(corpus_copy / SOURCES[1])
    _seg, compiled = _build(corpus_copy, store, cache)
    deadline = time.monotonic() + 60
    while not regex_cache.warm(cache / regex_cache.NAME) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert regex_cache.warm(cache / regex_cache.NAME)
    assert not list(cache.glob(".regex-keys-*"))
    edit(corpus_copy / SOURCES[2])
    ahead = (time.time_ns() // 1_000_000_000 + 60) * 1_000_000_000  # whole seconds: racy until that tick is over
    os.utime(corpus_copy / SOURCES[2], ns=(ahead, ahead))
    seg, compiled_after = _build(corpus_copy, store, cache)
    assert seg == 1 and compiled_after < compiled / 4
    # the start right after: nothing changed, but that file is racy (`store/racy.py`): read and
    # compared with its content key, whose rules take the kept patterns too
    seg, compiled_check = _build(corpus_copy, store, cache)
    assert seg == 0 and compiled_check < compiled / 4
