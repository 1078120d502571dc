"""The indexed copy of jieba's IDF table (`keywords.jieba_idf` with a cache file): an
update that reads one changed file looks up only that speech's words in it instead
of loading all 270 000 — and every speech's keywords stay what the text table gives."""

from __future__ import annotations

import zlib

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


def _past_header(data: bytes) -> bytes:
    return data[20 + int.from_bytes(data[16:20], "little"):]


def _bound_at(data: bytes, table, word: str, after: int = 1) -> int:
    """Where the bucket bound after `word`'s bucket is stored in the copy."""
    size = int.from_bytes(data[16:20], "little")
    values = -(-(20 + size) // 8) * 8
    bucket = zlib.crc32(word.encode()) & table._mask
    return values + 8 * len(table) + 4 * (bucket + after)


def test_a_copy_with_a_damaged_bucket_bound_is_made_again(tmp_path, text_table):
    """Damage the size check cannot see (the file as long as before): the copy is not
    used, so a lookup neither fails (the build would skip the speech) nor differs."""
    table, median = text_table
    cache = tmp_path / "idf"
    _fresh(cache)
    copy, _ = _fresh(cache)
    good = cache.read_bytes()
    at = _bound_at(good, copy, "经济")
    lower = int.from_bytes(good[at - 4:at], "little")
    bucket = zlib.crc32("经济".encode()) & copy._mask
    absent = next(w for w in (f"无此词{i}" for i in range(10 ** 6)) if zlib.crc32(w.encode()) & copy._mask == bucket)
    for value in (0xFFFFFF, max(lower - 1, 0) if lower else 0, len(table) + 1):  # past the end, decreasing, past n
        bad = bytearray(good)
        bad[at:at + 4] = value.to_bytes(4, "little")
        if bytes(bad) == good:
            continue
        cache.write_bytes(bytes(bad))
        copy, m = _fresh(cache)
        assert m == median and copy.get("经济") == table["经济"] and copy.get(absent) is None
        again = cache.read_bytes()  # written again whole (the header may marshal its stamp otherwise)
        assert _past_header(again) == _past_header(good) and isinstance(_fresh(cache)[0], keywords.IdfTable)
        data = "在全市大会上的讲话\n\n同志们：\n\n我们要推动经济高质量发展。\n".encode()
        assert "经济" in dict(ingest_bytes(data, source="a.txt", idf_cache=cache)["candidates"])


def test_a_long_running_process_keeps_a_bounded_number_of_looked_up_words(tmp_path, text_table, monkeypatch):
    table, _ = text_table
    cache = tmp_path / "idf"
    _fresh(cache)
    copy, _ = _fresh(cache)
    monkeypatch.setattr(keywords, "REMEMBERED", 100, raising=False)  # (raising: checked to fail without it)
    words = list(table)[:1000] + [f"无此词{i}" for i in range(1000)]
    for i in range(0, len(words), 50):
        batch = words[i:i + 50]
        found = copy.lookup(batch)
        assert {w: found[w] for w in batch if w in found} == {w: table[w] for w in batch if w in table}
        assert all(copy.get(w) == table.get(w) for w in batch)
        assert len(copy._found) + len(copy._absent) <= 100 + 50
