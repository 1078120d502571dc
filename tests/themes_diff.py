"""Per-paragraph view of the theme tagger against the labels (offline; not a test).

    python -m tests.themes_diff [SET...] [--save FILE] [--against FILE] [--misses] [--themes FILE]

SET: bundled, mine-dev, mine-heldout, fresh, fresh2 … fresh7 (default: all). `--save FILE` writes every paragraph's
predicted themes (JSON); `--against FILE` prints only the paragraphs whose prediction changed since
that file was saved, marked + (now right), - (now wrong) or ~ (still right or still wrong);
`--misses` prints every paragraph whose strongest theme is not the main label (or a "none" paragraph
that got a theme), with its raw scores and what each theme needed (`themes.explain_paragraph`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jianghua.corpus.structure import split_sentences
from jianghua.corpus.themes import explain_paragraph, load_themes
from tests.themes_eval import Item, predict, sets


def right(got: list[str], it: Item) -> bool:
    main = it.labels[0]
    return not got if main == "none" else bool(got) and got[0] == main


def key(name: str, k: int, it: Item) -> str:
    return f"{name}:{k}:{it.source[:60]}"


def detail(themes, it: Item) -> str:
    ex = explain_paragraph(themes, it.text, split_sentences(it.text), it.heading or None, it.title or None)
    ids = [t.id for t in themes.themes]
    scored = sorted(((v, ids[i], ex.needs[i]) for i, v in enumerate(ex.tags.raw) if v), reverse=True)[:5]
    out = " ".join(f"{t}={v:g}/{need:g}" for v, t, need in scored)
    outside = " ".join(f"{themes.outside[i].id}={v:g}" for i, v in enumerate(ex.outside) if v)
    words: dict[str, list[str]] = {}
    for e in ex.evidence:
        tid = themes.topic(e.theme).id
        words.setdefault(tid, []).append(f"{e.phrase}{e.weight:+g}" + ("×2" if e.factor == 2 else "·h" if e.where == "heading" else "·t" if e.where == "title" else ""))
    ev = "; ".join(f"{t}: {' '.join(ws)}" for t, ws in words.items())
    return f"    min {ex.threshold:g}  {out}  | outside {outside or '-'}\n    {ev}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    themes = load_themes(Path(argv[argv.index("--themes") + 1]) if "--themes" in argv else None)
    names = ("bundled", "mine-dev", "mine-heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")
    chosen = [a for a in argv if a in names] or list(names)
    before = json.loads(Path(argv[argv.index("--against") + 1]).read_text("utf-8")) if "--against" in argv else None
    saved: dict[str, list[str]] = {}
    for name, items in sets().items():
        if name not in chosen:
            continue
        for k, it in enumerate(items):
            got = predict(themes, it)
            kk = key(name, k, it)
            saved[kk] = got
            ok = right(got, it)
            if before is not None:
                old = before.get(kk)
                if old is None or old == got:
                    continue
                mark = "~" if right(old, it) == ok else "+" if ok else "-"
                print(f"{mark} {kk}  labels={list(it.labels)}  {old} -> {got}")
                continue
            if "--misses" in argv and not ok:
                print(f"{kk}  labels={list(it.labels)}  got={got}\n    title: {it.title[:40]}  H: {it.heading[:40]}  T: {it.text[:110]}")
                print(detail(themes, it))
    if "--save" in argv:
        Path(argv[argv.index("--save") + 1]).write_text(json.dumps(saved, ensure_ascii=False, indent=0), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
