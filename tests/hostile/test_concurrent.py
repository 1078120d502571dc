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

def wait_for(condition, what: str, cap: float = 120.0) -> None:
    """Wait for another process's signal (a marker file); the cap only ends a broken run."""
    end = time.monotonic() + cap
    while not condition():
        assert time.monotonic() < end, f"never happened: {what}"
        time.sleep(0.005)


SCRIPT = """
import json, os, sys, time
go = sys.argv[3]
open(sys.argv[4], "w").close()  # ready: imports done
end = time.monotonic() + 600  # (a failed test never says go: do not linger)
while not os.path.exists(go):  # start together
    assert time.monotonic() < end, "never told to go"
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
        procs.append(subprocess.Popen([sys.executable, "-c", SCRIPT, str(corpus), str(store_dir), str(go), str(tmp_path / f"ready-{k}")],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e))
    wait_for(lambda: all((tmp_path / f"ready-{k}").exists() for k in range(8)), "every interpreter at the start line")
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


# The builder: a real `update`, held just before it writes (under the store's lock)
# until the test says go, with a marker saying it got there.
BUILDER = """
import sys, time, os
from jianghua.store import Store, commit
real = commit.commit
def gated(*a, **k):
    open(sys.argv[3], "w").close()  # holding the lock, mid-build
    end = time.monotonic() + 600  # (a failed test never says go: do not linger)
    while not os.path.exists(sys.argv[4]):
        assert time.monotonic() < end, "never told to go on"
        time.sleep(0.005)
    return real(*a, **k)
commit.commit = gated
r = Store.open(sys.argv[1], store_path=sys.argv[2]).update()
print(r.segmented)
"""

# A reader: opens the store and updates it (as `jianghua list` does), noting when it
# is told to wait for another jianghua.
READER = """
import json, sys
from jianghua.store import Store
waited = []
def progress(done, total, what):
    if "waiting for another jianghua" in what and not waited:
        waited.append(what)
        open(sys.argv[3], "w").close()
s = Store.open(sys.argv[1], store_path=sys.argv[2])
r = s.update(progress=progress)
ids = [x.id for x in s.speeches()]
print(json.dumps({"waited": bool(waited), "segmented": r.segmented, "speeches": len(ids),
                  "texts": len({s.speech(i).paragraphs[-1].text for i in ids})}))
"""


def test_readers_started_during_a_build_wait_and_list_everything(tmp_path):
    corpus, store_dir = tmp_path / "corpus", tmp_path / "store"
    make_speech_corpus(corpus, N)
    env = dict(os.environ, PYTHONPATH=str(ROOT), JIANGHUA_WORKERS="1")
    holding, go = tmp_path / "holding", tmp_path / "go"
    builder = subprocess.Popen([sys.executable, "-c", BUILDER, str(corpus), str(store_dir), str(holding), str(go)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    readers: list[subprocess.Popen] = []
    try:
        wait_for(lambda: holding.exists() or builder.poll() is not None, "the builder holds the lock")
        assert builder.poll() is None, builder.communicate()[1].decode()
        readers += [
            subprocess.Popen([sys.executable, "-c", READER, str(corpus), str(store_dir), str(tmp_path / f"waiting-{k}")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for k in range(2)
        ]
        # both readers reach the lock and are told to wait; none finishes meanwhile
        wait_for(lambda: all((tmp_path / f"waiting-{k}").exists() or r.poll() is not None for k, r in enumerate(readers)), "the readers wait")
        assert all(r.poll() is None for r in readers), [r.communicate()[1].decode() for r in readers if r.poll() is not None]
        assert not (store_dir / "catalog.json").exists()
        go.write_text("go")
        out, err = builder.communicate(timeout=180)
        assert builder.returncode == 0, err.decode()
        assert int(out) == N
        for r in readers:
            out, err = r.communicate(timeout=180)
            assert r.returncode == 0, err.decode()
            res = json.loads(out)
            assert res == {"waited": True, "segmented": 0, "speeches": N, "texts": N}, res
    finally:  # a failed check leaves no process behind
        for p in [builder, *readers]:
            if p.poll() is None:
                p.kill()
                p.communicate()
    assert_store_is_whole(store_dir)
    # and what `jianghua list` shows afterwards is the builder's store
    listed = jianghua("list", "--json", corpus=corpus, store=store_dir)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == N
