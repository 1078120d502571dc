"""A text whose first line is not read as a title (here a title in markup a web page
left around it) is named by its opening, cut with "…" at 28 characters — and that cut
name went into the citation copied with a passage: 《[red]关于加强和改进…服务…》. A
citation carries the name whole, in the browser (the clipboard) and on the command
line (`Citer`: search and passages), by one rule (`store.citation.whole_title`)."""

from __future__ import annotations

from jianghua.store import Store
from jianghua.store.citation import Citer
from jianghua.tui.app import JianghuaApp
from tui_helpers import settle

LINE = "[red]关于加强和改进新时代机关党建工作进一步提升服务保障水平的若干意见[/red]"


def _store(tmp_path) -> Store:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "意见.txt").write_text(f"{LINE}\n\n同志们：\n今天我们召开会议，主要任务是总结工作。大家要认真落实。\n", encoding="utf-8")
    st = Store.open(corpus, store_path=tmp_path / "store")
    st.update()
    return Store.open(corpus, store_path=tmp_path / "store")


async def test_a_copied_citation_carries_the_whole_name(tmp_path):
    store = _store(tmp_path)
    (summary,) = store.speeches()
    assert summary.title.endswith("…") and len(summary.title) == 29  # the list's name for it: cut
    app = JianghuaApp(store, state_path=tmp_path / "state" / "state.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("j", "y")  # a sentence of the speech, with its citation line
        await pilot.pause()
        cite = app.clipboard.splitlines()[-1]
        assert cite.startswith(f"《{LINE}》"), cite
        assert "…" not in cite
        await pilot.press("ctrl+y")  # the whole speech
        await pilot.pause()
        assert app.clipboard.splitlines()[-1].startswith(f"《{LINE}》"), app.clipboard
    assert Citer(store)(summary.id, 1).text("short").startswith(f"《{LINE}》")  # the command line's citations
