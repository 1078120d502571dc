"""After a small change in a big corpus the build keeps no formulations count; the
browser makes it in the background (a worker process) once the list is shown and
keeps it: F then opens with its rows, counted by nobody in the browser, and a later
session reads the kept count too."""

from __future__ import annotations

import shutil

from jianghua.corpus.resources import BUNDLED_CORPUS
from jianghua.store import Store, formulation_count, whole
from jianghua.store.formulation_index import FormulationIndex
from jianghua.tui.app import JianghuaApp
from jianghua.tui.screens.formulations import FormulationsScreen
from tui_helpers import SIZE, screen_text, settle, wait_until


def _cells(fs) -> list:
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, f.by_year, f.score) for f in fs]


async def test_after_a_small_change_F_shows_the_count_made_in_the_background(tmp_path, monkeypatch):
    corpus, sdir = tmp_path / "corpus", tmp_path / "store"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    Store.open(corpus, store_path=sdir).update()
    monkeypatch.setattr(whole, "WHOLE_UP_TO", 1)  # "a big corpus": one edited file does not count it again
    monkeypatch.setattr(whole, "DRIFT", 2)  # 2 keys changed of 5: not more than 5 // 2
    edited = sorted(corpus.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n要增强“四个意识”，做到“两个维护”。\n", encoding="utf-8")
    store = Store.open(corpus, store_path=sdir)
    Store.open(corpus, store_path=sdir).update()
    assert formulation_count.read(Store.open(corpus, store_path=sdir).catalog) is None  # the build kept none
    store = Store.open(corpus, store_path=sdir)
    counted = []
    real = FormulationIndex.count
    monkeypatch.setattr(FormulationIndex, "count", lambda self, *a: counted.append(1) or real(self, *a))
    app = JianghuaApp(store, state_path=tmp_path / "state" / "state.json")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_until(pilot, store.formulations_at_hand, "the count made in the background")
        assert formulation_count.read(Store.open(corpus, store_path=sdir).catalog) is not None  # kept in the store
        assert store.formulations_at_hand()
        await pilot.press("F")
        assert isinstance(app.screen, FormulationsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = app.screen.table.rows
        assert counted == []  # nothing counted in the browser
        fresh = Store.open(corpus, store_path=tmp_path / "fresh")
        fresh.update()
        assert _cells(rows) == _cells(fresh.formulations()) and "两个维护" in screen_text(app)
