"""A formulation's "speeches" are distinct texts (store/formulation_copies.py): a
folder holding a traditional copy and a portal's copy of two speeches lists the
formulations of the speeches alone — same hits, speeches, dates — in the CLI's
JSON, the kept count, a theme filter's count; an edit that makes a copy another
text counts it again, and the store stays equal to a fresh build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import combinations, permutations
from pathlib import Path

from jianghua.store import Store
from jianghua.store import formulation_count as FC
from jianghua.store import formulation_subset
from jianghua.store.formulation_index import FormulationIndex
from jianghua.store.formulations import SpeechRef, count, count_kept, whole_texts
from tests.distinct_texts import BUNDLED, COUNTY_FILE, PORTAL, TRADITIONAL, with_copies
from tests.store.test_formulation_subset import MADE, OneShard, rows, summary

ROOT = Path(__file__).resolve().parents[2]


def cli_formulations(corpus: Path, store: Path) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"}
    r = subprocess.run([sys.executable, "-m", "jianghua", "--corpus", str(corpus), "formulations", "--json",
                        "--store", str(store)], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_copies_of_a_speech_count_once_in_the_cli(tmp_path):
    alone = cli_formulations(BUNDLED, tmp_path / "s1")
    copies = with_copies(tmp_path / "folder")
    got = cli_formulations(copies, tmp_path / "s2")
    by_text = {r["text"]: r for r in got}
    assert by_text["两个确立"]["speeches"] == 1 and by_text["两个维护"]["speeches"] == 5  # (of 5 texts, 7 files)
    assert "参谋部" not in by_text  # quoted once, in one text: not "in 2 speeches"
    assert got == alone  # hits, speeches, first, last, by year: the speeches' own


def _count_rows(store: Store) -> list:
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, dict(f.by_year), f.score, tuple(f.uses))
            for f in store.formulations()]


def test_a_copy_edited_into_another_text_counts_again_and_the_store_is_a_fresh_build(tmp_path):
    folder = with_copies(tmp_path / "folder")
    st = Store.open(folder, store_path=tmp_path / "s")
    st.update()
    before = {f.text: f for f in st.formulations()}
    assert before["两个确立"].speeches == 1
    # the traditional copy keeps a paragraph of its speech (with 两个确立) and becomes another text
    trad = folder / TRADITIONAL
    keep = "。".join(s for s in trad.read_text(encoding="utf-8").split("。") if "兩個確立" in s) + "。"
    assert keep.count("兩個確立") == 2
    trad.write_text("在全縣鄉村振興工作推進會上的講話\n" + keep + "\n我們要紮實推進鄉村全面振興，把各項工作抓實抓細抓到位。\n", encoding="utf-8")
    st = Store.open(folder, store_path=tmp_path / "s")
    st.update()
    after = {f.text: f for f in st.formulations()}
    assert after["两个确立"].speeches == 2
    fresh = Store.open(folder, store_path=tmp_path / "fresh")
    fresh.update()
    assert _count_rows(Store.open(folder, store_path=tmp_path / "s")) == _count_rows(fresh)
    kept = FC.read(Store.open(folder, store_path=tmp_path / "s").catalog)
    assert kept is not None and [f.speeches for f in kept] == [f.speeches for f in fresh.formulations()]


def test_the_kept_count_and_a_theme_filter_count_texts_as_the_candidates_do(tmp_path):
    folder = with_copies(tmp_path / "folder")
    st = Store.open(folder, store_path=tmp_path / "s")
    st.update()
    st = Store.open(folder, store_path=tmp_path / "s")
    everyone = st.speeches()
    index = FormulationIndex(st.catalog)
    assert [r[:4] for r in rows(st.formulations())] == [r[:4] for r in rows(index.count(everyone, len(everyone)))]
    by_source = {st.catalog.rows[s.id]["source"]: s for s in everyone}
    # a filter holding a copy without its original, and one holding both
    for chosen in ([by_source[TRADITIONAL], by_source[PORTAL]], [by_source[COUNTY_FILE], by_source[TRADITIONAL]],
                   everyone[:4]):
        got = [r[:7] for r in rows(st.formulations_of(chosen) if hasattr(st, "formulations_of") else
                                   index.filtered(chosen, everyone))]
        assert got == [r[:7] for r in rows(index.count(chosen, len(everyone)))]


COPIES = {"f": SpeechRef("a", 2020, "2020-05-01", 100), "a": SpeechRef("a", 2020, "2020-05-01", 100),
          "g": SpeechRef("c", None, None, 100), "c": SpeechRef("c", None, None, 100)}
MADE_COPIES = [*MADE[:2], (SpeechRef("f", 2024, "2024-01-02", 90), {**MADE[0][1], "f": MADE[0][1]["f"][:1] + [["三服务", "quoted", 3]]}),
               *MADE[2:], (SpeechRef("g", 2021, None, 100), MADE[2][1])]


def test_every_set_of_speeches_with_copies_counts_as_its_candidates():
    """formulation_subset (the uses the build keeps) = formulations.count, with copies."""
    total = len(MADE_COPIES)
    everyone = [summary(ref) for ref, _d in MADE_COPIES]
    _rows, kept = count_kept(MADE_COPIES, total, keep=True, copies=COPIES)
    ids = [ref.id for ref, _d in MADE_COPIES]
    uses = FC.UsesFile(OneShard(FC.encode_uses(kept, ids, COPIES)), ["fuses-x.json", 0, FC.VERSION], len(ids))
    whole = {f.text: f for f in count(MADE_COPIES, total, COPIES)}
    assert whole["四个意识"].speeches == 2 and whole["三服务"].speeches == 1 and whole["三服务"].hits == 3
    made = {ref.id: (ref, d) for ref, d in MADE_COPIES}
    tried = 0
    for k in range(1, 5):
        for chosen in combinations(MADE_COPIES, k):
            for order in permutations(chosen):
                got = formulation_subset.count(uses, [summary(ref) for ref, _d in order], everyone)
                want = count(whole_texts(list(order), COPIES, made.get), total, COPIES)
                assert got is not None and rows(got) == rows(want), [r.id for r, _d in order]
                tried += 1
    assert tried > 300


def test_a_damaged_list_of_copies_is_not_answered():
    _rows, kept = count_kept(MADE_COPIES, len(MADE_COPIES), keep=True, copies=COPIES)
    ids = [ref.id for ref, _d in MADE_COPIES]
    data = FC.encode_uses(kept, ids, COPIES)
    data["g"] = [[1]]
    uses = FC.UsesFile(OneShard(data), ["x", 0, FC.VERSION], len(ids))
    everyone = [summary(ref) for ref, _d in MADE_COPIES]
    assert formulation_subset.count(uses, everyone[:2], everyone) is None
    assert formulation_subset.chosen(uses, everyone[:2]) is None
