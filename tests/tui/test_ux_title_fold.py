"""The list's `/` and the palette match titles as search and find do: a simplified
query finds a title written in traditional script and the other way round (user
trial: `/讲话` missed every 講話 title, the palette's 庄华平 found nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.command import CommandList, CommandPalette
from tui_helpers import SIZE, settle, wait_until

from jianghua.store import Store
from jianghua.tui.widgets.line_table import LineTable

ROOT = Path(__file__).resolve().parents[2]
TRADITIONAL = ROOT / "tests" / "data" / "real" / "traditional" / "2020-02-16_01.txt"  # 在中央政治局常委會會議…時的講話


def _store(tmp_path) -> Store:
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus" / "bundled", folder)
    shutil.copy(TRADITIONAL, folder)
    store = Store.open(folder, store_path=tmp_path / "store")
    store.update()
    return store


def _titles(app) -> list[str]:
    return [s.title for s in app.screen.query_one(LineTable).rows]


async def test_title_narrowing_and_palette_fold_the_script(make_app, tmp_path):
    store = _store(tmp_path)
    traditional = next(s.title for s in store.speeches() if "講話" in s.title)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("/", *"时的讲话")  # simplified query, traditional title
        await pilot.pause()
        assert _titles(app) == [traditional]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("/", *"講話")  # traditional query: the simplified titles too
        await pilot.pause()
        titles = _titles(app)
        assert traditional in titles and any("讲话" in t for t in titles), titles
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"应对新型冠状病毒")
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0, "palette hits")
        prompts = [o.prompt.plain for o in app.screen.query_one(CommandList).options]
        assert any(traditional in p for p in prompts), prompts


async def test_the_palette_finds_a_theme_typed_in_traditional_script(make_app, store):
    from jianghua.tui.commands import ThemeCommands

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        provider = ThemeCommands(app.screen)  # (the palette's discovery lists every theme: ask the search itself)
        hits = [h.text async for h in provider.search("紀律")]
        assert hits == ["Filter by theme: 纪律规矩 (discipline)"], hits


def test_narrowing_lowers_accented_and_cyrillic_capitals_keeping_the_length():
    from jianghua.tui.filtering import fold_title_query, folded_titles

    titles = ["ÉLYSÉE 宫講話", "МОСКВА 讲话", "İstanbul"]  # (İ lowers to two characters: kept as it is)
    folded = folded_titles(titles)
    assert fold_title_query("élysée 宫讲话") in folded[0] and fold_title_query("Москва") in folded[1]
    assert [len(f) for f in folded] == [len(t) for t in titles]
