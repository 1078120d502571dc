"""A build that finds files changed segments them in a second process
(`workers.Segmenter`, started before the plan). The store it writes is byte for
byte the one this process writes; a second process that cannot start, dies, hangs
or runs another segmenter leaves the build to segment itself, with no message;
and it never outlives its builder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from jianghua.corpus import segment, segment_table
from jianghua.store import Store, build
from jianghua.store.paths import cache_root
from jianghua.store.workers import Segmenter, process_start
from tests.conftest import SOURCES

from tests.store.test_incremental import edit, everything

# A first line run into its speaker's name: the head parser asks the segmenter where the name ends (corpus.head).
RUN_TOGETHER = "在全市安全生产工作会议上的讲话（2023年3月5日）张剑飞今年以来，全市安全生产形势总体平稳。\n要压实责任，守住底线。\n"
TRADITIONAL = "在全縣幹部大會上的講話\n同志們：\n我們要堅持以人民為中心的發展思想，推動高質量發展。\n"


def _files(store_dir: Path) -> dict[str, bytes]:
    """Every file of a store, byte for byte, but the lock and what holds the build's
    time: the catalogue's three files (their rows and meta compared apart), the
    formulation count's and the search index's pointers (compared without it)."""
    out = {str(p.relative_to(store_dir)): p.read_bytes() for p in sorted(store_dir.rglob("*"))
           if p.is_file() and p.name not in ("catalog.json", "stat.json", "list.json", "lock")}
    for name, stamp in (("fcount.json", "stamp"), ("search/manifest.json", "catalog")):
        pointer = orjson.loads(out[name])
        assert pointer.pop(stamp)
        out[name] = orjson.dumps(pointer)
    data = orjson.loads((store_dir / "catalog.json").read_bytes())
    meta = next(iter(data["meta"].values()))
    out["rows"] = orjson.dumps(sorted(data["speeches"].values(), key=lambda r: r["source"]))
    out["meta"] = orjson.dumps({k: v for k, v in meta.items() if k not in ("built_at", "scanned_ns")})
    return out


def _change(corpus: Path) -> None:
    edit(corpus / SOURCES[1])
    (corpus / "new-trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    (corpus / "run-together.txt").write_text(RUN_TOGETHER, encoding="utf-8")


@pytest.fixture
def two_stores(corpus_copy, tmp_path, monkeypatch):
    """The same built store twice, then three files changed: (corpus, store a, store b)."""
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    a, b = tmp_path / "a", tmp_path / "b"
    Store.open(corpus_copy, store_path=a).update()
    shutil.copytree(a, b)
    _change(corpus_copy)
    return corpus_copy, a, b


REAL_CORE_FREE = build._core_free
REAL_TABLE_THERE = build._table_there


def _with_segmenter(monkeypatch) -> list:
    """Builds from here on start the second process (at any folder size); returns the
    answers it gave (None: it could not)."""
    monkeypatch.delenv("JIANGHUA_WORKERS", raising=False)
    monkeypatch.setattr(build, "SEGMENTER_MIN", 0)
    monkeypatch.setattr(segment, "initialised", False)  # (a process that has not segmented yet)
    monkeypatch.setattr(build, "_core_free", lambda: True)  # (on a machine with a core free)
    monkeypatch.setattr(build, "_table_there", lambda: False)  # (no dictionary table made yet)
    answers: list = []
    real = Segmenter.ask

    def ask(self, texts):
        out = real(self, texts)
        answers.append(out)
        return out

    monkeypatch.setattr(Segmenter, "ask", ask)
    return answers


def test_segmenting_in_a_second_process_writes_the_same_store(two_stores, monkeypatch):
    corpus, a, b = two_stores
    ra = Store.open(corpus, store_path=a).update()  # in this process
    answers = _with_segmenter(monkeypatch)
    st = Store.open(corpus, store_path=b)
    rb = st.update()
    assert len(answers) >= 3 and all(x is not None for x in answers)  # each changed file, from the other process
    assert (ra.segmented, rb.segmented) == (3, 3) and ra.messages == rb.messages == []
    assert _files(a) == _files(b)
    assert everything(st) == everything(Store.open(corpus, store_path=a))
    assert st.speech(st.resolve("run-together.txt")).speaker == "张剑飞"


@pytest.mark.parametrize("code", [
    "import sys; sys.exit(3)",  # dies at birth
    "import marshal, sys; from jianghua.corpus.segment import _send; _send(sys.stdout.buffer, marshal.dumps('other'))",
    "import sys; sys.stdin.read()",  # never answers
    "from jianghua.corpus.segment import serve; import os; os.close(1); serve()",  # answers nothing (no stdout)
])
def test_a_second_process_that_fails_leaves_the_build_to_segment(two_stores, monkeypatch, code):
    corpus, a, b = two_stores
    Store.open(corpus, store_path=a).update()
    answers = _with_segmenter(monkeypatch)
    monkeypatch.setattr(Segmenter, "CODE", code)
    monkeypatch.setattr(Segmenter, "WAIT", 2.0)
    started: list[Segmenter] = []
    real_start = Segmenter.start.__func__

    def start(cls):
        s = real_start(cls)
        started.append(s)
        return s

    monkeypatch.setattr(Segmenter, "start", classmethod(start))
    r = Store.open(corpus, store_path=b).update()
    assert answers and all(x is None for x in answers)  # (after the first failure it is not asked again: ended)
    assert r.segmented == 3 and r.messages == []
    assert _files(a) == _files(b)
    assert started and started[0]._proc is None  # ended with the build


def test_no_process_at_all_leaves_the_build_to_segment(two_stores, monkeypatch):
    corpus, a, b = two_stores
    Store.open(corpus, store_path=a).update()
    _with_segmenter(monkeypatch)

    def popen(*args, **kw):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(subprocess, "Popen", popen)
    r = Store.open(corpus, store_path=b).update()
    assert r.segmented == 3 and r.messages == []
    assert _files(a) == _files(b)


def test_no_process_when_nothing_changed_or_nothing_to_segment(corpus_copy, tmp_path, monkeypatch):
    st = Store.open(corpus_copy, store_path=tmp_path / "s")
    st.update()
    answers = _with_segmenter(monkeypatch)
    starts: list = []
    monkeypatch.setattr(Segmenter, "start", classmethod(lambda cls: starts.append(1)))
    assert st.update().unchanged == 5 and starts == []  # nothing changed: no process
    (corpus_copy / SOURCES[0]).rename(corpus_copy / "renamed.txt")  # its body is reused: nothing segmented
    assert st.update().segmented == 0 and answers == []
    assert starts == [1]  # (started, and ended after the plan)
    monkeypatch.setattr(segment, "initialised", True)  # this process segments already (a browser's second build)
    edit(corpus_copy / SOURCES[1])
    assert st.update().segmented == 1 and starts == [1]


def test_no_process_when_no_core_is_free(corpus_copy, tmp_path, monkeypatch):
    st = Store.open(corpus_copy, store_path=tmp_path / "s")
    st.update()
    _with_segmenter(monkeypatch)
    starts: list = []
    monkeypatch.setattr(Segmenter, "start", classmethod(lambda cls: starts.append(1)))
    monkeypatch.setattr(build, "_core_free", REAL_CORE_FREE)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (7.9, 8.2, 8.0))  # two cores, eight processes running
    edit(corpus_copy / SOURCES[2])
    assert st.update().segmented == 1 and starts == []
    monkeypatch.setattr(os, "getloadavg", lambda: (0.9, 0.5, 0.4))  # one core free
    edit(corpus_copy / SOURCES[3])
    assert st.update().segmented == 1 and starts == [1]


def test_no_process_when_the_dictionary_table_is_there(corpus_copy, tmp_path, monkeypatch):
    """A build of a few files segments with the words they need from the table
    (`segment.few`) sooner than a second process starts: none is started."""
    st = Store.open(corpus_copy, store_path=tmp_path / "s")
    st.update()
    _with_segmenter(monkeypatch)
    starts: list = []
    monkeypatch.setattr(Segmenter, "start", classmethod(lambda cls: starts.append(1)))
    monkeypatch.setattr(build, "_table_there", REAL_TABLE_THERE)
    segment.make_table(str(cache_root() / build.DICT_TABLE))
    edit(corpus_copy / SOURCES[2])
    assert st.update().segmented == 1 and starts == []
    table = segment_table.file_for(cache_root() / build.DICT_TABLE, segment_table.dict_source())
    table.unlink()  # (no table: the second process)
    edit(corpus_copy / SOURCES[3])
    assert st.update().segmented == 1 and starts == [1]


KILLED = """
import os, signal, sys
from jianghua.store.workers import Segmenter
s = Segmenter.start()
assert s.ask(["同志们"]) is not None
print(s._proc.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_the_second_process_ends_with_a_killed_builder():
    r = subprocess.run([sys.executable, "-c", KILLED], capture_output=True, timeout=60)
    assert r.returncode == -signal.SIGKILL, r.stderr.decode()
    pid = int(r.stdout)
    deadline = time.monotonic() + 10
    while process_start(pid) not in (None, b"Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process_start(pid) in (None, b"Z"), "the segmenter outlived its builder"
    if process_start(pid) is None:
        return
    with pytest.raises(ProcessLookupError):  # a zombie about to be reaped by init
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.05)


STRAY = "def cut(s, *a, **k):\n    return list(s)\n\nlcut = cut\n\ndef add_word(*a, **k):\n    pass\n"


def test_the_second_process_ignores_modules_in_the_working_folder(tmp_path, monkeypatch):
    """A jieba.py or rjieba.py in the folder the user starts jianghua from is not what the
    segmenter process imports (`-c` would put that folder first on its path): its words
    are the build's own."""
    from jianghua.corpus import segment, segment_table

    text = "坚持以人民为中心的发展思想，推动高质量发展"
    want = segment.cut(text)  # (this process's segmenter, imported before the folder changes)
    for name in ("rjieba", "jieba"):
        (tmp_path / f"{name}.py").write_text(STRAY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    s = Segmenter.start()
    assert s is not None
    try:
        assert s.ask([text]) == [want]
    finally:
        s.close()
