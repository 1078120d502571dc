"""Layer rules, checked by reading every module's imports (as harlequin's
import-linter contracts do): data flows corpus → store → tui, and each layer keeps
the heavy libraries of the others off its import path.

The rules are data (`FORBIDDEN`); a module's imports include those inside
functions, so a lazy import is no way round a rule.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import jianghua

PACKAGE_ROOT = Path(jianghua.__file__).resolve().parent

# layer → (import prefixes it must never use)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "jianghua.corpus": ("jianghua.store", "jianghua.tui", "jianghua.cli", "textual", "tinydb"),
    "jianghua.store": ("jianghua.tui", "jianghua.cli", "textual"),
    "jianghua.tui": ("jieba", "rjieba", "tinydb"),
}
# The CLI opens the browser, so it may import `jianghua.tui.app` inside the
# function that does so, but never Textual itself, and nothing of the tui at
# module level (`jianghua list` must not pay for Textual).
CLI_MODULE = "jianghua.cli"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_ROOT).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(["jianghua", *parts])


def _modules() -> dict[str, Path]:
    out = {}
    for sub in ("corpus", "store", "tui"):
        for path in sorted((PACKAGE_ROOT / sub).rglob("*.py")):
            out[_module_name(path)] = path
    for path in sorted(PACKAGE_ROOT.glob("*.py")):  # the package's own: cli, cli_*, i18n …
        out[_module_name(path)] = path
    return out


CLI_MODULES = sorted(n for n in _modules() if n == "jianghua.cli" or n.startswith("jianghua.cli_"))


def _imports(name: str, path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            # `from jianghua.store import build` imports the module jianghua.store.build
            found.update(f"{mod}.{a.name}" for a in node.names)
    return found


def _violates(imported: str, prefixes: tuple[str, ...]) -> bool:
    return any(imported == p or imported.startswith(p + ".") for p in prefixes)


MODULES = _modules()


def test_every_layer_is_found():
    layers = {n.split(".")[1] for n in MODULES if n.count(".") >= 1}
    assert {"corpus", "store", "tui", "cli"} <= layers, layers
    assert len(MODULES) > 30


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    bad = []
    for name, path in MODULES.items():
        if name == layer or name.startswith(layer + "."):
            bad += [f"{name} imports {imp}" for imp in sorted(_imports(name, path)) if _violates(imp, FORBIDDEN[layer])]
    assert not bad, "\n".join(bad)


def test_cli_keeps_textual_off_its_import_path():
    assert len(CLI_MODULES) > 2, CLI_MODULES
    for name in (*CLI_MODULES, "jianghua.i18n"):
        path = MODULES[name]
        anywhere = _imports(name, path)
        top = _imports(name, path, top_level_only=True)
        assert not [i for i in anywhere if _violates(i, ("textual",))], name
        assert not [i for i in top if _violates(i, ("jianghua.tui", "textual"))], name
    # only the CLI opens the browser
    for name in CLI_MODULES:
        if name != CLI_MODULE:
            assert not [i for i in _imports(name, MODULES[name]) if _violates(i, ("jianghua.tui",))], name


def test_no_import_cycles_between_modules():
    """No module imports, directly or through others, a module that imports it —
    lazy imports inside functions and TYPE_CHECKING imports count too: a cycle
    hidden in a function is still two modules that can't be understood apart."""
    graph = {
        name: {i for i in _imports(name, path) if i in MODULES and i != name}
        for name, path in MODULES.items()
    }
    # A package's __init__ importing its own modules is the package's interface, not a cycle.
    for name in graph:
        graph[name] = {i for i in graph[name] if not name.startswith(i + ".")}
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif not state.get(nxt):
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if not state.get(node):
            visit(node, [])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def test_only_the_jianghua_package_is_imported():
    """Importing every module leaves no generic top-level `corpus`, `store` or `tui`
    module behind (they would clash with unrelated packages of those names)."""
    code = (
        "import importlib, sys, json\n"
        f"for m in {sorted(n for n in MODULES if n != 'jianghua.__main__')!r}:\n"
        "    importlib.import_module(m)\n"
        "print(json.dumps(sorted(k for k in sys.modules if k.split('.')[0] in ('corpus', 'store', 'tui', 'cli'))))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
