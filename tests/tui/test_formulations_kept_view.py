"""The formulations view (F) from what the build keeps: its first preview names the
most used speeches without reading the uses file, and a theme filter's rows are
those counted from the filter's speeches' own candidates — without reading them."""

from __future__ import annotations

from jianghua.store import formulation_count
from jianghua.store.formulation_index import FormulationIndex
from jianghua.tui.screens.formulations import FormulationsScreen
from tui_helpers import SIZE, formulations_table, screen_text, settle


def _cells(fs) -> list:
    return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, f.by_year, f.score) for f in fs]




async def test_the_first_preview_names_the_most_used_speeches_from_the_rows(make_app, store, monkeypatch):
    read = []
    real = formulation_count.UsesFile.data
    monkeypatch.setattr(formulation_count.UsesFile, "data", lambda self: read.append(1) or real(self))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        top = table.rows[0]
        assert read == []  # the uses file is not read to open the view
        text = screen_text(app)
        most = sorted(top.uses, key=lambda u: -u[1])[:2]
        assert all(store.summary(sid).title[:8] in text for sid, _n in most)
        assert f"{most[0][1]:>3}×" in text


async def test_a_theme_filter_lists_what_its_speeches_candidates_give(make_app, store, monkeypatch):
    candidates = []
    real = FormulationIndex.data
    monkeypatch.setattr(FormulationIndex, "data", lambda self: candidates.append(1) or real(self))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await formulations_table(app, pilot)
        everyone = store.speeches()
        for themes in (("history",), ("discipline",), ("discipline", "integrity")):
            app.apply_filter_ids(themes)
            await app.workers.wait_for_complete()
            await pilot.pause()
            flt = app.browser.theme_filter
            speeches = store.filter(flt.ids, flt.mode)
            assert candidates == []  # answered from the uses the build kept
            want = FormulationIndex(store.catalog).count(speeches, len(everyone))
            candidates.clear()
            assert _cells(table.rows) == _cells(want) and want
            assert len(want) < len(store.formulations())
            first = table.rows[0]
            sid, n = sorted(want[0].uses, key=lambda u: -u[1])[0]
            assert first.text == want[0].text and store.summary(sid).title[:8] in screen_text(app)
            assert all(s in {x.id for x in speeches} for s, _n in first.uses)


async def test_the_kept_count_is_read_ahead_and_F_shows_it_without_a_worker(make_app, store, monkeypatch):
    """A current store's kept count is read in the background after the list is shown;
    F then fills its rows in its first frame, with no counting worker."""
    from jianghua.tui import app_workers

    monkeypatch.setattr(app_workers, "READ_KEPT_AFTER", 0.0)
    counts = []
    real = FormulationsScreen._count
    monkeypatch.setattr(FormulationsScreen, "_count", lambda self, flt: counts.append(flt) or real(self, flt))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await app.workers.wait_for_complete()
        assert store.formulations_at_hand()
        await pilot.press("F")
        assert isinstance(app.screen, FormulationsScreen)
        assert [f.text for f in app.screen.table.rows] == [f.text for f in store.formulations()]
        assert counts == []
