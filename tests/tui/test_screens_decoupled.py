"""Screens, dialogs and widgets get what they need from the `Browser` context and
answer with messages: none of them imports the app module (not even for typing)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TUI = Path(__file__).resolve().parents[2] / "tui"
MODULES = sorted(p for sub in ("screens", "dialogs", "widgets") for p in (TUI / sub).glob("*.py")) + [TUI / "commands.py"]


def imported(path: Path) -> set[str]:
    """Every module `path` imports (relative imports resolved within jianghua.tui)."""
    package = "jianghua.tui." + ".".join(path.relative_to(TUI).parent.parts)
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rstrip(".").split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.add(name)
            out |= {f"{name}.{a.name}" for a in node.names}
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TUI)))
def test_does_not_import_the_app(path):
    assert "jianghua.tui.app" not in imported(path)


def test_the_check_sees_an_app_import(tmp_path):
    screens = TUI / "screens"
    assert "jianghua.tui.app" in imported_text(screens / "x.py", "from ..app import JianghuaApp\n")
    assert "jianghua.tui.app" in imported_text(screens / "x.py", "if TYPE_CHECKING:\n    from jianghua.tui.app import JianghuaApp\n")


def imported_text(path: Path, text: str) -> set[str]:
    class Fake(type(path)):  # a path whose text is `text`
        def read_text(self, encoding=None):
            return text

    return imported(Fake(path))
