"""Corpus text is data: markup and escape sequences in a speech never act, anywhere."""

from __future__ import annotations

import pytest
from textual.command import CommandList

from jianghua.store import Store
from jianghua.tui.screens.history import HistoryScreen
from jianghua.tui.screens.passages import PassagesScreen
from jianghua.tui.screens.problems import ProblemsScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.widgets.outline import Outline
from tui_helpers import SIZE, notifications, screen_text, settle, wait_until

TITLE = "在[b]加粗[/b]与[@click=app.quit]退出[/]和[link=x]链接[/link]会议上的讲话"
HOSTILE = f"""{TITLE}
同志们：
今天召开会议，[/]强调廉洁自律。党员干部要廉洁自律、清正廉洁、两袖清风，坚决反对贪污腐败，[@click=app.quit]守住廉洁底线。市委书记***同志提出要求。\x1b[31m红色\x1b[0m文字\x1b]52;c;aGk=\x07。
一、[b]坚持廉洁自律[/b]，[link=x]守住底线
党员干部要廉洁自律，清正廉洁，两袖清风。[@click=app.quit]廉洁自律是立身之本，廉洁从政、廉洁用权、廉洁修身。要[/]坚守廉洁底线[b]。
二、[/]强化纪律规矩
严守政治纪律和政治规矩，廉洁自律，清正廉洁，做到[link=x]令行禁止[/link]。
"""
BAD_NAME = "[b]bad[@click=app.quit].txt"
MARKUP = ["[/]", "[@click=app.quit]", "[link=x]", "[b]"]


@pytest.fixture
def hostile_store(tmp_path) -> Store:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "000_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / BAD_NAME).write_bytes(b"\x00\x01\xff" * 40)  # skipped: binary
    s = Store.open(corpus, store_path=tmp_path / "store")
    s.update()
    assert [x.title for x in s.speeches()] == [TITLE]
    assert [x.source for x in s.skipped()] == [BAD_NAME]
    return s


def assert_shown_literally(app, *expected: str) -> str:
    text = screen_text(app)
    assert "\x1b" not in text and "\x07" not in text
    for e in expected:
        assert e in text, (e, text)
    return text


async def test_markup_in_corpus_text_is_shown_literally_everywhere(make_app, hostile_store):
    app = make_app(hostile_store)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot, app)
        # the list: the title with its brackets
        assert_shown_literally(app, TITLE)

        # the reader: header, outline, headings, paragraphs, placeholders
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        text = assert_shown_literally(app, TITLE, "一、[b]坚持廉洁自律[/b]，[link=x]守住底线", "[@click=app.quit]守住廉洁底线", "二、[/]强化纪律规矩")
        assert "红色文字" in text and "[31m" not in text
        outline = app.screen.query_one(Outline)
        assert any("[b]坚持廉洁" in o.prompt.plain for o in outline.options)

        # a theme: filter bar, marked sentences; copy: clipboard and notification
        await pilot.press("t", *"integrity", "enter", "n", "y")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.is_running
        assert "[" in app.clipboard and TITLE in app.clipboard
        note = notifications(app)[-1]
        assert "「" in note
        await pilot.press("ctrl+y")
        assert "[@click=app.quit]" in app.clipboard and TITLE in app.clipboard
        assert app.clipboard.count("\x1b") == 0

        # the passages view: table and preview
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PassagesScreen)
        assert_shown_literally(app, "一、[b]坚持廉洁自律[/b]，[link=x]守住底线", "[@click=app.quit]廉洁自律是立身之本")

        # the copy history
        await pilot.press("c")
        assert isinstance(app.screen, HistoryScreen)
        assert_shown_literally(app, "[@click=app.quit]")

        # the problems view: a file name with markup
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        assert_shown_literally(app, BAD_NAME, "binary")

        # the command palette: a title with markup as a hit
        await pilot.press("ctrl+p", *"加粗")
        await wait_until(pilot, lambda: bool(app.screen.query(CommandList)) and app.screen.query_one(CommandList).option_count > 0, "palette hits")
        assert_shown_literally(app, "Open speech: " + TITLE)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.is_running  # [@click=app.quit] never quit the app


async def test_notifications_do_not_parse_markup(make_app, hostile_store):
    app = make_app(hostile_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "J", "j", "y")
        await pilot.pause()
        assert "[@click=app.quit]" in app.clipboard
        # the toast is on screen and shows the brackets as typed
        assert "「[@click=app.quit]廉…」" in screen_text(app)
        for n in app._notifications:
            assert n.markup is False


def widget_text(app, widget) -> tuple[str, list]:
    """What one widget shows on the screen (its rows, as text) and its segments."""
    region = widget.content_region
    strips = app.screen._compositor.render_strips()
    rows, segments = [], []
    for y in range(region.y, region.bottom):
        strip = strips[y].crop(region.x, region.right)
        rows.append(strip.text)
        segments.extend(strip)
    return "\n".join(rows), segments


async def test_the_passages_preview_shows_the_title_literally(make_app, hostile_store):
    app = make_app(hostile_store)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot, app)
        app.apply_filter_ids(("integrity",))
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PassagesScreen)
        preview = app.screen.query_one("#preview")
        text, segments = widget_text(app, preview)
        first = text.splitlines()[0]
        assert first.startswith(TITLE), (first, TITLE)  # brackets and all, on the preview itself
        for seg in segments:  # and no live action or link came out of the brackets
            meta = seg.style.meta if seg.style else {}
            assert "@click" not in meta and not (seg.style and seg.style.link), seg
        from rich.cells import cell_len

        await pilot.click(preview, offset=(1 + cell_len(TITLE[: TITLE.index("退出")]), 0))  # 1: padding
        assert app.is_running
