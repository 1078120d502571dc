"""Fixtures for the hostile-input tests: the hostile corpus, built once per module."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest tests/hostile` without `python -m`
    sys.path.insert(0, str(ROOT))

from .hostile_corpus import make_hostile_corpus, remove_corpus  # noqa: E402


def jianghua(*args: str, corpus: Path | None = None, store: Path | None = None, timeout: float = 180, **env: str) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter; stdout and stderr are bytes."""
    cmd = [sys.executable, "-m", "jianghua", *args]
    if corpus is not None:
        cmd += ["--corpus", str(corpus)]
    if store is not None:
        cmd += ["--store", str(store)]
    e = dict(os.environ, PYTHONPATH=str(ROOT), **env)
    return subprocess.run(cmd, capture_output=True, env=e, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(corpus, store dir, result of `jianghua build`) for the hostile corpus."""
    base = tmp_path_factory.mktemp("hostile")
    corpus = make_hostile_corpus(base / "corpus")
    store = base / "store"
    build = jianghua("build", corpus=corpus.folder, store=store)
    yield corpus, store, build
    remove_corpus(base / "corpus")
