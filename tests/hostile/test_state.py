"""The browser's state file (store/state.py): damaged, unwritable, killed mid-save."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from jianghua.store import state as state_mod  # a module that fails to import fails here, never skips
from jianghua.store.state import State

from .conftest import ROOT


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b'{"positions": [1, 2]}', b"[]", b"\x00\x1b[31m\xff\xfe", b'{"history": "x"}', b'{"settings": 5}'],
)
def test_damaged_state_is_moved_aside_with_a_message(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_bytes(content)
    st = State.load(path)
    assert st.messages and "damaged" in st.messages[0]
    assert list(tmp_path.glob("state.json.corrupt-*"))  # kept, never silently emptied
    st.set_position("abc", 3)
    assert st.save() and json.loads(path.read_text(encoding="utf-8"))["positions"]["abc"]["sentence"] == 3


def test_bad_entries_are_dropped_good_ones_kept(tmp_path):
    path = tmp_path / "state.json"
    path.write_text(json.dumps({
        "positions": {"a": {"sentence": 1}, "b": "x", "c": {"sentence": True}, "d": {"sentence": 2, "at": "soon"}},
        "history": [{"text": "t", "chars": "many"}, {"text": "好", "at": [1]}, {"text": "ok"}, 5, {"text": "\x1b]52;c;eA==\x07"}],
        "settings": {"citation": False, "outline": [1], "nonsense": 1},
    }), encoding="utf-8")
    st = State.load(path)
    assert st.position("a") == 1 and st.position("d") == 2 and st.position("b") is None and st.position("c") is None
    assert "ok" in [h.text for h in st.history]
    assert st.setting("citation") is False and st.setting("outline") is True


def test_state_folder_that_cannot_be_written(tmp_path):
    (tmp_path / "file").write_text("x")
    st = State.load(tmp_path / "file" / "state.json")
    st.set_position("abc", 3)
    assert st.save() is False
    assert st.messages and "not saved" in st.messages[-1]
    assert st.position("abc") == 3  # still there, in memory
    # A folder that goes away (a file in its place) between start and save.
    st = State.load(tmp_path / "later" / "state.json")
    assert not st.messages
    (tmp_path / "later").write_text("x")
    st.set_position("abc", 4)
    assert st.save() is False
    assert "cannot be written" in st.messages[-1] and st.position("abc") == 4


def test_state_path_that_is_a_folder(tmp_path):
    (tmp_path / "state.json").mkdir()
    st = State.load(tmp_path / "state.json")
    assert st.messages
    st.set_position("abc", 1)
    assert st.save() is False  # and no exception


SAVER = """
import sys, time
from jianghua.store.state import State
st = State.load(sys.argv[1])
k = 0
while True:
    k += 1
    st.set_position(f"s{k % 300}", k)
    st.add_copy("同志们：" * 2000 + str(k), 8000, "paragraph", "id", "标题")
    st.save()
    if k == 1:
        print("saved", flush=True)  # one whole save done: kill me from now on
"""


def test_kill_9_during_saves_never_leaves_a_broken_state_file(tmp_path):
    path = tmp_path / "state.json"
    rng = random.Random(7)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(20):
        p = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert p.stdout.readline() == b"saved\n"  # (waits for the saver's first save, however slow the machine)
        time.sleep(rng.uniform(0.0, 0.3))  # then a random moment among the next saves
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        p.stdout.close()
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))  # whole, never half-written
            assert isinstance(data, dict) and "positions" in data
    st = State.load(path)
    assert not st.messages and st.history
    assert not list(tmp_path.glob("state.json.corrupt-*"))


def test_a_huge_copy_is_kept_truncated_and_settings_round_trip(tmp_path):
    """(Kills mutants that survived a mutmut run on store/state.py.)"""
    path = tmp_path / "state.json"
    st = State.load(path)
    whole = st.add_copy("字" * state_mod.MAX_COPY_CHARS, 9, "speech")
    cut = st.add_copy("字" * (state_mod.MAX_COPY_CHARS + 1), 9, "speech")
    assert len(whole.text) == len(cut.text) == state_mod.MAX_COPY_CHARS == 200_000
    assert cut.chars == 9  # the 字数 of what was copied, not of what is kept
    for key, value in (("colour_scheme", "textual-light"), ("outline", False), ("citation", False)):
        st.set_setting(key, value)
    assert st.save()
    again = State.load(path)
    assert [len(h.text) for h in again.history] == [200_000, 200_000]
    assert (again.setting("colour_scheme"), again.setting("outline"), again.setting("citation")) == ("textual-light", False, False)
    with pytest.raises(KeyError):
        st.set_setting("no such setting", 1)
