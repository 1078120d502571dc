import json
import os
import shutil
import subprocess
import zlib
import sys
import tempfile
from pathlib import Path

import pytest

from jianghua.store import Store
from tests.conftest import ROOT, SOURCES

ADVERT = ["仅供学习", "禁止外传", "酷乐文行", "会员群", "QQ群", "订阅", "倒卖"]


def run_py(code: str, **env) -> str:
    """Run code in a fresh interpreter (so sys.modules tells what was imported)."""
    e = dict(os.environ, PYTHONPATH=str(ROOT), **env)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_bundled_build(bundled_store):
    rows = bundled_store.speeches()
    assert [Path(r.source).name for r in rows] == SOURCES
    assert all(r.title and r.chars > 2000 for r in rows)
    assert {r.year for r in rows} >= {2022, 2023}
    assert all(r.themes for r in rows)
    assert bundled_store.skipped() == []


def _store_text(store_dir: Path) -> str:
    """Every store file's text: JSON (zlib-compressed or not), and the search index's
    UTF-16 text (at either byte alignment: it follows a binary header)."""
    parts = []
    for p in store_dir.rglob("*"):
        if not p.is_file():
            continue
        raw = p.read_bytes()
        if p.suffix == ".json":
            parts.append((raw if raw[:1] == b"{" else zlib.decompress(raw)).decode("utf-8"))
        elif p.name.startswith("idx-"):
            parts += [raw.decode("utf-16-le", "replace"), raw[1:].decode("utf-16-le", "replace")]
    return "\n".join(parts)


def test_no_advert_text_anywhere_in_the_store(bundled_store):
    blob = _store_text(bundled_store.store_dir)
    assert "两个维护" in blob  # (the check can see text)
    for word in ADVERT:
        assert word not in blob, word


def test_incremental_rebuild_counts(corpus_copy, tmp_path):
    store = Store.open(corpus_copy, store_path=tmp_path / "s")
    first = store.update()
    assert (first.segmented, first.speeches) == (5, 5)

    again = store.update()
    assert (again.segmented, again.unchanged, again.retagged) == (0, 5, 0)

    f = corpus_copy / SOURCES[1]
    f.write_text(f.read_text(encoding="utf-8") + "\n同志们，要把各项工作抓实抓细。\n", encoding="utf-8")
    changed = store.update()
    assert (changed.segmented, changed.unchanged) == (1, 4)
    assert "抓实抓细" in store.speech(store.resolve(SOURCES[1])).paragraphs[-1].text

    os.utime(corpus_copy / SOURCES[2], ns=(1, 1))  # new mtime, same bytes
    touched = store.update()
    assert touched.segmented == 0

    (corpus_copy / SOURCES[3]).rename(corpus_copy / "renamed.txt")
    renamed = store.update()
    assert renamed.segmented == 0 and renamed.removed == 1
    assert "renamed.txt" in [s.source for s in store.speeches()]

    (corpus_copy / SOURCES[0]).unlink()
    gone = store.update()
    assert gone.removed == 1 and len(store.speeches()) == 4
    assert SOURCES[0] not in [s.source for s in store.speeches()]


def test_nothing_changed_does_not_import_jieba(built_bundled, tmp_path):
    path = tmp_path / "s"
    shutil.copytree(built_bundled, path)
    out = run_py(
        "import sys, json; from jianghua.store import Store\n"
        f"s = Store.open(store_path={str(path)!r}); cur = s.is_current(); r = s.update()\n"
        "print(json.dumps([cur, r.segmented, len(s.speeches()), 'jieba' in sys.modules, 'rjieba' in sys.modules, 'textual' in sys.modules,"
        " 'jianghua.store.commit' in sys.modules, 'jianghua.corpus.formulations' in sys.modules,"
        " 'jianghua.store.formulation_count' in sys.modules]))"
    )
    # (nor the commit's machinery, nor the formulations' rules and count: a start that finds
    # nothing changed does not pay for their imports)
    assert json.loads(out) == [True, 0, 5, False, False, False, False, False, False]


def test_changed_themes_file_retags_without_segmenting(built_bundled, tmp_path):
    path = tmp_path / "s"
    shutil.copytree(built_bundled, path)
    themes = tmp_path / "themes.toml"
    themes.write_text(
        '[[theme]]\nid = "red"\nname = "红色"\nkeywords = { "红色基因" = 3, "红色资源" = 3, "党史" = 2 }\n', encoding="utf-8"
    )
    out = run_py(
        "import sys, json; from jianghua.store import Store\n"
        f"s = Store.open(store_path={str(path)!r}, themes_path={str(themes)!r}); r = s.update()\n"
        "print(json.dumps([r.segmented, r.retagged, [t.id for t in s.themes()], len(s.filter(['red'])), 'jieba' in sys.modules]))"
    )
    segmented, retagged, ids, n, jieba = json.loads(out)
    assert (segmented, retagged, ids, jieba) == (0, 5, ["red"], False)
    assert n >= 1


def test_two_processes_building_at_once(corpus_copy, tmp_path):
    path = tmp_path / "s"
    code = (
        "import json; from jianghua.store import Store\n"
        f"s = Store.open({str(corpus_copy)!r}, store_path={str(path)!r}); r = s.update()\n"
        "print(json.dumps([r.segmented, len(s.speeches())]))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    assert sorted(r[0] for r in results) == [0, 5]  # one built, the other found it built
    assert all(r[1] == 5 for r in results)
    assert len(Store.open(corpus_copy, store_path=path).speeches()) == 5


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"meta": [1, 2]}', b"\x00\x01\x02" * 100])
def test_corrupt_store_is_rebuilt_with_a_message(built_bundled, tmp_path, garbage):
    path = tmp_path / "s"
    shutil.copytree(built_bundled, path)
    (path / "catalog.json").write_bytes(garbage)
    s = Store.open(store_path=path)
    assert any("damaged" in m for m in s.messages)
    assert list(path.glob("catalog.json.corrupt-*"))  # kept aside, not deleted
    r = s.update()
    assert r.speeches == 5 and len(s.speeches()) == 5


def test_store_location_that_cannot_be_written_falls_back_to_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = Store.open(store_path=blocker / "store")
    assert any("cannot be written" in m for m in s.messages)
    r = s.update()
    assert r.speeches == 5 and s.store_dir is None
    assert s.speech(s.speeches()[0].id).paragraphs


def as_unprivileged(cmd: list[str]) -> list[str]:
    """Root ignores file permissions (this machine and CI run as root): run the
    command as nobody there, so the permission checks are real."""
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test permissions as root"
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import jianghua.store"], capture_output=True, text=True, cwd="/")
    if probe.returncode != 0:  # e.g. the checkout sits in a folder only root may enter
        pytest.skip(f"nobody cannot run this Python and package: {probe.stderr.strip()[-200:]}")
    return [*prefix, *cmd]


def test_read_only_store_dir_keeps_the_old_store_readable(built_bundled):
    base = Path(tempfile.mkdtemp(prefix="jianghua-ro-"))  # not under pytest's 0700 folder
    path = base / "s"
    try:
        os.chmod(base, 0o755)
        for d in ("cache", "state"):
            (base / d).mkdir()
            if os.geteuid() == 0:
                os.chown(base / d, 65534, 65534)
        shutil.copytree(built_bundled, path)
        for p in [path, *path.rglob("*")]:  # readable by everyone, writable by no one
            os.chmod(p, 0o555 if p.is_dir() else 0o444)
        before = {p: p.read_bytes() for p in path.rglob("*") if p.is_file()}
        code = (
            "import json, os, sys\n"
            "from jianghua.store import Store\n"
            "s = Store.open(store_path=sys.argv[1])\n"
            "first = s.speech(s.speeches()[0].id)\n"
            "print(json.dumps({'uid': os.geteuid(), 'messages': s.messages, 'n': len(s.speeches()), 'paras': len(first.paragraphs)}))\n"
        )
        env = dict(os.environ, JIANGHUA_CACHE_DIR=str(base / "cache"), JIANGHUA_STATE_DIR=str(base / "state"), HOME=str(base))
        out = subprocess.run(as_unprivileged([sys.executable, "-c", code, str(path)]), capture_output=True, text=True, env=env, cwd=base, timeout=120)
        assert out.returncode == 0, out.stderr
        res = json.loads(out.stdout)
        assert res["uid"] != 0  # the check is real
        assert any("cannot be written" in m for m in res["messages"]), res["messages"]
        assert res["n"] == 5 and res["paras"] >= 5
        assert {p: p.read_bytes() for p in path.rglob("*") if p.is_file()} == before
    finally:
        for p in [base, *base.rglob("*")]:
            if p.is_dir():
                os.chmod(p, 0o755)
        shutil.rmtree(base, ignore_errors=True)
