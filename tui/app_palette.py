"""The command palette's own entries, as a mixin of JianghuaApp: Textual's system
commands in the interface language, the citation formats, the theme filter, the
screens (the speeches and themes are `tui.commands`, imported on first use)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from jianghua.i18n import _

from . import language
from .screens.base import BrowserScreen

if TYPE_CHECKING:
    from .filtering import ThemeFilter


@lru_cache(maxsize=1)
def _palette_class():
    """Textual's CommandPalette saying "No matches found" in the interface language
    (tui/pins.py: Textual writes the English words into the list itself). Made on first
    use: the palette's module is imported when ctrl+p is first pressed."""
    from .pins import palette_saying

    return palette_saying(lambda: _("No matches found"))


class Palette:
    """What ctrl+p offers beyond the speeches and themes; mixed into JianghuaApp."""

    theme_filter: ThemeFilter
    citation_style: str

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(_palette_class()(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_help_quit(self) -> None:
        # Textual's answer to ctrl+c outside the reader (there it copies), in the interface language
        self.notify(_("ctrl+c copies in the reader (as y does); ctrl+q quits."), title=_("Quit?"), markup=False, timeout=4)

    def action_change_theme(self) -> None:
        # Textual's picker says "themes": here that word is for the speeches' themes (主题)
        from textual.theme import ThemeProvider

        self.push_screen(_palette_class()(providers=[ThemeProvider], placeholder=_("Search for colour schemes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own entries, in the interface language (its "Keys" panel is
        # replaced by the help, generated from the keymap).
        yield SystemCommand(_("Colour scheme"), _("Change the colours (dark, light …)"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Quit jianghua (ctrl+q)"), self.action_quit)
        if screen.maximized is not None:
            yield SystemCommand(_("Minimize"), _("Restore the pane to its size"), screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(_("Maximize"), _("Maximize the focused pane"), screen.action_maximize)
        yield SystemCommand(_("Screenshot"), _("Save an SVG picture of the screen"), lambda: self.set_timer(0.1, self.deliver_screenshot))
        if isinstance(screen, BrowserScreen):
            for title, help_text, callback in screen.commands():
                yield SystemCommand(title, help_text, callback)
        from jianghua.store.citation import STYLE_HELP, STYLE_NAMES

        for style in STYLE_NAMES:  # one entry per citation format, the one in use marked
            mark = " ✓" if style == self.citation_style else ""
            yield SystemCommand(_("Citation format: {name}").format(name=_(STYLE_NAMES[style])) + mark, _(STYLE_HELP[style]),
                                lambda style=style: self.set_citation_style(style))
        yield SystemCommand(_("Choose themes"), _("Filter the speeches by theme (t)"), self.action_pick_themes)
        if self.theme_filter.active:
            yield SystemCommand(_("Clear the theme filter"), _("Show every speech again (T)"), self.action_clear_filter)
            yield SystemCommand(_("Switch all-of / any-of"), _("How several themes combine (m)"), self.action_toggle_mode)
        yield SystemCommand(_("Passages of the themes"), _("Every passage of the active themes (p)"), self.action_passages)
        yield SystemCommand(_("Copy history and export"), _("Everything copied; copy again or export (c)"), self.action_history)
        yield SystemCommand(_("Problems: skipped files"), _("Files of the folder that could not be read (!)"), self.action_problems)
        yield SystemCommand(_("Help: keys"), _("Every key of every screen (?)"), self.action_help)
        title, help_text = language.command(self)
        yield SystemCommand(title, help_text, self.action_switch_language)
        follow = language.follow_system_command(self)
        if follow is not None:
            yield SystemCommand(*follow, lambda: language.follow_system(self))

    def action_switch_language(self) -> None:
        language.switch(self)
