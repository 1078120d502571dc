"""PageUp / PageDown in the reader when one sentence is longer than the screen: the
cursor stays on screen (it went to the sentence after the long one, below the
screen) and every press moves the text until its end."""

from __future__ import annotations

from jianghua.store import Store
from jianghua.tui.app import JianghuaApp
from tui_helpers import settle


def _long_sentence_store(tmp_path) -> Store:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    short = "".join(f"第{n}项工作要抓好。" for n in range(1, 13))
    long_sentence = "要把各项工作抓紧抓实抓出成效，" * 120 + "确保全年目标任务圆满完成。"  # ~60 lines at 80 columns
    (corpus / "long.txt").write_text(
        f"在全县工作会议上的讲话\n\n同志们：\n{short}\n{short}{long_sentence}{short}\n{short}\n", encoding="utf-8")
    st = Store.open(corpus, store_path=tmp_path / "store")
    st.update()
    return Store.open(corpus, store_path=tmp_path / "store")


def _cursor_on_screen(view) -> bool:
    first, last = view.doc.sentence_lines(view.cursor)
    top = int(view.scroll_y)
    return first < top + view.size.height and last >= top


async def test_page_keys_keep_the_cursor_on_screen_past_a_sentence_longer_than_it(tmp_path):
    app = JianghuaApp(_long_sentence_store(tmp_path), state_path=tmp_path / "state" / "state.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one("ReaderView")
        last = view.doc.sentence_ids[-1]
        for direction, key in ((1, "pagedown"), (-1, "pageup")):
            for _ in range(60):
                before = (int(view.scroll_y), view.cursor)
                await pilot.press(key)
                await pilot.pause()
                assert _cursor_on_screen(view), (key, view.cursor, view.doc.sentence_lines(view.cursor), view.scroll_y)
                if (direction > 0 and view.cursor == last) or (direction < 0 and view.cursor == view.doc.sentence_ids[0]):
                    break
                assert (int(view.scroll_y), view.cursor) != before, f"{key} did not move"
            else:
                raise AssertionError(f"{key} never reached the end")
        assert int(view.scroll_y) == 0
