"""Eight jianghua processes starting on the same empty store at once: one
builds, the others wait and then read; the store ends valid and complete."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from jianghua.store import Store

from .conftest import ROOT, jianghua
from .hostile_corpus import make_speech_corpus
from .storecheck import assert_store_is_whole

N = 60

SCRIPT = """
import json, os, sys, time
go = sys.argv[3]
while not os.path.exists(go):  # start together, imports done
    time.sleep(0.002)
from jianghua.store import Store
s = Store.open(sys.argv[1], store_path=sys.argv[2])
r = s.update()
ids = [x.id for x in s.speeches()]
texts = [s.speech(i).paragraphs[-1].text for i in ids]
print(json.dumps({"segmented": r.segmented, "speeches": len(ids), "texts": len(set(texts)), "messages": r.messages}))
"""


def test_eight_processes_on_one_empty_store(tmp_path):
    corpus, store_dir, go = tmp_path / "corpus", tmp_path / "store", tmp_path / "go"
    make_speech_corpus(corpus, N)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = []
    for k in range(8):
        e = dict(env, JIANGHUA_WORKERS="1" if k % 2 else "")
        procs.append(subprocess.Popen([sys.executable, "-c", SCRIPT, str(corpus), str(store_dir), str(go)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e))
    time.sleep(1.0)  # let every interpreter reach the start line
    go.write_text("go")
    results = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err.decode()
        assert not err.strip(), err.decode()
        results.append(json.loads(out))
    segmented = [r["segmented"] for r in results]
    assert sum(segmented) == N and sorted(segmented)[-2] == 0, segmented  # exactly one built
    assert all(r["speeches"] == N and r["texts"] == N for r in results), results
    assert not any(r["messages"] for r in results), results
    meta = assert_store_is_whole(store_dir)
    assert meta["speeches"] == N and meta["gen"] == 1
    st = Store.open(corpus, store_path=store_dir)
    assert st.is_current() and len(st.speeches()) == N


def test_readers_started_during_a_build_wait_and_list_everything(tmp_path):
    corpus, store_dir = tmp_path / "corpus", tmp_path / "store"
    make_speech_corpus(corpus, N)
    env = dict(os.environ, PYTHONPATH=str(ROOT), JIANGHUA_WORKERS="1")
    builder = subprocess.Popen([sys.executable, "-m", "jianghua", "build", "--corpus", str(corpus), "--store", str(store_dir)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    time.sleep(0.6)  # the builder holds the lock now
    readers = [jianghua("list", "--json", corpus=corpus, store=store_dir) for _ in range(2)]
    out, err = builder.communicate(timeout=180)
    assert builder.returncode == 0, err.decode()
    for r in readers:
        assert r.returncode == 0, r.stderr.decode()
        assert len(json.loads(r.stdout)) == N
    assert_store_is_whole(store_dir)
