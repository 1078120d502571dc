"""The speech list's frictions (issue 12 §3): column widths, Enter in the narrowing
box, title order by pinyin, remembered filter and position, read marks, skipped
files in the top bar, h/l keys, the theme picker's j/k and its background."""

from __future__ import annotations

from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.line_table import LineTable

from tui_helpers import SIZE, screen_text, settle, titles


async def test_enter_in_the_narrowing_box_opens_the_highlighted_speech(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"党支部")
        matches = titles(app)
        assert len(matches) > 1  # not only when one remains
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.speech.title == matches[0]
        # after moving down in the list, Enter in the box opens the row moved to
        await pilot.press("q")
        assert isinstance(app.screen, SpeechListScreen)
        await pilot.press("slash")
        await pilot.press("down", "j")  # ↓ leaves the box for the list; j moves there
        await pilot.press("slash", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.speech.title == matches[1]


async def test_picker_j_k_move_when_the_box_is_empty_and_type_otherwise(make_app, store):
    from jianghua.tui.dialogs.theme_picker import ThemeOptions, ThemePicker

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        assert isinstance(app.screen, ThemePicker)
        options = app.screen.query_one(ThemeOptions)
        box = app.screen.query_one("#picker-input")
        assert options.highlighted == 0
        await pilot.press("j", "j", "k")
        assert options.highlighted == 1 and box.value == ""
        await pilot.press("down")
        assert options.highlighted == 2
        # with text in the box, j and k are letters of the narrowing
        await pilot.press("o", "j")
        assert box.value == "oj"
        await pilot.press("backspace", "backspace")
        assert box.value == ""
        await pilot.press("j")
        assert box.value == "" and options.highlighted == 1


async def test_the_list_stays_visible_behind_the_picker(make_app, store):

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        # the list's top bar and its titles show around the dialog (dimmed, not blanked)
        assert "5/5 speeches" in lines[0]
        assert any(store.speeches()[0].title[:6] in line for line in lines[2:6])


async def test_h_left_go_back_and_l_right_open(make_app, store):
    from jianghua.tui.screens.history import HistoryScreen
    from jianghua.tui.screens.problems import ProblemsScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for open_key, back_key in (("l", "h"), ("right", "left")):
            await pilot.press("j", open_key)
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen), open_key
            assert app.screen.speech_id == app.screen_stack[0].query_one(LineTable).current_row.id
            await pilot.press(back_key)
            await pilot.pause()
            assert isinstance(app.screen, SpeechListScreen), back_key
        for key, screen in (("exclamation_mark", ProblemsScreen), ("c", HistoryScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, SpeechListScreen)
        # typed into the narrowing box, h and l are letters
        await pilot.press("slash", "l", "h")
        assert app.screen.query_one("#narrow").value == "lh"
        assert isinstance(app.screen, SpeechListScreen)
        # and the help says so
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "l →" in text and "Open (like Enter)" in text


def _widths(app) -> dict[str, int]:
    table = app.screen.query_one(LineTable)
    return {c.key: w for c, w in table._column_widths(table.scrollable_content_region.width)}


async def test_columns_fit_80_120_and_200_columns(make_app, store):
    rows = store.speeches()
    for size in ((80, 24), (120, 36), (200, 50)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot, app)
            lines = screen_text(app).splitlines()
            header = lines[1]
            for label in ("Title", "Date", "Occasion", "Length", "Themes"):
                assert label in header, (size, label)
            # the top bar keeps its end
            assert lines[0].rstrip().endswith("sort: file order"), size
            w = _widths(app)
            assert w["title"] >= 30 and w["themes"] >= 10 and w["occasion"] >= 8, (size, w)
            if size[0] >= 120:
                # occasions and two theme names are whole; the title still has the most room
                for s in rows:
                    assert s.occasion is None or s.occasion in "\n".join(lines), (size, s.occasion)
                assert w["themes"] >= 22 and w["title"] > w["themes"], (size, w)
            if size[0] >= 200:
                for s in rows:  # every title whole
                    assert s.title in "\n".join(lines), size
                assert "·".join(t.name for t in rows[0].themes[:3]) in "\n".join(lines)


async def test_a_long_theme_filter_gives_way_to_the_end_of_the_top_bar(make_app, store):
    from jianghua.tui.filtering import ThemeFilter

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        ids = tuple(t.id for t in store.themes()[:5])
        app.browser.set_filter(ThemeFilter(ids, "any"))
        await pilot.pause()
        bar = screen_text(app).splitlines()[0].strip()
        assert bar.startswith("Themes: ") and "…" in bar
        assert bar.endswith("sort: strongest first")


def test_column_fitting_gives_way_in_the_order_of_the_stops():
    from jianghua.tui.widgets.columns import Column, fit

    cols = [
        Column("title", "", stops=(12, 30, 30, 44, None), share=2),
        Column("date", "", stops=(10,), drop=2),
        Column("themes", "", stops=(10, 10, 22, 22, 50), drop=3),
    ]

    def widths(width):
        return {c.key: w for c, w in fit(cols, width)}

    assert widths(200) == {"title": 200 - 3 - 10 - 50, "date": 10, "themes": 50}
    # narrowing: the title gives way first (to 30), then the themes, then the title again
    assert widths(70) == {"title": 70 - 3 - 32, "date": 10, "themes": 22}
    assert widths(60) == {"title": 30, "date": 10, "themes": 60 - 3 - 40}
    assert widths(40) == {"title": 40 - 3 - 20, "date": 10, "themes": 10}
    # then columns go, highest drop rank first, the title never
    assert [c.key for c, _ in fit(cols, 30)] == ["title", "date"]
    assert [c.key for c, _ in fit(cols, 10)] == ["title"]
    # plain columns: fixed, and flexible ones sharing the rest equally
    plain = [Column("a", "", 6), Column("b", "", 0, min_width=4), Column("c", "", 0, min_width=4)]
    assert [w for _, w in fit(plain, 41)] == [6, 16, 16]


async def test_skipped_files_are_said_in_the_top_bar_on_every_start(tmp_path, state_path):
    import shutil
    from pathlib import Path

    from jianghua.store import Store
    from jianghua.tui.app import JianghuaApp

    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[2] / "corpus" / "bundled", corpus)
    (corpus / "坏文件.txt").write_bytes(b"\x00\x01\xff" * 40)  # binary: skipped
    Store.open(corpus, store_path=tmp_path / "store").update()
    for _start in range(2):
        app = JianghuaApp(Store.open(corpus, store_path=tmp_path / "store"), state_path=state_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            bar = screen_text(app).splitlines()[0].rstrip()
            assert bar.endswith("1 skipped · ! shows why"), bar


def test_title_key_pinyin_and_numbers_by_value():
    from jianghua.store.collation import title_key

    titles = ["在第121号会议上的讲话", "在第31号会议上的讲话", "在第３号会议上的讲话", "重庆银行座谈会",
              "阿坝州工作会议", "《关于》座谈会", "Beijing 会议", "2023年工作报告", "2022年工作报告", "马", "妈"]
    assert sorted(titles, key=title_key) == [
        "2022年工作报告", "2023年工作报告",  # numbers by value, before letters
        "阿坝州工作会议",  # a
        "Beijing 会议",  # Latin among the pinyin
        "重庆银行座谈会",  # chóng (the phrase's reading, not zhòng)
        "《关于》座谈会",  # punctuation ignored: guan
        "妈", "马",  # same letters: mā before mǎ
        "在第３号会议上的讲话", "在第31号会议上的讲话", "在第121号会议上的讲话",
    ]
    # traditional characters have their readings: 中國 sorts with 中国
    assert title_key("中國")[0] == title_key("中国")[0]


async def test_title_sort_is_pinyin_and_T_keeps_the_chosen_sort(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("s")
        assert app.screen.sort == "title"
        # 在2023年… (a number), 在第… (di), 在市… (shi), 在县… (xian)
        assert [t[:3] for t in titles(app)] == ["在20", "在第一", "在市党", "在市委", "在县委"]
        await pilot.press("t", *"廉洁", "enter")
        await pilot.pause()
        assert app.theme_filter.active and app.screen.sort == "title"
        assert titles(app) == sorted(titles(app), key=lambda t: next(s.title_key for s in store.speeches() if s.title == t))
        await pilot.press("T")
        await pilot.pause()
        assert not app.theme_filter.active
        assert app.screen.sort == "title"
        assert [t[:3] for t in titles(app)] == ["在20", "在第一", "在市党", "在市委", "在县委"]
        assert "sort: title (pinyin)" in screen_text(app).splitlines()[0]


def test_start_up_does_not_import_pypinyin(tui_built, tmp_path):
    """The pinyin of titles is made on the first title sort, not at start-up."""
    import json
    import subprocess
    import sys

    code = f"""
import asyncio, json, sys
from jianghua.store import Store
from jianghua.tui.app import JianghuaApp
async def main():
    app = JianghuaApp(Store.open(store_path={str(tui_built)!r}), state_path={str(tmp_path / 'state.json')!r})
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = 'pypinyin' in sys.modules
        await pilot.press('s')
        print(json.dumps([before, 'pypinyin' in sys.modules, app.screen.sort]))
asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [False, True, "title"]


async def test_filter_sort_and_place_are_kept_across_restarts(make_app, store):
    from jianghua.tui.filtering import ThemeFilter

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t", *"讲政治", "enter", "m")  # a filter, switched to any-of
        await pilot.pause()
        await pilot.press("s", "j")  # sorted by title, the second speech
        await pilot.pause()
        flt = app.theme_filter
        place = app.screen.query_one(LineTable).current_row.id
        shown = titles(app)
        assert flt.active and flt.mode == "any" and len(shown) > 1
        await pilot.press("q")
    app = make_app()  # the next start
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.theme_filter == flt
        assert app.screen.sort == "title" and titles(app) == shown
        assert app.screen.query_one(LineTable).current_row.id == place
        assert "Themes: 讲政治" in screen_text(app).splitlines()[0]
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("q")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.theme_filter == ThemeFilter((), "any") and len(titles(app)) == 5
        assert app.screen.query_one(LineTable).current_row.id == place  # still on it


async def test_the_place_in_a_long_list_is_scrolled_into_view(make_app, store, state_path):
    import dataclasses

    from jianghua.store.state import State

    base = store.speeches()
    many = [dataclasses.replace(base[i % 5], id=f"x{i:04}", source=f"{i:04}.txt") for i in range(500)]
    store.speeches = lambda: many  # (the list reads its rows from here)
    st = State.load(state_path)
    st.set_list_place(speech="x0321")
    st.save()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(LineTable)
        assert table.current_row.id == "x0321"
        assert table.scroll_y <= 321 < table.scroll_y + table.size.height - 1


async def test_speeches_read_before_are_marked(make_app, store, state_path):
    from jianghua.store.state import State

    st = State.load(state_path)
    st.set_position(store.speeches()[2].id, 3)  # read in an earlier session
    st.save()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)

        def marked() -> list[int]:
            lines = screen_text(app).splitlines()[2:7]
            return [i for i, line in enumerate(lines) if line[:3].strip() == "✓"]

        assert marked() == [2]
        await pilot.press("j", "enter")  # read another
        await pilot.pause()
        await pilot.press("j", "q")
        await pilot.pause()
        assert isinstance(app.screen, SpeechListScreen)
        assert marked() == [1, 2]
        # the help explains the mark
        await pilot.press("question_mark")
        await pilot.pause()
        assert "✓ before a title: a speech read before" in screen_text(app)


def test_list_place_in_the_state_file_round_trip_and_bad_values(tmp_path):
    import json

    from jianghua.store.state import ListPlace, State

    path = tmp_path / "state.json"
    st = State.load(path)
    assert st.list_place == ListPlace()
    st.set_list_place(themes=("politics", "integrity"), mode="any", sort="title", speech="abc")
    assert st.save()
    assert State.load(path).list_place == ListPlace(("politics", "integrity"), "any", "title", "abc")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["list"] = {"themes": ["politics", 3], "mode": "sideways", "sort": None, "speech": ["x"]}
    path.write_text(json.dumps(data), encoding="utf-8")
    again = State.load(path)
    assert again.list_place == ListPlace(("politics",), "all", "source", None)
    assert again.messages == [] and again.position("anything") is None
