"""The formulations count made after a build that kept none (`formulation_later`):
after a small change in a big corpus, the count made in a worker process and kept
is the count a fresh build keeps — the same files, byte for byte (they are named
by their content) — and the view, a new session and the CLI's store read it
instead of counting; a store that changed meanwhile or cannot be written keeps
none, and nothing is damaged."""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest

from jianghua.store import Store, formulation_count, formulation_later, formulation_themes, whole

BODY = "要增强“四个意识”、坚定“四个自信”、做到“两个维护”，全面从严治党，落实“三会一课”制度。"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"{i}.txt").write_text(f"在第{i}次会议上的讲话\n\n2020年{i + 1}月1日\n\n同志们：\n\n{BODY * (i + 1)}\n", encoding="utf-8")
    return corpus


def _small_change(corpus: Path, sdir: Path, monkeypatch) -> Store:
    Store.open(corpus, store_path=sdir).update()
    monkeypatch.setattr(whole, "WHOLE_UP_TO", 3)  # "a big corpus": one changed file does not count it again
    monkeypatch.setattr(whole, "DRIFT", 2)
    (corpus / "0.txt").write_text("在第0次会议上的讲话\n\n同志们：\n\n要做到“两个维护”，坚持“五位一体”。\n", encoding="utf-8")
    store = Store.open(corpus, store_path=sdir)
    store.update()
    store = Store.open(corpus, store_path=sdir)
    assert formulation_count.read(store.catalog) is None  # the build kept none
    return store


def _pointer(sdir: Path) -> dict:
    return orjson.loads((sdir / formulation_count.POINTER).read_bytes())


def _fresh(corpus: Path, tmp_path: Path) -> dict:
    Store.open(corpus, store_path=tmp_path / "fresh").update()
    return _pointer(tmp_path / "fresh")


def rows(forms) -> list:
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, f.by_year, f.score, tuple(f.uses), f.top) for f in forms]


def test_the_count_made_later_is_a_fresh_builds_and_is_read_next_time(tmp_path, monkeypatch):
    corpus, sdir = _corpus(tmp_path), tmp_path / "s"
    store = _small_change(corpus, sdir, monkeypatch)
    assert formulation_later.missing(store.catalog)
    assert store.keep_formulations_later(threading.Event())  # a worker process
    fresh = _fresh(corpus, tmp_path)
    kept = _pointer(sdir)
    assert kept["fcount"] == fresh["fcount"] and kept["fuses"] == fresh["fuses"]  # same content-named files
    assert (sdir / "shards" / kept["fcount"][0]).read_bytes() == (tmp_path / "fresh" / "shards" / fresh["fcount"][0]).read_bytes()
    again = Store.open(corpus, store_path=sdir)  # a later session (list-only catalogue) and one with the whole
    assert not formulation_later.missing(again.catalog)
    assert again.read_kept_formulations()
    whole_cat = Store.open(corpus, store_path=sdir)
    whole_cat.catalog.rows
    assert formulation_count.read(whole_cat.catalog) is not None
    want = rows(Store.open(corpus, store_path=tmp_path / "fresh").formulations())
    assert rows(again.formulations()) == want and rows(whole_cat.formulations()) == want
    # the next small change: the build names its own (none), the later files are not read
    (corpus / "1.txt").write_text("在第1次会议上的讲话\n\n同志们：\n\n要做到“两个维护”。\n", encoding="utf-8")
    Store.open(corpus, store_path=sdir).update()
    nxt = Store.open(corpus, store_path=sdir)
    assert formulation_count.read(nxt.catalog) is None and formulation_later.missing(nxt.catalog)


def test_with_theme_tables_the_files_are_a_fresh_builds(tmp_path, monkeypatch):
    """In this process (the tables are kept past FROM speeches: patched)."""
    monkeypatch.setattr(formulation_themes, "FROM", 0)
    corpus, sdir = _corpus(tmp_path), tmp_path / "s"
    store = _small_change(corpus, sdir, monkeypatch)
    formulation_later.count_in_process(str(corpus), None, str(sdir), list(store.catalog.backend.stamp()))
    fresh = _fresh(corpus, tmp_path)
    kept = _pointer(sdir)
    assert kept["fcount"] == fresh["fcount"] and kept["fuses"] == fresh["fuses"]
    data = store.catalog.backend.read_shard(kept["fcount"][0])
    assert data["themes"] is not None  # (the tables file, named in the count: the same name, the same bytes)


def test_a_catalogue_changed_meanwhile_keeps_nothing(tmp_path, monkeypatch):
    corpus, sdir = _corpus(tmp_path), tmp_path / "s"
    _small_change(corpus, sdir, monkeypatch)
    before = (sdir / formulation_count.POINTER).read_bytes()
    with pytest.raises(RuntimeError):
        formulation_later.count_in_process(str(corpus), None, str(sdir), [1, 2])
    assert (sdir / formulation_count.POINTER).read_bytes() == before
    assert formulation_later.missing(Store.open(corpus, store_path=sdir).catalog)


def test_stopped_or_read_only_keeps_nothing_and_says_nothing(tmp_path, monkeypatch):
    corpus, sdir = _corpus(tmp_path), tmp_path / "s"
    store = _small_change(corpus, sdir, monkeypatch)
    stop = threading.Event()
    stop.set()
    assert not store.keep_formulations_later(stop)
    from jianghua.store.backends import DiskBackend

    def read_only(self, what, data):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(DiskBackend, "write_shard", read_only)  # (root ignores chmod: the writes fail here)
    with pytest.raises(OSError):
        formulation_later.count_in_process(str(corpus), None, str(sdir), list(store.catalog.backend.stamp()))
    monkeypatch.undo()
    again = Store.open(corpus, store_path=sdir)
    assert formulation_later.missing(again.catalog) and not again.messages
    assert rows(again.formulations()) == rows(Store.open(corpus, store_path=tmp_path / "s").formulations())
