"""Word segmentation: one function, `cut`, in front of jieba.

jieba is imported lazily (it costs about a second and prints to stderr on first
use, which would land on the Textual screen), its logger is silenced, and the
shipped user dictionary keeps set formulations (四个意识, 两个维护, 国之大者 …)
whole.

rjieba (the jieba-rs binding: same dictionary and algorithm, ~30× faster) is an
optional accelerator. ``JIANGHUA_SEGMENTER`` chooses: ``jieba`` (default when
rjieba is not installed), ``rjieba``, or ``auto`` (the default: rjieba when it is
installed, else jieba). A test checks both give the same tokens on the bundled
corpus.
"""

from __future__ import annotations

import logging
import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from types import SimpleNamespace

from .resources import USER_DICT

_lock = threading.Lock()
_cut: Callable[[str], list[str]] | None = None
_backend: str | None = None
# Set whenever a segmenter was initialised in this process (the benchmarks report it).
initialised = False


@lru_cache(maxsize=1)
def user_words() -> tuple[tuple[str, int, str | None], ...]:
    words = []
    for line in USER_DICT.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 20000
        tag = parts[2] if len(parts) > 2 else None
        words.append((parts[0], freq, tag))
    return tuple(words)


def _init_jieba() -> Callable[[str], list[str]]:
    import jieba

    jieba.setLogLevel(logging.ERROR)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    # jieba reads its 500 000-word prefix cache with marshal.load(file), which reads
    # the file in tiny pieces; reading it whole first is 2–3× faster (~0.3 s saved).
    if getattr(jieba, "marshal", None) is marshal:
        jieba.marshal = SimpleNamespace(load=lambda fh: marshal.loads(fh.read()), dump=marshal.dump, loads=marshal.loads, dumps=marshal.dumps)
    tk = jieba.Tokenizer()
    cache_dir = os.environ.get("JIANGHUA_JIEBA_CACHE")
    if cache_dir:
        tk.tmp_dir = cache_dir
    tk.initialize()
    for word, freq, tag in user_words():
        tk.add_word(word, freq, tag)
    return tk.lcut


def _init_rjieba() -> Callable[[str], list[str]]:
    import rjieba

    for word, freq, tag in user_words():
        rjieba.add_word(word, freq, tag)
    return rjieba.cut


def backend() -> str:
    """The segmenter `cut` uses (initialising nothing)."""
    choice = os.environ.get("JIANGHUA_SEGMENTER", "auto").strip().lower()
    if choice in ("jieba", "rjieba"):
        return choice
    try:
        import importlib.util

        return "rjieba" if importlib.util.find_spec("rjieba") else "jieba"
    except (ImportError, ValueError):  # pragma: no cover
        return "jieba"


def identity(name: str) -> str:
    """What a segmenter process must match to segment for this one: the segmenter, the
    file it is imported from, and the user dictionary (where it is, and its words) — a
    process that imported another copy of either would cut differently."""
    import importlib.util
    import zlib

    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
    except (ImportError, ValueError):
        origin = None
    return f"{name}|{origin}|{USER_DICT}|{zlib.crc32(repr(user_words()).encode('utf-8')):08x}"


def _ensure() -> Callable[[str], list[str]]:
    global _cut, _backend, initialised
    if _cut is None:
        with _lock:
            if _cut is None:
                name = backend()
                try:
                    fn = _init_rjieba() if name == "rjieba" else _init_jieba()
                except ImportError:
                    name, fn = "jieba", _init_jieba()
                _backend = name
                _cut = fn
                initialised = True
    return _cut


def cut(text: str) -> list[str]:
    """Segment text into words (punctuation and spaces come back as tokens too)."""
    ask = getattr(_elsewhere, "ask", None)
    if ask is not None:
        out = ask([text])
        if out is not None:
            return out[0]
    return _ensure()(text)


def cut_many(texts: list[str]) -> list[list[str]]:
    """`cut` of each text, in one request when this thread segments in another process."""
    ask = getattr(_elsewhere, "ask", None)
    if ask is not None and texts:
        out = ask(texts)
        if out is not None:
            return out
    fn = _ensure()
    return [fn(t) for t in texts]


# ------------------------------------------------------------ in a second process
# A build that finds files changed starts a segmenter process (`store.workers.Segmenter`)
# at once: rjieba builds its dictionary there (~0.15 s holding the GIL, so no thread can
# overlap it) while the build plans, and the build's thread asks it to segment (`elsewhere`).
# Each request (a list of texts) and each answer (their token lists) is marshal'd behind
# its length (`frame`); the process first answers with the segmenter it initialised.

LENGTH = 8  # bytes, little-endian
_elsewhere = threading.local()


@contextmanager
def elsewhere(ask: Callable[[list[str]], list[list[str]] | None] | None) -> Iterator[None]:
    """Within this block, `cut` and `cut_many` in this thread segment through `ask`
    (the token lists of the texts, or None when it cannot: they are cut here then)."""
    old = getattr(_elsewhere, "ask", None)
    _elsewhere.ask = ask
    try:
        yield
    finally:
        _elsewhere.ask = old


def frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(LENGTH, "little") + payload


def _send(out, payload: bytes) -> None:
    out.write(frame(payload))
    out.flush()


def serve() -> None:
    """The segmenter process: initialise, say which segmenter, then answer each
    request on stdin until it closes (the build is done, or gone)."""
    rd, wr = sys.stdin.buffer, sys.stdout.buffer
    fn = _ensure()
    _send(wr, marshal.dumps(identity(_backend or "")))
    while True:
        head = rd.read(LENGTH)
        if len(head) < LENGTH:
            return
        n = int.from_bytes(head, "little")
        data = rd.read(n)
        if len(data) < n:
            return
        _send(wr, marshal.dumps([fn(t) for t in marshal.loads(data)]))


def active_backend() -> str | None:
    return _backend
