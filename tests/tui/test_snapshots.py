"""Snapshots at 100×30: the list, the reader with a theme active, the picker, help —
in Chinese and in English (issue 12 §1).

Deterministic: a fixed tmp store of the bundled corpus (nothing on screen names
it), no cursor blink, no toasts. Update with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tui_helpers import SIZE

LANGUAGES = pytest.mark.parametrize("language", ["zh", "en"])


async def _ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@LANGUAGES
def test_snapshot_list(snap_compare, make_app, lang, language):
    lang(language)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_ready)


@LANGUAGES
def test_snapshot_reader_with_theme(snap_compare, make_app, store, lang, language):
    lang(language)
    sid = next(s.id for s in store.speeches() if s.title == "在县委办党支部2022年度组织生活会上的讲话")

    async def run_before(pilot) -> None:
        await _ready(pilot)
        pilot.app.apply_filter_ids(("office",))
        pilot.app.open_speech(sid)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before, press=["n", "n", "v", "j"])


@LANGUAGES
def test_snapshot_theme_picker(snap_compare, make_app, lang, language):
    lang(language)

    async def run_before(pilot) -> None:
        await _ready(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before, press=["t", "down", "space", "down", "down", "space"])


@LANGUAGES
def test_snapshot_help(snap_compare, make_app, lang, language):
    lang(language)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_ready, press=["question_mark"])


def test_snapshot_reader_light_theme(snap_compare, make_app, store):
    sid = next(s.id for s in store.speeches() if s.title == "在2023年全市党政办公室主任会议上的讲话")

    async def run_before(pilot) -> None:
        await _ready(pilot)
        pilot.app.theme = "textual-light"
        pilot.app.apply_filter_ids(("politics",))
        pilot.app.open_speech(sid)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before, press=["n"])
