"""Every key binding of the browser, as data.

Screens take their BINDINGS from here; the help screen and the command palette
are generated from the same lists. Every Binding has an `id` (for user keymaps,
`App.set_keymap`) and a description: an English msgid, extracted from the third
argument of `Binding(...)` (`pybabel extract -k Binding:3`) and translated where it
is shown (`_(b.description)`: the key bar, the help, the README tables).

A user keymap, `keymap.toml` beside the state file, gives bindings other keys by
id (`"list.sort" = "o"`, `"reader.copy" = "y,c"`); the app applies it with
`App.set_keymap` (as posting does) and help shows the keys it gives.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding
from textual.keys import KEY_ALIASES, KEY_NAME_REPLACEMENTS, Keys, key_to_character

from jianghua.i18n import N_, _, os_error
from jianghua.corpus._toml import toml

KEYMAP_FILE = "keymap.toml"

# Everywhere (on the App).
GLOBAL: list[Binding] = [
    Binding("question_mark", "app.help", "Help", id="app.help", key_display="?"),
    Binding("c", "app.history", "Copies", id="app.history", show=False),
    Binding("exclamation_mark", "app.problems", "Problems", id="app.problems", show=False, key_display="!"),
    Binding("ctrl+p", "app.command_palette", "Palette", id="app.palette", show=False),
    Binding("ctrl+q", "app.quit", "Quit", id="app.quit", priority=True, show=False),
]

# The speech list (the first screen).
SPEECH_LIST: list[Binding] = [
    Binding("enter", "open", "Open", id="list.open"),
    Binding("l,right", "open", "Open (like Enter)", id="list.open_right", show=False),
    Binding("slash", "narrow", "Narrow", id="list.narrow", key_display="/"),
    Binding("s", "sort", "Sort", id="list.sort"),
    Binding("t", "app.pick_themes", "Themes", id="list.themes"),
    Binding("T", "app.clear_filter", "Clear themes", id="list.clear_themes", show=False),
    Binding("m", "app.toggle_mode", "All/any", id="list.mode", show=False),
    Binding("p", "app.passages", "Passages", id="list.passages"),
    Binding("F", "app.formulations", "Formulations", id="list.formulations", show=False),
    Binding("f", "app.search", "Search text", id="list.search"),
    Binding("escape", "clear_narrow", "Clear narrowing", id="list.clear_narrow", show=False),
    Binding("q", "app.quit", "Quit", id="list.quit"),
]

# Every table (list, passages, history, problems); Enter belongs to each screen.
TABLE: list[Binding] = [
    Binding("down,j", "cursor_down", "Down", id="table.down", show=False),
    Binding("up,k", "cursor_up", "Up", id="table.up", show=False),
    Binding("pagedown,space", "page_down", "Page down", id="table.page_down", show=False),
    Binding("pageup,b", "page_up", "Page up", id="table.page_up", show=False),
    Binding("home,g", "first", "First", id="table.first", show=False),
    Binding("end,G", "last", "Last", id="table.last", show=False),
]

# The narrowing input of the list.
NARROW: list[Binding] = [
    Binding("escape", "clear", "Clear narrowing", id="narrow.clear", show=False),
    Binding("down", "to_table", "To the list", id="narrow.to_table", show=False),
]

# The reader.
READER: list[Binding] = [
    Binding("down,j", "move(1)", "Next sentence", id="reader.next_sentence", show=False),
    Binding("up,k", "move(-1)", "Previous sentence", id="reader.prev_sentence", show=False),
    Binding("J,ctrl+down", "paragraph(1)", "Next paragraph", id="reader.next_paragraph", show=False),
    Binding("K,ctrl+up", "paragraph(-1)", "Previous paragraph", id="reader.prev_paragraph", show=False),
    Binding("g,home", "top", "Top", id="reader.top", show=False),
    Binding("G,end", "bottom", "Bottom", id="reader.bottom", show=False),
    Binding("space,pagedown", "page(1)", "Page down", id="reader.page_down", show=False),
    Binding("b,pageup", "page(-1)", "Page up", id="reader.page_up", show=False),
    Binding("v", "select", "Select", id="reader.select"),
    Binding("escape", "escape", "Cancel / back", id="reader.escape", show=False),
    Binding("slash", "find", "Find", id="reader.find", key_display="/"),
    Binding("n", "jump(1)", "Next marked/match", id="reader.next"),
    Binding("N", "jump(-1)", "Previous marked/match", id="reader.prev", show=False),
    Binding("right_square_bracket", "theme_jump(1)", "Next marked sentence", id="reader.next_theme", show=False, key_display="]"),
    Binding("left_square_bracket", "theme_jump(-1)", "Previous marked sentence", id="reader.prev_theme", show=False, key_display="["),
    Binding("f", "search_corpus", "Search all speeches", id="reader.search", show=False),
    Binding("o", "outline", "Outline", id="reader.outline"),
    Binding("O", "side_pane", "Show or hide the side pane", id="reader.side_pane", show=False),
    Binding("w", "why_themes", "Why these themes", id="reader.why_themes", show=False),
    Binding("y", "copy", "Copy", id="reader.copy"),
    # what Textual's ctrl+c ("copy selected text") would promise: here it copies as y does
    Binding("ctrl+c", "copy", "Copy", id="reader.copy_ctrl_c", show=False),
    Binding("Y", "copy_paragraph", "Copy paragraph", id="reader.copy_paragraph", show=False),
    Binding("ctrl+y", "copy_speech", "Copy speech", id="reader.copy_speech", show=False),
    Binding("t", "app.pick_themes", "Themes", id="reader.themes"),
    Binding("T", "app.clear_filter", "Clear themes", id="reader.clear_themes", show=False),
    Binding("p", "app.passages", "Passages", id="reader.passages", show=False),
    Binding("F", "app.formulations", "Formulations", id="reader.formulations", show=False),
    Binding("q", "back", "Back", id="reader.back"),
    Binding("h,left", "back", "Back (like q)", id="reader.back_left", show=False),
    Binding("u", "formulations_pane", "Formulations here", id="reader.formulations_here"),  # (last: the key bar drops it first)
]

# The reader's find prompt (less-style: matches light up as you type).
FIND: list[Binding] = [
    Binding("escape", "cancel", "Cancel find", id="find.cancel", show=False),
]

# Search across the corpus: the concordance (one line per hit).
CONCORDANCE: list[Binding] = [
    Binding("enter", "open", "Open at hit", id="concordance.open"),
    Binding("s", "sort", "Sort", id="concordance.sort"),
    Binding("slash", "narrow", "Narrow", id="concordance.narrow", key_display="/"),
    Binding("e", "edit", "Edit query", id="concordance.edit"),
    Binding("v", "mark", "Mark line", id="concordance.mark"),
    Binding("y", "copy", "Copy", id="concordance.copy"),
    Binding("d", "distribution", "Distribution", id="concordance.distribution"),
    Binding("t", "app.pick_themes", "Themes", id="concordance.themes", show=False),
    Binding("T", "app.clear_filter", "Search all speeches", id="concordance.all", show=False),
    Binding("q,escape", "back", "Back", id="concordance.back"),
    Binding("l,right", "open", "Open at hit (like Enter)", id="concordance.open_right", show=False),
    Binding("h,left", "back", "Back (like q)", id="concordance.back_left", show=False),
]

# The query line of the concordance.
SEARCH_INPUT: list[Binding] = [
    Binding("escape", "leave", "Stop the search, else to the hits (or back)", id="search.leave", show=False),
]

# The reader's side panes, the outline and the formulations of the speech
# (OptionLists: ↑/↓ and Enter are their own; o / u go back to the text too).
SIDE_PANE: list[Binding] = [
    Binding("down,j", "cursor_down", "Down", id="pane.down", show=False),
    Binding("up,k", "cursor_up", "Up", id="pane.up", show=False),
    Binding("enter", "select", "Jump there", id="pane.select"),
    Binding("escape", "leave", "Back to the text", id="pane.leave"),
    Binding("h,left", "leave", "Back to the text", id="pane.leave_left", show=False),  # (not out of the reader)
]

# The theme picker (a dialog).
THEME_PICKER: list[Binding] = [
    Binding("enter", "apply", "Apply", id="picker.apply", priority=True),
    Binding("space", "toggle", "Toggle", id="picker.toggle", priority=True),
    Binding("tab", "mode", "All/any", id="picker.mode", priority=True),
    Binding("up", "cursor(-1)", "Up", id="picker.up", show=False, priority=True),
    Binding("down", "cursor(1)", "Down", id="picker.down", show=False, priority=True),
    # (j/k reach the picker only while its box is empty: then they are not typed)
    Binding("k", "cursor(-1)", "Up (while the box is empty)", id="picker.up_k", show=False, priority=True),
    Binding("j", "cursor(1)", "Down (while the box is empty)", id="picker.down_j", show=False, priority=True),
    Binding("ctrl+x", "clear", "Clear filter", id="picker.clear", priority=True),
    Binding("escape", "dismiss_picker", "Cancel", id="picker.cancel"),
]

# The passages view.
PASSAGES: list[Binding] = [
    Binding("enter", "open", "Open at passage", id="passages.open"),
    Binding("slash", "narrow", "Narrow", id="passages.narrow", key_display="/"),
    Binding("s", "sort", "Sort", id="passages.sort"),
    Binding("t", "app.pick_themes", "Themes", id="passages.themes"),
    Binding("m", "app.toggle_mode", "All/any", id="passages.mode"),
    Binding("y", "copy", "Copy passage", id="passages.copy"),
    Binding("f", "app.search", "Search text", id="passages.search", show=False),
    Binding("q,escape", "back", "Back (Esc first clears the narrowing)", id="passages.back"),
    Binding("l,right", "open", "Open at passage (like Enter)", id="passages.open_right", show=False),
    Binding("h,left", "back", "Back (like q)", id="passages.back_left", show=False),
]

# The set formulations (提法).
FORMULATIONS: list[Binding] = [
    Binding("enter", "open", "Every use", id="formulations.open"),
    Binding("slash", "narrow", "Narrow", id="formulations.narrow", key_display="/"),
    Binding("s", "sort", "Sort", id="formulations.sort"),
    Binding("r", "trend", "Trend", id="formulations.trend"),
    Binding("y", "copy_table", "Copy table", id="formulations.copy"),
    Binding("t", "app.pick_themes", "Themes", id="formulations.themes"),
    Binding("T", "app.clear_filter", "Clear themes", id="formulations.clear_themes", show=False),
    Binding("escape", "clear_narrow", "Clear narrowing", id="formulations.clear_narrow", show=False),
    Binding("q", "back", "Back", id="formulations.back"),
    Binding("l,right", "open", "Every use (like Enter)", id="formulations.open_right", show=False),
    Binding("h,left", "back", "Back (like q)", id="formulations.back_left", show=False),
]

# The copy history.
HISTORY: list[Binding] = [
    Binding("enter", "recopy", "Copy again", id="history.copy"),
    Binding("e", "export", "Export", id="history.export"),
    Binding("q,escape", "back", "Back", id="history.back"),
    Binding("h,left", "back", "Back (like q)", id="history.back_left", show=False),
]

# The export dialog of the copy history (a path to edit).
EXPORT: list[Binding] = [
    Binding("enter", "export", "Export", id="export.confirm", priority=True),
    Binding("escape", "close", "Cancel", id="export.cancel", priority=True),
]

# The problems view (skipped files).
PROBLEMS: list[Binding] = [
    Binding("q,escape", "back", "Back", id="problems.back"),
    Binding("h,left", "back", "Back (like q)", id="problems.back_left", show=False),
]

# Help and other simple dialogs.
DIALOG: list[Binding] = [
    Binding("q,escape,question_mark", "close", "Close", id="dialog.close"),
    Binding("down,j", "scroll_down", "Down", id="dialog.down", show=False),
    Binding("up,k", "scroll_up", "Up", id="dialog.up", show=False),
]

# For the help screen: (title, bindings) in the order shown.
# Titles are msgids: translate with `_` where shown; screens name theirs in HELP_SECTION.
SECTIONS: list[tuple[str, list[Binding]]] = [
    (N_("Speech list"), SPEECH_LIST + TABLE + NARROW),
    (N_("Reader"), READER + FIND + SIDE_PANE),
    (N_("Concordance"), CONCORDANCE + SEARCH_INPUT),
    (N_("Theme picker"), THEME_PICKER),
    (N_("Passages"), PASSAGES),
    (N_("Formulations"), FORMULATIONS),
    (N_("Copy history"), HISTORY),
    (N_("Exporting the copy history"), EXPORT),
    (N_("Problems"), PROBLEMS),
    (N_("Everywhere"), GLOBAL),
]

# What the help says below a section's keys: the marks a screen shows (msgids).
LEGENDS: dict[str, list[str]] = {
    N_("Speech list"): [
        N_("✓ before a title: a speech read before (it opens where you left it)"),
        N_("The theme filter, the sort and the highlighted speech are kept for the next start"),
    ],
}

_NAMES = {
    "question_mark": "?",
    "exclamation_mark": "!",
    "slash": "/",
    "space": "space",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "escape": "Esc",
    "enter": "Enter",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "tab": "Tab",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
}


def key_label(keys: str) -> str:
    """'down,j' -> '↓ j'; 'ctrl+y' -> 'ctrl+y'."""
    out = []
    for k in keys.split(","):
        k = k.strip()
        if k.startswith("ctrl+"):
            rest = k[5:]
            out.append("ctrl+" + _NAMES.get(rest, rest))
        else:
            out.append(_NAMES.get(k, k))
    return " ".join(out)


def _keymap_problem(e: Exception) -> str:
    """Why the keymap file cannot be used, in the user's words (the error's own text is
    English: "[Errno 20] Not a directory: '…/keymap.toml'", "Expected '=' … (at line 2, column 5)")."""
    if isinstance(e, OSError):
        return str(os_error(e))
    if isinstance(e, UnicodeDecodeError):
        return _("not UTF-8 text")
    where = re.search(r"at line (\d+)", str(e))
    return _("a mistake at line {line}").format(line=where.group(1)) if where else _("not a TOML file")


def load_user_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The keymap in `path` ({binding id: keys}) and what was wrong with it, if anything
    (a missing file is no keymap; a bad one is ignored with a message)."""
    try:
        data = toml.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, ValueError) as e:  # (TOMLDecodeError is a ValueError)
        return {}, [_("The keymap {path} cannot be used ({error}): the default keys apply.").format(path=path, error=_keymap_problem(e))]
    known = {b.id for b in all_bindings()}
    keymap = {k: v.strip() for k, v in data.items() if k in known and isinstance(v, str) and is_keys(v)}
    bad = sorted(k for k in data if k not in keymap)
    if bad:
        return keymap, [_("The keymap {path}: unknown binding ids, or keys that are not key names, ignored: {ids}.").format(path=path, ids=", ".join(bad))]
    return keymap, []


_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_KEY_NAMES = {k.value.rpartition("+")[2] for k in Keys} | set(KEY_NAME_REPLACEMENTS.values()) | {
    a.rpartition("+")[2] for names in KEY_ALIASES.values() for a in names}


def is_keys(keys: str) -> bool:
    """`keys` ("o", "y,c", "ctrl+y", "question_mark") names keys a terminal sends: a
    typo ("ctrl-y", "hello", ",") would leave its action on no key at all."""
    for key in keys.split(","):
        *mods, name = key.strip().split("+")
        if not name or any(m not in _MODIFIERS for m in mods):
            return False
        if not ((len(name) == 1 and name.isprintable()) or name in _KEY_NAMES or key_to_character(name)):
            return False
    return True


def all_bindings() -> list[Binding]:
    seen: dict[str, Binding] = {}
    for _title, bindings in SECTIONS:
        for b in bindings:
            seen.setdefault(b.id or b.action, b)
    return list(seen.values())


def describe(b: Binding) -> str:
    """A binding's description in the interface language."""
    return _(b.description) if b.description else ""


def keys_markdown(language: str | None = None) -> str:
    """The key tables for the README, in the interface language or `language`
    ("zh" / "en"): `python -m jianghua.tui.keymap zh` prints them."""
    from jianghua import i18n

    before = i18n.language()
    if language:
        i18n.set_language(language)
    try:
        out = []
        key, action = _("key"), _("action")
        for title, bindings in SECTIONS:
            out += [f"**{_(title)}**", "", f"| {key} | {action} |", "| --- | --- |"]
            seen = set()
            for b in bindings:
                label = key_label(b.key)
                if (label, b.description) in seen or not b.description:
                    continue
                seen.add((label, b.description))
                out.append(f"| `{label}` | {describe(b)} |")
            out.append("")
        return "\n".join(out)
    finally:
        i18n.set_language(before)


if __name__ == "__main__":  # python -m jianghua.tui.keymap [zh|en]
    import sys

    print(keys_markdown(sys.argv[1] if len(sys.argv) > 1 else None))
