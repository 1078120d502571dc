"""python -m tests.bench --sizes 5,1000,10000 --repeat 3 [--json FILE] [--workdir DIR]
python -m tests.bench --bytes [--repeat 5] [--json FILE]   (bytes written per keystroke)
python -m tests.bench --sizes 10000 --only formulations [--stores DIR]   (the formulations view, trend, reader pane)

Size 5 is the bundled corpus; any other size is a generated corpus of that many
speeches (cached in the work dir). Prints a table (median, spread, target and
PASS/MISS) and the JSON of the run (to FILE with --json, else after the table).
Exit status 0 even when targets are missed; 1 when a measurement could not be made
(a probe crashed, a build skipped files, the browser never painted its list).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path

from . import generator
from .run import Env, app_available, log, machine, run_size, table


def default_workdir() -> Path:
    env = os.environ.get("JIANGHUA_BENCH_DIR")
    if env:
        return Path(env)
    from jianghua.store.paths import cache_root

    return cache_root() / "bench"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.split("\n\n")[1])
    p.add_argument("--sizes", default="5,1000", help="comma-separated numbers of speeches (5 = the bundled corpus); default 5,1000")
    p.add_argument("--repeat", type=int, default=3, help="measure every figure this many times (median and spread); default 3")
    p.add_argument("--json", metavar="FILE", help="write the JSON results here (- for stdout)")
    p.add_argument("--workdir", metavar="DIR", type=Path, help="generated corpora and stores ($JIANGHUA_BENCH_DIR, else <jianghua cache>/bench)")
    p.add_argument("--seed", type=int, default=generator.DEFAULT_SEED, help="generator seed")
    p.add_argument("--segmenter", choices=("jieba", "rjieba", "auto"), help="JIANGHUA_SEGMENTER for the builds")
    p.add_argument("--profile", metavar="DIR", type=Path, help="also write a cProfile dump of each probe's last repeat here")
    p.add_argument("--terminal", action="store_true", help="also time the warm start in a real terminal (tmux)")
    p.add_argument("--app", default="jianghua.tui.app:JianghuaApp", metavar="MODULE:CLASS", help="the browser to measure (default tui.app:JianghuaApp)")
    p.add_argument("--no-app", action="store_true", help="skip the browser (tui/app.py) even if it exists")
    p.add_argument("--only", choices=("formulations",),
                   help="only these figures, on a store built first if need be (untimed): formulations = the view, the trend chart, the reader's pane")
    p.add_argument("--stores", metavar="DIR", type=Path, help="build the stores here (default <workdir>/stores; for a shared, read-only work dir)")
    p.add_argument("--bytes", action="store_true",
                   help="instead: bytes the browser writes to its terminal per action, beside less (tests/bench/bytes.py)")
    args = p.parse_args(argv)
    if args.bytes:
        from . import bytes as bytes_probe

        return bytes_probe.main((["--repeat", str(args.repeat)] if "--repeat" in (argv or sys.argv[1:]) else [])
                                + (["--json", args.json] if args.json else []))
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error("--sizes: comma-separated integers, e.g. 5,1000,10000")
    if not sizes or any(n < 1 for n in sizes) or args.repeat < 1:
        p.error("--sizes and --repeat must be positive")

    workdir = (args.workdir or default_workdir()).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    env = Env(workdir, segmenter=args.segmenter, profile_dir=args.profile.resolve() if args.profile else None,
              terminal=args.terminal, app=args.app, stores=args.stores.resolve() if args.stores else None, only=args.only)
    with_app = app_available(args.app) and not args.no_app
    command = "python -m tests.bench " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    log(f"work dir {workdir}; browser {args.app + ' measured' if with_app else 'skipped' if args.no_app else 'not measured (' + args.app + ' not found)'}")
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    info = machine()
    results = []
    for n in sizes:
        results.append(run_size(env, n, args.repeat, args.seed, with_app))
    print(table(results, command))
    doc = {
        "command": command,
        "started": started,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "repeat": args.repeat,
        "workdir": str(workdir),
        "browser_measured": with_app,
        "machine": dict(info, loadavg_end=os.getloadavg()),
        "sizes": [
            {
                "n": r.n,
                "corpus": r.corpus,
                "seconds": r.seconds,
                "loadavg": r.load,
                "figures": {k: f.as_json() for k, f in r.figures.items()},
                "targets": r.targets,
                "errors": r.errors,
            }
            for r in results
        ],
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if args.json and args.json != "-":
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(text + "\n", encoding="utf-8")
        print(f"\nJSON: {args.json}")
    else:
        print()
        print(text)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
