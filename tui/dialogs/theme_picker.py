"""Pick themes: every theme with its counts; type to narrow; space toggles; Enter applies."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from jianghua.store.models import ThemeInfo

from jianghua import i18n
from jianghua.i18n import N_, _

from .. import keymap
from ..filtering import ThemeFilter, fold_title_query, folded_titles
from ..textutil import clean, theme_id_shown
from .base import Dialog


CLEAR = ThemeFilter((), "all")


class ThemeOptions(OptionList, can_focus=False):
    pass


class PickerInput(Input):
    """The narrowing box; space is not typed (no theme name has one): it toggles.
    While the box is empty, j and k move in the list (as in every list); once
    something is typed they are letters of the narrowing."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "space" or (key in ("j", "k") and not self.value):
            return False
        return super().check_consume_key(key, character)


class ThemePicker(Dialog[ThemeFilter | None]):
    """Dismisses with the new filter, or None when cancelled."""

    BINDINGS = keymap.THEME_PICKER
    DIALOG_ID = "picker"
    HINT = N_("↑/↓ (j/k while the box is empty) move · space toggle · Enter apply · Tab all/any · ctrl+x clear · Esc cancel")

    DEFAULT_CSS = """
    ThemePicker > #picker { height: auto; max-height: 90%; padding: 0 1; }
    ThemePicker #picker-title { height: 1; text-style: bold; }
    ThemePicker Input { margin: 0; }
    ThemePicker ThemeOptions { height: auto; max-height: 16; border: none; padding: 0; }
    ThemePicker #picker-hint { height: auto; color: $text-muted; }
    """

    def __init__(self, themes: list[ThemeInfo], current: ThemeFilter, so_far: bool = False) -> None:
        super().__init__()
        self.themes = themes
        self.so_far = so_far  # a build is running: the counts are of what it has read
        self.chosen: list[str] = [t for t in current.ids if any(x.id == t for x in themes)]
        self.mode = current.mode
        self.shown: list[ThemeInfo] = list(themes)

    def compose_body(self) -> ComposeResult:
        yield PickerInput(placeholder=_("type to narrow: 廉洁 or integrity"), id="picker-input", select_on_focus=False)
        yield ThemeOptions(id="picker-options")

    def on_mount(self) -> None:
        self._render_options()
        inp = self.query_one(Input)
        inp.cursor_blink = False  # no repaint every 0.5 s over SSH; deterministic snapshots
        inp.focus()

    def on_resize(self) -> None:
        # keep the title, the input and the hint on a short terminal: the list scrolls
        self.query_one(ThemeOptions).styles.max_height = max(3, min(16, self.size.height - 10))

    # ------------------------------------------------------------ rendering

    def _title(self) -> None:
        t = Text(end="", no_wrap=True, overflow="ellipsis")
        t.append(_("Themes"))
        mode = _("all of the chosen themes") if self.mode == "all" else _("any of the chosen themes")
        chosen = _("{n} chosen").format(n=len(self.chosen))
        t.append(f"  ·  {chosen}  ·  " + _("combine: {mode}").format(mode=mode), style="dim")
        if self.so_far:
            t.append("  ·  " + _("counts so far (still reading)"), style="dim")
        self.query_one("#picker-title", Static).update(t)

    def _prompt(self, t: ThemeInfo) -> Content:
        mark = "[x] " if t.id in self.chosen else "[ ] "
        name = clean(t.name, single_line=True)
        tid = theme_id_shown(t.id)
        return Content.assemble(
            (mark, "bold" if t.id in self.chosen else ""),
            (name, "bold"),
            *((" ", (tid, "dim")) if tid else ()),
            "  ",
            (_("{speeches} · {passages}").format(speeches=i18n.speeches(t.speeches), passages=i18n.passages(t.passages)), "dim"),
        )

    def _render_options(self, keep: str | None = None) -> None:
        options = self.query_one(ThemeOptions)
        typed = self.query_one(Input).value.strip()
        query = fold_title_query(typed) if typed else ""  # (紀律 finds 纪律规矩, as the list's `/` and the palette)
        names = folded_titles([t.name for t in self.themes]) if query else []
        self.shown = [t for i, t in enumerate(self.themes) if not query or query in names[i] or typed.casefold() in t.id.casefold()]
        highlighted = keep
        if highlighted is None and options.highlighted is not None and options.highlighted < options.option_count:
            highlighted = options.get_option_at_index(options.highlighted).id
        options.set_options([Option(self._prompt(t), id=t.id) for t in self.shown])
        ids = [t.id for t in self.shown]
        if ids:
            options.highlighted = ids.index(highlighted) if highlighted in ids else 0
        self._title()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._render_options(keep="")

    # ------------------------------------------------------------ actions

    def _highlighted(self) -> ThemeInfo | None:
        options = self.query_one(ThemeOptions)
        if options.highlighted is None or not self.shown:
            return None
        return self.shown[options.highlighted]

    def action_cursor(self, delta: int) -> None:
        options = self.query_one(ThemeOptions)
        if not self.shown:
            return
        i = 0 if options.highlighted is None else options.highlighted
        options.highlighted = max(0, min(len(self.shown) - 1, i + delta))

    def action_toggle(self) -> None:
        t = self._highlighted()
        if t is None:
            return
        if t.id in self.chosen:
            self.chosen.remove(t.id)
        else:
            self.chosen.append(t.id)
        self._render_options(keep=t.id)

    def action_mode(self) -> None:
        self.mode = "any" if self.mode == "all" else "all"
        self._title()

    def action_apply(self) -> None:
        if self.chosen:
            order = [t.id for t in self.themes]
            self.dismiss(ThemeFilter(tuple(sorted(self.chosen, key=order.index)), self.mode))
            return
        t = self._highlighted()
        if t is not None:
            self.dismiss(ThemeFilter((t.id,), self.mode))

    def action_clear(self) -> None:
        self.dismiss(CLEAR)

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # a click on a theme toggles it
        event.stop()
        self.query_one(ThemeOptions).highlighted = event.option_index
        self.action_toggle()
