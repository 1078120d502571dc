"""A build that ingests a few files segments them with only the dictionary words
they hold (`segment.few`): the store is the one the whole dictionary writes."""

from __future__ import annotations

import shutil

import pytest

from jianghua.corpus import segment
from jianghua.store import Store, build
from tests.store.test_incremental import everything
from tests.store.test_segmenter_process import _change, _files


def _fresh_segmenter(monkeypatch) -> None:
    """This process as one that has segmented nothing yet (a new start of jianghua)."""
    for name, value in (("_cut", None), ("_backend", None), ("_small", None), ("initialised", False)):
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
