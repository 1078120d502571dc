"""The concordance in the real browser (run inside the `startup` probe, after the
list is painted): the time from the last keystroke of a query to the first frame
that shows its hits, and to the frame with the full count, as you type (the
debounce included) and with Enter right after the query (the debounce skipped).

A frame "shows the hits" when it is composed after the screen holds rows of that
query (`App._display` is watched, as `probes._Paint` does), so the figure is the
same in either interface language.
"""

from __future__ import annotations

import time


class _Frames:
    """The first frame after the concordance holds rows of `query` (and the count)."""

    def __init__(self) -> None:
        self.query: str | None = None
        self.t_rows: float | None = None
        self.t_count: float | None = None

    def install(self) -> None:
        from textual.app import App

        orig = App._display
        watch = self

        def _display(app, screen, renderable):
            orig(app, screen, renderable)
            if renderable is not None and watch.query is not None:
                watch.check(screen)

        App._display = _display  # type: ignore[method-assign]

    def arm(self, query: str) -> None:
        self.query, self.t_rows, self.t_count = query, None, None

    def check(self, screen) -> None:
        rq = getattr(screen, "rows_query", None)
        if rq is None or rq.text != self.query:
            return
        now = time.time()
        if self.t_rows is None and screen.rows:
            self.t_rows = now
        if self.t_count is None and screen.outcome is not None and not screen.searching:
            self.t_count = now
            if self.t_rows is None:
                self.t_rows = now


async def _wait(pilot, cond, limit: float = 10.0) -> bool:
    end = time.time() + limit
    while time.time() < end:
        if cond():
            return True
        await pilot.pause(0.02)
    return cond()


def _store_search(app, q: str) -> float:
    """Seconds the store's own search takes to find every hit of `q` (no rows, no
    frames): what the app's full count is compared with, in the same run."""
    from jianghua.corpus.query import parse
    from jianghua.store.search import CorpusSearch

    t = time.time()
    sum(len(sh.hits) for sh in CorpusSearch(app.browser.store).run(parse(q)))
    return time.time() - t


async def concordance_keys(app, pilot, send_key, a: dict, out: dict) -> None:
    """Open the concordance from the list, type a query; then again with Enter."""
    frames = _Frames()
    frames.install()
    key = next((k for k, ab in app.screen.active_bindings.items() if ab.binding.action == "app.search"), None)
    if key is None:
        out["conc_note"] = "no binding opens the concordance"
        return
    send_key(app, key)
    if not await _wait(pilot, lambda: type(app.screen).__name__ == "ConcordanceScreen"):
        out["conc_note"] = "the concordance did not open"
        return
    await pilot.pause(0.3)  # the screen settles (and warms its index) as a user starts to type
    ms = 1000.0
    for q, enter in ((a.get("conc_query", "发展"), False), (a.get("conc_query2", "质量"), True)):
        box = app.screen.query_one("#query")
        box.value = ""
        await pilot.pause(0.3)
        frames.arm(q)
        for ch in q:
            send_key(app, ch)
        if enter:
            send_key(app, "enter")
        t0 = time.time()
        ok = await _wait(pilot, lambda: frames.t_count is not None)
        tag = "enter" if enter else "typed"
        if frames.t_rows is not None:
            out[f"conc_{tag}_first_ms"] = (frames.t_rows - t0) * ms
        if ok:
            out[f"conc_{tag}_count_ms"] = (frames.t_count - t0) * ms
            out[f"conc_{tag}_hits"] = app.screen.total
            out[f"conc_{tag}_store_ms"] = _store_search(app, q) * ms  # the store's search alone, same process, just after
    send_key(app, "escape")
    send_key(app, "escape")
    await pilot.pause(0.3)
