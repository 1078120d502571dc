"""The part of speech jieba's dictionary gives a word (its tag: n, v, vn, d …), for
the few words the formulation rules ask about — the words of a speech's recurring
phrases, the last word of a numbered head (`formulation_rules`: which tags count
as nominal, which as a verb). Never a tagger run over the text: the dictionary's
tag of a word, the same wherever it stands.

jieba's dictionary (dict.txt, ~350 000 lines, ~0.25 s to parse) is read once and
kept as an indexed copy in the cache folder, beside the IDF table's and in its
format (`keywords.IdfTable`: the value of a word is the index of its tag): a word
then costs a hash and a comparison. A word the dictionary lacks (one jieba
guessed, or of the user dictionary) has no tag (None)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from . import keywords
from .segment_table import dict_source  # (where jieba's dict.txt is: one definition)

TAGS_CACHE = "jieba-tags.table"  # beside the IDF table's copy (store.build.IDF_CACHE)


def _read(path: Path) -> tuple[dict[str, float], tuple[str, ...]]:
    """word → index of its tag in the returned tuple of tags (the first of a word
    listed twice)."""
    fields = path.read_bytes().decode("utf-8").split()
    if len(fields) % 3:  # (not three fields a line: read line by line)
        fields = [f for line in path.read_text(encoding="utf-8").splitlines() for f in (line.split() + ["", "", ""])[:3]]
    words, tags = fields[0::3], fields[2::3]
    names = tuple(sorted(set(tags)))
    index = {t: float(i) for i, t in enumerate(names)}
    table: dict[str, float] = {}
    for w, t in zip(reversed(words), reversed(tags)):  # (reversed: the first entry wins)
        table[w] = index[t]
    return table, names


class Tags:
    """word → jieba's tag of it, or None."""

    def __init__(self, table: Mapping[str, float], names: tuple[str, ...]):
        self._table, self._names = table, names
        self._get = getattr(table, "get")

    def get(self, word: str) -> str | None:
        i = self._get(word)
        return None if i is None else self._names[int(i)]


@lru_cache(maxsize=4)
def word_tags(idf_cache: Path | None = None) -> Tags:
    """jieba's tags; `idf_cache`: the IDF table's indexed copy (see
    `keywords.jieba_idf`), beside which the tags' copy is kept (None: parsed)."""
    path = dict_source()
    if path is None:
        return Tags({}, ())
    cache = idf_cache.with_name(TAGS_CACHE) if idf_cache is not None else None
    try:
        st = path.stat()
    except OSError:
        return Tags({}, ())
    cached = _copy(cache, path, st)
    if cached is not None:
        return cached
    try:
        table, names = _read(path)
    except (OSError, UnicodeDecodeError):
        return Tags({}, ())
    keywords._save_cached(cache, (str(path), st.st_size, st.st_mtime_ns, names), table, 0.0)
    # (the copy just written: the text table is not kept, ~50 MB)
    return _copy(cache, path, st) or Tags(table, names)


def _copy(cache: Path | None, path: Path, st) -> Tags | None:
    """The tags from their indexed copy at `cache`, if it is there and current."""
    # (the tag names ride in the stamp the copy is checked against: the copy says what its values mean)
    names = _names_of(cache)
    stamp = (str(path), st.st_size, st.st_mtime_ns, names)
    cached = keywords._load_cached(cache, stamp) if names else None
    if cached is None:
        return None
    cached._remake = lambda: _remake(cache, path)  # (damaged: the text read again, not as an IDF table)
    return Tags(cached, names)


def make_copy(idf_cache: Path | None) -> bool:
    """Make the indexed copy of the tags beside `idf_cache` if it is missing or stale,
    keeping nothing in memory; whether a current copy is there (see `keywords.make_copy`:
    a build calls both before its worker processes start)."""
    path = dict_source()
    if idf_cache is None or path is None:
        return False
    cache = idf_cache.with_name(TAGS_CACHE)
    try:
        st = path.stat()
    except OSError:
        return False
    if _copy(cache, path, st) is not None:
        return True
    if _remake(cache, path):
        return _copy(cache, path, st) is not None
    return False


def _names_of(cache: Path | None) -> tuple[str, ...]:
    """The tag names the copy at `cache` was written with (from its header), or ()."""
    import marshal

    if cache is None:
        return ()
    try:
        with open(cache, "rb") as fh:
            head = fh.read(len(keywords._MAGIC) + 4)
            if head[:len(keywords._MAGIC)] != keywords._MAGIC:
                return ()
            size = int.from_bytes(head[len(keywords._MAGIC):], "little")
            stamp = marshal.loads(fh.read(size))[0]
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return ()
    names = stamp[3] if isinstance(stamp, tuple) and len(stamp) == 4 else ()
    return names if isinstance(names, tuple) and all(isinstance(n, str) for n in names) else ()


def _remake(cache: Path | None, path: Path) -> dict[str, float]:
    try:
        table, names = _read(path)
        st = path.stat()
    except (OSError, UnicodeDecodeError):
        return {}
    keywords._save_cached(cache, (str(path), st.st_size, st.st_mtime_ns, names), table, 0.0)
    return table
