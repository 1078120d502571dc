"""An index made by an older jianghua (another format version or other folding rules)
is made again when the browser opens a store whose speeches are all current — not left
until a file changes, with every search reading the speeches meanwhile."""

from __future__ import annotations

import orjson
from tui_helpers import wait_until

from jianghua.store.search_index import VERSION, fold_rules, index_dir


def _manifest(store) -> dict:
    return orjson.loads((index_dir(store) / "manifest.json").read_bytes())


async def test_an_index_folded_by_older_rules_is_made_again_at_start(make_app, store):
    path = index_dir(store) / "manifest.json"
    m = _manifest(store)
    assert m["fold"] == fold_rules() and m["v"] == VERSION
    m["fold"] = "older-rules"
    path.write_bytes(orjson.dumps(m))
    assert store.is_current()  # (the speeches are: the catalogue has nothing to do)
    app = make_app()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: _manifest(store)["fold"] == fold_rules(), "the index made again")
        await wait_until(pilot, lambda: not [w for w in app.workers if w.group == "build" and w.is_running], "the build worker done")
    assert _manifest(store)["fold"] == fold_rules()


async def test_a_failing_index_remake_is_not_a_failed_build(make_app, store, monkeypatch):
    """The remake runs after the list is shown: if it fails, the list stays as it is and
    no 'could not be updated' warning covers it (the build was fine)."""
    def boom():
        raise ValueError("damaged body")

    monkeypatch.setattr(store, "sync_search_index", boom)
    app = make_app()
    done = []
    real = app._build_done
    monkeypatch.setattr(app, "_build_done", lambda report, error: done.append(error) or real(report, error))
    async with app.run_test(notifications=True) as pilot:
        await wait_until(pilot, lambda: not [w for w in app.workers if w.group == "build" and w.is_running], "the build worker done")
        await pilot.pause()
        assert done == [None]
        assert not [n for n in app._notifications if n.severity == "error"]
