"""The first speech a process opens takes the compiled patterns a build of a few files
kept (`store.regex_cache`): its theme matcher and outline rules are not compiled again."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from jianghua.store import Store, regex_cache
from jianghua.store.workers import python_argv
from tests.conftest import SOURCES
from tests.store.test_incremental import edit
from tests.store.test_regex_cache import _build

OPEN = """
import json, sys
try:
    from re import _compiler
except ImportError:
    import sre_compile as _compiler
from jianghua.store import Store
store = Store.open(sys.argv[1], store_path=sys.argv[2])
longest = max(store.speeches(), key=lambda s: s.chars)
real, n = _compiler.compile, []
_compiler.compile = lambda p, flags=0: (n.append(1), real(p, flags))[1]
sp = store.speech(longest.id)
print(json.dumps([len(sp.paragraphs), len(n)]))
"""


def _open_longest(corpus: Path, store: Path, cache: Path) -> tuple[int, int]:
    """(paragraphs, patterns compiled) of opening the longest speech in a new process."""
    env = dict(os.environ, JIANGHUA_CACHE_DIR=str(cache))
    out = subprocess.run(python_argv(OPEN, str(corpus), str(store)), capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    paragraphs, compiled = json.loads(out.stdout.strip().splitlines()[-1])
    return paragraphs, compiled


def test_the_first_speech_opened_takes_the_kept_patterns(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    cache, store = tmp_path / "cache", tmp_path / "s"
    monkeypatch.setenv("JIANGHUA_CACHE_DIR", str(cache))
    Store.open(corpus_copy, store_path=store).update()
    edit(corpus_copy / SOURCES[1])
    _build(corpus_copy, store, cache)  # (a build of one file: the kept patterns are made after it)
    deadline = time.monotonic() + 60
    while not regex_cache.warm(cache / regex_cache.NAME) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert regex_cache.warm(cache / regex_cache.NAME)
    paras_none, compiled_none = _open_longest(corpus_copy, store, tmp_path / "cache-none")
    paras_kept, compiled_kept = _open_longest(corpus_copy, store, cache)
    assert paras_none == paras_kept > 0
    assert compiled_none >= regex_cache.WORTH
    assert compiled_kept < compiled_none / 4, (compiled_kept, compiled_none)
