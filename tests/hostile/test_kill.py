"""`kill -9` of a build at random moments, again and again: the next start finds
the old store or the new one (never a half-written file) and finishes; nothing a
finished build wrote is lost; no worker process outlives its builder."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jianghua.store import Store

from .conftest import ROOT, jianghua
from .hostile_corpus import BUNDLED, closing_line, make_speech_corpus
from .storecheck import assert_store_is_whole

N = 160
ROUNDS = 50
BUDGET = 110.0  # seconds for the kill rounds (bounds the test's length; not an assertion)
FINISH_EVERY = 4  # every 4th round is left to finish: some builds finish whatever the machine's load


def session_members(sid: int) -> list[int]:
    """Processes whose session is `sid` (the builder was started in its own session)."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 3 and int(fields[3]) == sid and fields[0] != b"Z":
            out.append(int(name))
    return out


def rewrite(corpus: Path, ks: list[int], round_: int, texts: list[str]) -> None:
    for k in ks:
        (corpus / f"{k:04d}.txt").write_text(texts[k % len(texts)] + "\n" + closing_line(k, round_) + "\n", encoding="utf-8")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker processes")
def test_kill_9_at_random_moments(tmp_path):
    corpus, store_dir = tmp_path / "corpus", tmp_path / "store"
    make_speech_corpus(corpus, N)
    texts = [p.read_text(encoding="utf-8") for p in sorted(BUNDLED.glob("*.txt"))]
    latest = dict.fromkeys(range(N), 0)
    rng = random.Random(5)
    # A builder killed with SIGKILL leaves its fork server's /tmp/pymp-* folder: keep them in tmp_path.
    (tmp_path / "tmp").mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmp_path / "tmp"))
    sessions: list[int] = []
    outcomes = {"killed": 0, "finished": 0}
    full = 2.0
    committed = 0  # generation of the last build that finished
    t0 = time.monotonic()
    try:
        for i in range(ROUNDS):
            if time.monotonic() - t0 > BUDGET:
                break
            if i:
                # Give the next build work: new content for a random share of the files.
                ks = rng.sample(range(N), rng.randint(20, 120))
                rewrite(corpus, ks, i, texts)
                latest.update(dict.fromkeys(ks, i))
            e = dict(env, JIANGHUA_WORKERS="1" if i % 2 else "")
            started = time.monotonic()
            cmd = [sys.executable, "-m", "jianghua", "build", "--quiet", "--corpus", str(corpus), "--store", str(store_dir)]
            # stderr to a file: a pipe would stay open as long as any orphan holds it.
            with open(tmp_path / "stderr", "w+b") as err:
                p = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
                sessions.append(p.pid)
                try:
                    # Every FINISH_EVERY-th round (round 0 builds everything) runs to the end
                    # and sets the scale: the length of the last finished build. The others
                    # are killed at a random moment within that length, so the moments
                    # follow the machine's speed (a loaded machine makes builds slower).
                    p.wait(timeout=None if i % FINISH_EVERY == 0 else rng.uniform(0.05, 0.9) * full)
                    err.seek(0)
                    assert p.returncode == 0, err.read().decode()
                    outcomes["finished"] += 1
                    if i % FINISH_EVERY == 0:
                        full = time.monotonic() - started
                except subprocess.TimeoutExpired:
                    os.kill(p.pid, signal.SIGKILL)
                    p.wait()
                    outcomes["killed"] += 1
            # Whatever the moment: only whole files, and a consistent catalogue that
            # is the last finished build's or a newer one (never older: nothing lost).
            meta = assert_store_is_whole(store_dir)
            gen = meta["gen"] if meta else 0
            assert gen >= committed, (gen, committed)
            s = Store.open(corpus, store_path=store_dir)
            assert not any("damaged" in m for m in s.messages), s.messages
            if p.returncode == 0:
                committed = gen
                assert len(s.speeches()) == N and s.is_current()
        rounds = outcomes["killed"] + outcomes["finished"]
        assert rounds >= 2 * FINISH_EVERY, (outcomes, "the machine is too slow for this test's budget")
        assert outcomes["finished"] >= rounds // FINISH_EVERY and outcomes["killed"] >= 3, outcomes

        # The next start finishes and has every file's latest content.
        r = jianghua("build", corpus=corpus, store=store_dir)
        assert r.returncode == 0, r.stderr.decode()
        assert f"{N} speeches".encode() in r.stdout
        assert b"damaged" not in r.stderr
        meta = assert_store_is_whole(store_dir)
        assert meta and meta["speeches"] == N
        s = Store.open(corpus, store_path=store_dir)
        assert len(s.speeches()) == N and not s.skipped()
        for k in range(N):
            sp = s.speech(s.resolve(f"{k:04d}.txt"))
            assert sp.paragraphs[-1].text == closing_line(k, latest[k]), k
            assert s.summary(sp.id).keywords  # keywords were not lost either
        assert s.is_current()
        # No orphaned worker: a builder killed with SIGKILL takes its pool with it.
        deadline = time.monotonic() + 15  # workers notice a dead builder within 0.5 s; the fork server when its pipe closes (slower under load)
        left = [pid for sid in sessions for pid in session_members(sid)]
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = [pid for sid in sessions for pid in session_members(sid)]
        assert not left, f"processes left behind by killed builds: {left}"
    finally:
        for sid in sessions:
            for pid in session_members(sid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
    print(f"kill -9 rounds: {outcomes} in {time.monotonic() - t0:.1f} s")
