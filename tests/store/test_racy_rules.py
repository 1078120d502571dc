"""The check that a store is current reads a file whose mtime is too close to the last
build's scan (`racy`) and compares its content key: with the rules' fingerprint,
without compiling the cleaning rules (~0.03 s at every start right after a build)."""

from __future__ import annotations

import os
import time

from jianghua.corpus import clean
from jianghua.corpus import ingest
from jianghua.corpus.ingest import content_key
from jianghua.store import Store
from tests.conftest import SOURCES
from tests.store.test_incremental import edit


def _forget_rules() -> None:
    clean._checked.clear()
    clean._load_rules.cache_clear()
    clean._fp_seen.clear()


def test_a_racy_file_is_compared_without_compiling_the_rules(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    st = Store.open(corpus_copy, store_path=tmp_path / "s")
    st.update()
    edit(corpus_copy / SOURCES[1])
    ahead = (time.time_ns() // 1_000_000_000 + 60) * 1_000_000_000  # a whole second: racy until its tick is over
    os.utime(corpus_copy / SOURCES[1], ns=(ahead, ahead))
    assert st.update().segmented == 1
    _forget_rules()
    r = Store.open(corpus_copy, store_path=tmp_path / "s").update()
    assert (r.segmented, r.unchanged) == (0, 5)
    assert clean._load_rules.cache_info().currsize == 0  # read and compared, no rules compiled


def test_the_content_key_is_the_one_the_loaded_rules_give():
    _forget_rules()
    before = content_key(b"\xe5\x90\x8c\xe5\xbf\x97\xe4\xbb\xac", "a/2023-03-05.txt")
    assert clean._load_rules.cache_info().currsize == 0
    clean.load_rules()
    assert content_key(b"\xe5\x90\x8c\xe5\xbf\x97\xe4\xbb\xac", "a/2023-03-05.txt") == before


def test_keying_a_new_folder_looks_at_the_rules_files_once_a_second(monkeypatch):
    """A first build keys every file of the folder (the plan): not two file reads each."""
    calls: list = []
    real = clean._fingerprint
    monkeypatch.setattr(clean, "_fingerprint", lambda raw: calls.append(1) or real(raw))
    _forget_rules()
    keys = {content_key(f"同志们，第{i}次会议。".encode(), f"{i:03d}.txt") for i in range(200)}
    assert len(keys) == 200 and len(calls) == 1
