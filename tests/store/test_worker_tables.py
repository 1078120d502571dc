"""A user's first build (an empty cache folder) stays within the memory budget: the
builder makes the indexed copies of jieba's IDF and tag tables once, before the
ingest workers start (`jobs.tables_for_workers`), so that no worker reads the text
tables into dicts it keeps for the whole build (~110 MB a worker); and a process
that had to read a text table keeps the copy it wrote, not the dict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jianghua.corpus import formulation_tags, keywords
from jianghua.store import jobs
from jianghua.store.build import IDF_CACHE


@pytest.fixture
def no_text_tables(monkeypatch):
    """After this, reading jieba's text tables fails the test (as a worker process
    would start: nothing in memory yet)."""

    def read(*_a, **_k):
        raise AssertionError("a worker read a text table")

    def start():
        keywords.jieba_idf.cache_clear()
        formulation_tags.word_tags.cache_clear()
        monkeypatch.setattr(keywords, "_read_idf", read)
        monkeypatch.setattr(formulation_tags, "_read", read)

    return start


def _worker_lookups(cache: Path) -> tuple:
    idf, median = keywords.jieba_idf(cache)
    tags = formulation_tags.word_tags(cache)
    return idf.get("发展"), median, tags.get("发展"), tags.get("不在词典里的词")


def test_workers_of_a_first_build_never_read_the_text_tables(tmp_path, no_text_tables):
    keywords.jieba_idf.cache_clear()
    formulation_tags.word_tags.cache_clear()
    expected = _worker_lookups(None)  # (the text tables, parsed)
    cache = tmp_path / "cache" / IDF_CACHE  # an empty cache folder: a user's first build
    tables, spare = jobs.tables_for_workers(cache)  # the builder, before its pool starts
    assert (tables, spare) == (cache, None)
    no_text_tables()  # a worker
    assert _worker_lookups(tables) == expected
    assert expected[0] is not None and expected[2] is not None and expected[3] is None


def test_a_cache_folder_that_takes_no_file_still_spares_the_workers(tmp_path, no_text_tables):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")  # (fails for root too, unlike chmod)
    keywords.jieba_idf.cache_clear()
    formulation_tags.word_tags.cache_clear()
    expected = _worker_lookups(None)
    tables, spare = jobs.tables_for_workers(blocked / IDF_CACHE)
    try:
        assert spare is not None and tables.parent == Path(spare)
        no_text_tables()
        assert _worker_lookups(tables) == expected
    finally:
        if spare is not None:
            shutil.rmtree(spare, ignore_errors=True)


def test_a_process_that_wrote_the_copies_keeps_them_not_the_text_tables(tmp_path):
    cache = tmp_path / IDF_CACHE
    keywords.jieba_idf.cache_clear()
    formulation_tags.word_tags.cache_clear()
    idf, _median = keywords.jieba_idf(cache)  # read from the text, the copy written …
    tags = formulation_tags.word_tags(cache)
    assert isinstance(idf, keywords.IdfTable)  # … and kept instead of the dict
    assert isinstance(tags._table, keywords.IdfTable)
