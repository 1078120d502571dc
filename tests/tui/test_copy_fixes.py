"""What users copy and export (issue 12): the citation format as a setting, headings
in a selection across sections, one 字数, the export path, the palette's words."""

from __future__ import annotations

from textual.command import CommandPalette

from jianghua.tui.dialogs.export import ExportDialog
from jianghua.tui.screens.history import HistoryScreen
from tui_helpers import COUNTY, SIZE, notifications, open_reader, screen_text, settle, speech_id

BRANCH = "在市委办机关第一党支部组织生活会、主题党日活动上的讲话"  # 三、 then 一要… opening their paragraphs
FORUM = "在市党政工作部门正职座谈会上的讲话"


def note(app) -> str:
    """The export dialog's note line (what it says about the path)."""
    return str(app.screen.query_one("#export-note").render())


async def test_a_selection_across_a_section_boundary_keeps_the_heading(make_app, store):
    """Defect 12: the heading between two selected paragraphs is part of the copy."""
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    sec = sp.sections[1]  # 一、围绕固本抓理论学习…
    before = sp.paragraphs[sec.paragraphs[0] - 1]  # the last paragraph of the opening
    after = sp.paragraphs[sec.paragraphs[0]]
    async with app.run_test(size=SIZE) as pilot:
        _, view = await open_reader(app, pilot, store, COUNTY)
        view.go_to(before.sentences[-1].index)
        await pilot.press("v", "j", "y")
        text = app.clipboard.rsplit("\n", 1)[0]  # without the citation line
        assert text == "\n".join([before.sentences[-1].text, sec.heading, after.sentences[0].text])
        assert app.clipboard.endswith(f"至 {sec.heading} 第1段")


async def test_a_heading_that_opens_its_paragraph_is_not_copied_twice(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, BRANCH))
    sec = next(s for s in sp.sections if s.heading and s.heading.startswith("一要"))
    first = sp.paragraphs[sec.paragraphs[0]]
    before = sp.paragraphs[sec.paragraphs[0] - 1]
    async with app.run_test(size=SIZE) as pilot:
        _, view = await open_reader(app, pilot, store, BRANCH)
        view.go_to(before.sentences[-1].index)
        await pilot.press("v", "j", "y")
        text = app.clipboard.rsplit("\n", 1)[0]
        assert text == before.sentences[-1].text + "\n" + first.sentences[0].text
        assert text.count(sec.heading) == 1


async def test_whole_speech_copy_counts_as_the_list_does(make_app, store):
    """Defect 9: the list, the reader's header, the ctrl+y notice and the history say one 字数."""
    app = make_app()
    summary = next(s for s in store.speeches() if s.title == FORUM)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert f"{summary.chars}" in screen_text(app)  # the list's Length column
        await open_reader(app, pilot, store, FORUM)
        assert f"{summary.chars} characters" in screen_text(app)  # the header
        await pilot.press("ctrl+y")
        note = notifications(app)[-1]
        assert f"{summary.chars} characters of text (title, salutation and headings not counted)" in note
        assert app.state.history[-1].chars == summary.chars


async def test_citation_style_is_chosen_in_the_palette_and_remembered(make_app, store):
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    p0 = sp.paragraphs[0]
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(app, pilot, store, COUNTY)
        await pilot.press("Y")
        assert app.clipboard == p0.text + f"\n《{COUNTY}》（2022年） 第1段"
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Citation format: short")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.citation_style == "short"
        await pilot.press("Y")
        assert app.clipboard == p0.text + f"\n《{COUNTY}》第1段"
    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        await open_reader(app2, pilot, store, COUNTY)
        assert app2.citation_style == "short"
        await pilot.press("ctrl+y")
        assert app2.clipboard.endswith(f"\n《{COUNTY}》")  # a whole speech: the source alone


async def test_ctrl_c_in_the_reader_copies_the_sentence(make_app, store):
    """§3: Textual's ctrl+c "copy selected text" copied nothing in the reader; it copies as y does."""
    app = make_app()
    sp = store.speech(speech_id(store, COUNTY))
    async with app.run_test(size=SIZE) as pilot:
        _, view = await open_reader(app, pilot, store, COUNTY)
        view.go_to(sp.paragraphs[1].sentences[0].index)
        await pilot.press("ctrl+c")
        assert app.clipboard.startswith(sp.paragraphs[1].sentences[0].text + "\n《")


async def test_ctrl_c_elsewhere_says_what_it_does_in_the_interface_language(make_app, store, lang):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+c")
        assert "ctrl+c copies in the reader" in notifications(app)[-1]
    lang("zh")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+c")
        assert "阅读" in notifications(app)[-1] and "quit" not in notifications(app)[-1]


async def test_colour_schemes_are_not_called_themes(make_app, store):
    """§3: 主题 are the speeches' themes; the colour picker says 配色方案 / colour schemes."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.action_change_theme()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert "colour schemes" in screen_text(app) and "themes" not in screen_text(app).split("\n", 5)[4]


async def test_export_goes_beside_the_state_file_and_the_path_can_be_changed(store, state_path, tmp_path, monkeypatch):
    """Defect 8: the default path honours JIANGHUA_STATE_DIR and is shown to be kept or changed."""
    from jianghua.tui.app import JianghuaApp

    state_dir = tmp_path / "my-state"
    monkeypatch.setenv("JIANGHUA_STATE_DIR", str(state_dir))
    monkeypatch.setenv("JIANGHUA_DATA_DIR", str(tmp_path / "elsewhere"))
    app = JianghuaApp(store)  # the state file where JIANGHUA_STATE_DIR says
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "y", "q", "c")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        field = app.screen.query_one("#export-path")
        assert field.value.startswith(str(state_dir / "exports" / "jianghua-copies-"))
        await pilot.press("enter")
        files = list((state_dir / "exports").glob("jianghua-copies-*.txt"))
        assert len(files) == 1 and app.state.history[0].text in files[0].read_text(encoding="utf-8")
        assert str(files[0]) in notifications(app)[-1].replace("\n", "")
        assert not (tmp_path / "elsewhere").exists()
        # another path, typed over the default; an existing file is replaced only on a second Enter
        target = tmp_path / "out" / "copies.txt"
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        assert target.is_file()
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(target)
        target.write_text("keep?", encoding="utf-8")
        await pilot.press("enter")
        assert isinstance(app.screen, ExportDialog) and "exists" in note(app)
        assert target.read_text(encoding="utf-8") == "keep?"
        await pilot.press("enter")
        assert not isinstance(app.screen, ExportDialog) and "keep?" not in target.read_text(encoding="utf-8")
        # a path that cannot be written says why and stays open
        blocker = tmp_path / "a-file"
        blocker.write_text("x", encoding="utf-8")
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(blocker / "sub" / "copies.txt")
        await pilot.press("enter")
        assert isinstance(app.screen, ExportDialog) and "Cannot write" in note(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
