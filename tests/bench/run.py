"""The benchmark run: every figure, for every size, repeated; table and JSON.

Each figure is measured `repeat` times, each time in a fresh process (`probes`),
and reported as its median and spread (min–max). Measurements of one size are
interleaved (build, jieba, build, jieba …; bare app, browser, bare app …) so that
load from other processes on the machine hits both sides of a ratio alike.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import formulations, generator
from .probes import markers

ROOT = generator.ROOT
FIND_QUERIES = ("组", "组织", "组织生")  # a title narrowed one keystroke at a time
WARM_SIZE = (120, 36)


class ProbeError(RuntimeError):
    pass


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- probes


@dataclass
class Env:
    workdir: Path
    segmenter: str | None = None
    profile_dir: Path | None = None
    timeout: float = 1800.0
    terminal: bool = False  # also time the warm start in a real terminal (tmux)
    app: str = "jianghua.tui.app:JianghuaApp"  # the browser: module:class, constructed as cls(store, state_path=…)
    stores: Path | None = None  # where the stores are built (default: <workdir>/stores)
    only: str | None = None  # "formulations": only those figures (on a store built if need be, untimed)

    def workdir_state(self) -> Path:
        return (self.stores or self.workdir) / "state"

    def environ(self) -> dict:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        # Never read or write the user's store, state or settings.
        env["JIANGHUA_CACHE_DIR"] = str((self.stores or self.workdir) / "cache")
        env["JIANGHUA_STATE_DIR"] = str(self.workdir_state())
        env.pop("JIANGHUA_WORKERS", None)
        # Bytecode as an installed jianghua has it (pip compiles it at install, like
        # Textual's in site-packages): without this, an environment that sets
        # PYTHONDONTWRITEBYTECODE made every probe compile jianghua's sources again
        # (~50 ms of CPU at each start) while Textual came precompiled. Kept out of
        # the source tree; an unmeasured start fills it before anything is timed.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "pycache")
        if self.segmenter:
            env["JIANGHUA_SEGMENTER"] = self.segmenter
        env.setdefault("TERM", "xterm-256color")
        env["COLUMNS"], env["LINES"] = str(WARM_SIZE[0]), str(WARM_SIZE[1])
        return env


def spawn(env: Env, kind: str, args: dict, profile: str | None = None, cache: Path | None = None) -> dict:
    """Run one probe in a fresh interpreter; its result dict. cache: another cache
    folder than the bench's (an empty one: a user's first build)."""
    if profile and env.profile_dir:
        env.profile_dir.mkdir(parents=True, exist_ok=True)
        args = dict(args, profile=str(env.profile_dir / f"{profile}.prof"))
    e = env.environ()
    if cache is not None:
        e["JIANGHUA_CACHE_DIR"] = str(cache)
    payload = json.dumps(args, ensure_ascii=False)
    e["BENCH_T0"] = repr(time.time())
    try:
        p = subprocess.run(
            [sys.executable, "-m", "tests.bench.probes", kind, "-"],
            input=payload, capture_output=True, text=True, cwd=ROOT, env=e, timeout=env.timeout,
        )
    except subprocess.TimeoutExpired:
        raise ProbeError(f"{kind}: no answer in {env.timeout:.0f} s") from None
    for line in reversed(p.stdout.splitlines()):
        if line.startswith("BENCH-RESULT "):
            return json.loads(line[len("BENCH-RESULT "):])
    tail = "\n".join((p.stderr or p.stdout).strip().splitlines()[-12:])
    raise ProbeError(f"{kind} exited with {p.returncode}:\n{tail}")


def app_available(app: str = "jianghua.tui.app:JianghuaApp") -> bool:
    import importlib.util

    module = app.partition(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


# ---------------------------------------------------------------- figures


@dataclass
class Figure:
    key: str
    label: str
    unit: str  # "s", "ms", "x", "MB", "cps", "", "bool"
    values: list = field(default_factory=list)
    note: str = ""

    def add(self, v) -> None:
        if v is not None:
            self.values.append(v)

    @property
    def median(self):
        if not self.values:
            return None
        if self.unit == "bool":
            return any(self.values)
        return statistics.median(self.values)

    def as_json(self) -> dict:
        d = {"label": self.label, "unit": self.unit, "median": self.median, "values": self.values}
        if self.values and self.unit != "bool":
            d.update(min=min(self.values), max=max(self.values))
        if self.note:
            d["note"] = self.note
        return d


@dataclass(frozen=True)
class Target:
    key: str
    limit: float
    scope: str  # "all" sizes, "bundled" (5) or "10k" (≥ 10 000)
    what: str

    def applies(self, n: int) -> bool:
        return self.scope == "all" or (self.scope == "bundled" and n == 5) or (self.scope == "10k" and n >= 10_000)

    def text(self, unit: str) -> str:
        where = {"all": "", "bundled": " @5", "10k": " @10k"}[self.scope]
        v = self.limit
        num = f"{v:g}"
        return f"≤{num}{'×' if unit == 'x' else ' ' + unit}{where}"


TARGETS = (
    Target("warm_ratio", 1.5, "bundled", "warm start ≤ 1.5× the bare Textual app at the bundled size"),
    Target("warm_ratio", 2.5, "10k", "warm start ≤ 2.5× the bare Textual app at 10 000 speeches"),
    Target("tmux_ratio", 1.5, "bundled", "warm start in tmux ≤ 1.5× the bare Textual app at the bundled size"),
    Target("tmux_ratio", 2.5, "10k", "warm start in tmux ≤ 2.5× the bare Textual app at 10 000 speeches"),
    Target("filter_one_ms", 50, "all", "theme filter ≤ 50 ms per keystroke"),
    Target("filter_all2_ms", 50, "all", "theme filter (all of two) ≤ 50 ms per keystroke"),
    Target("find_max_ms", 50, "all", "title narrowing ≤ 50 ms per keystroke"),
    Target("speech_ms", 100, "all", "reader open ≤ 100 ms"),
    Target("app_filter_ms", 50, "all", "theme filter in the browser ≤ 50 ms per keystroke"),
    Target("app_find_max_ms", 50, "all", "title narrowing in the browser ≤ 50 ms per keystroke"),
    Target("app_open_ms", 100, "all", "reader open in the browser ≤ 100 ms"),
    Target("cold_s", 60, "10k", "cold build of 10 000 speeches ≤ 60 s"),
    Target("changed_s", 1.0, "all", "one changed file ≤ 1 s"),
    Target("nothing_s", 0.3, "all", "nothing changed ≤ 0.3 s"),
    Target("rss_mb", 400, "all", "peak RSS ≤ 400 MB"),
    Target("cold_peak_mb", 400, "all", "cold build's peak RSS, worker processes included, ≤ 400 MB"),
    Target("first_peak_mb", 400, "all", "a first build's peak RSS (empty cache folder), worker processes included, ≤ 400 MB"),
    Target("rebuild_peak_mb", 400, "all", "full rebuild's peak RSS, worker processes included, ≤ 400 MB"),
    Target("store_ratio", 2.0, "all", "store ≤ 2× the corpus's UTF-8 size"),
    Target("search_first_ms", 50, "10k", "search: first screen of a 2-character query ≤ 50 ms"),
    Target("search_count_ms", 150, "10k", "search: full count of a 2-character query ≤ 150 ms"),
    Target("search_rare_ms", 20, "10k", "search: a rare 4-character query ≤ 20 ms"),
    Target("search_vs_grep", 1.0, "all", "search: full count faster than grep -rc over the folder"),
    Target("find_key_ms", 16, "all", "reader find ≤ 16 ms per keystroke on the longest speech"),
    Target("search_rss_mb", 100, "all", "search adds ≤ 100 MB to peak RSS"),
    Target("form_view_ms", 100, "10k", "formulations view opens ≤ 100 ms at 10 000 speeches"),
    Target("form_trend_ms", 50, "10k", "trend chart ≤ 50 ms at 10 000 speeches"),
    Target("form_filter_ms", 100, "10k", "formulations view under a theme filter ≤ 100 ms at 10 000 speeches"),
    Target("form_pane_next_app_ms", 100, "all", "the reader's formulations pane ≤ 100 ms (once the corpus is counted)"),
)


def _num(v, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "bool":
        return "yes" if v else "no"
    if unit == "cps":
        return f"{v / 1000:,.0f}k/s"
    if unit == "x":
        return f"{v:.2f}×"
    if unit == "MB":
        return f"{v:.0f} MB" if v >= 10 else f"{v:.1f} MB"
    if unit == "ms":
        return f"{v:.2f} ms" if v < 1 else f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
    if unit == "s":
        return f"{v:.3f} s" if v < 1 else f"{v:.2f} s" if v < 100 else f"{v:.0f} s"
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def _spread(f: Figure) -> str:
    if len(f.values) < 2 or f.unit == "bool":
        return ""
    lo, hi = min(f.values), max(f.values)
    a, b = _num(lo, f.unit), _num(hi, f.unit)
    unit_suffix = a.rsplit(" ", 1)[-1] if " " in a and f.unit in ("s", "ms", "MB") else ""
    if unit_suffix and b.endswith(" " + unit_suffix):
        a = a[: -len(unit_suffix) - 1]
    return f"{a}–{b}"


# ---------------------------------------------------------------- one size


@dataclass
class SizeResult:
    n: int
    corpus: dict
    figures: dict[str, Figure]
    targets: list[dict]
    errors: list[str]
    load: tuple[float, float]
    seconds: float


def _fig(figs: dict[str, Figure], key: str, label: str, unit: str) -> Figure:
    if key not in figs:
        figs[key] = Figure(key, label, unit)
    return figs[key]


def _change(path: Path, k: int) -> tuple[bytes, int]:
    """Append a new paragraph to a speech (in its own encoding); the old bytes and mtime."""
    old = path.read_bytes()
    st = path.stat()
    text, enc = None, "utf-8"
    for enc in ("utf-8-sig", "gbk"):
        try:
            text = old.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    nl = "\r\n" if "\r\n" in text else "\n"
    stamp = time.time_ns() % 10**9
    extra = f"{nl}同志们，这是第{k + 1}次补充的一段话（编号{stamp}）：各项工作要抓实抓细抓落地，确保取得实效。{nl}"
    path.write_bytes((text + extra).encode(enc))
    return old, st.st_mtime_ns


def _restore(path: Path, old: bytes, mtime_ns: int) -> None:
    path.write_bytes(old)
    os.utime(path, ns=(mtime_ns, mtime_ns))


@dataclass
class _SizeRun:
    """What the phases of one size's run share (run_size makes it)."""

    env: Env
    n: int
    repeat: int
    with_app: bool
    corpus: generator.Corpus
    store_dir: Path
    base: dict
    sample: list[str]
    figs: dict[str, Figure]
    errors: list[str]
    attempt: Callable[..., dict | None]


def run_size(env: Env, n: int, repeat: int, seed: int, with_app: bool) -> SizeResult:
    t_start = time.time()
    load0 = os.getloadavg()[0]
    errors: list[str] = []
    figs: dict[str, Figure] = {}
    corpus = generator.bundled_corpus(env.workdir) if n == 5 else generator.ensure_corpus(env.workdir, n, seed, log=log)
    info = {"path": str(corpus.path), "files": len(corpus.files), "chars": corpus.chars, "utf8_bytes": corpus.utf8_bytes,
            "file_bytes": sum(f["bytes"] for f in corpus.files), "gbk_files": corpus.gbk_files,
            "generated_now": corpus.generated, "seed": corpus.seed if n != 5 else None,
            "generator": generator.GEN_VERSION}
    store_dir = (env.stores or env.workdir / "stores") / corpus.path.name
    base = {"corpus": str(corpus.path), "store": str(store_dir)}
    sample = [str(corpus.path / f["name"]) for f in corpus.files]

    def attempt(what: str, kind: str, args: dict, profile: str | None = None, cache: Path | None = None) -> dict | None:
        try:
            return spawn(env, kind, args, profile, cache)
        except ProbeError as e:
            log(f"n={n} {what}: ERROR {e}")
            errors.append(f"{what}: {e}")
            return None

    def formulation_figures() -> None:
        log(f"n={n} formulations ×{repeat}")
        formulations.figures(attempt, base, str(env.workdir_state() / f"state-form-{n}.json"), repeat,
                             lambda key, label, unit: _fig(figs, key, label, unit))

    if env.only == "formulations":
        log(f"n={n} store up to date (untimed)")
        attempt("build", "update", base)
        formulation_figures()
        return SizeResult(n, info, figs, _targets(figs, n), errors, (load0, os.getloadavg()[0]), time.time() - t_start)

    run = _SizeRun(env, n, repeat, with_app, corpus, store_dir, base, sample, figs, errors, attempt)
    _cold_builds(run)
    if "cold_s" not in figs:
        return SizeResult(n, info, figs, [], errors, (load0, os.getloadavg()[0]), time.time() - t_start)

    _rebuild(run)
    # 2. incremental: nothing changed, one file changed (fresh processes)
    victim = corpus.file(len(corpus.files) // 2)
    _incremental(run, victim)
    _store_queries(run)
    _searches(run)
    # 4c. the set formulations: the view, the trend chart, the reader's pane
    if with_app:
        formulation_figures()

    titles, notes_app, app_args = _warm_starts(run)
    _tmux_starts(run, titles)

    if "rss_mb" not in figs and "store_rss_mb" in figs:
        f = figs["store_rss_mb"]
        figs["rss_mb"] = Figure("rss_mb", "peak RSS (store + queries: the browser is not measured)", "MB", list(f.values))

    _profiles(run, victim, app_args)

    if notes_app and "warm_app_s" in figs:
        figs["warm_app_s"].note = "; ".join(notes_app)
    if "warm_bare_all_s" in figs:
        figs["warm_bare_all_s"].note = "what a plain DataTable of the whole list costs"
    if "warm_bare_s" in figs and not with_app:
        figs["warm_bare_s"].note = f"{env.app} not found (or --no-app): the browser is not measured"

    return SizeResult(n, info, figs, _targets(figs, n), errors, (load0, os.getloadavg()[0]), time.time() - t_start)


def _cold_builds(run: _SizeRun) -> None:
    """Cold builds, and jieba on the same text, interleaved."""
    n, repeat, corpus, base, store_dir, sample, figs, errors, attempt = (run.n, run.repeat, run.corpus, run.base, run.store_dir, run.sample, run.figs, run.errors, run.attempt)
    _first_build(run)
    # 1. cold build, and jieba.lcut on the same text in the same run
    for r in range(repeat):
        log(f"n={n} cold build {r + 1}/{repeat}")
        shutil.rmtree(store_dir, ignore_errors=True)
        res = attempt("cold build", "update", base)
        if res:
            _fig(figs, "cold_s", "cold build: open+update (in process)", "s").add(res["open_update_s"])
            _fig(figs, "cold_wall_s", "  process start to built", "s").add(res["wall_s"])
            _fig(figs, "cold_cps", "  throughput (corpus chars / open+update)", "cps").add(corpus.chars / res["open_update_s"])
            figs["cold_cps"].note = f"segmenter {res['segmenter']}, {os.cpu_count()} cores"
            _fig(figs, "store_bytes", "store on disk", "MB").add(res["disk_bytes"] / 1e6)
            _fig(figs, "store_ratio", "store / corpus UTF-8 size", "x").add(res["disk_bytes"] / corpus.utf8_bytes)
            _fig(figs, "cold_rss_mb", "  peak RSS of the building process", "MB").add(res["rss_mb"])
            _fig(figs, "cold_peak_mb", "  peak RSS with its worker processes (sum)", "MB").add(res["tree_rss_mb"])
            _fig(figs, "cold_worker_mb", "  peak RSS of one worker process", "MB").add(res["worker_rss_mb"])
            if res["speeches"] != len(corpus.files) or res["skipped"]:
                errors.append(f"cold build: {res['speeches']} speeches, {res['skipped']} skipped of {len(corpus.files)} files")
        log(f"n={n} jieba.lcut throughput {r + 1}/{repeat}")
        jr = attempt("jieba", "jieba", {"files": sample})
        if jr:
            _fig(figs, "jieba_cps", "jieba.lcut, one process, after init", "cps").add(jr["jieba_cps"])
            figs["jieba_cps"].note = f"sample {jr['utf8_bytes'] / 1e6:.1f} MB"
            if "rjieba_cps" in jr:
                _fig(figs, "rjieba_cps", "rjieba.cut, one process", "cps").add(jr["rjieba_cps"])
            if res:
                _fig(figs, "cold_vs_jieba", "  cold build throughput / jieba.lcut", "x").add(corpus.chars / res["open_update_s"] / jr["jieba_cps"])


def _first_build(run: _SizeRun) -> None:
    """A user's first build: a cold build with an empty cache folder (no indexed copies
    of jieba's tables, no dictionary table, no compiled patterns), once."""
    n, store_dir = run.n, run.store_dir
    cache = store_dir.parent / f"first-cache-{os.getpid()}"
    log(f"n={n} first build (empty cache folder)")
    shutil.rmtree(store_dir, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    try:
        res = run.attempt("first build", "update", run.base, cache=cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(store_dir, ignore_errors=True)
    if res:
        _fig(run.figs, "first_peak_mb", "first build (empty cache folder): peak RSS with its workers (sum)", "MB").add(res["tree_rss_mb"])
        _fig(run.figs, "first_worker_mb", "  peak RSS of one worker process", "MB").add(res["worker_rss_mb"])


def _rebuild(run: _SizeRun) -> None:
    """A full rebuild of the store just built, as after an upgrade that changes every
    content key (tests/bench/bump.py), on a copy of it (the store the other figures use
    stays current): its time and peak memory, worker processes included."""
    store_dir, figs = run.store_dir, run.figs
    copy = store_dir.with_name(store_dir.name + "-rebuild")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store_dir, copy)
    try:
        log(f"n={run.n} rebuild after a version bump")
        res = run.attempt("rebuild", "update", {**run.base, "store": str(copy), "bump": True})
        if res:
            _fig(figs, "rebuild_s", "rebuild after a version bump: open+update", "s").add(res["open_update_s"])
            _fig(figs, "rebuild_rss_mb", "  peak RSS of the building process", "MB").add(res["rss_mb"])
            _fig(figs, "rebuild_peak_mb", "  peak RSS with its worker processes (sum)", "MB").add(res["tree_rss_mb"])
            _fig(figs, "rebuild_worker_mb", "  peak RSS of one worker process", "MB").add(res["worker_rss_mb"])
            if res["segmented"] != len(run.corpus.files):
                run.errors.append(f"rebuild: {res['segmented']} of {len(run.corpus.files)} files read again")
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def _incremental(run: _SizeRun, victim: Path) -> None:
    """Incremental builds: nothing changed, then `victim` changed (fresh processes)."""
    n, repeat, base, figs, errors, attempt = run.n, run.repeat, run.base, run.figs, run.errors, run.attempt
    for r in range(repeat):
        log(f"n={n} incremental {r + 1}/{repeat}")
        res = attempt("nothing changed", "update", base)
        if res:
            _fig(figs, "nothing_s", "nothing changed: open+update", "s").add(res["open_update_s"])
            _fig(figs, "nothing_wall_s", "  process start to up to date", "s").add(res["wall_s"])
            _fig(figs, "nothing_jieba", "  jieba/rjieba imported", "bool").add(res["jieba_imported"] or res["rjieba_imported"])
            if res["segmented"] or res["retagged"]:
                errors.append(f"nothing changed, yet {res['segmented']} segmented, {res['retagged']} re-tagged "
                              "(did the themes file or the cleaning rules change during the run?)")
        old, mtime = _change(victim, r)
        try:
            res = attempt("one file changed", "update", base)
        finally:
            _restore(victim, old, mtime)
        if res:
            _fig(figs, "changed_s", "one file changed: open+update", "s").add(res["open_update_s"])
            _fig(figs, "changed_wall_s", "  process start to up to date", "s").add(res["wall_s"])
            _fig(figs, "changed_jieba", "  jieba/rjieba imported", "bool").add(res["jieba_imported"] or res["rjieba_imported"])
            if res["segmented"] != 1:
                errors.append(f"one file changed, yet {res['segmented']} segmented")
        attempt("resync after restore", "update", base)


def _store_queries(run: _SizeRun) -> None:
    """The store's answers to keystrokes, without the UI."""
    n, repeat, base, figs, attempt = run.n, run.repeat, run.base, run.figs, run.attempt
    # 4. keystrokes in the store, and peak RSS of a process that runs them
    for r in range(repeat):
        log(f"n={n} store queries {r + 1}/{repeat}")
        res = attempt("queries", "queries", dict(base, find=list(FIND_QUERIES)))
        if not res:
            continue
        ms = 1000.0
        _fig(figs, "open_ms", "Store.open (catalogue → list)", "ms").add(res["open_s"] * ms)
        if "filter_one_s" in res:
            _fig(figs, "filter_one_ms", f"filter: biggest theme ({res['themes'][0]})", "ms").add(res["filter_one_s"] * ms)
            figs["filter_one_ms"].note = f"{res['filter_one_rows']} rows"
        if "filter_all2_s" in res:
            _fig(figs, "filter_all2_ms", f"filter: all of {'+'.join(res['themes'])}", "ms").add(res["filter_all2_s"] * ms)
            figs["filter_all2_ms"].note = f"{res['filter_all2_rows']} rows"
        for k, f in enumerate(res["find"]):
            _fig(figs, f"find{k + 1}_ms", f"narrow titles: {f['q']!r}", "ms").add(f["s"] * ms)
            figs[f"find{k + 1}_ms"].note = f"{f['rows']} rows"
        _fig(figs, "find_max_ms", "narrow titles: slowest keystroke", "ms").add(max(f["s"] for f in res["find"]) * ms)
        _fig(figs, "speech_ms", "reader: longest speech, cold", "ms").add(res["speech_s"] * ms)
        figs["speech_ms"].note = f"{res['speech_chars']} chars, {res['speech_paragraphs']} paragraphs"
        _fig(figs, "speech_warm_ms", "  again (body cached)", "ms").add(res["speech_warm_s"] * ms)
        if "passages_s" in res:
            _fig(figs, "passages_ms", "passages view: biggest theme, first use", "ms").add(res["passages_s"] * ms)
            figs["passages_ms"].note = f"{res['passages_rows']} passages"
            _fig(figs, "passages_warm_ms", "  again (index loaded)", "ms").add(res["passages_warm_s"] * ms)
        _fig(figs, "store_rss_mb", "peak RSS: store + queries, no UI", "MB").add(res["rss_mb"])


def _searches(run: _SizeRun) -> None:
    """Text search in the store."""
    n, repeat, base, figs, attempt = run.n, run.repeat, run.base, run.figs, run.attempt
    # 4b. text search (the concordance's worker, the CLI, the reader's find)
    for r in range(repeat):
        log(f"n={n} search {r + 1}/{repeat}")
        res = attempt("search", "search", dict(base))
        if not res:
            continue
        ms = 1000.0
        _fig(figs, "search_first_ms", "search 发展: first screen of hits (first search after start)", "ms").add(res["first_s"] * ms)
        _fig(figs, "search_first2_ms", "search 质量: first screen (a second query)", "ms").add(res["first_warm_s"] * ms)
        _fig(figs, "search_count_ms", "search 发展: every hit counted", "ms").add(res["count_s"] * ms)
        figs["search_count_ms"].note = f"{res['count_hits']} hits in {res['count_speeches']} speeches, {res['count_read']} bodies read"
        _fig(figs, "search_rare_ms", "search 以案促改 (rare)", "ms").add(res["rare_s"] * ms)
        figs["search_rare_ms"].note = f"{res['rare_hits']} hits, {res['rare_read']} bodies read"
        _fig(figs, "search_phrase_ms", "search 全面从严治党 (common pairs)", "ms").add(res["phrase_s"] * ms)
        figs["search_phrase_ms"].note = f"{res['phrase_hits']} hits, {res['phrase_read']} bodies read"
        _fig(figs, "search_grep_ms", "  grep -rc 发展 over the corpus folder", "ms").add(res["grep_s"] * ms)
        _fig(figs, "search_vs_grep", "  full count / grep -rc", "x").add(res["count_s"] / res["grep_s"] if res["grep_s"] else None)
        if "count_scan_s" in res:  # (a common 3-character query: scanned, no pair count answers it)
            _fig(figs, "search_scan_ms", "search 高质量: every hit counted (text scanned)", "ms").add(res["count_scan_s"] * ms)
            _fig(figs, "search_scan_vs_grep", "  scanned count / grep -rc 发展", "x").add(res["count_scan_s"] / res["grep_s"] if res["grep_s"] else None)
        _fig(figs, "find_key_ms", "reader find: slowest keystroke, longest speech", "ms").add(res["find_key_s"] * ms)
        figs["find_key_ms"].note = f"{res['find_chars']} chars"
        _fig(figs, "search_rss_mb", "  resident memory added by searching", "MB").add(res["rss_added_mb"])
        _fig(figs, "search_index_mb", "search index on disk", "MB").add(res["index_bytes"] / 1e6)


def _warm_starts(run: _SizeRun) -> tuple[list[str], list[str], dict | None]:
    """Warm starts, interleaved: (the titles, notes of the browser's probe, its probe's arguments)."""
    env, n, repeat, with_app, corpus, base, store_dir, figs, errors, attempt = (run.env, run.n, run.repeat, run.with_app, run.corpus, run.base, run.store_dir, run.figs, run.errors, run.attempt)
    app_args: dict | None = None
    # 3. warm start: the browser vs a bare Textual app, interleaved
    from jianghua.store import Store

    titles = [s.title for s in Store.open(corpus.path, None, store_dir).speeches()]
    notes_app: list[str] = []
    # One unmeasured start of each first: it writes the bytecode (see Env.environ).
    attempt("warm-up: bare app", "startup", {"kind": "bare", "titles": titles[:5], "markers": markers(titles[:5]), "size": list(WARM_SIZE)})
    if with_app:
        attempt("warm-up: browser", "startup", dict(base, kind="app", app=env.app, markers=markers(titles), size=list(WARM_SIZE),
                                                    state=str(env.workdir / "state" / f"state-{n}.json"), keys=False))
    for r in range(repeat):
        log(f"n={n} warm start {r + 1}/{repeat}")
        bare = attempt("bare app", "startup", {"kind": "bare", "titles": titles[:5], "markers": markers(titles[:5]),
                                                "size": list(WARM_SIZE)})
        if bare:
            if not bare.get("painted"):
                errors.append("bare app: its table never showed a title")
            else:
                _fig(figs, "warm_bare_s", "warm start: bare Textual app (Header+DataTable+Footer)", "s").add(bare["ready_s"])
        if n > 5:
            ref = attempt("bare app, all titles", "startup", {"kind": "bare", "titles": titles, "markers": markers(titles[:40]),
                                                               "size": list(WARM_SIZE)})
            if ref and ref.get("painted"):
                _fig(figs, "warm_bare_all_s", f"  reference: the same with all {n} titles in its DataTable", "s").add(ref["ready_s"])
        if not with_app:
            continue
        app_args = dict(base, kind="app", app=env.app, markers=markers(titles), size=list(WARM_SIZE),
                        state=str(env.workdir_state() / f"state-{n}.json"))
        app = attempt("browser", "startup", app_args)
        if app:
            if not app.get("painted"):
                errors.append("browser: no speech title painted within the timeout")
                continue
            _fig(figs, "warm_app_s", "warm start: jianghua, process start to painted list", "s").add(app["ready_s"])
            _fig(figs, "warm_app_store_ms", "  of which Store.open", "ms").add(app["store_open_s"] * 1000)
            if bare and bare.get("painted"):
                _fig(figs, "warm_ratio", "  ratio to the bare app", "x").add(app["ready_s"] / bare["ready_s"])
            _fig(figs, "rss_mb", "peak RSS: browser (list + a speech open)", "MB").add(app["rss_mb"])
            for key, fig, label in (("filter_ms", "app_filter_ms", "browser: theme filter keystroke"),
                                    ("find_max_ms", "app_find_max_ms", "browser: narrowing, slowest keystroke (组 织 生)"),
                                    ("open_ms", "app_open_ms", "browser: open the reader (enter)"),
                                    ("conc_typed_first_ms", "app_conc_typed_first_ms", "browser: concordance 发展 typed: last key → first hits painted (150 ms debounce included)"),
                                    ("conc_typed_count_ms", "app_conc_typed_count_ms", "browser: concordance 发展 typed: last key → full count painted"),
                                    ("conc_enter_first_ms", "app_conc_enter_first_ms", "browser: concordance 质量 + Enter: first hits painted"),
                                    ("conc_enter_count_ms", "app_conc_enter_count_ms", "browser: concordance 质量 + Enter: full count painted")):
                if app.get(key) is not None:
                    _fig(figs, fig, label, "ms").add(app[key])
            for tag in ("typed", "enter"):
                if app.get(f"conc_{tag}_count_ms") and app.get(f"conc_{tag}_store_ms"):
                    _fig(figs, f"app_conc_{tag}_ratio", f"  full count in the browser / the store's search alone ({tag})", "x").add(
                        app[f"conc_{tag}_count_ms"] / app[f"conc_{tag}_store_ms"])
            for note in app.get("keys_notes", []) + ([app["keys_error"]] if app.get("keys_error") else []):
                if note not in notes_app:
                    notes_app.append(note)
    return titles, notes_app, app_args


def _tmux_starts(run: _SizeRun, titles: list[str]) -> None:
    """With --terminal: warm starts in a real terminal (tmux)."""
    env, n, repeat, with_app, corpus, store_dir, figs, errors = (run.env, run.n, run.repeat, run.with_app, run.corpus, run.store_dir, run.figs, run.errors)
    if env.terminal:
        if shutil.which("tmux") is None:
            errors.append("--terminal: tmux is not installed")
        else:
            from .terminal import warm_starts

            log(f"n={n} warm start in tmux ×{repeat}")
            tmux_app = with_app and env.app == Env.app  # in tmux the browser is started as `python -m jianghua`
            tm = warm_starts(env.environ(), str(ROOT), str(corpus.path), str(store_dir), titles, markers(titles),
                             markers(titles[:5]), repeat, tmux_app, WARM_SIZE)
            for v in tm["bare"]:
                _fig(figs, "tmux_bare_s", "warm start in tmux: bare Textual app", "s").add(v)
            for v in tm["app"]:
                _fig(figs, "tmux_app_s", "warm start in tmux: `python -m jianghua`", "s").add(v)
            for a, b in zip(tm["app"], tm["bare"]):
                _fig(figs, "tmux_ratio", "  ratio to the bare app (tmux)", "x").add(a / b)
            if len(tm["bare"]) < repeat or (tmux_app and len(tm["app"]) < repeat):
                errors.append("--terminal: a program did not show a title in tmux within 60 s")


def _profiles(run: _SizeRun, victim: Path, app_args: dict | None) -> None:
    """With --profile: one more run of each probe under cProfile."""
    env, n, repeat, with_app, base, store_dir, attempt = (run.env, run.n, run.repeat, run.with_app, run.base, run.store_dir, run.attempt)
    if env.profile_dir:
        # One more run of each probe under cProfile, after (and apart from) the measured ones.
        log(f"n={n} profiles → {env.profile_dir}")
        attempt("profile: nothing changed", "update", base, profile=f"n{n}-nothing")
        old, mtime = _change(victim, repeat)
        try:
            attempt("profile: one file changed", "update", base, profile=f"n{n}-changed")
        finally:
            _restore(victim, old, mtime)
        attempt("resync after restore", "update", base)
        attempt("profile: queries", "queries", dict(base, find=list(FIND_QUERIES)), profile=f"n{n}-queries")
        if with_app:
            attempt("profile: browser", "startup", app_args, profile=f"n{n}-app")
        shutil.rmtree(store_dir, ignore_errors=True)
        attempt("profile: cold build", "update", base, profile=f"n{n}-cold")


def _targets(figs: dict[str, Figure], n: int) -> list[dict]:
    targets = []
    for t in TARGETS:
        f = figs.get(t.key)
        if f is None or f.median is None:
            continue
        ok = f.median <= t.limit
        targets.append({"figure": t.key, "target": t.what, "limit": t.limit, "scope": t.scope, "median": f.median,
                        "status": ("PASS" if ok else "MISS") if t.applies(n) else "n/a"})
    return targets


# ---------------------------------------------------------------- report


ORDER = (
    "cold_s", "cold_wall_s", "cold_cps", "jieba_cps", "rjieba_cps", "cold_vs_jieba", "cold_rss_mb", "cold_peak_mb", "cold_worker_mb",
    "first_peak_mb", "first_worker_mb",
    "rebuild_s", "rebuild_rss_mb", "rebuild_peak_mb", "rebuild_worker_mb",
    "changed_s", "changed_wall_s", "changed_jieba", "nothing_s", "nothing_wall_s", "nothing_jieba",
    "warm_bare_s", "warm_bare_all_s", "warm_app_s", "warm_app_store_ms", "warm_ratio", "tmux_bare_s", "tmux_app_s", "tmux_ratio",
    "open_ms", "filter_one_ms", "filter_all2_ms", "find1_ms", "find2_ms", "find3_ms", "find_max_ms",
    "speech_ms", "speech_warm_ms", "passages_ms", "passages_warm_ms",
    "search_first_ms", "search_first2_ms", "search_count_ms", "search_rare_ms", "search_phrase_ms", "search_grep_ms", "search_vs_grep",
    "find_key_ms", "search_rss_mb", "search_index_mb", *formulations.ORDER,
    "app_filter_ms", "app_find_max_ms", "app_open_ms",
    "app_conc_typed_first_ms", "app_conc_typed_count_ms", "app_conc_typed_ratio", "app_conc_enter_first_ms", "app_conc_enter_count_ms", "app_conc_enter_ratio",
    "rss_mb", "store_rss_mb", "store_bytes", "store_ratio",
)


def _status(res: SizeResult, key: str) -> tuple[str, str]:
    lines = [t for t in res.targets if t["figure"] == key]
    applied = [t for t in lines if t["status"] in ("PASS", "MISS")]
    pick = applied[0] if applied else (lines[-1] if lines else None)
    if pick is None:
        return "", ""
    unit = res.figures[key].unit
    t = next(t for t in TARGETS if t.key == key and t.limit == pick["limit"] and t.scope == pick["scope"])
    return t.text(unit), pick["status"] if pick["status"] != "n/a" else ""


def table(results: list[SizeResult], command: str) -> str:
    out = [f"$ {command}"]
    for res in results:
        c = res.corpus
        out.append("")
        out.append(
            f"== {res.n} speeches ({'bundled' if res.n == 5 else 'generated'}) · {c['chars'] / 1e6:.2f} M chars · "
            f"{c['utf8_bytes'] / 1e6:.1f} MB UTF-8 · {c['gbk_files']} GBK files · "
            f"load {res.load[0]:.1f}→{res.load[1]:.1f} · {res.seconds:.0f} s"
        )
        rows = [("figure", "median", "spread (min–max)", "target", "")]
        for key in ORDER:
            f = res.figures.get(key)
            if f is None or f.median is None:
                continue
            if key == "store_rss_mb" and res.figures.get("rss_mb") and res.figures["rss_mb"].values == f.values:
                continue  # the same figure, printed as peak RSS above
            target, status = _status(res, key)
            note = f.note
            if key == "cold_s" and 1000 <= res.n < 10_000:
                proj = f.median * 10_000 / res.n
                note = f"linear projection to 10 000 speeches: {_num(proj, 's')} ({'pass' if proj <= 60 else 'miss'})"
            rows.append((f.label, _num(f.median, f.unit), _spread(f), target, (status + "  " + note).strip()))
        widths = [max(_w(r[i]) for r in rows) for i in range(4)]
        for r in rows:
            out.append("  ".join(_ljust(r[i], widths[i]) for i in range(4)) + "  " + r[4])
        for e in res.errors:
            out.append(f"  ERROR {e}")
    misses = [(res.n, t) for res in results for t in res.targets if t["status"] == "MISS"]
    out.append("")
    if misses:
        out.append("Targets missed:")
        for n, t in misses:
            unit = results[0].figures.get(t["figure"], Figure("", "", "")).unit
            out.append(f"  n={n}: {t['target']} — median {_num(t['median'], unit)}")
    else:
        out.append("No target missed.")
    return "\n".join(out)


def _w(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _ljust(s: str, w: int) -> str:
    return s + " " * (w - _w(s))


def machine() -> dict:
    def git(*a: str) -> str | None:
        try:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip() or None
        except OSError:
            return None

    import textual

    try:
        import rjieba  # noqa: F401

        has_rjieba = True
    except ImportError:
        has_rjieba = False
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "textual": textual.__version__,
        "rjieba_installed": has_rjieba,
        "segmenter_env": os.environ.get("JIANGHUA_SEGMENTER"),
        "git": git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--", "corpus", "store", "tui")),
        "loadavg_start": os.getloadavg(),
    }
