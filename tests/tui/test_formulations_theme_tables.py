"""The formulations view (F) under a theme filter on a store that keeps each
theme's count (`store.formulation_themes`; kept above 2000 speeches, here for the
bundled ones): F pressed with a filter set, and a filter set in the view, show the
rows of the filter's speeches — the plain count of their candidates — looked up,
not counted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jianghua.store import Store, formulation_subset, formulation_themes
from jianghua.store.formulation_index import FormulationIndex
from jianghua.tui.screens.formulations import FormulationsScreen
from jianghua.tui.widgets.line_table import LineTable
from tui_helpers import SIZE, open_formulations_view, screen_text, settle

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "bundled"


def _cells(fs) -> list:
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, dict(f.by_year), f.score) for f in fs]


@pytest.fixture
def tabled(tmp_path, monkeypatch) -> Store:
    monkeypatch.setattr(formulation_themes, "FROM", 0)
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    Store.open(corpus, None, tmp_path / "s").update()
    st = Store.open(corpus, None, tmp_path / "s")
    assert st.is_current() and st.catalog.meta["shards"].get("fthemes")
    return st


@pytest.fixture
def counted(monkeypatch) -> list:
    """Filters counted from the kept uses (not looked up)."""
    calls: list = []
    real = formulation_subset.count
    monkeypatch.setattr(formulation_subset, "count", lambda *a: calls.append(1) or real(*a))
    return calls


async def test_f_with_a_theme_filter_set_shows_its_rows(make_app, tabled, counted):
    app = make_app(tabled)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.apply_filter_ids(("history",))
        await pilot.pause()
        await pilot.press("F")
        assert isinstance(app.screen, FormulationsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(LineTable)
        speeches = tabled.filter(["history"])
        want = FormulationIndex(tabled.catalog).count(speeches, len(tabled.speeches()))
        assert counted == []
        assert _cells(table.rows) == _cells(want) and want
        assert len(want) < len(tabled.formulations())
        text = screen_text(app)
        assert want[0].text in text and f"{len(want)} formulations" in text
        top = max(want[0].uses, key=lambda u: u[1])
        assert tabled.summary(top[0]).title[:8] in text  # the preview names its most used speech


async def test_a_theme_filter_set_in_the_view_shows_its_rows(make_app, tabled, counted):
    app = make_app(tabled)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_formulations_view(app, pilot)
        table = app.screen.query_one(LineTable)
        everyone = len(tabled.speeches())
        for tid in ("discipline", "history"):
            app.apply_filter_ids((tid,))
            await app.workers.wait_for_complete()
            await pilot.pause()
            want = FormulationIndex(tabled.catalog).count(tabled.filter([tid]), everyone)
            assert _cells(table.rows) == _cells(want) and want
        assert counted == []
        app.apply_filter_ids(("discipline", "integrity"))  # two themes: alike exact (counted, unless they list one theme's speeches)
        await app.workers.wait_for_complete()
        await pilot.pause()
        flt = app.browser.theme_filter
        want = FormulationIndex(tabled.catalog).count(tabled.filter(flt.ids, flt.mode), everyone)
        assert _cells(table.rows) == _cells(want) and want
