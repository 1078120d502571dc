"""The reader's `u` pane and the formulations view count texts, not files: in a
folder holding a traditional copy of the county office's speech and a portal's copy
of another, a formulation quoted once in one text is not "recurring" (not listed in
the pane), and the view's speeches column counts each text once."""

from __future__ import annotations

from jianghua.store import Store
from jianghua.tui.app import JianghuaApp
from jianghua.tui.widgets.formulation_pane import FormulationPane
from jianghua.tui.widgets.line_table import LineTable
from tests.distinct_texts import BUNDLED, with_copies
from tui_helpers import COUNTY, SIZE, open_formulations_view, open_reader, screen_text, wait_until


async def test_the_u_pane_and_the_view_count_each_text_once(tmp_path, state_path):
    alone = Store.open(BUNDLED, None, tmp_path / "alone")
    alone.update()
    want = {f.text: f.speeches for f in alone.formulations()}
    folder = with_copies(tmp_path / "folder")
    store = Store.open(folder, None, tmp_path / "store")
    store.update()
    app = JianghuaApp(store, state_path=state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, _v = await open_reader(app, pilot, store, COUNTY)
        await pilot.press("u")
        pane = screen.query_one(FormulationPane)
        await wait_until(pilot, lambda: pane.uses, "the pane's rows", tries=200)
        texts = {u.text for u in pane.uses}
        assert "两个确立" in texts
        assert "参谋部" not in texts  # quoted once, in one text (and its traditional copy)
        await pilot.press("u")  # back to the text
        view = await open_formulations_view(app, pilot)
        table = view.query_one(LineTable)
        assert {f.text: f.speeches for f in table.rows} == want  # 7 files, 5 texts
        assert "参谋部" not in screen_text(app)
