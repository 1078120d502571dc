"""What an incremental build writes, and that it gives what a full build gives:
one edited file touches one shard of each index; keywords ranked against exactly
updated document frequencies; work in worker processes = work in this process."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from jianghua.store import Store
from jianghua.store import jobs, whole
from jianghua.store.storage import parse_shard
from tests.conftest import SOURCES


def meta_of(store_dir: Path) -> dict:
    return next(iter(orjson.loads((store_dir / "catalog.json").read_bytes())["meta"].values()))


def shard_names(store_dir: Path, what: str) -> list:
    return [e[0] if e else None for e in meta_of(store_dir)["shards"][what]]


def everything(st: Store) -> tuple:
    """All a user can see of a store: the list (with keywords and themes), every
    passage and every set formulation with its uses."""
    rows = [(s.id, s.title, s.source, s.chars, s.themes, s.keywords) for s in st.speeches()]
    theme_ids = [t.id for t in st.themes()]
    forms = [(f.as_json(), sorted(f.uses)) for f in st.formulations()]
    return rows, st.passages(theme_ids, mode="any"), [(t.id, t.speeches, t.passages) for t in st.themes()], forms


def edit(path: Path, extra: str = "\n同志们，要把各项工作抓实抓细，确保廉洁自律落到实处。\n") -> None:
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_one_edited_file_rewrites_only_the_shards_it_touches(corpus_copy, tmp_path):
    sdir = tmp_path / "s"
    st = Store.open(corpus_copy, store_path=sdir)
    st.update()
    before = {w: shard_names(sdir, w) for w in ("passages", "terms", "formulations")}
    catalog_before = (sdir / "catalog.json").stat().st_mtime_ns

    edit(corpus_copy / SOURCES[2])
    r = st.update()
    assert (r.segmented, r.unchanged) == (1, 4)
    after = {w: shard_names(sdir, w) for w in ("passages", "terms", "formulations")}
    changed = {w: [i for i, (a, b) in enumerate(zip(before[w], after[w])) if a != b] for w in before}
    assert len(changed["passages"]) == 1, changed  # by speech id: the same shard, new content
    assert 1 <= len(changed["terms"]) <= 2, changed  # by content: the old key's shard and the new one's
    assert 1 <= len(changed["formulations"]) <= 2, changed  # likewise
    assert (sdir / "catalog.json").stat().st_mtime_ns != catalog_before
    # Files of the generation before this one stay for readers that still hold it;
    # nothing else is left behind.
    on_disk = {p.name for p in (sdir / "shards").iterdir()}
    named = {n for w in ("passages", "terms", "formulations") for n in before[w] + after[w] if n}
    assert on_disk - {meta_of(sdir)["shards"]["df"][0]} <= named | {n for n in on_disk if n.startswith(("df-", "fcount-", "fuses-"))}

    # The result is what a build from scratch gives.
    fresh = Store.open(corpus_copy, store_path=tmp_path / "fresh")
    fresh.update()
    assert everything(Store.open(corpus_copy, store_path=sdir)) == everything(fresh)


def test_nothing_changed_writes_nothing(corpus_copy, tmp_path):
    sdir = tmp_path / "s"
    Store.open(corpus_copy, store_path=sdir).update()
    stamp = {p: p.stat().st_mtime_ns for p in sdir.rglob("*") if p.is_file()}
    r = Store.open(corpus_copy, store_path=sdir).update()
    assert (r.segmented, r.unchanged, r.speeches) == (0, 5, 5)
    assert {p: p.stat().st_mtime_ns for p in sdir.rglob("*") if p.is_file()} == stamp


def test_incremental_keywords_match_a_full_ranking(corpus_copy, tmp_path, monkeypatch):
    """Above whole.WHOLE_UP_TO speeches only changed speeches are ranked again, against
    exactly updated document frequencies: their keywords are those a full build gives."""
    monkeypatch.setattr(whole, "WHOLE_UP_TO", 0)
    monkeypatch.setattr(whole, "DRIFT", 1)
    sdir = tmp_path / "s"
    st = Store.open(corpus_copy, store_path=sdir)
    st.update()
    edit(corpus_copy / SOURCES[1], "\n　　要坚持全面从严治党，推进党风廉政建设和反腐败斗争，一体推进不敢腐、不能腐、不想腐。\n")
    (corpus_copy / SOURCES[4]).unlink()
    r = st.update()
    assert r.segmented == 1 and r.removed == 1
    df_incremental = parse_shard((sdir / "shards" / meta_of(sdir)["shards"]["df"][0]).read_bytes())

    fdir = tmp_path / "fresh"
    fresh = Store.open(corpus_copy, store_path=fdir)
    fresh.update()
    df_full = parse_shard((fdir / "shards" / meta_of(fdir)["shards"]["df"][0]).read_bytes())
    assert df_incremental == df_full
    sid = st.resolve(SOURCES[1])
    assert st.summary(sid).keywords == fresh.summary(sid).keywords


@pytest.mark.parametrize("workers", ["1", "pool"])
def test_worker_processes_build_what_this_process_builds(tmp_path, monkeypatch, workers):
    """Enough files for the worker pool (tagging and body writing happen there)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    src = Path(__file__).resolve().parents[2] / "corpus" / "bundled"
    n = jobs.PARALLEL_MIN + 6
    for k in range(n):
        shutil.copy(src / SOURCES[k % 5], corpus / f"{k:02d}_{SOURCES[k % 5]}")
        edit(corpus / f"{k:02d}_{SOURCES[k % 5]}", f"\n　　第{k}次补充：要把各项工作抓实抓细。\n")
    if workers == "1":
        monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    st = Store.open(corpus, store_path=tmp_path / "s")
    r = st.update()
    assert r.segmented == n and not r.messages
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    ref = Store.open(corpus, store_path=tmp_path / "ref")
    ref.update()
    assert everything(st) == everything(ref)
    assert everything(Store.open(corpus, store_path=tmp_path / "s")) == everything(ref)


def test_a_store_of_the_older_layout_is_rebuilt_and_its_files_removed(corpus_copy, tmp_path):
    sdir = tmp_path / "s"
    Store.open(corpus_copy, store_path=sdir).update()
    data = orjson.loads((sdir / "catalog.json").read_bytes())
    next(iter(data["meta"].values()))["schema"] = 1
    (sdir / "catalog.json").write_bytes(orjson.dumps(data))
    (sdir / "passages-3.json").write_bytes(b'{"passages": {}}')
    (sdir / "terms-3.json").write_bytes(b'{"terms": {}}')
    st = Store.open(corpus_copy, store_path=sdir)
    assert any("another version" in m for m in st.messages)
    r = st.update()
    assert r.speeches == 5 and len(st.speeches()) == 5
    assert not (sdir / "passages-3.json").exists() and not (sdir / "terms-3.json").exists()
    assert meta_of(sdir)["schema"] == 2 and st.passages([t.id for t in st.themes()], mode="any")
