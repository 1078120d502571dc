"""What a killed maker of the compiled-pattern file (`store.regex_cache`) left in the cache
folder — its list of patterns, its half-written file — is removed by the next build of a few
files once it is over a minute old; a maker's files at work (newer) are left alone."""

from __future__ import annotations

import os
import time

from jianghua.store import Store, regex_cache, workers
from tests.conftest import SOURCES
from tests.store.test_incremental import edit


def test_a_killed_makers_files_are_swept_by_the_next_build(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    monkeypatch.setattr(workers, "start_detached", lambda *a: True)  # (no maker started by this test)
    Store.open(corpus_copy, store_path=tmp_path / "s").update()
    folder = regex_cache.path().parent
    folder.mkdir(parents=True, exist_ok=True)
    old = [folder / ".regex-keys-4242-0badf00d.tmp", folder / f".{regex_cache.NAME}.k3j_x9.tmp"]
    new = [folder / ".regex-keys-4343-0badf00d.tmp", folder / f".{regex_cache.NAME}.q1w2e3.tmp"]
    other = folder / ".list.json.abc.tmp"  # (not the maker's)
    hour_ago = time.time() - 3600
    for p in [*old, *new, other]:
        p.write_bytes(b"\x00" * 1000)
    for p in [*old, other]:
        os.utime(p, (hour_ago, hour_ago))
    edit(corpus_copy / SOURCES[1])
    assert Store.open(corpus_copy, store_path=tmp_path / "s").update().segmented == 1
    assert [p.exists() for p in old] == [False, False]
    assert all(p.exists() for p in new) and other.exists()
