"""Benchmark figures of the set formulations (提法, issue 13): the formulations view,
the trend chart, and the reader's formulations pane.

    python -m tests.bench --sizes 10000 --only formulations [--stores DIR]

Two probes, each in a fresh process (tests.bench.probes):

* ``formulations`` — the store's answers: `Store.formulations()` the first time in
  a process (every speech's candidates read from the shards, then counted) and
  again, `chars_by_year`, `Store.speech_formulations` the first time (counts the
  corpus once) and for further speeches (a look-up), and the pane's count of the
  uses in the longest speech's text;
* ``formulations-app`` — the browser headless at 120×36, timed from the key to the
  frame that shows the answer: `F` from the list to the view with its rows (and
  again after `q`), `r`
  to the trend chart painted, `u` in the reader to the pane with its counts (the
  first time in the process, and for a second speech).
"""

from __future__ import annotations

import time

from .probes import _Paint, _rss_mb, _timed, markers, send_key

ROWS_TIMEOUT = 30.0


def probe_formulations(a: dict) -> dict:
    from jianghua.store import Store
    from jianghua.tui.document import Document
    from jianghua.tui.screens.reader_panes import count_uses

    store = Store.open(a["corpus"], a.get("themes"), a["store"])
    speeches = store.speeches()
    out: dict = {"speeches": len(speeches)}
    dt, rows = _timed(store.formulations)
    out["view_store_s"], out["rows"] = dt, len(rows)
    dt, years = _timed(store.chars_by_year)
    out["chars_by_year_s"] = dt
    dt, _ = _timed(store.formulations)
    out["view_store_warm_s"] = dt
    if rows:
        from jianghua.tui.dialogs.trend import trend_rows

        dt, _ = _timed(trend_rows, rows[0], years)
        out["trend_rows_s"] = dt
    theme = _widest_theme(store)
    if theme:
        fresh = Store.open(a["corpus"], a.get("themes"), a["store"])  # nothing read yet
        dt, frows = _timed(fresh.formulations, [theme])
        out["filter_store_s"], out["filter_rows"], out["filter_speeches"] = dt, len(frows), len(fresh.filter([theme]))
    longest = max(speeches, key=lambda s: s.chars)
    fresh = Store.open(a["corpus"], a.get("themes"), a["store"])  # nothing counted yet
    dt, found = _timed(fresh.speech_formulations, longest.id)
    out["pane_store_s"], out["pane_rows"] = dt, len(found)
    other = speeches[len(speeches) // 2].id
    dt, _ = _timed(fresh.speech_formulations, other)
    out["pane_store_next_s"] = dt
    doc = Document.from_speech(store.speech(longest.id))
    dt, _ = _timed(count_uses, doc, [f.text for f, _n in found])
    out["pane_count_s"], out["pane_chars"] = dt, longest.chars
    out["rss_mb"] = _rss_mb()
    return out


def _widest_theme(store) -> str | None:
    """The theme with the most speeches (the costliest filter)."""
    themes = [t for t in store.themes() if t.speeches]
    return max(themes, key=lambda t: t.speeches).id if themes else None


async def _answer(pilot, paint: _Paint, key, ready, limit: float = ROWS_TIMEOUT) -> tuple[float | None, float | None]:
    """Seconds from a key to the first frame painted once `ready()` holds, and the
    CPU seconds the process (all its threads) spent meanwhile — the figure that
    holds on a loaded machine. `ready()` is asked as each frame is painted: an
    answer made in the key's own handler shows in the key's first frame (polling
    for it instead saw it only after that frame, and waited for a later one — or
    for none, when nothing more was painted)."""
    import asyncio

    seen: list[tuple[float, float]] = []

    def on_frame(now: float) -> None:
        if not seen and ready():
            seen.append((now, time.process_time()))

    t0, c0 = time.time(), time.process_time()
    paint.on_frame = on_frame
    try:
        if callable(key):
            key()
        else:
            send_key(pilot.app, key)
        while not seen:
            if time.time() - t0 > limit:
                return None, None
            await asyncio.sleep(0.002)
    finally:
        paint.on_frame = None
    return seen[0][0] - t0, seen[0][1] - c0


async def _start_up_done(app, pilot) -> None:
    """Wait for the browser's start-up worker (the build, then what it does once the
    list rests: the kept formulations count read). It starts after the list's first
    paint: `app.workers.wait_for_complete()` called before then returns at once, and
    F came ~0.2 s after the list, before that read, whatever the browser did after."""
    while app.browser.building or any(w.group == "build" for w in app.workers):
        await pilot.pause(0.01)


def probe_formulations_app(a: dict) -> dict:
    import asyncio

    from jianghua.store import Store
    from jianghua.tui.app import JianghuaApp
    from jianghua.tui.dialogs.trend import TrendDialog
    from jianghua.tui.screens.formulations import FormulationsScreen
    from jianghua.tui.screens.reader import ReaderScreen
    from jianghua.tui.widgets.formulation_pane import FormulationPane

    store = Store.open(a["corpus"], a.get("themes"), a["store"])
    titles = [s.title for s in store.speeches()]
    theme = _widest_theme(Store.open(a["corpus"], a.get("themes"), a["store"]))
    paint = _Paint(set(markers(titles)), 8)
    paint.install()
    app = JianghuaApp(store, state_path=a["state"])
    out: dict = {}

    def on(screen_type):
        return lambda: isinstance(app.screen, screen_type)

    async def run() -> None:
        async with app.run_test(headless=True, size=(120, 36)) as pilot:
            while paint.t_ready is None:
                await pilot.pause(0.01)
            await _start_up_done(app, pilot)
            await pilot.pause(0.2)
            def view_ready() -> bool:
                return on(FormulationsScreen)() and bool(app.screen.query("LineTable")) and bool(app.screen.table.rows)

            out["view_s"], out["view_cpu_s"] = await _answer(pilot, paint, "F", view_ready)
            await pilot.pause(0.2)
            send_key(app, "q")  # back to the list, and F again
            while on(FormulationsScreen)():
                await pilot.pause(0.01)
            await pilot.pause(0.2)
            out["view_again_s"], out["view_again_cpu_s"] = await _answer(pilot, paint, "F", view_ready)
            await pilot.pause(0.2)
            if theme:  # the view's rows for the speeches of a theme filter (from the list: T … ; here set directly)
                view = app.screen

                def filtered() -> bool:
                    flt = app.browser.theme_filter
                    return flt.active and view._loaded_for == flt and bool(view.table.rows)

                out["filter_s"], out["filter_cpu_s"] = await _answer(pilot, paint, lambda: app.apply_filter_ids((theme,)), filtered)
                await pilot.pause(0.2)
                app.apply_filter_ids(())
                while view._loaded_for is None or view._loaded_for.active:
                    await pilot.pause(0.01)
                await pilot.pause(0.2)
            out["trend_s"], out["trend_cpu_s"] = await _answer(pilot, paint, "r", on(TrendDialog))
            await pilot.pause(0.2)
            for key in ("escape", "q"):
                send_key(app, key)
                await pilot.pause(0.2)
            for k, name in enumerate(("pane_first_s", "pane_next_s")):
                send_key(app, "enter")  # a speech of the list (the second time the next one)
                while not isinstance(app.screen, ReaderScreen):
                    await pilot.pause(0.01)
                await pilot.pause(0.3)
                pane = app.screen.query_one(FormulationPane)
                was = pane.speech_id
                out[name], out[name.replace("_s", "_cpu_s")] = await _answer(
                    pilot, paint, "u", lambda: pane.speech_id is not None and pane.speech_id != was)
                out[name.replace("_s", "_rows")] = len(pane.uses)
                for key in ("escape", "o", "escape", "q", "j"):  # (back to the outline: the next speech opens without counting)
                    send_key(app, key)
                    await pilot.pause(0.2)

    asyncio.run(run())
    out["rss_mb"] = _rss_mb()
    return out


# ---------------------------------------------------------------- figures of a run


def figures(attempt, base: dict, state: str, repeat: int, fig) -> None:
    """Run both probes `repeat` times (interleaved) and add their figures."""
    ms = 1000.0
    for _r in range(repeat):
        res = attempt("formulations", "formulations", dict(base))
        if res:
            fig("form_view_store_ms", "formulations: Store.formulations(), first in a process", "ms").add(res["view_store_s"] * ms)
            fig("form_view_store_ms", "", "ms").note = f"{res['rows']} formulations of {res['speeches']} speeches"
            fig("form_view_warm_ms", "  again (candidates read)", "ms").add(res["view_store_warm_s"] * ms)
            if "filter_store_s" in res:
                fig("form_filter_store_ms", "  theme filter (widest theme), first in a process", "ms").add(res["filter_store_s"] * ms)
                fig("form_filter_store_ms", "", "ms").note = f"{res['filter_rows']} formulations of {res['filter_speeches']} speeches"
            fig("form_pane_store_ms", "formulations of one speech, first (counts the corpus)", "ms").add(res["pane_store_s"] * ms)
            fig("form_pane_next_ms", "  another speech (a look-up)", "ms").add(res["pane_store_next_s"] * ms)
            fig("form_pane_count_ms", "  their uses counted in the longest speech's text", "ms").add(res["pane_count_s"] * ms)
            fig("form_pane_count_ms", "", "ms").note = f"{res['pane_rows']} formulations, {res['pane_chars']} chars"
        res = attempt("formulations in the browser", "formulations-app", dict(base, state=state))
        if res:
            for key, name, label in (("view_s", "form_view_ms", "browser: F → formulations view with its rows"),
                                     ("view_again_s", "form_view_again_ms", "  q, then F again"),
                                     ("filter_s", "form_filter_ms", "browser: theme filter set in the view → its rows"),
                                     ("trend_s", "form_trend_ms", "browser: r → trend chart painted"),
                                     ("pane_first_s", "form_pane_ms", "browser: u → the reader's formulations pane, first"),
                                     ("pane_next_s", "form_pane_next_app_ms", "  u on another speech")):
                if res.get(key) is not None:
                    fig(name, label, "ms").add(res[key] * ms)
                cpu = key.replace("_s", "_cpu_s")
                if res.get(cpu) is not None:
                    fig(name.replace("_ms", "_cpu_ms"), "  CPU time of the process meanwhile", "ms").add(res[cpu] * ms)
            fig("form_rss_mb", "peak RSS: browser, formulations view and pane", "MB").add(res["rss_mb"])


ORDER = ("form_view_ms", "form_view_cpu_ms", "form_view_again_ms", "form_view_again_cpu_ms", "form_view_store_ms", "form_view_warm_ms", "form_filter_ms", "form_filter_cpu_ms",
         "form_filter_store_ms", "form_trend_ms", "form_trend_cpu_ms",
         "form_pane_ms", "form_pane_cpu_ms", "form_pane_next_app_ms", "form_pane_next_app_cpu_ms",
         "form_pane_store_ms", "form_pane_next_ms", "form_pane_count_ms", "form_rss_mb")
