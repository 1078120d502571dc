"""A one-theme filter's formulations are answered from the build's per-theme
counts (`store.formulation_themes`) — and are the plain count of the filter's
speeches' candidates, for every theme and mode, after a first build, after one
changed file and after a deleted one. Filters of two themes are counted from the
kept uses, alike exact. (The tables are kept above FROM speeches; here FROM is 0
so that the bundled speeches keep them.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jianghua.store import Store
from jianghua.store import formulation_subset, formulation_themes
from jianghua.store.formulation_index import FormulationIndex
from jianghua.store.formulations import top_uses

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "bundled"


def rows(fs) -> list:
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, dict(f.by_year), f.score, tuple(f.uses), top_uses(f.uses))
            for f in fs]


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(formulation_themes, "FROM", 0)
    d = tmp_path / "corpus"
    shutil.copytree(BUNDLED, d)
    return d


def opened(corpus: Path, store: Path) -> Store:
    st = Store.open(corpus, None, store)
    st.update()
    return Store.open(corpus, None, store)  # (as the next start opens it)


def check_every_filter(st: Store, monkeypatch) -> int:
    """Every theme (all, any) and every two themes against the plain count; the
    one-theme filters from the tables. Returns the filters checked."""
    everyone = st.speeches()
    themes = [t.id for t in st.themes() if t.speeches]
    assert len(themes) >= 3
    counted = []
    real = formulation_subset.count
    monkeypatch.setattr(formulation_subset, "count", lambda *a: counted.append(1) or real(*a))
    got = {}
    for tid in themes:
        for mode in ("all", "any"):
            answer = st.formulations([tid], mode)
            assert all(f.top == top_uses(f.uses) for f in answer)  # (the tables name them)
            got[tid, mode] = rows(answer)
    assert counted == []  # one theme: looked up, not counted
    pairs = [(a, b) for i, a in enumerate(themes) for b in themes[i + 1:]]
    for a, b in pairs:
        for mode in ("all", "any"):
            got[(a, b), mode] = rows(st.formulations([a, b], mode))
    assert counted  # two themes: counted from the kept uses
    monkeypatch.setattr(formulation_subset, "count", real)
    plain = FormulationIndex(st.catalog)
    for (ids, mode), answer in got.items():
        ids = [ids] if isinstance(ids, str) else list(ids)
        assert answer == rows(plain.count(st.filter(ids, mode), len(everyone))), (ids, mode)
    assert any(answer for answer in got.values())
    return len(got)


def test_one_theme_filters_are_looked_up_and_exact(corpus, tmp_path, monkeypatch):
    st = opened(corpus, tmp_path / "s")
    assert st.catalog.meta["shards"]["fthemes"] is not None
    assert check_every_filter(st, monkeypatch) > 6


def test_after_one_changed_file_and_one_deleted_they_are_exact(corpus, tmp_path, monkeypatch):
    opened(corpus, tmp_path / "s")
    files = sorted(corpus.iterdir())
    changed = files[1]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text + "\n\n我们要增强“四个意识”、坚定“四个自信”、做到“两个维护”，做到“两个维护”。\n", encoding="utf-8")
    st = opened(corpus, tmp_path / "s")
    before = st.formulations()
    check_every_filter(st, monkeypatch)
    files[3].unlink()
    st = opened(corpus, tmp_path / "s")
    assert len(st.speeches()) == len(files) - 1
    assert rows(st.formulations()) != rows(before)
    check_every_filter(st, monkeypatch)


def test_a_filter_whose_speeches_differ_from_the_table_is_counted(corpus, tmp_path, monkeypatch):
    """The tables are named by their speeches (in order): a catalogue whose filter
    lists other speeches than the build's is not answered from them."""
    st = opened(corpus, tmp_path / "s")
    tid = max(st.themes(), key=lambda t: t.speeches).id
    speeches = st.filter([tid])
    index = st._formulation_index()
    index.corpus(st.speeches())
    tables = index.tables(index._uses)
    assert tables.rows(speeches) is not None
    assert tables.rows(speeches[::-1]) is None and tables.rows(speeches[1:]) is None


def test_a_missing_or_damaged_tables_file_is_counted_instead(corpus, tmp_path, monkeypatch):
    st = opened(corpus, tmp_path / "s")
    tid = max(st.themes(), key=lambda t: t.speeches).id
    want = rows(st.formulations([tid]))
    name = st.catalog.meta["shards"]["fthemes"][0]
    shard = next((tmp_path / "s").rglob(name))
    shard.write_bytes(b"{not json")
    again = Store.open(corpus, None, tmp_path / "s")
    assert rows(again.formulations([tid])) == want
    shard.unlink(missing_ok=True)
    again = Store.open(corpus, None, tmp_path / "s")
    assert rows(again.formulations([tid])) == want


def test_small_corpora_keep_no_tables(tmp_path, monkeypatch):
    d = tmp_path / "corpus"
    shutil.copytree(BUNDLED, d)
    st = opened(d, tmp_path / "s")  # (FROM as shipped: 5 speeches are few)
    assert st.catalog.meta["shards"].get("fthemes") is None
    tid = max(st.themes(), key=lambda t: t.speeches).id
    assert st.formulations([tid])  # counted from the kept uses


def test_a_failure_of_the_theme_tables_leaves_none_and_the_build_goes_on(corpus, tmp_path, monkeypatch, caplog):
    """The per-theme tables are a side table: when making them fails the build still ends, keeps
    no tables (one-theme filters are counted from the uses, with the same figures) and logs why."""
    good = opened(corpus, tmp_path / "good")
    want = {t.id: rows(good.formulations([t.id], "all")) for t in good.themes() if t.speeches}

    def broken(*_a, **_k):
        raise RuntimeError("theme tables broke")

    monkeypatch.setattr(formulation_themes, "build", broken)
    with caplog.at_level("WARNING"):
        st = opened(corpus, tmp_path / "bad")
    assert "theme tables broke" in caplog.text
    assert st.catalog.meta["shards"]["fthemes"] is None and st.catalog.meta["shards"]["fcount"] is not None
    assert {tid: rows(st.formulations([tid], "all")) for tid in want} == want
    assert any(want.values())
