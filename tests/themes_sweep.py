"""Would a change of the tagger's constants or of the themes file carry? (offline; not a test)

    python -m tests.themes_sweep [NAME=VALUE[,NAME=VALUE…] …] [--themes FILE] [--base FILE]

Each argument sets constants of `corpus.themes` for one run (`PARA_MIN=2.5`, `PARA_SHARE=0.25,PARA_MIN=2.5`);
`--themes FILE` measures another themes file (alone, or with the arguments), against `--base FILE` (default: the
shipped file; a batch is measured against the batches kept before it). Prints the four figures of every set
(`tests.themes_eval`) as changes from the tagger as it is, then the mean change over the development sets
(bundled, dev, held-out, fresh, fresh2 … fresh7: every set `themes_eval` prints; s26), the worst change of any set and
figure, and the verdict of the session's discipline: keep a change only if no set loses more than 1 point on any figure,
the mean rises, and it would have been found looking at all the sets but any one (leave one set out: each view sees a gain).
"""

from __future__ import annotations

import sys
from pathlib import Path

from jianghua.corpus import themes as T
from tests.themes_eval import Figures, predict, sets

DEV = ("bundled", "mine-dev", "mine-heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")


def figures(themes: T.Themes, data: dict) -> tuple[dict[str, list[float]], tuple[int, int]]:
    """The four figures per set, and (themes given after the strongest, how many of them are among the labels):
    the figures do not see a change that adds wrong second themes (the filter would list those paragraphs)."""
    out, extra, right = {}, 0, 0
    for name, items in data.items():
        preds = [predict(themes, it) for it in items]
        out[name] = list(Figures.of(preds, items).row().values())
        for got, it in zip(preds, items):
            extra += len(got[1:])
            right += sum(g in it.labels for g in got[1:])
    return out, (extra, right)


def _delta(new: dict, old: dict) -> dict[str, list[float]]:
    return {name: [0.0 if a != a else round(a - b, 1) for a, b in zip(new[name], old[name])] for name in new}


def verdict(d: dict[str, list[float]]) -> str:
    """'keep' or why not, from the changes per set (`_delta`)."""
    worst = min(x for row in d.values() for x in row)
    mean = sum(sum(d[n]) for n in DEV) / len(DEV)
    if worst < -1.0:
        return f"no: a figure falls {worst:+.1f}"
    if mean <= 0:
        return "no: the mean does not rise"
    for out in DEV:
        if sum(sum(d[n]) for n in DEV if n != out) <= 0:
            return f"no: only {out} gains (leave it out and the other sets do not rise)"
    return "keep"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    other = Path(argv[argv.index("--themes") + 1]) if "--themes" in argv else None
    first = Path(argv[argv.index("--base") + 1]) if "--base" in argv else None
    runs = [a for k, a in enumerate(argv) if a not in ("--themes", "--base") and (k == 0 or argv[k - 1] not in ("--themes", "--base"))] or [""]
    data = sets()
    base, (extra, right) = figures(T.load_themes(first), data)
    print("as it is: " + "  ".join(f"{n}:" + "/".join(f"{x:g}" for x in base[n]) for n in base))
    print(f"   second and third themes given: {extra}, {right} of them among the labels")
    themes = T.load_themes(other or first)
    for run in runs:
        saved = {}
        for kv in filter(None, run.split(",")):
            name, value = kv.split("=")
            saved[name] = getattr(T, name)  # (an unknown name fails here, before anything is set)
            setattr(T, name, type(saved[name])(value))
        try:
            new, (extra, right) = figures(themes, data)
            d = _delta(new, base)
        finally:
            for name, value in saved.items():
                setattr(T, name, value)
        mean = [sum(d[n][k] for n in DEV) / len(DEV) for k in range(4)]
        print(f"{run or '(' + str(other) + ')'}")
        print("   " + "  ".join(f"{n}:" + "/".join(f"{x:+.1f}" for x in d[n]) for n in d))
        print("   mean " + "/".join(f"{x:+.2f}" for x in mean) + f"  → {verdict(d)}; second and third themes: {extra}, {right} among the labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
