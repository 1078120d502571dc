"""A text named by its opening (no title line) is cited with that opening to the end
of its sentence — but only when the sentence ends near (store.citation.WHOLE_TITLE_MAX)
and on one line. An opening of thousands of characters with no 。！？； used to become a
5 000-character name in every citation (browser y / ctrl+y and the command line), and a
line break in the opening went into the citation line."""

from __future__ import annotations

from jianghua.store import Store
from jianghua.store.citation import Citer, whole_title
from jianghua.tui.app import JianghuaApp
from tui_helpers import settle

RUN_ON = "各地区各部门要坚持稳中求进工作总基调，" * 200  # 4 000 characters, no sentence end


def _store(tmp_path) -> Store:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "讲话.txt").write_text(f"{RUN_ON}\n\n我们要认真落实。大家要团结奋斗。\n", encoding="utf-8")
    st = Store.open(corpus, store_path=tmp_path / "store")
    st.update()
    return Store.open(corpus, store_path=tmp_path / "store")


async def test_a_run_on_opening_is_not_cited_whole(tmp_path):
    store = _store(tmp_path)
    (summary,) = store.speeches()
    cut = summary.title
    assert cut.endswith("…") and len(cut) < 40, cut  # the list's name for it
    app = JianghuaApp(store, state_path=tmp_path / "state" / "state.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # a sentence with its citation line
        await pilot.pause()
        cite = app.clipboard.splitlines()[-1]
        assert cite.startswith(f"《{cut}》"), cite[:200]
        assert len(cite) < 100, len(cite)
        await pilot.press("ctrl+y")  # the whole speech
        await pilot.pause()
        assert f"《{cut}》" in app.clipboard, app.clipboard[-300:]
        assert RUN_ON[:60] not in app.clipboard.splitlines()[-1]
    assert Citer(store)(summary.id, 1).text("short").startswith(f"《{cut}》")  # the command line's citations: the same rule


def test_whole_title_stops_at_a_line_break_and_far_sentence_ends():
    assert whole_title("同志们，\n今天…", "同志们，\n今天很高兴和大家见面。") == "同志们，\n今天…"
    far = "各位代表" * 1250
    assert whole_title(far[:27] + "…", far) == far[:27] + "…"
    assert whole_title(far[:27] + "…", far[:40] + "。后文") == far[:40]  # a near end: whole
