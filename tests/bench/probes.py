"""What the benchmark runs in a fresh process, as a user would start jianghua.

    python -m tests.bench.probes KIND [JSON ARGS | -]     (- : read them from stdin)

prints one line ``BENCH-RESULT {json}`` on stdout. KIND is one of

* ``update``   — `Store.open` + `.update()` (cold build into an empty store, one
                 changed file, nothing changed); times, the report, and which
                 segmenters ended up imported;
* ``jieba``    — single-process `jieba.lcut` throughput on a sample of the corpus
                 (after initialisation), and rjieba's when it is installed;
* ``queries``  — the store's answers to keystrokes: theme filter, title narrowing,
                 the longest speech in the reader (cold), the passages view; peak RSS;
* ``search``   — text search: first screen of hits, full count, a rare query,
                 `grep -rc` in the same run, find per keystroke in the reader, RSS;
* ``formulations``, ``formulations-app`` — the set formulations: the view, the
                 trend chart and the reader's pane (tests/bench/formulations.py);
* ``startup``  — the browser (``app``) or a bare Textual app (``bare``) run headless
                 with `App.run_test()`, timed from the parent's `time.time()` right
                 before it spawned this process (env BENCH_T0) to the first frame
                 that shows a speech title; then, for the browser, keystrokes and
                 peak RSS.

The first frame is caught in `App._display`, which Textual calls with every
compositor update even when headless; the hook also turns the update into escape
sequences (what a terminal run would write), so both apps pay for a real paint.
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0") or time.time())  # the parent's clock right before spawning us
T_MAIN = time.time()  # interpreter started and this module is being imported


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


class _TreeWatch:
    """The peak memory of this process's children (a build's worker processes, which
    RUSAGE_SELF does not see; RUSAGE_CHILDREN misses the forkserver's, not yet reaped):
    /proc sampled every 50 ms — each process's VmHWM, and the sum of their VmRSS with
    this process's. Linux only (elsewhere every figure is this process's own)."""

    def __init__(self, every: float = 0.05):
        import threading

        self.every = every
        self.hwm: dict[tuple[int, bytes], int] = {}  # (pid, start time) → peak KiB
        self.tree_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-watch", daemon=True)
        self._thread.start()

    @staticmethod
    def _children(pid: int) -> list[int]:
        out: list[int] = []
        try:
            for t in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{t}/children") as fh:
                    out += [int(x) for x in fh.read().split()]
        except (OSError, ValueError):
            pass
        return out

    @staticmethod
    def _status(pid: int) -> tuple[int, int] | None:
        try:
            with open(f"/proc/{pid}/status", "rb") as fh:
                got = {k: int(v.split()[0]) for k, _, v in (line.partition(b":") for line in fh) if k in (b"VmHWM", b"VmRSS")}
            return got[b"VmHWM"], got[b"VmRSS"]
        except (OSError, KeyError, ValueError, IndexError):
            return None

    def sample(self) -> None:
        me = os.getpid()
        todo, total = self._children(me), 0
        while todo:
            pid = todo.pop()
            todo += self._children(pid)
            st = self._status(pid)
            if st is None:
                continue
            self.hwm[pid] = max(self.hwm.get(pid, 0), st[0])
            total += st[1]
        own = self._status(me)
        self.tree_kib = max(self.tree_kib, total + (own[1] if own else 0))

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        self.sample()
        own = _rss_mb()
        worker = max(self.hwm.values(), default=0) / 1024.0
        return {"tree_rss_mb": max(self.tree_kib / 1024.0, own), "worker_rss_mb": worker,
                "processes": len(self.hwm)}


def _emit(result: dict) -> None:
    sys.stdout.write("BENCH-RESULT " + json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _segmenters() -> dict:
    seg = sys.modules.get("jianghua.corpus.segment")
    return {
        "jieba_imported": "jieba" in sys.modules,
        "rjieba_imported": "rjieba" in sys.modules,
        "segmenter_initialised": bool(seg and seg.initialised),
    }


# ---------------------------------------------------------------- update


def probe_update(a: dict) -> dict:
    """A build (cold, incremental, or with "bump": as after a version upgrade, see
    tests/bench/bump.py); its peak memory with its worker processes' (`_TreeWatch`)."""
    if a.get("bump"):
        import multiprocessing

        os.environ["JIANGHUA_BENCH_BUMP"] = "1"
        multiprocessing.get_context("forkserver").set_forkserver_preload(["tests.bench.bump"])
        from . import bump  # noqa: F401 - the bump itself, in this process
    watch = _TreeWatch()
    t0 = time.perf_counter()
    from jianghua.store import Store

    t1 = time.perf_counter()
    store = Store.open(a["corpus"], a.get("themes"), a["store"])
    t2 = time.perf_counter()
    from jianghua.store.build import update
    from jianghua.store.search import sync_index

    report = update(store.catalog)  # (what Store.update does, in its two steps: the build, then the search index)
    t_built = time.perf_counter()
    if not a.get("no_search_index"):
        sync_index(store)
    t3 = time.perf_counter()
    from jianghua.corpus import segment

    out = {
        "import_s": t1 - t0,
        "open_s": t2 - t1,
        "update_s": t3 - t2,
        "open_update_s": t3 - t1,
        "search_index_s": t3 - t_built,  # the search index's share of this update
        "wall_s": time.time() - T0,
        "startup_s": T_MAIN - T0,
        "speeches": report.speeches,
        "paragraphs": report.paragraphs,
        "segmented": report.segmented,
        "retagged": report.retagged,
        "unchanged": report.unchanged,
        "skipped": len(report.skipped),
        "chars": sum(s.chars for s in store.speeches()),
        "segmenter": segment.backend(),
        "disk_bytes": store.disk_size(),
        "rss_mb": _rss_mb(),
    }
    out.update(watch.stop())
    out.update(_segmenters())
    return out


# ---------------------------------------------------------------- jieba


def _sample(files: list[str], max_bytes: int, min_bytes: int) -> list[str]:
    texts: list[str] = []
    for f in files:
        raw = open(f, "rb").read()
        for enc in ("utf-8-sig", "gbk"):
            try:
                texts.append(raw.decode(enc))
                break
            except UnicodeDecodeError:
                continue
        if sum(len(t.encode()) for t in texts) >= max_bytes:
            break
    base = list(texts)
    while base and sum(len(t.encode()) for t in texts) < min_bytes:  # a tiny corpus: repeat it
        texts.extend(base)
    return texts


def probe_jieba(a: dict) -> dict:
    import logging

    texts = _sample(a["files"], a.get("max_bytes", 1_500_000), a.get("min_bytes", 1_000_000))
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    import jieba

    jieba.setLogLevel(logging.ERROR)
    jieba.initialize()
    t1 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    t2 = time.perf_counter()
    out = {"chars": chars, "utf8_bytes": sum(len(t.encode()) for t in texts), "files": len(texts),
           "jieba_init_s": t1 - t0, "jieba_s": t2 - t1, "jieba_cps": chars / (t2 - t1)}
    try:
        import rjieba

        rjieba.cut("初始化")
        t3 = time.perf_counter()
        for t in texts:
            rjieba.cut(t)
        out.update(rjieba_s=time.perf_counter() - t3, rjieba_cps=chars / (time.perf_counter() - t3))
    except ImportError:
        pass
    return out


# ---------------------------------------------------------------- queries


def _timed(fn, *args):
    t = time.perf_counter()
    r = fn(*args)
    return time.perf_counter() - t, r


def probe_queries(a: dict) -> dict:
    from jianghua.store import Store

    t0 = time.perf_counter()
    store = Store.open(a["corpus"], a.get("themes"), a["store"])
    open_s = time.perf_counter() - t0
    out: dict = {"open_s": open_s}
    speeches = store.speeches()
    themes = sorted(store.themes(), key=lambda t: (-t.speeches, -t.passages, t.id))
    big = [t.id for t in themes[:2] if t.speeches]
    out["themes"] = big
    if big:
        dt, rows = _timed(store.filter, [big[0]])
        out["filter_one_s"], out["filter_one_rows"] = dt, len(rows)
        if len(big) > 1:
            dt, rows = _timed(store.filter, big, "all")
            out["filter_all2_s"], out["filter_all2_rows"] = dt, len(rows)
            dt, rows = _timed(store.filter, big, "any")
            out["filter_any2_s"], out["filter_any2_rows"] = dt, len(rows)
    finds = []
    for q in a["find"]:
        dt, rows = _timed(store.find, q)
        finds.append({"q": q, "s": dt, "rows": len(rows)})
    out["find"] = finds
    longest = max(speeches, key=lambda s: s.chars)
    dt, sp = _timed(store.speech, longest.id)
    out["speech_s"], out["speech_chars"], out["speech_paragraphs"] = dt, longest.chars, len(sp.paragraphs)
    dt, _ = _timed(store.speech, longest.id)
    out["speech_warm_s"] = dt
    if big:
        dt, ps = _timed(store.passages, [big[0]])
        out["passages_s"], out["passages_rows"] = dt, len(ps)
        dt, ps = _timed(store.passages, [big[0]])
        out["passages_warm_s"] = dt
        if ps:
            dt, _ = _timed(store.passage_text, ps[-1])
            out["passage_text_s"] = dt
    out["rss_mb"] = _rss_mb()
    out.update(_segmenters())
    return out


# ---------------------------------------------------------------- search


def probe_search(a: dict) -> dict:
    """Search as the concordance and the reader run it: the first screen of hits
    (FIRST_SCREEN rows, as the UI's worker makes them), the full count, a rare
    query, `grep -rc` over the corpus folder in the same run, the reader's find per
    keystroke on the longest speech, and what the search adds to peak RSS."""
    import subprocess

    from jianghua.corpus.query import parse
    from jianghua.store import Store
    from jianghua.store.search import CorpusSearch, Outcome, warm_index
    from jianghua.tui.document import Document
    from jianghua.tui.find import find_all
    from jianghua.tui.kwic import make_row
    from jianghua.tui.screens.concordance import FIRST_SCREEN

    def resident_mb() -> float:  # now, not the peak: what the search keeps
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

    store = Store.open(a["corpus"], a.get("themes"), a["store"])
    speeches = store.speeches()
    rss0 = resident_mb()
    out: dict = {}
    cs = CorpusSearch(store)

    def first_screen(q: str) -> tuple[float, int]:
        t = time.perf_counter()
        query = parse(q)
        rows = 0
        for sh in cs.run(query):
            s = store.summary(sh.speech_id)
            for h in sh.hits:
                make_row(h, rows, s.title, s.year, sh.paragraphs[h.paragraph])
                rows += 1
            if rows >= FIRST_SCREEN:
                break
        return time.perf_counter() - t, rows

    t = time.perf_counter()
    warm_index(store)  # (as the concordance does while the query is typed: load the index, check its texts)
    out["index_load_s"] = time.perf_counter() - t
    common, rare = a.get("common", "发展"), a.get("rare", "以案促改")
    out["first_s"], out["first_rows"] = first_screen(common)
    out["first_warm_s"], _ = first_screen(a.get("common2", "质量"))  # a second query: no first-use costs
    t, c = time.perf_counter(), time.process_time()
    n, o = cs.count(parse(common))  # N hits in M speeches, per speech (what the count line and the chart need)
    out["count_s"], out["count_hits"], out["count_speeches"], out["count_read"] = time.perf_counter() - t, n, len(o.per_speech), o.read
    out["count_cpu_s"] = time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    n2, _o = cs.count(parse(common))
    out["count_again_s"], out["count_again_cpu_s"] = time.perf_counter() - t, time.process_time() - c
    assert n2 == n
    t, c = time.perf_counter(), time.process_time()
    n3, _o = cs.count(parse(a.get("scanned", "高质量")))  # a common query no pair count answers: every candidate's text scanned
    out["count_scan_s"], out["count_scan_cpu_s"], out["count_scan_hits"] = time.perf_counter() - t, time.process_time() - c, n3
    t = time.perf_counter()
    o = Outcome()
    n = sum(len(sh.hits) for sh in cs.run(parse(common), outcome=o))  # every Hit made (the concordance's rows)
    out["run_all_s"], out["run_all_hits"] = time.perf_counter() - t, n
    t = time.perf_counter()
    o = Outcome()
    n = sum(len(sh.hits) for sh in cs.run(parse(rare), outcome=o))  # every hit made, as the concordance lists them
    out["rare_s"], out["rare_hits"], out["rare_read"] = time.perf_counter() - t, n, o.read
    t = time.perf_counter()
    n, o = cs.count(parse(rare))
    out["rare_count_s"] = time.perf_counter() - t
    phrase = a.get("phrase", "全面从严治党")
    t = time.perf_counter()
    n, o = cs.count(parse(phrase))
    out["phrase_s"], out["phrase_hits"], out["phrase_read"] = time.perf_counter() - t, n, o.read
    for name, q in (("multi", "发展 质量"), ("exclude", "发展 -质量"), ("regex", "re:发展.{0,4}质量"), ("one_char", "党")):
        t = time.perf_counter()
        n, o = cs.count(parse(q))
        out[f"{name}_s"], out[f"{name}_hits"] = time.perf_counter() - t, n
    import resource

    t, c = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["grep", "-rc", common, a["corpus"]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out["grep_s"] = time.perf_counter() - t
    c2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out["grep_cpu_s"] = (c2.ru_utime + c2.ru_stime) - (c.ru_utime + c.ru_stime)
    longest = max(speeches, key=lambda s: s.chars)
    doc = Document.from_speech(store.speech(longest.id))
    worst = 0.0
    typed = a.get("typed", "高质量发展")
    for k in range(1, len(typed) + 1):
        t = time.perf_counter()
        find_all(doc, parse(typed[:k]))
        worst = max(worst, time.perf_counter() - t)
    out["find_key_s"], out["find_chars"] = worst, longest.chars
    out["rss_added_mb"] = resident_mb() - rss0
    out["peak_rss_mb"] = _rss_mb()
    out["store_bytes"] = store.disk_size()
    d = store.store_dir / "search" if store.store_dir else None
    out["index_bytes"] = sum(p.stat().st_size for p in d.iterdir()) if d and d.exists() else 0
    return out


# ---------------------------------------------------------------- startup (Textual)


class _Paint:
    """Watches every frame Textual composes: the first one that shows a marker
    text, and the time of every frame after it (for keystroke latencies)."""

    def __init__(self, markers: set[str], width: int):
        self.markers = markers
        self.width = width
        self.frames = 0
        self.t_first_frame: float | None = None
        self.t_ready: float | None = None
        self.cpu_ready: float | None = None  # CPU seconds of this process at t_ready (steadier on a loaded machine)
        self.found: str | None = None
        self.frame_times: list[float] = []
        self.on_frame = None  # called with the time of each frame, as it is painted

    def install(self) -> None:
        from textual.app import App

        orig = App._display
        watcher = self

        def _display(app, screen, renderable):
            orig(app, screen, renderable)
            if renderable is None:
                return
            try:
                renderable.render_segments(app.console)  # what a terminal run would write
            except Exception:
                pass
            now = time.time()
            watcher.frames += 1
            watcher.frame_times.append(now)
            if watcher.on_frame is not None:
                watcher.on_frame(now)
            if watcher.t_first_frame is None:
                watcher.t_first_frame = now
            if watcher.t_ready is None:
                hit = watcher.match(frame_text(renderable))
                if hit:
                    watcher.found = hit
                    watcher.t_ready = time.time()
                    watcher.cpu_ready = time.process_time()

        App._display = _display  # type: ignore[method-assign]

    def match(self, text: str) -> str | None:
        w = self.width
        for line in text.split("\n"):
            line = line.replace(" ", "")
            for i in range(0, max(0, len(line) - w) + 1):
                if line[i: i + w] in self.markers:
                    return line[i: i + w]
        return None


def frame_text(renderable) -> str:
    from textual._compositor import ChopsUpdate, LayoutUpdate

    if isinstance(renderable, LayoutUpdate):
        return "\n".join("".join(s.text for s in line) for line in renderable.strips)
    if isinstance(renderable, ChopsUpdate):
        return "\n".join("".join(s.text for s in chop.values() if s is not None) for chop in renderable.chops)
    return ""


MARKER_WIDTH = 8


def markers(titles: list[str], width: int = MARKER_WIDTH) -> list[str]:
    """What shows that the list is painted: the opening characters of any title."""
    return sorted({t.replace(" ", "")[:width] for t in titles if len(t.replace(" ", "")) >= width})


def _bare_app(titles: list[str]):
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            t = self.query_one(DataTable)
            t.add_columns("标题", "年份", "字数")
            t.add_rows((title, "2023", str(5000 + k)) for k, title in enumerate(titles))

    return Bare()


async def _wait(cond, timeout: float, pilot) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        await pilot.pause(0.005)
    return cond()


def probe_startup(a: dict) -> dict:
    import asyncio

    size = tuple(a.get("size", (120, 36)))
    out: dict = {"kind": a["kind"]}
    t_import0 = time.time()
    import textual  # noqa: F401

    paint = _Paint(set(a["markers"]), MARKER_WIDTH)
    paint.install()
    if a["kind"] == "bare":
        app = _bare_app(a["titles"])  # 5 rows; all N for the DataTable reference figure
        t_app = t_store = time.time()
    else:
        import importlib

        from jianghua.store import Store

        module, _, attr = a.get("app", "jianghua.tui.app:JianghuaApp").partition(":")
        JianghuaApp = getattr(importlib.import_module(module), attr)
        t_app = time.time()
        store = Store.open(a["corpus"], a.get("themes"), a["store"])
        t_store = time.time()
        app = JianghuaApp(store, state_path=a["state"])

    async def run() -> None:
        async with app.run_test(headless=True, size=size) as pilot:
            ok = await _wait(lambda: paint.t_ready is not None, a.get("timeout", 60), pilot)
            out["painted"] = ok
            if a["kind"] == "app" and ok and a.get("keys", True):
                try:
                    await _app_keys(app, pilot, paint, a, out)
                except Exception as e:  # the browser is young: report, do not crash
                    out["keys_error"] = f"{type(e).__name__}: {e}"[:300]
            await pilot.pause()

    asyncio.run(run())
    out.update(
        startup_s=T_MAIN - T0,
        imports_s=t_app - T0,
        textual_import_s=t_app - t_import0,
        store_open_s=t_store - t_app,
        first_frame_s=(paint.t_first_frame - T0) if paint.t_first_frame else None,
        ready_s=(paint.t_ready - T0) if paint.t_ready else None,
        cpu_ready_s=paint.cpu_ready,
        frames=paint.frames,
        marker=paint.found,
        rss_mb=_rss_mb(),
    )
    out.update(_segmenters())
    return out


async def _settle(pilot, paint: _Paint, t0: float, n0: int, quiet: float = 0.08, limit: float = 5.0) -> float | None:
    """Seconds from t0 to the last frame painted before the screen went quiet."""
    import asyncio

    last, since = len(paint.frame_times), time.time()
    while time.time() - t0 < limit:
        await asyncio.sleep(0.005)
        if len(paint.frame_times) != last:
            last, since = len(paint.frame_times), time.time()
        elif time.time() - since >= quiet:
            break
    return (paint.frame_times[-1] - t0) if len(paint.frame_times) > n0 else None


def send_key(app, key: str) -> None:
    """Hand a key to the app as its terminal driver does (what `Pilot.press` does,
    without the ~60 ms of idle-waiting that `press` adds after every key)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def _keystroke(pilot, paint: _Paint, key: str) -> float | None:
    """Latency of a key press: the key reaches the app → the last frame of its answer."""
    n0 = len(paint.frame_times)
    t0 = time.time()
    send_key(pilot.app, key)
    return await _settle(pilot, paint, t0, n0)


def _binding(app, *words: str) -> str | None:
    """The key of an active binding whose action or description mentions one of the words."""
    for key, ab in app.screen.active_bindings.items():
        text = f"{ab.binding.action} {ab.binding.description}".lower()
        if any(w in text for w in words):
            return key
    return None


async def _app_keys(app, pilot, paint: _Paint, a: dict, out: dict) -> None:
    """Keystrokes in the browser, found through its bindings (so the benchmark does
    not hard-code the key map): title narrowing, theme filter, open the reader."""
    ms = 1000.0
    notes = []
    await _settle(pilot, paint, time.time(), len(paint.frame_times), quiet=0.2)
    key = _binding(app, "search", "find", "narrow", "filter_title")
    if key:
        await _keystroke(pilot, paint, key)
        for ch in a.get("find", ("组", "织", "生")):
            t = await _keystroke(pilot, paint, ch)
            out.setdefault("find_ms_each", []).append(t * ms if t is not None else None)
        each = [t for t in out.get("find_ms_each", []) if t is not None]
        if each:
            out["find_max_ms"] = max(each)
        await _keystroke(pilot, paint, "escape")
    else:
        notes.append("no narrowing binding found")
    key = _binding(app, "theme")
    if key:
        t = await _keystroke(pilot, paint, key)
        out["theme_key_ms"] = t * ms if t is not None else None
        notes.append(f"theme key {key!r}: opens the theme chooser; filter not measured yet")
        await _keystroke(pilot, paint, "escape")
    else:
        notes.append("no theme binding found")
    from .concordance_bench import concordance_keys  # the concordance, typed into (its own module)

    await concordance_keys(app, pilot, send_key, a, out)
    t = await _keystroke(pilot, paint, "enter")
    if t is not None:
        out["open_ms"] = t * ms
    out["keys_notes"] = notes


def run_bare(a: dict) -> None:
    """The bare app in a real terminal (for `--terminal`): runs until killed."""
    _bare_app(a["titles"]).run()


# ---------------------------------------------------------------- main


PROBES = {"update": probe_update, "jieba": probe_jieba, "queries": probe_queries, "search": probe_search, "startup": probe_startup}


def _probe(kind: str):
    if kind in ("formulations", "formulations-app"):  # (tests/bench/formulations.py imports this module)
        from . import formulations

        return formulations.probe_formulations if kind == "formulations" else formulations.probe_formulations_app
    return PROBES[kind]


def main(argv: list[str]) -> int:
    """argv: KIND [JSON | -]; "-" (the default) reads the JSON arguments from stdin."""
    kind = argv[0]
    raw = argv[1] if len(argv) > 1 and argv[1] != "-" else sys.stdin.read()
    args = json.loads(raw)
    if kind == "bare-run":
        run_bare(args)
        return 0
    if args.get("profile"):  # a cProfile dump of the whole probe, for `--profile`
        import cProfile

        prof = cProfile.Profile()
        result = prof.runcall(_probe(kind), args)
        prof.dump_stats(args["profile"])
    else:
        result = _probe(kind)(args)
    _emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
