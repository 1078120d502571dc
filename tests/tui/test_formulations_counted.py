"""What a phrase's uses count in the formulations view, against the concordance
Enter opens: the view counts a phrase in the speeches that say it at least twice
(one speech's chance words are no formulation), the concordance every use — the
preview says so, and Enter then shows the higher count."""

from __future__ import annotations

from jianghua.store import Store
from jianghua.tui.screens.concordance import ConcordanceScreen
from jianghua.tui.screens.formulations import FormulationsScreen
from tui_helpers import SIZE, open_formulations_view, screen_text, settle, wait_until

PHRASE = "产城融合"
BODY = ("同志们：\n\n今年要推进{p}，把{p}作为发展的重要抓手，各级各部门要抓好落实。\n\n"
        "其他工作也要统筹安排，确保取得实效，第{i}次会议精神要传达到位。\n")


def _folder(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    for i in range(4):
        (d / f"{2020 + i}-讲话{i}.txt").write_text(f"在第{i}次会议上的讲话\n\n" + BODY.format(p=PHRASE, i=i), encoding="utf-8")
    # a fifth speech says it once: counted by the concordance, not by the view
    (d / "2024-讲话9.txt").write_text(f"在推进会上的讲话\n\n同志们：\n\n要研究{PHRASE}的办法，确保工作落地见效。\n", encoding="utf-8")
    return d


async def test_the_view_says_what_a_phrase_counts_and_enter_finds_every_use(make_app, tmp_path):
    s = Store.open(corpus_dir=_folder(tmp_path), store_path=tmp_path / "s")
    s.update()
    row = next(f for f in s.formulations() if f.text == PHRASE)
    assert (row.kind, row.hits, row.speeches) == ("phrase", 8, 4)
    app = make_app(s)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(await open_formulations_view(app, pilot), FormulationsScreen)
        app.screen.table.move_cursor([f.text for f in app.screen.table.rows].index(PHRASE))
        await pilot.pause()
        text = screen_text(app)
        assert "8 uses in 4 speeches" in text
        assert "Uses counted in the speeches that say it at least twice; Enter finds every use." in text
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcordanceScreen) and "hits in 5 speeches" in screen_text(app),
                         "the concordance's count")
        assert "9 hits in 5 speeches" in screen_text(app)
