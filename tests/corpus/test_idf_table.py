"""The indexed copy of jieba's IDF table (`keywords.jieba_idf` with a cache file): an
update that reads one changed file looks up only that speech's words in it instead
of loading all 270 000 — and every speech's keywords stay what the text table gives."""

from __future__ import annotations

import pytest

from jianghua.corpus import keywords, segment
from jianghua.corpus.ingest import ingest_bytes

from tests.conftest import BUNDLED


def _fresh(cache):
    keywords.jieba_idf.cache_clear()  # (read the file again, as a new process would)
    return keywords.jieba_idf(cache)


@pytest.fixture(scope="module")
def text_table():
    keywords.jieba_idf.cache_clear()
    return keywords.jieba_idf(None)


def test_the_indexed_copy_gives_every_word_the_idf_of_the_text_table(tmp_path, text_table):
    table, median = text_table
    cache = tmp_path / "idf"
    _fresh(cache)  # written …
    copy, copy_median = _fresh(cache)  # … and read
    assert isinstance(copy, keywords.IdfTable) and copy_median == median and len(copy) == len(table)
    assert all(copy.get(w) == v for w, v in table.items())
    for absent in ("", "不在词表里的词", "\ud800", "x" * 300):
        assert absent not in copy and copy.get(absent, -1.0) == -1.0
    words = ["中国", "发展", "不在词表里的词", "组织生活会"]
    found = copy.lookup(words)
    assert {w: found[w] for w in words if w in found} == {w: table[w] for w in words if w in table}


def test_a_damaged_or_stale_copy_is_made_again(tmp_path, text_table):
    table, median = text_table
    cache = tmp_path / "idf"
    _fresh(cache)
    good = cache.read_bytes()
    for bad in (good[: len(good) // 2], b"", good.replace(b"idf 1", b"idf 0", 1)):  # cut short, empty, another version
        cache.write_bytes(bad)
        copy, m = _fresh(cache)
        assert m == median and copy.get("中国") == table["中国"]
        assert cache.read_bytes() == good  # written again whole


def test_keywords_of_a_speech_are_the_same_with_the_copy(tmp_path, text_table):
    cache = tmp_path / "idf"
    _fresh(cache)
    _fresh(cache)
    for f in sorted(BUNDLED.glob("*.txt")):
        data = f.read_bytes()
        keywords.jieba_idf.cache_clear()
        plain = ingest_bytes(data, source=f.name)
        _fresh(cache)
        copied = ingest_bytes(data, source=f.name, idf_cache=cache)
        assert copied["candidates"] == plain["candidates"] and copied["formulations"] == plain["formulations"]
        assert copied["candidates"]
    assert segment.initialised
