"""Every string the code marks for the catalogs is in them. Babel's extraction skips a
marked string nested in another marked call — `_(LABELS.get(k, N_("Text")))` — and
the string then shows in English in the Chinese interface (user trial: the copy notice
said "Text · 32 字"). This reads the code itself: each literal given to `_`, `N_`,
`gettext`, `ngettext`, `pgettext`, `later` or a `Binding`'s description must be a
msgid of locale/messages.pot."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
MARKERS = {"_": (0,), "N_": (0,), "gettext": (0,), "later": (0,), "ngettext": (0, 1), "pgettext": (1,), "Binding": (2,)}
SKIP = ("tests", "build", "dist", ".venv", "locale")


def marked(source: str) -> list[tuple[int, str]]:
    """(line, msgid) of every literal passed to a catalog marker in `source`."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for i in MARKERS.get(name, ()):
            arg = node.args[i] if len(node.args) > i else None
            if name == "Binding" and arg is None:
                arg = next((k.value for k in node.keywords if k.arg == "description"), None)
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                out.append((arg.lineno, arg.value))
    return out


def test_a_nested_marker_is_found():
    assert [m for _, m in marked('x = _(LABELS.get(k, N_("Text")))')] == ["Text"]


def test_every_marked_string_is_in_the_template():
    with open(ROOT / "locale" / "messages.pot", "rb") as fh:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
        fh.seek(0)
        plurals = {m.id[1] for m in read_po(fh) if m.id and not isinstance(m.id, str)}
    missing = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in SKIP or rel.parts[0].startswith("."):
            continue
        for line, msgid in marked(path.read_text(encoding="utf-8")):
            if msgid not in ids and msgid not in plurals:
                missing.append(f"{rel}:{line}: {msgid!r}")
    assert missing == [], "marked strings missing from locale/messages.pot (nested in another marked call?)"
