"""A full disk: the parsed copy of jieba's IDF table (1 MB, written into the cache
folder at the first build) failed half-written and its temp file stayed — on a small
disk that alone kept the disk full, so no store could ever be saved there again
(found on a 1 MB tmpfs: `mount -t tmpfs -o size=1m`)."""

from __future__ import annotations

import errno
import marshal

from jianghua.corpus import keywords


def test_a_cache_copy_that_cannot_be_written_leaves_nothing(tmp_path, monkeypatch):
    def dump(value, fh):
        fh.write(b"x" * 100_000)  # part of it written, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(marshal, "dump", dump)
    cache = tmp_path / "cache" / "jieba-idf.marshal"
    table, median = keywords.jieba_idf(cache)
    assert len(table) > 100_000 and median > 0  # the table itself is there
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []  # and no temp file
