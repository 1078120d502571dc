"""Interface strings written straight into the code miss the catalogs (and stay
English in the Chinese interface): a toast, a title or a placeholder must be
`_()`, `ngettext()` or `N_()`, never a bare literal or f-string with words in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = re.compile(r"[A-Za-z]{3,}")
SHOWN_ARGS = {"notify": 0, "_find_status": 0, "_say": 0}  # method -> index of the positional argument the user reads
SHOWN_ATTRIBUTES = {"border_title", "border_subtitle"}  # widget attributes the user reads
SHOWN_KEYWORDS = {"placeholder", "title", "tooltip", "description", "help"}


def _is_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_words(v) for v in node.values)
    if isinstance(node, ast.BinOp):  # "Search wrapped to the " + ...
        return _is_words(node.left) or _is_words(node.right)
    if isinstance(node, ast.IfExp):  # "N matches" if matches else "no match"
        return _is_words(node.body) or _is_words(node.orelse)
    return False


def _bare_lines(source: str) -> list[int]:
    """Lines of `source` where a string the user reads is not passed through the catalogs."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):  # box.border_subtitle = "searching…"
            if any(isinstance(t, ast.Attribute) and t.attr in SHOWN_ATTRIBUTES for t in node.targets) and _is_words(node.value):
                out.append(node.value.lineno)
            continue
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        shown = []
        if name in SHOWN_ARGS and len(node.args) > SHOWN_ARGS[name]:
            shown.append(node.args[SHOWN_ARGS[name]])
        shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        out += [n.lineno for n in shown if _is_words(n)]
    return out


def _bare_strings(path: Path) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{n}" for n in _bare_lines(path.read_text(encoding="utf-8"))]


def test_no_interface_string_bypasses_the_catalogs():
    files = sorted((ROOT / "tui").rglob("*.py"))
    bare = [where for f in files for where in _bare_strings(f)]
    assert bare == [], "wrap these in _() and translate them: " + ", ".join(bare)


def test_the_check_sees_a_bare_toast():
    src = 'self.notify(f"Not found: {q}")\nself.notify(_("ok words"))\nInput(placeholder="find words")\n'
    assert _bare_lines(src) == [1, 3]


def test_the_check_sees_a_bare_status_and_border_text():
    src = ('self._find_status("searching…")\n'
           'self._find_status(f"{n} matches" if n else "no match")\n'
           'box.border_subtitle = "stopped"\n'
           'box.border_title = _("Outline") + " · o"\n'
           'self._find_status(_("searching…"))\n')
    assert sorted(_bare_lines(src)) == [1, 2, 3]
