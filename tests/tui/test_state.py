"""store/state.py: positions, copy history and settings in a small JSON file of its own."""

from __future__ import annotations

import json

from jianghua.store import state as state_mod
from jianghua.store.state import State
from tui_helpers import SIZE, notifications, settle


def test_round_trip(tmp_path):
    path = tmp_path / "s" / "state.json"
    st = State.load(path)
    assert st.messages == [] and st.position("a") is None and st.setting("citation") is True
    st.set_position("a", 7)
    st.add_copy("廉洁自律\n「题」第1段", 4, "sentence", "a", "题")
    st.set_setting("citation", False)
    assert st.save()
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temp file left behind
    again = State.load(path)
    assert again.position("a") == 7
    assert again.history[0].text == "廉洁自律\n「题」第1段" and again.history[0].chars == 4
    assert again.setting("citation") is False
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


def test_nothing_written_when_nothing_changed(tmp_path):
    path = tmp_path / "state.json"
    st = State.load(path)
    assert st.save() and not path.exists()
    st.set_position("a", 1)
    st.save()
    mtime = path.stat().st_mtime_ns
    st.set_position("a", 1)  # same value: not dirty
    st.save()
    assert path.stat().st_mtime_ns == mtime


def test_corrupt_file_is_moved_aside_not_emptied(tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b'{"positions": {"a": {"sentence": 3}}, "history": [tru')
    st = State.load(path)
    assert len(st.messages) == 1 and "moved aside" in st.messages[0]
    backups = list(tmp_path.glob("state.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes().endswith(b"[tru")
    assert st.positions == {} and not path.exists()
    st.set_position("b", 2)
    assert st.save()
    assert State.load(path).position("b") == 2
    assert backups[0].exists()  # the backup is kept


def test_wrong_shapes_count_as_corrupt(tmp_path):
    for body in (b"[]", b'{"positions": []}', b'{"history": {}}', "{\"x\": 1".encode()):
        path = tmp_path / "state.json"
        path.write_bytes(body)
        st = State.load(path)
        assert st.messages and "moved aside" in st.messages[0], body
        for b in tmp_path.glob("state.json.corrupt-*"):
            b.unlink()


def test_bad_entries_are_dropped_good_ones_kept(tmp_path):
    path = tmp_path / "state.json"
    path.write_text(
        json.dumps(
            {
                "positions": {"a": {"sentence": 4}, "b": {"sentence": "x"}, "c": 5},
                "history": [{"text": "好"}, {"nope": 1}, 3],
                "settings": {"citation": False, "unknown": 1, "colour_scheme": ["x"]},
            }
        ),
        encoding="utf-8",
    )
    st = State.load(path)
    assert st.messages == []
    assert st.positions.keys() == {"a"} and st.position("a") == 4
    assert [h.text for h in st.history] == ["好"]
    assert st.setting("citation") is False and st.setting("colour_scheme") is None


def test_unreadable_location_keeps_state_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    st = State.load(blocker / "state.json")
    assert st.messages and "cannot be read" in st.messages[0]
    st.set_position("a", 1)
    assert st.save() is False
    assert st.position("a") == 1  # still usable
    assert blocker.read_text() == "not a folder"


def test_failed_write_keeps_the_old_file_and_says_so(tmp_path, monkeypatch):
    import errno
    import tempfile

    path = tmp_path / "state.json"
    st = State.load(path)
    st.set_position("a", 1)
    assert st.save()

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    st.set_position("a", 2)
    assert st.save() is False
    assert "cannot be written" in st.messages[-1]
    assert State.load(path).position("a") == 1  # the old file is intact
    assert st.position("a") == 2


def test_history_and_positions_are_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(state_mod, "MAX_HISTORY", 3)
    monkeypatch.setattr(state_mod, "MAX_POSITIONS", 2)
    st = State.load(tmp_path / "state.json")
    for i in range(5):
        st.add_copy(f"t{i}", 2, "sentence")
        st.set_position(f"s{i}", i)
    assert [h.text for h in st.history] == ["t2", "t3", "t4"]
    assert set(st.positions) == {"s3", "s4"}


def test_default_path_follows_the_state_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("JIANGHUA_STATE_DIR", str(tmp_path / "st"))
    assert state_mod.default_path() == tmp_path / "st" / "state.json"


async def test_app_reports_a_corrupt_state_file_and_carries_on(make_app, state_path):
    state_path.parent.mkdir(parents=True)
    state_path.write_text("{corrupt", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert any("moved aside" in n for n in notifications(app))
        await pilot.press("enter", "j", "q")
    assert json.loads(state_path.read_text(encoding="utf-8"))["positions"]
    assert list(state_path.parent.glob("state.json.corrupt-*"))


def test_two_sessions_do_not_undo_each_other(tmp_path):
    path = tmp_path / "state.json"
    a = State.load(path)
    b = State.load(path)
    a.set_position("x", 3)
    a.add_copy("甲", 1, "sentence")
    assert a.save()
    b.set_position("y", 5)
    b.add_copy("乙", 1, "sentence")
    assert b.save()
    merged = State.load(path)
    assert merged.position("x") == 3 and merged.position("y") == 5
    assert [h.text for h in merged.history] == ["甲", "乙"]


def test_one_bad_history_entry_is_skipped(tmp_path):
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"history": [{"text": "好", "chars": "many"}, {"text": "行", "chars": 1}]}), encoding="utf-8")
    st = State.load(path)
    assert st.messages == [] and [h.text for h in st.history] == ["行"]


def test_cleared_history_stays_cleared(tmp_path):
    path = tmp_path / "state.json"
    st = State.load(path)
    st.add_copy("旧", 1, "sentence")
    st.save()
    st.clear_history()
    st.save()
    assert State.load(path).history == []
