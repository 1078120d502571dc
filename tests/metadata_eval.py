"""How well the parser reads titles, dates and speakers of real files.

    .venv/bin/python tests/metadata_eval.py FOLDER [EXPECTED.toml] [-v]

EXPECTED.toml or .json (default: FOLDER/expected.toml) names files relative to FOLDER, each
with what a reader sees (see tests/data/real/expected.toml for the format).
Prints: titles right %, dates stated (files whose expectation has a date), years
right % of those, full dates right %, wrong years (a year that differs from the
stated one: must be 0), speakers right %, and any title with an empty slot, a
salutation or a dateline. `-v` lists every miss.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from jianghua.corpus._toml import toml
from jianghua.corpus.clean import clean_text, sanitize
from jianghua.corpus.decode import decode_bytes
from jianghua.corpus.metadata import is_salutation, vocab
from jianghua.corpus.script import fold
from jianghua.corpus.structure import Parsed, parse


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", fold(sanitize(s or "")))  # zero-width marks and spaces do not count


@dataclass
class Verdict:
    title: bool
    stated: bool  # the expectation states a date
    year: bool | None  # None: no date stated
    date: bool | None
    wrong_year: bool  # a year found that differs from the stated one
    speaker: bool
    bad_title: str | None  # empty slot / salutation / dateline


def bad_title(title: str) -> str | None:
    f = fold(title)
    if re.search(r"在(?:的|上的)|在\s*上的讲话|^上的", f):
        return "empty slot"
    if is_salutation(f) or vocab().salutation.match(f):
        return "salutation"
    if vocab().dateline.search(f):
        return "dateline"
    return None


def judge(exp: dict, p: Parsed) -> Verdict:
    t = _norm(p.title)
    wanted = exp.get("title", [])
    wanted = wanted if isinstance(wanted, list) else [wanted]
    starts = exp.get("title_starts", [])
    starts = starts if isinstance(starts, list) else [starts]
    title_ok = t in {_norm(w) for w in wanted} or any(t.startswith(_norm(w)[:12]) for w in starts)
    want_date = exp.get("date") or ""
    stated = bool(want_date)
    found = p.date or ""
    year_ok = date_ok = None
    wrong = False
    if stated:
        year_ok = found[:4] == want_date[:4]
        date_ok = found.startswith(want_date)
        wrong = bool(found) and not year_ok
    elif found:
        wrong = False  # nothing stated to compare with
    speaker_ok = "speaker" not in exp or _norm(p.speaker) == _norm(exp["speaker"])  # not every set states speakers
    return Verdict(title_ok, stated, year_ok, date_ok, wrong, speaker_ok, bad_title(p.title))


def parse_file(folder: Path, name: str) -> Parsed:
    data = (folder / name).read_bytes()
    return parse(clean_text(decode_bytes(data).text), name)


def evaluate(folder: Path, expected: Path, verbose: bool = False) -> dict:
    text = expected.read_text(encoding="utf-8")
    table = json.loads(text) if expected.suffix == ".json" else toml.loads(text)
    rows = []
    for name, exp in table.items():
        p = parse_file(folder, name)
        v = judge(exp, p)
        rows.append(v)
        if verbose and not (v.title and v.year is not False and v.date is not False and v.speaker and not v.bad_title):
            print(f"MISS {name}: title={p.title!r} date={p.date} speaker={p.speaker} expected={exp}")
    n = len(rows)
    stated = [r for r in rows if r.stated]
    pct = lambda k, of: 100.0 * k / of if of else 100.0  # noqa: E731
    return {
        "files": n,
        "titles_right_pct": pct(sum(r.title for r in rows), n),
        "dates_stated": len(stated),
        "years_right_pct": pct(sum(bool(r.year) for r in stated), len(stated)),
        "dates_right_pct": pct(sum(bool(r.date) for r in stated), len(stated)),
        "wrong_years": sum(r.wrong_year for r in rows),
        "speakers_right_pct": pct(sum(r.speaker for r in rows), n),
        "bad_titles": sum(bool(r.bad_title) for r in rows),
    }


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    if not args:
        print(__doc__)
        return 2
    folder = Path(args[0])
    expected = Path(args[1]) if len(args) > 1 else folder / "expected.toml"
    r = evaluate(folder, expected, verbose="-v" in argv)
    print(
        f"{r['files']} files · titles right {r['titles_right_pct']:.1f}% · "
        f"{r['dates_stated']} state a date: years right {r['years_right_pct']:.1f}%, "
        f"full dates right {r['dates_right_pct']:.1f}% · wrong years {r['wrong_years']} · "
        f"speakers right {r['speakers_right_pct']:.1f}% · titles with an empty slot, salutation or dateline {r['bad_titles']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
