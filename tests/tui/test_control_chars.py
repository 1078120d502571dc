"""Format and control characters a terminal could act on (bidi overrides, invisible
operators, interlinear annotation marks …) never reach the screen or the output of
the CLI. One set (`jianghua.corpus.clean`), applied on ingest and again by every
widget; here each of them is fed through every screen and every CLI listing."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from textual.command import CommandList

from jianghua.corpus.clean import sanitize
from jianghua.store import Store
from jianghua.store.models import Passage, Skipped
from jianghua.tui.screens.history import HistoryScreen
from jianghua.tui.screens.passages import PassagesScreen
from jianghua.tui.screens.problems import ProblemsScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.textutil import clean
from tui_helpers import notifications, screen_text, settle

# The ones the browser's own set once lacked, and a few of the classic ones.
NEW = "\u061c\u180e\u2060\u2061\u2062\u2063\u2064" + "".join(map(chr, range(0x206A, 0x2070))) + "\ufff9\ufffa\ufffb"
CHARS = NEW + "\u202e\u2066\u200b\ufeff\x1b\x07\x9b\x00\x7f"


def dirty(text: str | None) -> str | None:
    """`text` with every character of CHARS after its first character."""
    return text[:1] + CHARS + text[1:] if text else text


def shown(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in CHARS if c in text]


@pytest.mark.parametrize("ch", list(CHARS))
def test_one_set_removes_each_character(ch):
    # (an ESC or CSI takes the sequence it starts with it: here "b")
    for out in (sanitize(f"a{ch}b"), clean(f"a{ch}b"), clean(f"a{ch}b", single_line=True)):
        assert out in ("ab", "a"), repr(out)


# ---------------------------------------------------------------- the browser


@pytest.fixture
def dirty_store(store: Store, monkeypatch) -> Store:
    """The bundled store, with CHARS in every text it hands out (as if a store file
    had been written by something that did not clean it)."""

    def summary(s):
        return dataclasses.replace(s, title=dirty(s.title), occasion=dirty(s.occasion), source=dirty(s.source))

    speeches, filtered, speech, passages, passage_text = store.speeches, store.filter, store.speech, store.passages, store.passage_text

    def one_speech(sid):
        sp = speech(sid)
        sections = tuple(dataclasses.replace(sec, heading=dirty(sec.heading)) for sec in sp.sections)
        paras = tuple(
            p.replace(text=dirty(p.text), sentences=tuple(dataclasses.replace(x, text=dirty(x.text)) for x in p.sentences))
            for p in sp.paragraphs
        )
        return dataclasses.replace(
            sp, title=dirty(sp.title), occasion=dirty(sp.occasion), level=dirty(sp.level), salutation=dirty(sp.salutation), sections=sections, paragraphs=paras
        )

    monkeypatch.setattr(store, "speeches", lambda: [summary(s) for s in speeches()])
    monkeypatch.setattr(store, "filter", lambda ids, mode="all": [summary(s) for s in filtered(ids, mode)])
    monkeypatch.setattr(store, "speech", one_speech)
    monkeypatch.setattr(
        store, "passages", lambda ids, mode="all": [Passage(p.speech_id, p.paragraph, p.score, dirty(p.title), dirty(p.section)) for p in passages(ids, mode)]
    )
    monkeypatch.setattr(store, "passage_text", lambda p: dirty(passage_text(p)))
    monkeypatch.setattr(store, "skipped", lambda: [Skipped(dirty("坏文件.txt"), dirty("不能读取"))])
    return store


def assert_clean(app, where: str) -> None:
    text = screen_text(app)
    assert not shown(text), (where, shown(text))


async def test_no_widget_shows_them(make_app, dirty_store):
    app = make_app(dirty_store)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot, app)
        assert_clean(app, "list")
        await pilot.press("slash", "在")  # the narrowing input and the narrowed list
        assert_clean(app, "narrowed list")
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("o")  # the outline
        await pilot.press("escape")
        assert_clean(app, "reader")
        await pilot.press("t", *"integrity", "enter", "n", "y")
        await pilot.pause()
        assert_clean(app, "reader with a theme, copy notification")
        assert not shown(app.clipboard) and not shown("".join(notifications(app)))
        await pilot.press("Y", "ctrl+y")
        assert not shown(app.clipboard)
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PassagesScreen)
        assert_clean(app, "passages")
        await pilot.press("y")
        assert not shown(app.clipboard)
        await pilot.press("c")
        assert isinstance(app.screen, HistoryScreen)
        assert_clean(app, "copy history")
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        assert_clean(app, "problems")
        await pilot.press("ctrl+p", "在")
        for _ in range(60):
            await pilot.pause(0.05)
            if app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count:
                break
        assert_clean(app, "palette")
        assert not shown("".join(notifications(app)))


# ---------------------------------------------------------------- the CLI


@pytest.fixture(scope="module")
def dirty_corpus(tmp_path_factory):
    """A folder whose file name, title, heading and paragraphs carry CHARS (but NUL:
    a file with NUL bytes is rightly skipped as binary)."""
    chars = CHARS.replace("\x00", "")
    root = tmp_path_factory.mktemp("controls")
    corpus = root / "corpus"
    corpus.mkdir()
    text = (
        f"在{chars}廉洁会议上的讲话\n同志们：\n今天{chars}召开会议，强调廉洁自律。党员干部要廉洁自律、清正廉洁。\n"
        f"一、坚持{chars}廉洁自律\n党员干部要廉洁{chars}自律，清正廉洁，两袖清风，坚决反对贪污腐败。\n"
    )
    (corpus / f"讲话{NEW}.txt").write_text(text, encoding="utf-8")
    (corpus / f"坏{NEW}.txt").write_bytes(b"\x00\x01\xff" * 40)
    return corpus, root / "store"


def cli(corpus, store, *args) -> str:
    r = subprocess.run(
        [sys.executable, "-m", "jianghua", *args, "--corpus", str(corpus), "--store", str(store)], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert not shown(r.stderr), (args, shown(r.stderr))
    return r.stdout


@pytest.mark.parametrize(
    "args", [("build",), ("list",), ("list", "--json"), ("show", "讲话"), ("show", "讲话", "--json"), ("passages", "--theme", "integrity"), ("passages", "--theme", "integrity", "--json")]
)
def test_no_cli_output_shows_them(dirty_corpus, args):
    out = cli(*dirty_corpus, *args)
    assert "廉洁" in out or "skipped" in out
    assert not shown(out), (args, shown(out))
    if "--json" in args:
        assert not shown(json.dumps(json.loads(out), ensure_ascii=False))
