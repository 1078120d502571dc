"""Shared fixtures: a private cache/state dir for the whole run, the bundled
corpus built once, and helpers to make small corpora on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus" / "bundled"
SOURCES = sorted(p.name for p in BUNDLED.glob("*.txt"))


@pytest.fixture(scope="session", autouse=True)
def _private_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("jianghua-home")
    old = {k: os.environ.get(k) for k in ("JIANGHUA_CACHE_DIR", "JIANGHUA_STATE_DIR")}
    os.environ["JIANGHUA_CACHE_DIR"] = str(base / "cache")
    os.environ["JIANGHUA_STATE_DIR"] = str(base / "state")
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(autouse=True)
def _english_interface():
    """Tests read English unless they ask (`lang("zh")`): whatever LANG the machine has."""
    from jianghua import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def lang():
    """Switch the interface language for this test: `lang("zh")`."""
    from jianghua import i18n

    return i18n.set_language


@pytest.fixture(scope="session")
def built_bundled(tmp_path_factory):
    """The bundled corpus built once; copy it with `bundled_store` to modify."""
    from jianghua.store import Store

    path = tmp_path_factory.mktemp("bundled-store") / "store"
    s = Store.open(store_path=path)
    s.update()
    return path


@pytest.fixture
def bundled_store(built_bundled, tmp_path):
    from jianghua.store import Store

    path = tmp_path / "store"
    shutil.copytree(built_bundled, path)
    return Store.open(store_path=path)


@pytest.fixture
def corpus_copy(tmp_path):
    """A writable copy of the bundled corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(BUNDLED, dest)
    return dest


def raw(name: str) -> bytes:
    return (BUNDLED / name).read_bytes()


def unit_folder(d: Path, figures: bool = False) -> Path:
    """Six speeches (2020–2025) that each say 新时代中国特色社会主义 twice and 科技创新 — the
    longer unit of a piece jieba cuts (时代中国特色社会主义, always after 新); with `figures`,
    two sentences of growth figures (分别增长 8%: frames of numbers, never formulations)."""
    d.mkdir()
    for i in range(6):
        lines = [
            f"在第{i}次工作会议上的讲话",
            f"第{i}项工作，我们要坚持以新时代中国特色社会主义思想为指导，推动科技创新。",
            f"奋力开创新时代中国特色社会主义事业新局面，{'城乡' if i % 2 else '区域'}科技创新取得成效。",
        ]
        if figures:
            lines += [
                f"全年地区生产总值和一般公共预算收入分别增长{i + 3}.{i}%和{i + 5}%，居民收入增长{i + 2}%。",
                f"工业增加值和固定资产投资分别增长{i + 2}%、{i + 6}.5%，居民收入增长{i + 1}.5%，加强科技创新。",
            ]
        (d / f"{2020 + i}-讲话{i}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return d
