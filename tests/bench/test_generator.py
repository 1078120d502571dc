"""The benchmark's corpus generator: deterministic, 20 % GBK, ≈ 5 000 characters
a speech, and read by jianghua as the speeches it pretends to be. (Quick: the
heavy benchmark modules are not named test_*, so pytest does not collect them.)"""

from __future__ import annotations

import hashlib
import statistics
import subprocess
import sys

from tests.bench import generator
from tests.bench.generator import GBK_EVERY, ensure_corpus, generate, load_pool, make_speech

N = 60


def _digest(speeches) -> str:
    h = hashlib.sha256()
    for s in speeches:
        h.update(s.name.encode() + b"\0" + s.data + b"\0")
    return h.hexdigest()


def test_same_seed_same_bytes():
    pool = load_pool()
    a = list(generate(N, seed=7, pool=pool))
    b = list(generate(N, seed=7, pool=load_pool()))
    assert [s.name for s in a] == [s.name for s in b]
    assert [s.data for s in a] == [s.data for s in b]
    other = list(generate(N, seed=8, pool=pool))
    assert _digest(other) != _digest(a)
    # speech i does not depend on N: a small corpus is a prefix of a big one
    assert make_speech(pool, 7, N - 1).data == a[-1].data


def test_same_bytes_in_another_interpreter():
    code = (
        "import hashlib, sys; from tests.bench.generator import generate; h = hashlib.sha256()\n"
        f"[h.update(s.name.encode() + b'\\0' + s.data + b'\\0') for s in generate({N}, seed=7)]\n"
        "print(h.hexdigest())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=generator.ROOT,
                         env={"PYTHONHASHSEED": "12345", "PATH": ""}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == _digest(generate(N, seed=7))


def test_gbk_share_and_sizes():
    speeches = list(generate(200, seed=3))
    gbk = [s for s in speeches if s.encoding == "gbk"]
    assert len(gbk) == 200 // GBK_EVERY
    for s in gbk:
        assert s.data.decode("gbk").replace("\r\n", "\n") == s.text
        assert b"\r\n" in s.data
        try:
            s.data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError("a GBK file that is valid UTF-8 would not test decoding")
    for s in speeches:
        if s.encoding != "gbk":
            assert s.data.decode("utf-8-sig") == s.text
    chars = [s.chars for s in speeches]
    assert 4500 <= statistics.median(chars) <= 5500, statistics.median(chars)
    assert min(chars) >= 2500 and max(chars) <= 16000
    assert len({s.data for s in speeches}) == len(speeches)  # no two files alike (the store dedupes)


def test_jianghua_reads_them_as_speeches():
    from jianghua.corpus.ingest import ingest_bytes

    for s in generate(25, seed=11):
        rec = ingest_bytes(s.data, segment=False)
        body = rec["body"]
        assert body["title"] == s.title
        assert body["encoding"] in ("UTF-8", "UTF-8 (BOM)", "GB18030")
        assert (body["encoding"] == "GB18030") == (s.encoding == "gbk")
        assert sum(1 for h, lv, _ in body["sections"] if lv == 1) >= 3  # 一、 二、 三、 …
        chars = sum(len(p[0]) for p in body["paragraphs"])
        assert chars >= 0.9 * s.chars - 200


def test_cache_reuses_and_repairs(tmp_path):
    first = ensure_corpus(tmp_path, 12, seed=5)
    assert first.generated and len(first.files) == 12
    again = ensure_corpus(tmp_path, 12, seed=5)
    assert not again.generated and again.path == first.path
    first.file(3).write_bytes(b"changed")  # a run killed half-way leaves a modified file
    repaired = ensure_corpus(tmp_path, 12, seed=5)
    assert repaired.generated
    assert repaired.file(3).read_bytes() == list(generate(4, seed=5))[3].data
