"""Enter in the concordance → the first frame that shows its hits, per query, in one
browser (headless, 120×36), with where the time went: the key reaching the screen,
the search of the first hits, the frame; then the exact total shown ("total": the
store's count, while rows still come) and every row made ("done"). Medians over the queries.

    python -m tests.bench.concordance_paint CORPUS STORE 质量 改革 质量 建设 质量

(A store already built for CORPUS; run it from the repository root. A frame "shows
the hits" when it is composed while the screen holds rows, `App._display` watched
as concordance_bench does.)
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time


def main(corpus: str, store_dir: str, queries: list[str]) -> dict:
    tmp = tempfile.mkdtemp(prefix="jh-paint-")
    os.environ.setdefault("JIANGHUA_CACHE_DIR", tmp)
    os.environ.setdefault("JIANGHUA_STATE_DIR", tmp)
    from textual.app import App

    from jianghua.store import Store
    from jianghua.tui.app import JianghuaApp
    from jianghua.tui.screens import concordance as cmod

    from .probes import send_key

    marks: dict[str, float] = {}
    run_search = cmod.ConcordanceScreen.run_search

    def timed(self, text, typed=False):
        marks.setdefault("search", time.perf_counter())
        out = run_search(self, text, typed)
        marks.setdefault("searched", time.perf_counter())
        return out

    cmod.ConcordanceScreen.run_search = timed
    counted, done = getattr(cmod.ConcordanceScreen, "_counted", None), cmod.ConcordanceScreen._done

    def total_shown(self, token, *a):  # the exact total ("N hits in M speeches") shown, rows still coming
        counted(self, token, *a)
        if token == self._token:
            marks.setdefault("total", time.perf_counter())

    def all_rows(self, token, *a):  # every row made (and the total, if it was not shown before)
        done(self, token, *a)
        if token == self._token:
            marks.setdefault("total", time.perf_counter())
            marks.setdefault("done", time.perf_counter())

    if counted is not None:  # (a screen that shows the total only with the last row has none)
        cmod.ConcordanceScreen._counted = total_shown  # type: ignore[method-assign]
    cmod.ConcordanceScreen._done = all_rows  # type: ignore[method-assign]
    display = App._display

    def shown(app, screen, renderable):
        display(app, screen, renderable)
        if renderable is not None and getattr(screen, "rows", None) and "search" in marks:
            marks.setdefault("frame", time.perf_counter())

    App._display = shown
    res: dict[str, list[float]] = {}

    async def drive() -> None:
        app = JianghuaApp(Store.open(corpus, None, store_dir), state_path=os.path.join(tmp, "state.json"))
        async with app.run_test(headless=True, size=(120, 36)) as pilot:
            await pilot.pause(1.0)
            await app.run_action("search")
            await pilot.pause(1.0)  # (the index warms as a user starts to type)
            for q in queries:
                box = app.screen.query_one("#query")
                box.value = ""
                box.focus()
                await pilot.pause(0.5)
                for ch in q:
                    send_key(app, ch)
                marks.clear()
                t0 = time.perf_counter()
                send_key(app, "enter")
                for _ in range(3000):  # (up to 30 s: the total and every row too)
                    await asyncio.sleep(0.01)
                    if "frame" in marks and "done" in marks:
                        break
                row = {k: round((v - t0) * 1000, 1) for k, v in marks.items()}
                print(q, row, flush=True)
                for k, v in row.items():
                    res.setdefault(k, []).append(v)
                await pilot.pause(2.0)

    asyncio.run(drive())
    return {k: statistics.median(v) for k, v in res.items()}


if __name__ == "__main__":
    print("BENCH-RESULT (ms after Enter, medians)", main(sys.argv[1], sys.argv[2], sys.argv[3:] or ["质量"] * 5))
