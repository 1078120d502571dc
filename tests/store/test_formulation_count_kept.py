"""The corpus count of the set formulations that the build keeps in the store
(`store.formulation_count`) is the count made from scratch from every speech's
candidates, after files are added, changed and removed; a damaged or missing
count file is not trusted (the count is made again)."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson

from jianghua.store import Store
from jianghua.store import formulation_count
from tests.conftest import SOURCES


def meta_of(store_dir: Path) -> dict:
    return next(iter(orjson.loads((store_dir / "catalog.json").read_bytes())["meta"].values()))


def rows(forms) -> list:
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, f.by_year, f.score, f.uses) for f in forms]


def kept_and_scratch(corpus: Path, sdir: Path) -> tuple[list, list]:
    st = Store.open(corpus, store_path=sdir)
    kept = formulation_count.read(st.catalog)
    assert kept is not None  # the build wrote it and it fits
    assert rows(st.formulations()) == rows(kept)  # … and the view uses it
    from jianghua.store.formulation_index import FormulationIndex

    speeches = st.speeches()
    scratch = FormulationIndex(st.catalog).count(speeches, len(speeches))
    return rows(kept), rows(scratch)


def test_the_kept_count_is_the_count_from_scratch_after_each_change(corpus_copy, tmp_path):
    sdir = tmp_path / "s"
    Store.open(corpus_copy, store_path=sdir).update()
    kept, scratch = kept_and_scratch(corpus_copy, sdir)
    assert kept == scratch and any(r[0] == "两个维护" for r in kept)

    # added: a second copy of a speech — one text: no count changes (formulation_copies)
    shutil.copy(corpus_copy / SOURCES[1], corpus_copy / "copy of a speech.txt")
    Store.open(corpus_copy, store_path=sdir).update()
    kept2, scratch = kept_and_scratch(corpus_copy, sdir)
    assert kept2 == scratch and kept2 == kept

    # changed: a speech gains a formulation
    p = corpus_copy / SOURCES[3]
    p.write_text(p.read_text(encoding="utf-8") + "\n要增强“四个意识”、坚定“四个自信”、做到“两个维护”，落实“三会一课”制度。\n", encoding="utf-8")
    Store.open(corpus_copy, store_path=sdir).update()
    kept3, scratch = kept_and_scratch(corpus_copy, sdir)
    assert kept3 == scratch and kept3 != kept2

    # removed
    (corpus_copy / SOURCES[0]).unlink()
    Store.open(corpus_copy, store_path=sdir).update()
    kept4, scratch = kept_and_scratch(corpus_copy, sdir)
    assert kept4 == scratch and kept4 != kept3


def test_a_damaged_or_missing_count_file_is_counted_again(corpus_copy, tmp_path):
    sdir = tmp_path / "s"
    st = Store.open(corpus_copy, store_path=sdir)
    st.update()
    good = rows(st.formulations())
    name = meta_of(sdir)["shards"]["fcount"][0]
    path = sdir / "shards" / name
    path.write_bytes(b"not a count")
    again = Store.open(corpus_copy, store_path=sdir)
    assert formulation_count.read(again.catalog) is None
    assert rows(again.formulations()) == good
    if path.exists():
        path.unlink()
    gone = Store.open(corpus_copy, store_path=sdir)
    assert formulation_count.read(gone.catalog) is None
    assert rows(gone.formulations()) == good
    # the next build that changes something writes it again
    p = corpus_copy / SOURCES[2]
    p.write_text(p.read_text(encoding="utf-8") + "\n同志们，要把各项工作抓实抓细。\n", encoding="utf-8")
    gone.update()
    assert formulation_count.read(Store.open(corpus_copy, store_path=sdir).catalog) is not None


def test_the_next_build_writes_a_lost_count_file_again(corpus_copy, tmp_path):
    sdir = tmp_path / "s"
    st = Store.open(corpus_copy, store_path=sdir)
    st.update()
    want = rows(st.formulations())
    for what in ("fcount", "fuses"):
        (sdir / "shards" / meta_of(sdir)["shards"][what][0]).unlink()
        Store.open(corpus_copy, store_path=sdir).update()  # nothing else changed
        again = Store.open(corpus_copy, store_path=sdir)
        assert formulation_count.read(again.catalog) is not None and rows(again.formulations()) == want


def test_the_pane_from_one_speech_is_the_pane_from_the_corpus_uses(corpus_copy, tmp_path):
    st = Store.open(corpus_copy, store_path=tmp_path / "s")
    st.update()
    corpus = st.formulations()
    for s in st.speeches():
        from_uses = sorted([(f, n) for f in corpus for sid, n in f.uses if sid == s.id],
                           key=lambda fn: (-fn[1], -fn[0].hits, fn[0].text))
        assert st.speech_formulations(s.id) == from_uses and from_uses


def test_the_view_opens_from_the_list_only_catalogue(corpus_copy, tmp_path):
    sdir = tmp_path / "s"
    Store.open(corpus_copy, store_path=sdir).update()
    st = Store.open(corpus_copy, store_path=sdir)
    st.speeches()
    assert st.catalog.listed is not None  # the list-only catalogue
    assert formulation_count.read(st.catalog) is not None
    assert st.catalog.listed is not None  # catalog.json not read for it
    (sdir / formulation_count.POINTER).unlink()
    Store.open(corpus_copy, store_path=sdir).update()  # nothing else changed: the pointer is written again
    assert (sdir / formulation_count.POINTER).exists()


def test_a_small_change_in_a_big_corpus_does_not_recount(tmp_path, monkeypatch):
    """Past WHOLE_UP_TO speeches, one edited file does not count the corpus again
    (the build stays within its second); the view then counts at first use, and
    the next start does not take the missing count for damage."""
    from jianghua.store import formulation_count as fc
    from jianghua.store.plan import plan_is_empty

    corpus = tmp_path / "c"
    corpus.mkdir()
    body = "要增强“四个意识”、坚定“四个自信”、做到“两个维护”，全面从严治党。"
    for i in range(6):
        (corpus / f"{i}.txt").write_text(f"在第{i}次会议上的讲话\n\n同志们：\n\n{body * (i + 1)}\n", encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    assert fc.read(store.catalog) is not None  # a first build counts
    from jianghua.store import whole

    monkeypatch.setattr(whole, "WHOLE_UP_TO", 3)
    monkeypatch.setattr(whole, "DRIFT", 2)  # more than 6 // 2 = 3 changed: count again
    (corpus / "0.txt").write_text("在第0次会议上的讲话\n\n同志们：\n\n要做到“两个维护”。\n", encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    assert fc.read(store.catalog) is None and not fc.needs_build(store.catalog)
    assert plan_is_empty(store.catalog)
    fresh = Store.open(corpus, store_path=tmp_path / "fresh")
    fresh.update()
    got = {f.text: f.hits for f in store.formulations()}
    assert got and got == {f.text: f.hits for f in fresh.formulations()}  # counted at first use, exactly


def test_a_count_kept_in_an_older_format_is_counted_again(corpus_copy, tmp_path, monkeypatch):
    """A store whose count files an older version wrote (rows without their most
    used speeches, uses without what a theme filter needs): not read as this
    version's — the view counts from the candidates, exactly — and the next build
    writes them in this version's format, even in a corpus too big to count again
    for a small change."""
    sdir = tmp_path / "s"
    st = Store.open(corpus_copy, store_path=sdir)
    st.update()
    want = rows(st.formulations())
    theme = next(t.id for t in st.themes() if t.speeches)
    want_theme = rows(st.formulations([theme]))
    cat = orjson.loads((sdir / "catalog.json").read_bytes())
    meta = next(iter(cat["meta"].values()))
    backend = st.catalog.backend
    new = backend.read_shard(meta["shards"]["fcount"][0])
    uses = backend.read_shard(meta["shards"]["fuses"][0])
    n_rows = len(new["rows"])
    uname, usize = backend.write_shard("fuses", {"v": 3, "ids": uses["ids"], "u": uses["u"][:n_rows]})
    old = {"v": 3, "n": new["n"], "uses": [uname, usize, 3], "rows": [r[:8] for r in new["rows"]]}
    name, size = backend.write_shard("fcount", old)
    meta["shards"]["fcount"], meta["shards"]["fuses"] = [name, size, 3], [uname, usize, 3]
    (sdir / "catalog.json").write_bytes(orjson.dumps(cat))
    stamp = Store.open(corpus_copy, store_path=sdir).catalog.backend.stamp()
    (sdir / formulation_count.POINTER).write_bytes(orjson.dumps(  # as that version named them
        {"v": 3, "stamp": list(stamp), "n": meta["speeches"], "fcount": [name, size, 3], "fuses": [uname, usize, 3]}))

    again = Store.open(corpus_copy, store_path=sdir)
    assert formulation_count.read(again.catalog) is None and formulation_count.needs_build(again.catalog)
    assert rows(again.formulations()) == want and rows(again.formulations([theme])) == want_theme
    from jianghua.store import whole

    monkeypatch.setattr(whole, "WHOLE_UP_TO", 1)  # "a big corpus"
    Store.open(corpus_copy, store_path=sdir).update()  # nothing else changed
    fresh = Store.open(corpus_copy, store_path=sdir)
    assert formulation_count.read(fresh.catalog) is not None
    assert rows(fresh.formulations()) == want and rows(fresh.formulations([theme])) == want_theme
    assert meta_of(sdir)["shards"]["fcount"][2] == formulation_count.VERSION
