"""Formulations (提法) through the store: built with the corpus, updated by the
files that change, counted over the speeches of a theme filter."""

from __future__ import annotations

from pathlib import Path

import orjson

from jianghua.store import Store
from jianghua.store.storage import parse_shard

from tests.conftest import SOURCES


def _texts(st: Store, ids) -> str:
    return "\n".join(p[0] for sid in ids for p in st.body(sid)["paragraphs"])


def test_counts_follow_the_theme_filter(bundled_store):
    st = bundled_store
    for theme in [t.id for t in st.themes()][:4]:
        speeches = st.filter([theme])
        got = {f.text: f for f in st.formulations([theme])}
        text = _texts(st, [s.id for s in speeches])
        for s in ("两个维护", "四个意识"):
            n = text.count(s)
            assert (got[s].hits if s in got else 0) == n, (theme, s)
        for f in got.values():
            assert {sid for sid, _ in f.uses} <= {s.id for s in speeches}


def test_a_new_file_adds_its_formulations_and_a_removed_one_takes_them_away(corpus_copy, tmp_path):
    st = Store.open(corpus_copy, store_path=tmp_path / "s")
    st.update()
    assert "五个必须" not in {f.text for f in st.formulations()}
    new = corpus_copy / "new.txt"
    new.write_text("在全市会议上的讲话\n同志们：\n　　要坚持“五个必须”。落实五个必须，关键在人。\n", encoding="utf-8")
    st.update()
    got = {f.text: f for f in st.formulations()}
    assert got["五个必须"].hits == 2 and got["五个必须"].speeches == 1
    before = got["两个维护"].hits
    new.unlink()
    st.update()
    got = {f.text: f for f in st.formulations()}
    assert "五个必须" not in got and got["两个维护"].hits == before
    # and the store keeps nothing of it (its shards hold exactly the speeches' bodies)
    kept = set()
    for p in (tmp_path / "s" / "shards").iterdir():
        if p.name in _named(tmp_path / "s", "formulations"):
            kept |= set(parse_shard(p.read_bytes()))
    assert kept == {r["key"] for r in st.catalog.rows.values()}


def _named(sdir: Path, what: str) -> set[str]:
    meta = next(iter(orjson.loads((sdir / "catalog.json").read_bytes())["meta"].values()))
    return {e[0] for e in meta["shards"][what] if e}


def test_a_lost_formulations_shard_is_written_again(corpus_copy, tmp_path):
    sdir = tmp_path / "s"
    st = Store.open(corpus_copy, store_path=sdir)
    st.update()
    want = [(f.as_json(), sorted(f.uses)) for f in st.formulations()]
    victim = next(p for p in (sdir / "shards").iterdir() if p.name.startswith("formulations-"))
    victim.unlink()
    st2 = Store.open(corpus_copy, store_path=sdir)
    r = st2.update()
    assert any("formulations" in m for m in r.messages), r.messages
    assert [(f.as_json(), sorted(f.uses)) for f in Store.open(corpus_copy, store_path=sdir).formulations()] == want


def test_the_bundled_counts_through_the_store(bundled_store):
    got = {f.text: (f.kind, f.hits) for f in bundled_store.formulations()}
    assert got["两个维护"] == ("numbered", 10)
    assert got["三会一课"] == ("paired", 2)
    assert got["国之大者"] == ("quoted", 3)
    assert "四个月" not in got and "四个方面" not in got and "十八大以来" not in got
    assert SOURCES  # the five bundled speeches
