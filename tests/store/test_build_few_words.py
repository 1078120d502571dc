"""A build that ingests a few files segments them with only the dictionary words
they hold (`segment.few`): the store is the one the whole dictionary writes."""

from __future__ import annotations

import shutil
import time

import pytest

from jianghua.corpus import segment, segment_table
from jianghua.store import Store, build, workers
from jianghua.store.paths import cache_root
from tests.store.test_incremental import everything
from tests.store.test_segmenter_process import _change, _files


def _fresh_segmenter(monkeypatch) -> None:
    """This process as one that has segmented nothing yet (a new start of jianghua)."""
    for name, value in (("_cut", None), ("_backend", None), ("_small", None), ("initialised", False),
                        ("_unusable", set())):
        monkeypatch.setattr(segment, name, value)


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_a_few_changed_files_make_the_store_the_whole_dictionary_makes(corpus_copy, tmp_path, monkeypatch, backend):
    if backend == "rjieba":
        pytest.importorskip("rjieba")
    monkeypatch.setenv("JIANGHUA_SEGMENTER", backend)
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    a, b = tmp_path / "a", tmp_path / "b"
    Store.open(corpus_copy, store_path=a).update()
    shutil.copytree(a, b)
    _change(corpus_copy)  # (an edit, a traditional-script file, a first line run into its speaker)
    segment.make_table(str(cache_root() / build.DICT_TABLE))  # (made after an earlier build)

    _fresh_segmenter(monkeypatch)
    ra = Store.open(corpus_copy, store_path=a).update()
    assert segment._small is not None and segment._cut is None  # the whole dictionary was not loaded

    _fresh_segmenter(monkeypatch)
    monkeypatch.setattr(build, "FEW_FILES", 0)
    st = Store.open(corpus_copy, store_path=b)
    rb = st.update()
    assert segment._small is None and segment._cut is not None
    assert (ra.segmented, rb.segmented) == (3, 3) and ra.messages == rb.messages == []
    assert _files(a) == _files(b)
    assert everything(Store.open(corpus_copy, store_path=a)) == everything(st)
    assert st.speech(st.resolve("run-together.txt")).speaker == "张剑飞"


def test_more_files_than_a_few_load_the_whole_dictionary(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    _fresh_segmenter(monkeypatch)
    monkeypatch.setattr(build, "FEW_FILES", 2)
    Store.open(corpus_copy, store_path=tmp_path / "s").update()  # (five files)
    assert segment._small is None and segment._cut is not None


def test_a_cache_folder_that_is_a_file_leaves_the_whole_dictionary(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    Store.open(corpus_copy, store_path=tmp_path / "s").update()
    (tmp_path / "cachefile").write_text("x")
    monkeypatch.setenv("JIANGHUA_CACHE_DIR", str(tmp_path / "cachefile"))
    _change(corpus_copy)
    _fresh_segmenter(monkeypatch)
    r = Store.open(corpus_copy, store_path=tmp_path / "s").update()
    assert r.segmented == 3 and r.messages == []
    assert segment._small is None and segment._cut is not None


def _table_sound() -> bool:
    source = segment_table.dict_source()
    try:
        segment_table.load(segment_table.file_for(cache_root() / build.DICT_TABLE, source), source,
                           segment_table.rjieba_binary())
    except segment_table.Damaged:
        return False
    return True


def test_a_missing_table_is_made_after_the_build_not_while_it_runs(corpus_copy, tmp_path, monkeypatch):
    """The table costs 1–3 s to make: a build that finds it missing segments with the whole
    dictionary and leaves it to a detached process after its commit — not a first build."""
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    monkeypatch.setenv("JIANGHUA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(build, "FEW_FILES", 5)
    started = []
    real = workers.start_detached
    # (the table's process; not the one keeping compiled patterns, `regex_cache`)
    monkeypatch.setattr(workers, "start_detached", lambda *a: (a[0] == build.MAKE_TABLE and started.append(a)) or real(*a))
    _fresh_segmenter(monkeypatch)
    r = Store.open(corpus_copy, store_path=tmp_path / "s").update()  # a first build of five files
    assert r.segmented == 5 and segment._small is None and segment._cut is not None
    assert started == [] and not _table_sound()  # (nothing made, now or later)

    _change(corpus_copy)
    _fresh_segmenter(monkeypatch)
    r = Store.open(corpus_copy, store_path=tmp_path / "s").update()
    assert r.segmented == 3 and r.messages == []
    assert segment._small is None and segment._cut is not None  # the whole dictionary, this time
    assert len(started) == 1
    deadline = time.monotonic() + 120
    while not _table_sound() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _table_sound()

    with open(corpus_copy / "run-together.txt", "a", encoding="utf-8") as fh:
        fh.write("\n要加强学习，全面从严治党。\n")
    _fresh_segmenter(monkeypatch)
    r = Store.open(corpus_copy, store_path=tmp_path / "s").update()
    assert r.segmented == 1 and segment._small is not None and segment._cut is None
    assert len(started) == 1  # (found, not made again)
