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
    [b"", b"{", b'{"positions": [1, 2]}', b"[]", b"\x00\x1b[31m\xff\xfe", b'{"history": "x"}', b'{"settings": 5}',
     b"[" * 100_000],  # (nested too deep for the JSON reader: RecursionError, was a crash)
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


# (More tests that kill mutants which survived a mutmut run on store/state.py.)


def test_positions_over_the_cap_drop_the_oldest_only(tmp_path, monkeypatch):
    monkeypatch.setattr(state_mod, "MAX_POSITIONS", 3)
    st = State.load(tmp_path / "state.json")
    for i in range(5):
        st.set_position(f"s{i}", i)
    assert st.positions.keys() == {"s2", "s3", "s4"} and st.position("s4") == 4


def test_history_records_keep_every_field(tmp_path):
    path = tmp_path / "state.json"
    st = State.load(path)
    rec = st.add_copy("廉洁自律\n「题」第1段", 4, "paragraph", "abc123", "在会上的讲话")
    assert st.save()
    (again,) = State.load(path).history
    assert again == rec and again.at > 0


def test_sentence_zero_and_entries_without_a_time_are_kept(tmp_path):
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"positions": {"a": {"sentence": 0, "at": 5.5}, "b": {"sentence": 3}}}), encoding="utf-8")
    st = State.load(path)
    assert (st.position("a"), st.position("b")) == (0, 3)
    # another session that started before b was written keeps it when it saves
    other_path = tmp_path / "other.json"
    late = State.load(other_path)
    other_path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    late.set_position("c", 7)
    assert late.save()
    merged = State.load(other_path)
    assert (merged.position("a"), merged.position("b"), merged.position("c")) == (0, 3, 7)


def test_the_newer_position_wins_when_two_sessions_save(tmp_path):
    path = tmp_path / "state.json"
    mine = State.load(path)
    mine.set_position("x", 1)
    now = mine.positions["x"]["at"]
    for at, expect in ((now - 100, 1), (now + 100, 9)):
        path.write_text(json.dumps({"positions": {"x": {"sentence": 9, "at": at}}}), encoding="utf-8")
        mine.dirty = True
        assert mine.save()
        assert State.load(path).position("x") == expect, at


def test_a_state_in_a_new_deep_folder(tmp_path):
    deep = tmp_path / "a" / "b" / "c" / "state.json"
    st = State.load(deep)
    st.set_position("a", 2)
    assert st.save() and State.load(deep).position("a") == 2


def test_damaged_files_moved_aside_in_the_same_second_keep_each_backup(tmp_path, monkeypatch):
    monkeypatch.setattr(state_mod.time, "strftime", lambda fmt, *a: "20260101-120000")
    path = tmp_path / "state.json"
    for k in range(3):
        path.write_bytes(b"{broken %d" % k)
        assert State.load(path).messages
    names = sorted(p.name for p in tmp_path.glob("state.json.corrupt-*"))
    stamp = "state.json.corrupt-20260101-120000"
    assert names == [stamp, stamp + "-1", stamp + "-2"]
    assert sorted((tmp_path / n).read_bytes() for n in names) == [b"{broken 0", b"{broken 1", b"{broken 2"]
