"""Mine candidate keywords for the themes file from an UNLABELLED corpus (offline; not a test).

    python -m tests.themes_mine FILE... [--themes corpus/data/themes.toml] [--top 40] [--min 3]
        [--sentences] [--seed-min 3] [--seed-ratio 2] [--only id,id]

FILE: a .csv with a `Text` column (e.g. all_data.csv of github.com/vanillabeans98/plsc_xi_speeches)
or a .jsonl with `title` and `content` (e.g. government_work_reports.jsonl / cpc_congress_reports.jsonl
of github.com/aldohemsn/chinese-political-corpora). Nothing is downloaded: pass local copies.

Method (reproducible; no labelled paragraph is read):
1. Documents that are in the evaluation sets (tests/data/README.md) are dropped by title / opening
   (EXCLUDE below), so the mined words never come from a paragraph we measure on.
2. Paragraphs (line breaks or the full-width indent "　　"; ≥ 40 characters) are seed-labelled by the
   themes file's STRONG keywords only (weight ≥ 2, longest match first, outside topics included): a
   paragraph belongs to theme T when T's strong score is ≥ SEED_MIN and ≥ SEED_RATIO × any other
   theme's or outside topic's; every other paragraph is "rest". `--sentences` seeds and counts by
   sentence instead (more seeds for themes the corpus rarely gives a whole paragraph to).
3. Candidates are jieba word n-grams (1–3 words, 2–8 characters, CJK only) counted once per paragraph;
   for each theme, those over-represented in its paragraphs (lift ≥ LIFT, in ≥ --min of them) ranked by
   Dunning's log-likelihood G² against the rest. Words already in the themes file (any theme) and
   n-grams containing one of the theme's own keywords are skipped.
4. The list is printed for a person to vet by meaning against the theme's description (step not
   automated on purpose: only phrases a 文秘 would recognise as belonging to the theme, weight 1 or 2).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

SEED_MIN = 3.0
SEED_RATIO = 2.0
LIFT = 4.0
MIN_CHARS = 40

# Evaluation documents (tests/data/README.md): titles or phrases of their opening. A document whose
# title or first 400 characters contains one of these is not mined.
EXCLUDE = (
    # aldohemsn/chinese-political-corpora: dev / held-out reports
    "2014年中华人民共和国国务院政府工作报告", "2019年中华人民共和国国务院政府工作报告",
    "2024年中华人民共和国国务院政府工作报告", "1954年中华人民共和国国务院政府工作报告",
    "廣州共產黨報告", "广州共产党报告", "陈独秀在中国共产党第三次全国代表大会上的报告",
    "(十八大)", "(十九大)", "(二十大)", "（十八大）", "（十九大）", "（二十大）",
    # vanillabeans98/plsc_xi_speeches (2020): dev / held-out speeches
    "主题教育总结大会", "研究应对新冠肺炎疫情工作时的讲话", "二十国集团领导人应对新冠肺炎特别峰会",
    "亚投行理事会", "亚洲基础设施投资银行第五届理事会", "十四五”规划建议的说明", "规划和二〇三五年远景目标的建议》的说明",
    "中国特色中国风格中国气派的考古学", "决战决胜脱贫攻坚座谈会", "抗美援朝出国作战70周年", "中国人民志愿军抗美援朝出国作战70周年",
    "中缅建交70周年", "第73届世界卫生大会",
    # aldohemsn/chinese-political-corpora: fresh6 (Y17–Y25) and fresh7 (Z01–Z10) reports
    "1956年中华人民共和国国务院政府工作报告", "1979年中华人民共和国国务院政府工作报告",
    "1985年中华人民共和国国务院政府工作报告", "1993年中华人民共和国国务院政府工作报告",
    "2004年中华人民共和国国务院政府工作报告", "2010年中华人民共和国国务院政府工作报告",
    "1960年中华人民共和国国务院政府工作报告", "1964年中华人民共和国国务院政府工作报告",
    "1983年中华人民共和国国务院政府工作报告", "1995年中华人民共和国国务院政府工作报告",
    "2007年中华人民共和国国务院政府工作报告", "2013年中华人民共和国国务院政府工作报告",
    "2021年中华人民共和国国务院政府工作报告",
    "(十二大)", "(十三大)", "(十四大)", "(十五大)", "(十六大)", "(十七大)",
    "（十二大）", "（十三大）", "（十四大）", "（十五大）", "（十六大）", "（十七大）",
    # aldohemsn/chinese-political-corpora: fresh8 (X02–X10, X20, X59, X60, X64) reports
    "1958年中华人民共和国国务院政府工作报告", "1975年中华人民共和国国务院政府工作报告",
    "1980年中华人民共和国国务院政府工作报告", "1986年中华人民共和国国务院政府工作报告",
    "1988年中华人民共和国国务院政府工作报告", "1998年中华人民共和国国务院政府工作报告",
    "2002年中华人民共和国国务院政府工作报告", "2009年中华人民共和国国务院政府工作报告",
    "2022年中华人民共和国国务院政府工作报告",
    "(九大)", "(十大)", "(十一大)", "（九大）", "（十大）", "（十一大）",
    # fresh set documents that could be in a political corpus
    "全党来一个大学习", "论共产党员的修养", "委员长会议", "外交部发言人", "浙江这十年",
)


def documents(path: Path):
    """(title, text) of each document in a .csv (Text column) or .jsonl (title, content) file."""
    if path.suffix == ".jsonl":
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                yield d.get("title", ""), d.get("content", "")
    else:
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                yield row.get("Title", row.get("title", "")), row.get("Text", row.get("text", row.get("content", "")))


def excluded(title: str, text: str) -> bool:
    head = title + text[:400]
    return any(x in head for x in EXCLUDE)


_SPLIT = re.compile(r"\s*\n\s*|　{2,}")
_SENT = re.compile(r"[^。！？；]+[。！？；]?")
_CJK = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text) if len(p.strip()) >= MIN_CHARS]


def load_lexicon(path: Path):
    data = tomllib.loads(path.read_text("utf-8"))
    themes = [(t["id"], {k: float(v) for k, v in t["keywords"].items()}) for t in data["theme"]]
    outside = [(t["id"], {k: float(v) for k, v in t["keywords"].items()}) for t in data.get("outside", [])]
    return themes, outside


def seed(par: str, strong: re.Pattern, owner: dict[str, tuple[int, float]], n: int, smin: float = SEED_MIN, ratio: float = SEED_RATIO) -> int | None:
    """The theme whose strong keywords dominate `par` (index), or None."""
    score = [0.0] * n
    for m in strong.finditer(par):
        k, w = owner[m.group()]
        score[k] += w
    best = max(range(n), key=score.__getitem__)
    rest = max((s for i, s in enumerate(score) if i != best), default=0.0)
    return best if score[best] >= smin and score[best] >= ratio * rest else None


def g2(a: int, b: int, na: int, nb: int) -> float:
    """Dunning's log-likelihood of a word in a of na paragraphs vs b of nb."""
    def ll(k, n, p):
        return k * math.log(max(p, 1e-12)) + (n - k) * math.log(max(1 - p, 1e-12))
    p, pa, pb = (a + b) / (na + nb), a / na, b / nb
    return 2 * (ll(a, na, pa) + ll(b, nb, pb) - ll(a, na, p) - ll(b, nb, p))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--themes", type=Path, default=Path(__file__).resolve().parent.parent / "corpus" / "data" / "themes.toml")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--min", type=int, default=3)
    ap.add_argument("--seed-min", type=float, default=SEED_MIN, help="a seed paragraph's strong score (default %(default)s)")
    ap.add_argument("--seed-ratio", type=float, default=SEED_RATIO, help="… and its lead over any other theme (default %(default)s)")
    ap.add_argument("--sentences", action="store_true", help="seed and count by sentence (。！？；) instead of paragraph: more seeds for rare themes")
    ap.add_argument("--only", default="", help="comma-separated theme ids to print (default all)")
    args = ap.parse_args(argv)
    import jieba  # offline tool: only here
    import logging
    jieba.setLogLevel(logging.ERROR)

    themes, outside = load_lexicon(args.themes)
    topics = themes + outside
    owner = {}
    for k, (_tid, kws) in enumerate(topics):
        for w, wt in kws.items():
            if wt >= 2 and (w not in owner or owner[w][1] < wt):
                owner[w] = (k, wt)
    strong = re.compile("|".join(map(re.escape, sorted(owner, key=len, reverse=True))))
    known = {w for _t, kws in topics for w in kws}

    pars, kept, dropped = [], 0, []
    for f in args.files:
        for title, text in documents(f):
            if excluded(title, text):
                dropped.append(title or text[:30])
                continue
            kept += 1
            pars.extend(paragraphs(text))
    if args.sentences:
        pars = [x for p in pars for x in _SENT.findall(p) if len(x) >= 12]
    labels = [seed(p, strong, owner, len(topics), args.seed_min, args.seed_ratio) for p in pars]
    grams: list[set[str]] = []
    for p in pars:
        toks = [t for t in jieba.lcut(p, HMM=False)]
        g = set()
        for n in (1, 2, 3):
            for i in range(len(toks) - n + 1):
                s = "".join(toks[i:i + n])
                if _CJK.match(s):
                    g.add(s)
        grams.append(g)
    print(f"# {kept} documents, {len(pars)} paragraphs; {len(dropped)} evaluation documents excluded: {'; '.join(dropped)}")
    only = set(filter(None, args.only.split(",")))
    for k, (tid, kws) in enumerate(themes):
        if only and tid not in only:
            continue
        inside = [g for g, lab in zip(grams, labels) if lab == k]
        outside_ = [g for g, lab in zip(grams, labels) if lab != k]
        na, nb = len(inside), len(outside_)
        print(f"\n## {tid}: {na} seed paragraphs")
        if na < 5:
            continue
        ca, cb = Counter(w for g in inside for w in g), Counter(w for g in outside_ for w in g)
        rows = []
        for w, a in ca.items():
            b = cb.get(w, 0)
            if a < args.min or w in known or any(x in w for x in kws):
                continue
            if (a / na) < LIFT * ((b + 0.5) / nb):
                continue
            rows.append((g2(a, b, na, nb), w, a, b))
        rows.sort(reverse=True)
        for s, w, a, b in rows[: args.top]:
            print(f"{w}\t{a}\t{b}\tG2={s:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
