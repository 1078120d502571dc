"""What a reader sees in real files, field by field: title, date, speaker, occasion,
salutation, the first outline headings, the first and last paragraph, and no portal
furniture in the body. The expectations (EXPECTED.toml, format in
tests/data/real/portal/expected.toml) were written by reading the files.

    .venv/bin/python -m tests.portal_eval [FOLDER] [-v]

Prints, per field, how many files state it and how many are read right; `-v` lists
every miss. Files are read the way a folder is read (`corpus.ingest.ingest_bytes`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from jianghua.corpus._toml import toml
from jianghua.corpus.clean import sanitize
from jianghua.corpus.ingest import ingest_bytes
from jianghua.corpus.script import fold
from tests.metadata_eval import bad_title

FOLDER = Path(__file__).resolve().parent / "data" / "real" / "portal"
FIELDS = ("title", "date", "speaker", "occasion", "salutation", "headings", "first", "last", "not_in_body")


def norm(s: str | None) -> str:
    return re.sub(r"\s+", "", fold(sanitize(s or "")))


def _options(v) -> list[str]:
    return [norm(x) for x in (v if isinstance(v, list) else [v])]


def read(folder: Path, name: str) -> dict:
    return ingest_bytes((folder / name).read_bytes(), segment=False, source=name)["body"]


def check(exp: dict, body: dict) -> dict[str, tuple[bool, object]]:
    """field -> (right, what was found), for every field the expectation states."""
    paras = [p[0] for p in body["paragraphs"]]
    out: dict[str, tuple[bool, object]] = {}
    title = body["title"]
    if "title" in exp:
        out["title"] = (norm(title) in _options(exp["title"]) and bad_title(title) is None, title)
    else:
        out["title"] = (bad_title(title) is None, title)
    if "date" in exp:
        want, got = exp["date"], body["date"] or ""
        out["date"] = ((got == "") if want == "" else got.startswith(want), got)
    if "speaker" in exp:
        out["speaker"] = (norm(body["speaker"]) == norm(exp["speaker"]), body["speaker"])
    if "occasion" in exp:
        o, w = norm(body["occasion"]), norm(exp["occasion"])
        out["occasion"] = (bool(o) and (o in w or w in o), body["occasion"])
    if "salutation" in exp:
        out["salutation"] = (norm(body["salutation"]).startswith(norm(exp["salutation"])), body["salutation"])
    if "headings" in exp:
        heads = [h for h, _, _ in body["sections"] if h][: max(len(exp["headings"]), 1)]
        want = [norm(h) for h in exp["headings"]]
        ok = len(heads) == len(want) if not want else len(heads) >= len(want) and all(w in norm(h) for w, h in zip(want, heads))
        out["headings"] = (ok, heads)
    if "first" in exp:
        p = norm(paras[0] if paras else "")
        out["first"] = (any(p.startswith(w) for w in _options(exp["first"])), (paras[0] if paras else "")[:40])
    if "last" in exp:
        p = norm(paras[-1] if paras else "")
        out["last"] = (p.startswith(norm(exp["last"])), (paras[-1] if paras else "")[:40])
    if "not_in_body" in exp:
        found = [j for j in exp["not_in_body"] if any(norm(j) in norm(p) for p in paras)]
        out["not_in_body"] = (not found, found)
    return out


def evaluate(folder: Path = FOLDER, verbose: bool = False) -> dict[str, tuple[int, int]]:
    table = toml.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    score = {f: [0, 0] for f in FIELDS}
    for name, exp in table.items():
        for field, (ok, got) in check(exp, read(folder, name)).items():
            score[field][0] += ok
            score[field][1] += 1
            if verbose and not ok:
                print(f"MISS {name} {field}: got {got!r}, expected {exp.get(field)!r}")
    return {f: (r, n) for f, (r, n) in score.items()}


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    folder = Path(args[0]) if args else FOLDER
    score = evaluate(folder, verbose="-v" in argv)
    print(" · ".join(f"{f} {r}/{n}" for f, (r, n) in score.items()))
    right, total = sum(r for r, _ in score.values()), sum(n for _, n in score.values())
    print(f"all fields {right}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
