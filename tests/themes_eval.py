"""Theme-tagging evaluation: `python -m tests.themes_eval` (`--no-confusion` without the tables,
`--by-kind` with the figures per kind of text, `--split` the earlier paragraphs vs those added since, per part, `--themes FILE` for another themes file).
The fresh held-out sets (tests/data/themes_fresh.toml, labelled by a fourth reader, and themes_fresh2.toml and
themes_fresh3.toml, a second and a third blind set, themes_fresh4.toml, a fourth aimed at "none" paragraphs that
use theme words, themes_fresh5.toml, a fifth from the local speeches, 讲稿 and 民主生活会 material users keep, and
themes_fresh6.toml, a sixth from work reports, party congress reports, news-agency reports, collected works and
traditional-script publications, themes_fresh7.toml, a seventh mixing those kinds evenly with leaders' speeches, local
news and theory articles, and themes_fresh8.toml, an eighth of the same mix with 党课讲稿 and commentaries; tuned on by nobody) are their own rows, `fresh` … `fresh8`; `--by-kind` also gives
them per kind and per script.

Sets: the 60 bundled passages (tests/data/labelled_passages.toml, from the five bundled
speeches) and paragraphs of public texts labelled by reading (tests/data/themes_eval.toml,
split by source document into a development part and a held-out part; see
tests/data/README.md). Every paragraph is scored by `corpus.themes.tag_paragraph` — the
function the store uses — with its sentences, the heading it stands under and its document's title (`Item.title`).

Figures (labelled paragraphs, i.e. not "none"):
  strongest = main         the first theme jianghua gives is the reader's main theme
  strongest among labels   … is one of the reader's labels (main + up to two others)
  main in top 3            the main theme is among the (at most 3) themes given
and for paragraphs about none of the twelve themes:
  none untagged            jianghua gives them no theme at all
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jianghua.corpus._toml import toml
from jianghua.corpus.structure import inline_heading, split_sentences
from jianghua.corpus.themes import Themes, heading_size, load_themes, tag_paragraph

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Item:
    text: str
    heading: str
    labels: tuple[str, ...]  # main first; ("none",) for none of the twelve
    source: str
    kind: str = ""
    script: str = ""  # the fresh set says "traditional" or "simplified"
    doc_title: str = ""  # the speech's title as the store reads it (the bundled speeches)

    @property
    def title(self) -> str:
        """The document's title: as the store reads it, or as `source` names it (before its ¶, URL and parenthesised
        details; without a fresh set's document id) — what a user's folder gives the store as the speech's title."""
        if self.doc_title or self.source.endswith(".txt"):
            return self.doc_title
        head = self.source.split(" ¶")[0].split(" — ")[0]
        return re.sub(r"^[A-Z]\d\d ", "", head).split(" (")[0].strip()


def bundled() -> list[Item]:
    from jianghua.corpus.ingest import ingest_bytes

    data = toml.loads((DATA / "labelled_passages.toml").read_text("utf-8"))
    folder = Path(__file__).parent.parent / "corpus" / "bundled"
    titles = {f.name: ingest_bytes(f.read_bytes(), segment=False, source=f.name)["body"]["title"] for f in folder.glob("*.txt")}
    return [Item(p["text"], "", (p["main"], *p.get("also", [])), p["source"], doc_title=titles.get(p["source"], "")) for p in data["passage"]]


EARLIER = 402  # paragraphs in the file before the 2026-11-29 session's batches (`--split`)
_ALL: list[tuple[str, Item]] = []


def all_items() -> list[Item]:
    """Every labelled paragraph of tests/data/themes_eval.toml, in file order (read once)."""
    if not _ALL:
        data = toml.loads((DATA / "themes_eval.toml").read_text("utf-8"))
        _ALL.extend((p["part"], Item(p["text"], p.get("heading", ""), tuple(p["labels"]), p["source"], p.get("kind", ""))) for p in data["paragraph"])
    return [it for _part, it in _ALL]


def mine(part: str) -> list[Item]:
    all_items()
    return [it for p, it in _ALL if p == part]


def fresh(name: str = "themes_fresh.toml") -> list[Item]:
    """A fresh held-out set (tests/data/themes_fresh.toml, or `name`): sources and rules in tests/data/README.md."""
    data = toml.loads((DATA / name).read_text("utf-8"))
    return [Item(p["text"], p.get("heading", ""), tuple(p["labels"]), p["source"], p.get("kind", ""), p.get("script", "")) for p in data["paragraph"]]


def tags_of(themes: Themes, item: Item):
    """The tagger's ParagraphTags for an item, as the store tags a paragraph (heading, its size, title)."""
    heading = themes.hits(item.heading, outside=True) if item.heading else None
    title = themes.hits(item.title, outside=True) if item.title else None
    return tag_paragraph(themes, item.text, split_sentences(item.text), heading, heading_size(item.heading) if item.heading else None,
                         inline_heading(item.heading, item.text), title)


def predict(themes: Themes, item: Item) -> list[str]:
    return [themes.themes[i].id for i in tags_of(themes, item).themes]


@dataclass
class Figures:
    n: int = 0
    n_none: int = 0
    main: int = 0
    among: int = 0
    top3: int = 0
    untagged: int = 0

    @classmethod
    def of(cls, preds: list[list[str]], items: list[Item]) -> Figures:
        """The figures of predicted theme ids (strongest first) against the items' labels."""
        f = cls()
        for got, it in zip(preds, items):
            main = it.labels[0]
            if main == "none":
                f.n_none += 1
                f.untagged += not got
                continue
            first = got[0] if got else "—"
            f.n += 1
            f.main += first == main
            f.among += first in it.labels
            f.top3 += main in got[:3]
        return f

    def pct(self, k: int, n: int) -> float:
        return round(100.0 * k / n, 1) if n else float("nan")

    def row(self) -> dict[str, float]:
        return {
            "strongest=main": self.pct(self.main, self.n),
            "strongest∈labels": self.pct(self.among, self.n),
            "main in top3": self.pct(self.top3, self.n),
            "none untagged": self.pct(self.untagged, self.n_none),
        }


def evaluate(themes: Themes, items: list[Item]) -> tuple[Figures, Counter]:
    preds = [predict(themes, it) for it in items]
    confusion: Counter = Counter((it.labels[0], got[0] if got else "—") for got, it in zip(preds, items))
    return Figures.of(preds, items), confusion


def sets() -> dict[str, list[Item]]:
    return {"bundled": bundled(), "mine-dev": mine("dev"), "mine-heldout": mine("heldout"), "fresh": fresh(), "fresh2": fresh("themes_fresh2.toml"),
            "fresh3": fresh("themes_fresh3.toml"), "fresh4": fresh("themes_fresh4.toml"), "fresh5": fresh("themes_fresh5.toml"),
            "fresh6": fresh("themes_fresh6.toml"), "fresh7": fresh("themes_fresh7.toml"),
            "fresh8": fresh("themes_fresh8.toml")}


def _table(confusion: Counter) -> list[str]:
    rows = sorted({a for a, _ in confusion})
    cols = sorted({b for _, b in confusion})
    w = max(len(c) for c in cols + rows) + 1
    out = [" " * w + "".join(c[:9].rjust(10) for c in cols)]
    for r in rows:
        out.append(r.ljust(w) + "".join((str(confusion[(r, c)]) if confusion[(r, c)] else ".").rjust(10) for c in cols))
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    themes = load_themes(Path(argv[argv.index("--themes") + 1]) if "--themes" in argv else None)
    print(f"{'set':14} {'n':>4} {'none':>5}  {'strongest=main':>14} {'strongest∈labels':>16} {'main in top3':>12} {'none untagged':>13}")
    tables = []
    for name, items in sets().items():
        f, conf = evaluate(themes, items)
        r = f.row()
        print(f"{name:14} {f.n:>4} {f.n_none:>5}  {r['strongest=main']:>13}% {r['strongest∈labels']:>15}% {r['main in top3']:>11}% {r['none untagged']:>12}%")
        tables.append((name, conf))
    if "--split" in argv:
        print(f"\nthe first {EARLIER} paragraphs of the file (labelled before 2026-11-29's session) vs those added since:")
        order = {id(it): k for k, it in enumerate(all_items())}
        for name in ("mine-dev", "mine-heldout"):
            for label, keep in (("earlier", True), ("added", False)):
                part = [it for it in sets()[name] if (order[id(it)] < EARLIER) == keep]
                f, _ = evaluate(themes, part)
                r = f.row()
                print(f"  {name + ' ' + label:24} {f.n:>4} {f.n_none:>5}  {r['strongest=main']:>6}% {r['strongest∈labels']:>6}% {r['main in top3']:>6}% {r['none untagged']:>6}%")
        for name, label in (("fresh", "fresh (held out, new sources)"), ("fresh2", "fresh2 (second blind set)"),
                            ("fresh3", "fresh3 (third blind set)"), ("fresh4", "fresh4 (fourth blind set)"),
                            ("fresh5", "fresh5 (fifth blind set)"), ("fresh6", "fresh6 (sixth blind set)"),
                            ("fresh7", "fresh7 (seventh blind set)")):
            f, _ = evaluate(themes, sets()[name])
            r = f.row()
            print(f"  {label:24} {f.n:>4} {f.n_none:>5}  {r['strongest=main']:>6}% {r['strongest∈labels']:>6}% {r['main in top3']:>6}% {r['none untagged']:>6}%")
    if "--by-kind" in argv:
        print("\nby kind of text (dev + held-out):")
        mine_items = sets()["mine-dev"] + sets()["mine-heldout"]
        for kind in sorted({it.kind for it in mine_items}):
            f, _ = evaluate(themes, [it for it in mine_items if it.kind == kind])
            r = f.row()
            print(f"  {kind[:44]:44} {f.n:>4} {f.n_none:>5}  {r['strongest=main']:>6}% {r['strongest∈labels']:>6}% {r['main in top3']:>6}% {r['none untagged']:>6}%")
        for name, label, key in ((n, lb, k) for n in ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8")
                                 for lb, k in (("kind", lambda it: it.kind), ("script", lambda it: it.script))):
            fresh_items = sets()[name]
            print(f"\n{name} set by {label}:")
            for k in sorted({key(it) for it in fresh_items}):
                f, _ = evaluate(themes, [it for it in fresh_items if key(it) == k])
                r = f.row()
                print(f"  {k[:44]:44} {f.n:>4} {f.n_none:>5}  {r['strongest=main']:>6}% {r['strongest∈labels']:>6}% {r['main in top3']:>6}% {r['none untagged']:>6}%")
    if "--no-confusion" not in argv:
        for name, conf in tables:
            print(f"\n{name}: rows = reader's main theme, columns = jianghua's strongest (— = untagged)")
            print("\n".join(_table(conf)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
