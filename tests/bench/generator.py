"""Deterministic corpora of N speeches, recombined from the bundled ones.

Every speech is built from its own `random.Random(f"…:{GEN_VERSION}:{seed}:{index}")`, so speech i
is the same whatever N is (the 1 000-speech corpus is a prefix of the 10 000 one)
and the same on every machine and Python run (string seeds are hashed with
SHA-512, not with the per-process `hash()`).

A speech reads like the ones people keep: a title line (在…会议上的讲话, or a
slogan over a ——在…上的讲话 subtitle), sometimes a date line, 同志们：, an
opening, 下面，我讲N点意见。, three to five 一、 sections, some with （一） sub-sections
or 一要/二要 points, and a closing paragraph. Paragraphs are either bundled ones
or new runs of bundled sentences. About 5 000 characters each (median; 2 % are long
reports of 8 000–13 000). Every fifth file is GBK with CRLF line endings, some
UTF-8 files have a BOM, full-width indentation or blank lines between
paragraphs, and a few carry a pasted advert block at the top.

The generator reads the bundled files itself (it does not use `corpus/`), so a
change of the parser never changes what it writes; its output changes only with
GEN_VERSION, the seed or the bundled texts (whose digest is part of the cache key).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

GEN_VERSION = 1
DEFAULT_SEED = 20240501
ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "corpus" / "bundled"
GBK_EVERY = 5  # every fifth speech is written in GBK (20 %)

CN = "一二三四五六七八九十"
_H1 = re.compile(rf"^[{CN}]{{1,2}}、")
_H2 = re.compile(rf"^[（(][{CN}]{{1,2}}[）)]")
_H3 = re.compile(rf"^[{CN}]要")
_TITLEISH = re.compile(r"(讲话|报告|发言|致辞|党课)$")
_SALUTE = re.compile(r"^同志们[：:]?$")

PLACES = (
    "全市", "全县", "全省", "全区", "市直机关", "县直机关", "市委办", "县委办党支部", "市委办机关第一党支部",
    "市政府办公室", "市纪委监委机关", "县委组织部", "区委宣传部", "镇党委", "街道党工委", "市发展改革委",
    "市教育系统", "市卫生健康系统", "县应急管理局", "市国资委系统", "市党政工作部门", "市委理论学习中心组",
)
EVENTS = (
    "党风廉政建设工作会议", "组织生活会", "专题组织生活会", "民主生活会", "理论学习中心组学习会", "警示教育大会",
    "安全生产工作会议", "经济工作会议", "主题党日活动", "座谈会", "表彰大会", "动员大会", "工作推进会",
    "党务工作培训班开班式", "党建工作会议", "作风建设推进会", "办公室主任会议", "廉政谈话会", "专题党课",
    "年度工作总结会", "全面从严治党工作会议", "意识形态工作会议", "干部大会", "务虚会",
)
SLOGANS = (
    "旗帜鲜明讲政治 凝心聚力促发展", "以高质量党建引领高质量发展", "守初心担使命 奋力谱写新篇章",
    "严以修身 廉洁从政", "锤炼过硬作风 狠抓工作落实", "坚定理想信念 筑牢思想根基", "守牢安全底线 护航高质量发展",
    "传承红色基因 赓续精神血脉", "提高政治能力 当好参谋助手",
)
NUMBERS = "一二三四五"
ADVERT = ("仅供学习 禁止外传", "资料分享群", "会员群：        免费QQ群：", "关注公众号获取更多资料")


@dataclass(frozen=True)
class Pool:
    openings: tuple[str, ...]
    closings: tuple[str, ...]
    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]
    h1: tuple[str, ...]  # heading texts without their 一、
    h2: tuple[tuple[str, str], ...]  # (sub-heading without （一）, rest of its paragraph)
    points: tuple[str, ...]  # 一要… paragraphs without their 一要
    digest: str  # of the bundled texts


def _gbk_ok(s: str) -> bool:
    try:
        s.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？； outside quotation marks (the quote stays whole)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "“‘《（":
            depth += 1
        elif ch in "”’》）":
            depth = max(0, depth - 1)
        elif ch in "。！？；" and depth == 0:
            out.append(text[start: i + 1])
            start = i + 1
    if start < len(text) and len(text) - start > 8:
        tail = text[start:]
        if tail[-1] in "”’":
            out.append(tail)
    return [s.strip() for s in out if len(s.strip()) >= 6]


def _bundled_texts(folder: Path) -> list[str]:
    texts = []
    for p in sorted(folder.glob("*.txt")):
        raw = p.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        texts.append(raw.decode("utf-8", errors="replace"))
    return texts


def load_pool(folder: Path = BUNDLED) -> Pool:
    texts = _bundled_texts(folder)
    digest = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:12]
    openings, closings, paragraphs, sentences, h1, h2, points = [], [], [], [], [], [], []
    for text in texts:
        lines = [ln.strip(" \t\u3000\r") for ln in text.replace("\r\n", "\n").split("\n")]
        lines = [ln for ln in lines if ln]
        body: list[str] = []
        for ln in lines:
            if _SALUTE.match(ln) or not _gbk_ok(ln):
                continue
            if _H1.match(ln) and len(ln) <= 40:
                h1.append(_H1.sub("", ln))
                continue
            if len(ln) < 40 or _TITLEISH.search(ln) or ln[-1] not in "。！？；”":
                continue  # titles, adverts, 下面，我讲四点意见。 …
            if _H2.match(ln):
                rest = _H2.sub("", ln)
                first, _, tail = rest.partition("。")
                if 4 <= len(first) <= 40 and len(tail) > 40:
                    h2.append((first, tail))
                    sentences.extend(split_sentences(tail))
                continue
            if _H3.match(ln):
                points.append(ln[2:])
                sentences.extend(split_sentences(ln[2:]))
                continue
            body.append(ln)
        if not body:
            continue
        openings.append(body[0])
        if len(body) > 1:
            closings.append(body[-1])
        for p in body[1:-1]:
            paragraphs.append(p)
        for p in body:
            sentences.extend(split_sentences(p))
    # Bundled paragraphs longer than a screen are only used as sentence sources.
    paragraphs = [p for p in paragraphs if len(p) <= 900]
    return Pool(
        tuple(openings), tuple(closings), tuple(paragraphs), tuple(dict.fromkeys(sentences)),
        tuple(dict.fromkeys(h1)), tuple(h2), tuple(points), digest,
    )


# ---------------------------------------------------------------- one speech


@dataclass(frozen=True)
class GenSpeech:
    index: int
    name: str  # relative path in the corpus folder
    title: str
    text: str  # logical text, "\n" line endings
    data: bytes  # the file's bytes
    encoding: str  # "gbk", "utf-8", "utf-8-sig"

    @property
    def chars(self) -> int:
        return len(self.text)


def _run(rng: random.Random, pool: Pool, lo: int, hi: int) -> str:
    """A new paragraph: a run of bundled sentences, lo–hi characters long."""
    want = rng.randint(lo, hi)
    out, n = [], 0
    while n < want:
        s = rng.choice(pool.sentences)
        out.append(s)
        n += len(s)
    return "".join(out)


def _paragraph(rng: random.Random, pool: Pool) -> str:
    if rng.random() < 0.3:
        return rng.choice(pool.paragraphs)
    return _run(rng, pool, 120, 520)


def _title(rng: random.Random, year: int) -> tuple[list[str], str]:
    place, event = rng.choice(PLACES), rng.choice(EVENTS)
    y = f"{year}年" if rng.random() < 0.55 else ""
    kind = rng.random()
    if kind < 0.12:
        slogan = rng.choice(SLOGANS)
        sub = f"——在{place}{y}{event}上的讲话"
        return [slogan, sub], f"{slogan}{sub}"
    if kind < 0.2:
        t = f"在{place}{y}{event}上的讲话提纲"
    elif kind < 0.25:
        t = f"在{place}{y}{event}上的总结讲话"
    else:
        t = f"在{place}{y}{event}上的讲话"
    return [t], t


def make_speech(pool: Pool, seed: int, index: int) -> GenSpeech:
    rng = random.Random(f"jianghua-bench:{GEN_VERSION}:{seed}:{index}")
    year = rng.randint(2016, 2025)
    head, title = _title(rng, year)
    target = rng.randint(7500, 12000) if rng.random() < 0.02 else rng.randint(2700, 4500)
    lines: list[str] = list(head)
    if rng.random() < 0.3:
        lines.append(f"（{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日）")
    lines.append("")
    if rng.random() < 0.9:
        lines.append("同志们：")
    body: list[str] = []
    body.append(rng.choice(pool.openings) if rng.random() < 0.5 else _run(rng, pool, 150, 350))
    nsec = rng.randint(3, 5)
    if rng.random() < 0.7:
        body.append(f"下面，我讲{CN[nsec - 1]}点意见。")
    closing = rng.choice(pool.closings) if rng.random() < 0.6 else "同志们，" + _run(rng, pool, 80, 240)
    used = sum(map(len, body)) + len(closing)
    per_section = max(600, (target - used) // nsec)
    for k in range(nsec):
        body.append(f"{CN[k]}、{rng.choice(pool.h1)}")
        got = 0
        style = rng.random()
        if style < 0.4 and pool.h2:
            nsub = rng.randint(2, 3)
            for j in range(nsub):
                head2, rest = rng.choice(pool.h2)
                para = f"（{CN[j]}）{head2}。{rest}"
                body.append(para)
                got += len(para)
                while got < per_section * (j + 1) / nsub:
                    para = _paragraph(rng, pool)
                    body.append(para)
                    got += len(para)
        elif style < 0.6 and pool.points:
            body.append(_run(rng, pool, 60, 160))
            j = 0
            while got < per_section and j < len(NUMBERS):
                para = f"{NUMBERS[j]}要{rng.choice(pool.points)}"
                body.append(para)
                got += len(para)
                j += 1
        while got < per_section:
            para = _paragraph(rng, pool)
            body.append(para)
            got += len(para)
    body.append(closing)

    indent = "\u3000\u3000" if rng.random() < 0.3 else ""
    gap = rng.random() < 0.25
    for p in body:
        lines.append(indent + p if not _H1.match(p) else p)
        if gap:
            lines.append("")
    if index % 37 == 11:  # a pasted advert block now and then
        lines = list(ADVERT[: rng.randint(2, 4)]) + [""] + lines
    text = "\n".join(lines) + "\n"

    if index % GBK_EVERY == 2:
        enc, data = "gbk", text.replace("\n", "\r\n").encode("gbk")
    elif rng.random() < 0.05:
        enc, data = "utf-8-sig", text.encode("utf-8-sig")
    else:
        enc, data = "utf-8", text.encode("utf-8")
    slug = re.sub(r"[^\u4e00-\u9fff0-9]", "", title)[:18]
    name = f"{year}年/{index:05d}_{slug}.txt"
    return GenSpeech(index, name, title, text, data, enc)


def generate(n: int, seed: int = DEFAULT_SEED, pool: Pool | None = None):
    """The n speeches of a corpus (a generator)."""
    pool = pool or load_pool()
    for i in range(n):
        yield make_speech(pool, seed, i)


# ---------------------------------------------------------------- on disk


@dataclass(frozen=True)
class Corpus:
    n: int
    seed: int
    path: Path
    files: list[dict]  # {name, bytes, chars, utf8, encoding, title}
    generated: bool  # False when taken from the cache

    @property
    def chars(self) -> int:
        return sum(f["chars"] for f in self.files)

    @property
    def utf8_bytes(self) -> int:
        return sum(f["utf8"] for f in self.files)

    @property
    def gbk_files(self) -> int:
        return sum(1 for f in self.files if f["encoding"] == "gbk")

    def file(self, k: int) -> Path:
        return self.path / self.files[k]["name"]


MANIFEST = "manifest.json"
MTIME_NS = 1_700_000_000_000_000_000  # every generated file gets this mtime


def _manifest_ok(path: Path, files: list[dict]) -> bool:
    try:
        for f in files:
            st = (path / f["name"]).stat()
            if st.st_size != f["bytes"] or st.st_mtime_ns != MTIME_NS:
                return False
    except OSError:
        return False
    # no stray .txt files (e.g. left by a killed benchmark)
    count = sum(1 for _ in path.rglob("*.txt"))
    return count == len(files)


def corpus_dir(workdir: Path, n: int, seed: int, pool: Pool) -> Path:
    return Path(workdir) / "corpora" / f"n{n}-s{seed}-g{GEN_VERSION}-{pool.digest}"


def ensure_corpus(workdir: Path, n: int, seed: int = DEFAULT_SEED, log=None) -> Corpus:
    """The corpus of n speeches under workdir: from the cache, or generated now."""
    pool = load_pool()
    path = corpus_dir(workdir, n, seed, pool)
    mf = path / MANIFEST
    if mf.exists():
        try:
            files = json.loads(mf.read_text(encoding="utf-8"))["files"]
            if _manifest_ok(path, files):
                return Corpus(n, seed, path, files, False)
        except (ValueError, KeyError, OSError):
            pass
        if log:
            log(f"cached corpus {path.name} does not match its manifest: generating it again")
    t0 = time.perf_counter()
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    files = []
    made: set[str] = set()
    for sp in generate(n, seed, pool):
        p = tmp / sp.name
        if p.parent.name not in made:
            p.parent.mkdir(parents=True, exist_ok=True)
            made.add(p.parent.name)
        p.write_bytes(sp.data)
        os.utime(p, ns=(MTIME_NS, MTIME_NS))
        files.append({"name": sp.name, "bytes": len(sp.data), "chars": sp.chars, "utf8": len(sp.text.encode("utf-8")),
                      "encoding": sp.encoding, "title": sp.title})
    (tmp / MANIFEST).write_text(json.dumps({"n": n, "seed": seed, "gen": GEN_VERSION, "pool": pool.digest, "files": files},
                                           ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, path)
    if log:
        log(f"generated {n} speeches in {time.perf_counter() - t0:.1f} s: {path}")
    return Corpus(n, seed, path, files, True)


def bundled_corpus(workdir: Path) -> Corpus:
    """A private copy of the bundled corpus (the benchmark modifies files in place)."""
    digest = load_pool().digest
    path = Path(workdir) / "corpora" / f"bundled-{digest}"
    files = []
    for p in sorted(BUNDLED.glob("*.txt")):
        raw = p.read_bytes()
        text = raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
        files.append({"name": p.name, "bytes": len(raw), "chars": len(text), "utf8": len(text.encode("utf-8")),
                      "encoding": "utf-8", "title": ""})
    if not _manifest_ok(path, files):
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        for p in sorted(BUNDLED.glob("*.txt")):
            shutil.copyfile(p, path / p.name)
            os.utime(path / p.name, ns=(MTIME_NS, MTIME_NS))
    return Corpus(5, 0, path, files, False)
