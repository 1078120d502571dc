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
from pathlib import Path
from types import SimpleNamespace

from .resources import BUNDLED_CORPUS, USER_DICT

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
    return cut_many([text])[0]


def cut_many(texts: list[str]) -> list[list[str]]:
    """`cut` of each text, in one request when this thread segments in another process."""
    ask = getattr(_elsewhere, "ask", None)
    if ask is not None and texts:
        out = ask(texts)
        if out is not None:
            return out
    table = getattr(_few, "table", None)
    if table is not None and _cut is None and texts:
        out = _cut_few(table, texts)
        if out is not None:
            return out
    fn = _ensure()
    return [fn(t) for t in texts]


# ------------------------------------------------------------ a few texts
# A build that segments one or a few changed files in this process (`few`) loads only
# the dictionary words those texts hold (`segment_table`), with the full dictionary's
# total frequency: the same cuts, without the full dictionary's start (0.15 s with
# rjieba, ~0.45 s with jieba). Once the full segmenter is loaded it is used instead.

_few = threading.local()
_small: _Small | None = None
_TOTAL = "~"  # rjieba: a word that is never in a run of characters jieba-rs segments, whose frequency makes up the total
# Characters up to which `few` cuts with the table: finding a text's words costs about
# 3 µs a character (more for long texts), the whole dictionary ~0.15 s with rjieba.
FEW_CHARS = 40_000
# (table, segmenter) found unusable in this process (missing, stale, damaged, not rjieba's):
# not read again — the whole dictionary cuts.
_unusable: set[tuple[Path, str]] = set()


@contextmanager
def few(table: Path | None) -> Iterator[None]:
    """Within this block, this thread segments with the words each text needs from
    the dictionary table at `table` (None: not at all). A table missing or stale is
    not made here (it costs ~1–3 s): the whole dictionary cuts, and `wanted` then
    names it for a process where nobody waits (`make_table`)."""
    old = getattr(_few, "table", None)
    _few.table, _few.wanted = table, None
    try:
        yield
    finally:
        _few.table = old


def wanted() -> Path | None:
    """The table the last `few` block of this thread found missing or stale (once)."""
    table, _few.wanted = getattr(_few, "wanted", None), None
    return table


def make_table(table: str) -> None:
    """Make the dictionary table at `table` (its name gains the hash of dict.txt's place)
    unless it is there and sound — run in a detached, low-priority process after a build
    (`store.workers.start_detached`). Two at once write the same bytes (each its own
    temporary file, then an atomic rename); a cache folder that cannot take it costs
    nothing (`segment_table.make` finds out first)."""
    from . import segment_table as st

    source = st.dict_source()
    if source is None:
        return
    binary, file = st.rjieba_binary(), st.file_for(Path(table), source)
    try:
        st.load(file, source, binary)
        return
    except st.Damaged:
        pass
    st.remove_left(file)
    try:
        st.make(file, source, binary, _check_rjieba if binary else None)
    except OSError:
        pass


class _Small:
    """A segmenter holding the dictionary words of the texts it has cut so far."""

    def __init__(self, name: str, path: Path, table) -> None:
        self.name, self.path, self.table = name, path, table
        self.have: set[str] = set()
        self.chars = 0  # of the texts cut so far
        users: dict[str, int] = {}
        if name == "rjieba":
            self.jieba = _rjieba_module().Jieba.empty()
            # jieba-rs: a word added again replaces its frequency in the total
            total = table.total
            for word, freq, tag in user_words():
                old = users[word] if word in users else (table.freq(word) or 0)
                total += freq - old
                users[word] = freq
                self.jieba.add_word(word, freq, tag)
            self.target, self.sum = total, sum(users.values())
            self.jieba.add_word(_TOTAL, self.target - self.sum, None)
            self.fn = self.jieba.cut
        else:
            tk = _jieba_module().Tokenizer()
            tk.FREQ, tk.total, tk.initialized = {}, table.lines_total, True
            for word, freq, tag in user_words():  # (jieba: each adds its frequency to the total)
                tk.add_word(word, freq, tag)
                users[word] = freq
            self.jieba, self.fn = tk, tk.lcut
        self.users = users

    def add(self, words: dict[str, int]) -> None:
        users, have = self.users, self.have
        new = [(w, f) for w, f in words.items() if w not in have and w not in users]
        have.update(w for w, _ in new)
        if not new:
            return
        if self.name == "rjieba":
            add = self.jieba.add_word
            for w, f in new:
                add(w, f, None)
            self.sum += sum(f for _, f in new)
            add(_TOTAL, self.target - self.sum, None)
        else:
            freq = self.jieba.FREQ
            for w, f in new:
                freq[w] = f
            for w, _ in new:
                for i in range(1, len(w)):
                    freq.setdefault(w[:i], 0)


def _cut_few(path: Path, texts: list[str]) -> list[list[str]] | None:
    """The cuts of texts with `_Small` (None: no usable table, or texts too long for it
    to pay; the full segmenter cuts)."""
    global _small
    from . import segment_table as st

    name = backend()
    with _lock:
        if (path, name) in _unusable:
            return None
        try:
            if _small is None or _small.path != path or _small.name != name:
                _small = None
                if sum(map(len, texts)) > FEW_CHARS:
                    return None
                source = st.dict_source()
                if source is None:
                    _unusable.add((path, name))
                    return None
                binary = st.rjieba_binary()
                try:
                    table = st.load(st.file_for(path, source), source, binary)
                except st.Damaged:  # missing, stale or damaged: made where nobody waits (`wanted`)
                    _unusable.add((path, name))
                    _few.wanted = path
                    return None
                if name == "rjieba" and not table.rjieba:
                    _unusable.add((path, name))
                    return None
                _small = _Small(name, path, table)
            small = _small
            small.chars += sum(map(len, texts))
            if small.chars > FEW_CHARS:
                return None
            small.add(small.table.words("\n".join(texts)))
            return [small.fn(t) for t in texts]
        except st.Damaged:
            _small = None
            _unusable.add((path, name))
            _few.wanted = path  # (made again)
            return None
        except (OSError, ValueError, ImportError):  # (rjieba broken …)
            _small = None
            _unusable.add((path, name))
            return None


def _check_rjieba(table) -> bool:
    """Is rjieba's built-in dictionary the table's (jieba's dict.txt)? Its words are all
    rjieba's, and `_Small` cuts the bundled speeches and a sample as rjieba does."""
    full = _rjieba_module().Jieba()
    if not all(map(full.has_word, _all_words(table))):
        return False
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(BUNDLED_CORPUS.glob("*.txt"))]
    jb = _rjieba_module().Jieba.empty()
    words = table.words("\n".join(texts))
    for w, f in words.items():
        jb.add_word(w, f, None)
    jb.add_word(_TOTAL, table.total - sum(words.values()), None)
    return all(jb.cut(t) == full.cut(t) for t in texts)


def _all_words(table) -> Iterator[str]:
    for b in range(table._mask + 1):
        yield from table._bucket(b)[::2]


def _rjieba_module():
    """rjieba's compiled module, imported without the package (whose import loads the
    whole dictionary); registered under its name, so that `import rjieba` finds it."""
    mod = sys.modules.get("rjieba.rjieba")
    if mod is not None:
        return mod
    import importlib.util

    from .segment_table import rjieba_binary

    path = rjieba_binary()
    if path is None:
        raise ImportError("rjieba")
    spec = importlib.util.spec_from_file_location("rjieba.rjieba", path)
    if spec is None or spec.loader is None:
        raise ImportError("rjieba")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["rjieba.rjieba"] = mod
    try:
        spec.loader.exec_module(mod)
    except BaseException:
        sys.modules.pop("rjieba.rjieba", None)
        raise
    return mod


def _jieba_module():
    """jieba, imported without pkg_resources when nothing has imported it yet: jieba
    imports it (~0.1 s) only to open its dictionary, which the table stands in for;
    without it jieba opens the file by its path (its own fallback)."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # (an import of it raises ImportError)
        try:
            import jieba
        finally:
            if sys.modules.get("pkg_resources", 0) is None:
                del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(logging.ERROR)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    return jieba


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
