"""Bytes that only look like UTF-16 (junk behind a UTF-16 byte-order mark, or binary
data with NUL-free pairs that decode to rare ideographs, half-width katakana and
noncharacters) were listed as a speech titled "能ﾁ﷾膀…". They are skipped, and the
problems view (!) says why; real UTF-16 speeches (with or without the mark) still open."""

from __future__ import annotations

import codecs
import random

from tui_helpers import screen_text, settle

from jianghua.store import Store

SPEECH = "在全县工作会议上的讲话\n同志们：\n要坚持讲政治，抓落实。今年的工作要围绕中心、服务大局。\n" * 3


def _junk_looking_like_utf16() -> bytes:
    """Ideographs of every frequency, half-width katakana and U+FDFE, with the comma and
    full stop of Chinese text sprinkled in: what a UTF-16 guess lets through."""
    rnd = random.Random(7)
    chars = []
    for i in range(3000):
        if i % 40 == 0:
            chars.append("，。"[i % 2])
        elif i % 7 == 0:
            chars.append(chr(rnd.randint(0xFF66, 0xFF9D)))
        elif i % 97 == 0:
            chars.append("\ufdfe")
        else:
            chars.append(chr(rnd.randint(0x4E00, 0x9FA5)))
    return "".join(chars).encode("utf-16-le")


async def test_bytes_that_only_look_like_utf16_are_skipped_with_a_reason(make_app, tmp_path):
    from jianghua.tui.screens.problems import ProblemsScreen

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "讲话.txt").write_text(SPEECH, encoding="utf-8")
    (folder / "讲话-unicode.txt").write_bytes(codecs.BOM_UTF16_LE + SPEECH.replace("讲话", "报告").encode("utf-16-le"))
    (folder / "讲话-nobom.txt").write_bytes(SPEECH.replace("讲话", "发言").encode("utf-16-be"))
    (folder / "bom-junk.txt").write_bytes(codecs.BOM_UTF16_LE + random.Random(1).randbytes(6000))
    (folder / "utf16-junk.txt").write_bytes(_junk_looking_like_utf16())
    store = Store.open(folder, store_path=tmp_path / "store")
    store.update()
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, app)
        listed = screen_text(app)
        assert len(store.speeches()) == 3, [s.title for s in store.speeches()]
        for title in ("在全县工作会议上的讲话", "在全县工作会议上的报告", "在全县工作会议上的发言"):
            assert title in listed, listed
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
    for name in ("bom-junk.txt", "utf16-junk.txt"):
        line = next((ln for ln in text.splitlines() if name in ln), "")
        assert "binary file" in line, text
