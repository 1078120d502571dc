"""The browser's first build of a small folder (8 to 23 files: too few for the reading
pool, enough for the search index's pool) failed with "The index could not be updated:
bad value(s) in fds_to_keep": the index's worker processes were spawned under Textual's
captured stderr (fileno -1), which multiprocessing's resource tracker hands on."""

from __future__ import annotations

from multiprocessing import resource_tracker

from jianghua.store import Store

from tui_helpers import SIZE, notifications, settle, titles, wait_until

PARAGRAPHS = (
    "一、提高政治站位\n要坚持讲政治，把牢政治方向，坚定拥护“两个确立”，坚决做到“两个维护”。",
    "二、加强理论学习\n要抓好理论学习中心组学习，读原著、学原文、悟原理，学以致用。",
    "三、严守纪律规矩\n要严明政治纪律和政治规矩，廉洁自律，守住底线。",
)


async def test_a_first_build_of_twelve_files_in_the_browser_completes(make_app, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(12):
        body = "\n".join(PARAGRAPHS[(i + k) % 3] for k in range(3))
        (folder / f"{i:03}.txt").write_text(f"在全县第{i + 1}次工作会议上的讲话\n同志们：\n{body}\n", encoding="utf-8")
    # the tracker as at a fresh start (another test of this process may have started it already)
    resource_tracker._resource_tracker._stop()
    store = Store.open(folder, store_path=tmp_path / "fresh-store")
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await wait_until(pilot, lambda: not app.building and len(titles(app)) == 12, "the twelve speeches listed")
        shown = notifications(app)
    assert not any("could not be updated" in n for n in shown), shown
    assert Store.open(folder, store_path=tmp_path / "fresh-store").is_current()
