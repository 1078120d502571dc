"""The cost of hard-wrap detection (`corpus.wrap.unwrap`) per file, in CPU time.

    python -m tests.bench.unwrap_cost [FOLDER] [--rounds N]

FOLDER defaults to the 1 000-speech bench corpus under $JIANGHUA_BENCH_DIR. Every
.txt file is decoded and cleaned once; then, in the same run, `structure.parse`
with unwrapping, `parse` with it switched off, and `unwrap` alone are timed with
`time.process_time` over all files, N rounds; the medians and their ratio print.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path


def main() -> None:
    from jianghua.corpus import structure
    from jianghua.corpus.clean import clean_text
    from jianghua.corpus.decode import decode_bytes
    from jianghua.corpus.wrap import unwrap

    bench = Path(os.environ.get("JIANGHUA_BENCH_DIR", "/work/team/bench")) / "corpora"
    default = next(iter(sorted(bench.glob("n1000-*"))), None)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", nargs="?", type=Path, default=default)
    p.add_argument("--rounds", type=int, default=5)
    a = p.parse_args()
    if a.folder is None:
        raise SystemExit("no folder given and no n1000 corpus under $JIANGHUA_BENCH_DIR/corpora")
    texts = [clean_text(decode_bytes(f.read_bytes()).text) for f in sorted(a.folder.rglob("*.txt"))]
    wrapped = sum(unwrap(t) is not t for t in texts)

    def cpu(fn) -> float:
        t0 = time.process_time()
        for t in texts:
            fn(t)
        return time.process_time() - t0

    on, off, alone = [], [], []
    try:
        for _ in range(a.rounds):
            structure.unwrap = unwrap
            on.append(cpu(structure.parse))
            structure.unwrap = lambda t, keep=(): t
            off.append(cpu(structure.parse))
            alone.append(cpu(unwrap))
    finally:
        structure.unwrap = unwrap
    n = len(texts)
    print(f"{n} files ({wrapped} hard-wrapped), {sum(map(len, texts)) // max(n, 1)} characters on average")
    for name, v in (("parse", on), ("parse, unwrap off", off), ("unwrap alone", alone)):
        m = statistics.median(v)
        print(f"{name:18} median {m:.3f} s CPU = {m / n * 1e6:.0f} µs/file")
    print(f"unwrap / parse: {statistics.median(alone) / statistics.median(off):.1%}")


if __name__ == "__main__":
    main()
