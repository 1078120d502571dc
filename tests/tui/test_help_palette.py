"""Keys as data: help generated from the bindings, the footer, the command palette, problems."""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandList, CommandPalette

from jianghua.tui import keymap
from jianghua.tui.app import JianghuaApp
from jianghua.tui.dialogs.help import HelpScreen
from jianghua.tui.dialogs.theme_picker import ThemePicker
from jianghua.tui.screens.history import HistoryScreen
from jianghua.tui.screens.passages import PassagesScreen
from jianghua.tui.screens.problems import ProblemsScreen
from jianghua.tui.screens.reader import ReaderScreen
from jianghua.tui.screens.speech_list import SpeechListScreen
from jianghua.tui.widgets.line_table import LineTable
from jianghua.tui.widgets.reader_view import ReaderView
from tui_helpers import SIZE, notifications, screen_text, settle, wait_until

SCREENS = [JianghuaApp, SpeechListScreen, ReaderScreen, PassagesScreen, HistoryScreen, ProblemsScreen, ThemePicker, HelpScreen, LineTable]


def test_every_binding_has_an_id_and_a_description():
    seen: dict[str, Binding] = {}
    for cls in SCREENS:
        for b in cls.BINDINGS:
            assert isinstance(b, Binding), (cls, b)
            assert b.id and b.description, (cls, b)
            assert seen.setdefault(b.id, b) is b, f"binding id {b.id} used twice"
    ids = [b.id for _, bs in keymap.SECTIONS for b in bs]
    assert len(ids) == len(set(ids))


async def test_help_lists_every_binding(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text").render()
        plain = str(text)
        for b in keymap.all_bindings():
            assert b.description in plain, b
            assert keymap.key_label(b.key) in plain, b
        assert plain.index("Speech list") < plain.index("Reader")  # the list's keys first here
        await pilot.press("escape")
        await pilot.press("enter", "question_mark")
        plain = str(app.screen.query_one("#help-text").render())
        assert plain.startswith("Reader")  # in the reader, its keys come first
        assert "ctrl+y" in plain and "Copy speech" in plain
        await pilot.press("q")
        assert isinstance(app.screen, ReaderScreen)


async def test_footer_shows_the_main_keys(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        for word in ("Open", "Narrow", "Sort", "Themes", "Passages", "Quit", "Help"):
            assert word in footer
        await pilot.press("enter")
        footer = screen_text(app).splitlines()[-1]
        for word in ("Select", "Next marked", "Outline", "Copy", "Back"):
            assert word in footer


async def palette(pilot, app, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0, f"palette hits for {query!r}")
    commands = app.screen.query_one(CommandList)
    prompts = [str(o.prompt.plain if hasattr(o.prompt, "plain") else o.prompt) for o in commands.options]
    await pilot.press("enter")
    await pilot.pause()
    return prompts


async def test_palette_opens_speeches_applies_themes_and_runs_actions(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompts = await palette(pilot, app, "主任会议")
        assert prompts and prompts[0].startswith("Open speech: 在2023年全市党政办公室主任会议上的讲话")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.speech.title == "在2023年全市党政办公室主任会议上的讲话"

        await palette(pilot, app, "integrity")
        assert app.theme_filter.ids == ("integrity",)

        assert app.citations
        prompts = await palette(pilot, app, "Citation format: none")
        assert prompts[0].startswith("Citation format: none")
        assert not app.citations

        await palette(pilot, app, "Copyparagraph")
        sp = app.screen.speech
        assert app.clipboard == sp.paragraphs[0].text  # citation is off now

        await palette(pilot, app, "Problems")
        assert isinstance(app.screen, ProblemsScreen)
        assert "No problems" in screen_text(app)


async def test_problems_view_and_history_from_anywhere(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("q", "c")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("q", "q")
        assert isinstance(app.screen, SpeechListScreen)


async def test_light_and_dark_themes(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.screen.styles.background.brightness < 0.5  # dark by default
        app.theme = "textual-light"
        await pilot.press("enter", "t", "enter")
        await pilot.pause()
        # the reader and the text it draws are light: light background, dark text
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.query_one(ReaderView)
        assert app.screen.styles.background.brightness > 0.5
        assert view.styles.background.brightness > 0.5 or view.styles.background.a == 0
        line = view.render_line(0)
        assert any(seg.text.strip() and seg.style and seg.style.color and seg.style.color.triplet and sum(seg.style.color.triplet) < 3 * 128 for seg in line)
        await pilot.press("escape", "escape")
    again = make_app()
    assert again.theme == "textual-light"  # remembered in the state file


async def test_the_colour_scheme_is_not_called_a_theme(make_app, state_path):
    """'Theme' means a corpus theme here: Textual's colour themes are the colour scheme."""
    import json

    state_path.parent.mkdir(parents=True, exist_ok=True)
    state_path.write_text(json.dumps({"settings": {"theme": "textual-light"}}), encoding="utf-8")  # an older state file
    app = make_app()
    assert app.theme == "textual-light"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Colour scheme" in titles and "Theme" not in titles
        app.theme = "textual-dark"
        await pilot.press("ctrl+q")
    assert json.loads(state_path.read_text(encoding="utf-8"))["settings"]["colour_scheme"] == "textual-dark"


async def test_a_user_keymap_rebinds_keys_and_help_shows_them(make_app, state_path):
    state_path.parent.mkdir(parents=True, exist_ok=True)
    (state_path.parent / "keymap.toml").write_text('"list.sort" = "o"\n"no.such.binding" = "x"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert any("no.such.binding" in n for n in notifications(app))  # a bad entry is named
        screen = app.screen
        await pilot.press("s")
        assert screen.sort == "source"  # s no longer sorts
        await pilot.press("o")
        assert screen.sort == "title"
        await pilot.press("question_mark")
        plain = str(app.screen.query_one("#help-text").render())
        assert any(line.split() == ["o", "Sort"] for line in plain.splitlines()), plain
