"""What `pip install .` puts on a user's machine: one top-level package,
`jianghua`, that carries the bundled corpus, the data files and the stylesheet."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    # Built from a clean copy of the sources: an in-tree build/ folder left by an
    # earlier build would hand setuptools stale files and hide what is missing.
    src, out = tmp_path_factory.mktemp("src") / "jianghua", tmp_path_factory.mktemp("wheel")
    junk = shutil.ignore_patterns("build", "dist", "*.egg-info", ".venv", "venv", ".git", "__pycache__",
                                  ".ci-cache", ".ci-state", "bench-results", ".hypothesis")
    shutil.copytree(ROOT, src, ignore=junk)
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr
    (path,) = out.glob("jianghua-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_installs_one_top_level_package(wheel):
    names = wheel.namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"jianghua"}
    (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")] or [None]
    if top_level:
        assert wheel.read(top_level).decode().split() == ["jianghua"]


def test_the_wheel_carries_the_corpus_data_and_stylesheet(wheel):
    names = set(wheel.namelist())
    bundled = sorted(p.name for p in (ROOT / "corpus" / "bundled").iterdir() if p.is_file())
    data = sorted(p.name for p in (ROOT / "corpus" / "data").iterdir() if p.is_file())
    assert bundled and data
    missing = [f"jianghua/corpus/bundled/{n}" for n in bundled] + [f"jianghua/corpus/data/{n}" for n in data]
    missing += [f"jianghua/tui/{p.name}" for p in (ROOT / "tui").glob("*.tcss")]
    missing += ["jianghua/__init__.py", "jianghua/__main__.py", "jianghua/cli.py"]
    missing = [n for n in missing if n not in names]
    assert not missing, missing


def test_every_source_module_is_in_the_wheel(wheel):
    """A sub-package left out of pyproject's package list would install half an app."""
    names = set(wheel.namelist())
    sources = [p.relative_to(ROOT) for sub in ("corpus", "store", "tui") for p in (ROOT / sub).rglob("*.py")]
    sources += [p.relative_to(ROOT) for p in ROOT.glob("*.py")]  # cli.py, cli_*.py, i18n.py …
    missing = [str(p) for p in sources if f"jianghua/{p.as_posix()}" not in names]
    assert not missing, missing


def test_the_command_is_jianghua_cli_main(wheel):
    (ep,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(ep).decode()
    assert "jianghua = jianghua.cli:main" in text
