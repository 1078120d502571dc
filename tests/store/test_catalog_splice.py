"""catalog.json written by rows (store/storage.py KeptRow, catalog_bytes): an update
of a store opened from its list parses none of the unchanged rows and copies their
bytes, and what it writes — catalog.json, list.json, stat.json, the list a browser
shows — is what a build from scratch gives, through edits, additions (rows renumbered),
removals, renames and copies. Also: one set of field rules for the list
(catalog.summary_of), and a racily clean file read once, not at every start."""

from __future__ import annotations

import os
import shutil
import time

import orjson

from jianghua.store import Store, listfile, plan, statfile, storage
from jianghua.store.storage import KeptRow
from tests.conftest import SOURCES
from tests.store.tinydb_reference import tinydb_bytes

EXTRA = "\n同志们，要坚持廉洁自律，严守纪律规矩，把全面从严治党落到实处。\n"


def _tables(store) -> dict:
    d = orjson.loads((store / "catalog.json").read_bytes())
    return {t: list(d.get(t, {}).values()) for t in ("speeches", "skipped")}


def _shown(st: Store) -> list:
    return [(s, s.themes, s.keywords, s.date, s.speaker) for s in st.speeches()]


def _parses(monkeypatch) -> list[str]:
    """The ids of the KeptRows parsed from now on."""
    parsed: list[str] = []
    real = KeptRow.whole

    def whole(self):
        if not self.parsed:
            parsed.append(dict.get(self, "id"))
        return real(self)

    monkeypatch.setattr(KeptRow, "whole", whole)
    return parsed


def _same_as_fresh(corpus, store, tmp_path, name: str) -> None:
    fresh = tmp_path / name
    f = Store.open(corpus, store_path=fresh)
    f.update()
    assert _tables(store) == _tables(fresh)
    after = Store.open(corpus, store_path=store)
    assert after.catalog.listed is not None and after.is_current()
    assert _shown(after) == _shown(Store.open(corpus, store_path=fresh))
    # list.json and stat.json as the whole catalogue gives them
    written = {n: (store / n).read_bytes() for n in (listfile.NAME, statfile.NAME)}
    for n in written:
        (store / n).unlink()
    Store.open(corpus, store_path=store).update()
    assert {n: _unscanned(store / n) for n in written} == {n: _unscanned(b) for n, b in written.items()}


def _unscanned(what) -> object:
    """A sidecar's content without stat.json's `scanned_ns`: a start that finds the store
    current on a loaded machine may record a later scan time (racy-file rule) — not a difference."""
    data = orjson.loads(what.read_bytes() if hasattr(what, "read_bytes") else what)
    if isinstance(data, dict) and isinstance(data.get("meta"), dict):
        data["meta"].pop("scanned_ns", None)
    return data


def test_catalog_bytes_copy_kept_rows_as_they_were_read():
    rows = [{"id": "a", "t": "讲话", "themes": [["x", 1.5, 2]]}, {"id": "b", "x": [1e-05, None, "\"引号\""]}, {"id": "c"}]
    tables = {"meta": [{"schema": 2, "gen": 3}], "speeches": rows, "skipped": [{"source": "s.txt", "reason": "empty"}]}
    data, spans = storage.catalog_bytes(tables)
    assert data == tinydb_bytes(tables)
    kept = [KeptRow({"id": r["id"]}, data[at: at + n]) for r, (at, n) in zip(rows, spans)]
    assert [orjson.loads(data[at: at + n]) for at, n in spans] == rows
    again, _ = storage.catalog_bytes({**tables, "speeches": kept})
    assert again == data and not any(k.parsed for k in kept)  # copied, not parsed
    kept[1]["x"] = [2]  # a change: parsed, then written anew
    changed, _ = storage.catalog_bytes({**tables, "speeches": kept})
    assert orjson.loads(changed)["speeches"]["2"] == {"id": "b", "x": [2]}
    assert orjson.loads(changed)["speeches"]["1"] == rows[0] and kept[0] == rows[0] and kept[0].get("t") == "讲话"


def _edit(path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")


def test_one_edited_file_in_a_large_corpus_parses_no_other_row(built, monkeypatch):
    """(The corpus-wide figures are updated, not recomputed, as for 10 000 speeches.)"""
    from jianghua.store import whole

    monkeypatch.setattr(whole, "WHOLE_UP_TO", 0)
    monkeypatch.setattr(whole, "DRIFT", 1)
    corpus, store = built
    before = _shown(Store.open(corpus, store_path=store))
    parsed = _parses(monkeypatch)
    _edit(corpus / SOURCES[2])
    st = Store.open(corpus, store_path=store)
    r = st.update()
    assert r.segmented == 1 and r.speeches == 5 and parsed == []
    assert not st.catalog._whole  # still the list's: nothing read whole
    sid = next(s.id for s in st.speeches() if s.source == SOURCES[2])
    assert "纪律规矩" in "".join(p.text for p in st.speech(sid).paragraphs)
    assert [x for x in _shown(st) if x[0].id != sid] == [x for x in before if x[0].id != sid]
    whole_read = Store.open(corpus, store_path=store)
    whole_read.catalog.rows  # (catalog.json parsed whole: the same list)
    assert _shown(whole_read) == _shown(st)


def test_one_edited_file_writes_what_a_fresh_build_writes(built, tmp_path):
    corpus, store = built
    _edit(corpus / SOURCES[2])
    st = Store.open(corpus, store_path=store)
    assert st.catalog.listed is not None and st.update().segmented == 1
    _same_as_fresh(corpus, store, tmp_path, "fresh")


def test_added_removed_renamed_and_copied_files_give_a_fresh_build(built, tmp_path):
    """Rows inserted before others and removed renumber the catalogue's documents;
    a copy reuses a stored body; the same process updates twice (the list it wrote
    the first time stands for the catalogue the second time)."""
    corpus, store = built
    st = Store.open(corpus, store_path=store)
    shutil.copy(corpus / SOURCES[3], corpus / "0-copy-first.txt")  # (sorts before every other row)
    os.rename(corpus / SOURCES[1], corpus / ("zz-" + SOURCES[1]))
    assert st.update().speeches == 5 + 1
    _same_as_fresh(corpus, store, tmp_path, "fresh1")
    st = Store.open(corpus, store_path=store)
    (corpus / SOURCES[0]).unlink()
    _edit(corpus / SOURCES[4])
    assert st.update().speeches == 5
    (corpus / "0-copy-first.txt").unlink()
    assert st.update().speeches == 4
    _same_as_fresh(corpus, store, tmp_path, "fresh2")


def test_a_changed_themes_file_tags_every_row_again_from_kept_rows(built, tmp_path):
    """Every row changes (its themes): each kept row is parsed and written anew."""
    from jianghua.corpus.resources import DEFAULT_THEMES

    corpus, store = built
    themes = tmp_path / "themes.toml"
    themes.write_bytes(DEFAULT_THEMES.read_bytes() + b"\n# edited\n")
    st = Store.open(corpus, themes, store_path=store)
    r = st.update()
    assert r.retagged == 5
    fresh = tmp_path / "fresh"
    Store.open(corpus, themes, store_path=fresh).update()
    assert _tables(store) == _tables(fresh)


def test_rows_not_where_the_stat_table_says_are_read_whole(built, tmp_path):
    corpus, store = built
    d = orjson.loads((store / statfile.NAME).read_bytes())
    d["at"] = [a + 1 for a in d["at"]]
    (store / statfile.NAME).write_bytes(orjson.dumps(d))
    _edit(corpus / SOURCES[0])
    assert Store.open(corpus, store_path=store).update().segmented == 1
    _same_as_fresh(corpus, store, tmp_path, "fresh")


def test_the_list_shows_a_row_the_same_from_either_catalogue_whatever_its_fields(built):
    """A row without keywords (None), with a year given as text, a level that is no
    text: the list from catalog.json and the list from list.json show the same (one
    set of rules, catalog.summary_of), and neither fails."""
    corpus, store = built
    d = orjson.loads((store / "catalog.json").read_bytes())
    row = d["speeches"]["1"]
    row["keywords"], row["year"], row["level"] = None, "2023", 3
    (store / "catalog.json").write_bytes(orjson.dumps(d))
    for n in (listfile.NAME, statfile.NAME):
        (store / n).unlink()
    whole = Store.open(corpus, store_path=store)
    shown = {s.id: s for s in whole.speeches()}[row["id"]]
    assert (shown.keywords, shown.year, shown.level) == ((), None, None)
    assert whole.update().segmented == 0  # nothing changed: list.json written from the whole catalogue
    listed = Store.open(corpus, store_path=store)
    assert listed.catalog.listed is not None
    assert _shown(listed) == _shown(whole)


def test_a_racily_clean_file_is_read_once_not_at_every_start(built, monkeypatch):
    """Files changed within a second or two of the build (on a file system with
    whole-second mtimes: `store/racy.py`) are read to tell whether they changed
    again (their mtime cannot say). Once a check has read them well after that, the
    next starts trust their stat and read nothing."""
    corpus, store = built
    real_ns = time.time_ns

    def clock(shift: float) -> None:
        monkeypatch.setattr(time, "time_ns", lambda: real_ns() + int(shift * 1e9))

    p = corpus / SOURCES[1]
    _edit(p)
    second = (real_ns() // 1_000_000_000 + 60) * 1_000_000_000  # (a minute ahead: racy however long the build)
    os.utime(p, ns=(second, second))
    clock(0.5)
    assert Store.open(corpus, store_path=store).update().segmented == 1  # the build: just after the edit
    reads: list[str] = []
    real_read = plan.read_file
    monkeypatch.setattr(plan, "read_file", lambda e: reads.append(e.source) or real_read(e))
    clock(100)  # a little later: that second is over
    assert Store.open(corpus, store_path=store).is_current()
    assert SOURCES[1] in reads  # racily clean: read
    reads.clear()
    assert Store.open(corpus, store_path=store).is_current() and reads == []
    _edit(p)  # an edit after that is still seen
    assert not Store.open(corpus, store_path=store).is_current()


def test_a_row_span_that_ends_at_a_brace_inside_the_row_is_not_trusted(built, tmp_path):
    """stat.json saying a row ends at a "}" inside one of its strings (a stale or damaged
    table that kept the stamp) is caught by the rows' tiling: the catalogue is read
    whole, the build gives what a fresh one gives (it crashed, and kept crashing)."""
    corpus, store = built
    (corpus / "brace.txt").write_text("关于“}”问题的讲话\n\n同志们：\n\n今天我们讨论“}”这个符号在文件中的处理。要坚持廉洁自律，严守纪律规矩。\n", encoding="utf-8")
    Store.open(corpus, store_path=store).update()
    raw = (store / "catalog.json").read_bytes()
    d = orjson.loads((store / statfile.NAME).read_bytes())
    i = next(k for k, (at, n) in enumerate(zip(d["at"], d["len"])) if b"}" in raw[at: at + n - 1])
    at = d["at"][i]
    d["len"][i] = raw.index(b"}", at) - at + 1  # (ends at the first "}" of the row: inside its title)
    (store / statfile.NAME).write_bytes(orjson.dumps(d))
    _edit(corpus / SOURCES[0])
    r = Store.open(corpus, store_path=store).update()
    assert r.segmented == 1 and r.messages == []
    _same_as_fresh(corpus, store, tmp_path, "fresh")
