"""`segment.few`: a build that segments one or a few files loads only the dictionary
words those texts hold (corpus/segment_table.py) — and cuts exactly as the whole
dictionary does, with rjieba and with jieba."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jianghua.corpus import segment, segment_table as st
from tests.conftest import ROOT
from tests.corpus.test_segment import SENTENCE, bundled_paragraphs

REAL = ROOT / "tests" / "data" / "real"

# In a fresh process: each text cut within `few` (one segmenter gathering the words of
# each text in turn, as a browser's builds do), then all cut with the whole dictionary.
CODE = """
import json, sys
from pathlib import Path
from jianghua.corpus import segment
table, texts = Path(sys.argv[1]), json.load(sys.stdin)
if len(sys.argv) > 2:
    segment.FEW_CHARS = int(sys.argv[2])
with segment.few(table):
    few = [segment.cut_many([t, t[::-1]]) for t in texts] + [[segment.cut(SENTENCE)] for SENTENCE in texts[:1]]
small = segment._small is not None and segment._cut is None
whole = [segment.cut_many([t, t[::-1]]) for t in texts] + [[segment.cut(texts[0])]]
print(json.dumps({"small": small, "same": few == whole, "backend": segment.active_backend(),
                  "differ": [i for i, (a, b) in enumerate(zip(few, whole)) if a != b][:5]}))
"""


def real_texts(limit: int = 40_000) -> list[str]:
    out = []
    for p in sorted(REAL.rglob("*")):
        if p.is_file():
            raw = p.read_bytes()
            for enc in ("utf-8-sig", "gb18030", "big5"):
                try:
                    out.append(raw.decode(enc)[:limit])
                    break
                except UnicodeDecodeError:
                    continue
    return out


def cut_both(backend: str, table: Path, texts: list[str], few_chars: int | None = 10**9) -> dict:
    """few_chars: segment.FEW_CHARS in that process (by default no limit; None: as shipped)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), JIANGHUA_SEGMENTER=backend)
    limit = [] if few_chars is None else [str(few_chars)]
    out = subprocess.run([sys.executable, "-c", CODE, str(table), *limit], input=json.dumps(texts), capture_output=True,
                         text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # (nothing printed: it would land on the Textual screen)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dict") / "jieba-dict.table"
    segment.make_table(str(path))  # (what the detached process after a build does)
    return path


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_a_few_texts_cut_as_with_the_whole_dictionary(backend, table):
    if backend == "rjieba":
        pytest.importorskip("rjieba")
    texts = bundled_paragraphs() + [SENTENCE] + real_texts()
    assert len(texts) > 100 and sum(map(len, texts)) > 200_000
    got = cut_both(backend, table, texts)
    assert got["small"], "the whole dictionary was loaded"
    assert got["same"], got["differ"]
    assert got["backend"] == backend


def test_a_damaged_table_is_not_used_and_is_made_again(table, tmp_path):
    texts = bundled_paragraphs()[:20]
    source, binary = st.dict_source(), st.rjieba_binary()
    kept = st.file_for(table, source)
    assert st.load(kept, source, binary).words("四个意识")["四个"] > 0
    data = bytearray(kept.read_bytes())
    for at in (len(data) // 2, len(data) - 7):  # a word's letter, a frequency's digit
        broken = bytearray(data)
        broken[at] ^= 0x01
        kept.write_bytes(bytes(broken))
        with pytest.raises(st.Damaged):
            st.load(kept, source, binary)
        got = cut_both("jieba", table, texts)
        assert got["same"] and not got["small"]  # (the whole dictionary: the table is not made while one waits)
        segment.make_table(str(table))
        st.load(kept, source, binary)  # made again, sound
    kept.write_bytes(b"")
    assert cut_both("jieba", table, texts)["same"]
    stopped, at_work = (kept.with_name(f".{kept.name}.{pid}.tmp") for pid in (1, 2))
    stopped.write_bytes(b"x")
    at_work.write_bytes(b"x")
    os.utime(stopped, (0, 0))
    segment.make_table(str(table))
    assert not stopped.exists() and at_work.exists()  # (a maker that was stopped left it)
    at_work.unlink()
    st.load(kept, source, binary)
    assert cut_both("jieba", table, texts)["small"]


def test_a_table_that_cannot_be_written_costs_no_work(tmp_path, monkeypatch):
    """A folder in the table's place, a full disk: `make` says so before it reads the
    dictionary (else every build of a few files would make it again, ~2.5 s)."""
    source = tmp_path / "dict.txt"
    source.write_text("全面 10 a\n从严 5 a\n", encoding="utf-8")
    monkeypatch.setattr(st, "_read_dict", lambda path: pytest.fail("the dictionary was read"))
    taken = tmp_path / "taken.table"
    taken.mkdir()
    with pytest.raises(OSError):
        st.make(taken, source, None)

    def full(fd, offset, size):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", full, raising=False)
    with pytest.raises(OSError):
        st.make(tmp_path / "full.table", source, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dict.txt", "taken.table"]  # (no temporary file left)


def test_long_texts_are_cut_with_the_whole_dictionary(table):
    """Finding a text's words in the table costs more than loading the dictionary once
    the texts are long (~50 000 characters: 0.17 s against 0.15 s with rjieba)."""
    text = "".join(real_texts(10**6))
    assert len(text) > 60_000
    short = cut_both("jieba", table, [text[:10_000]], few_chars=None)
    assert short["small"] and short["same"]
    long = cut_both("jieba", table, [text[:60_000]], few_chars=None)
    assert not long["small"] and long["same"]


def test_an_unusable_table_is_read_once(tmp_path, monkeypatch):
    """A stale table (here: missing) is found so once per process, not at every cut."""
    loads = []
    real = st.load
    monkeypatch.setattr(st, "load", lambda *a: loads.append(a) or real(*a))
    monkeypatch.setattr(segment, "_small", None)
    monkeypatch.setattr(segment, "_unusable", set(), raising=False)
    missing = tmp_path / "none" / "jieba-dict.table"
    with segment.few(missing):
        assert segment._cut_few(missing, ["全面从严治党"]) is None
        assert segment._cut_few(missing, ["全面从严治党"]) is None
        assert segment.wanted() == missing
    assert len(loads) == 1
    assert not missing.parent.exists()  # (not made here)


def test_a_table_of_another_dictionary_is_not_used(table, tmp_path):
    cut_both("jieba", table, ["全面从严治党"])
    other = tmp_path / "dict.txt"
    other.write_text("全面 10 a\n", encoding="utf-8")
    with pytest.raises(st.Damaged):
        st.load(st.file_for(table, st.dict_source()), other, st.rjieba_binary())
    assert st.file_for(table, other) != st.file_for(table, st.dict_source())  # (another install: a table of its own)
    made = st.make(tmp_path / "other.table", other, None)
    assert made.words("全面从严治党") == {"全面": 10} and made.total == made.lines_total == 10
