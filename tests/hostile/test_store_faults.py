"""A damaged store, a store that cannot be written, a missing cache folder, a
corpus that changes under a build: a clear message, and everything keeps
working — nothing a build wrote is lost."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest

from jianghua.store import Store
from jianghua.store import jobs as jobs_mod
from jianghua.store import plan as plan_mod
from jianghua.store.backends import DiskBackend
from jianghua.store.passage_index import read_passage_index
from jianghua.store.storage import parse_body

from .conftest import ROOT, jianghua
from .hostile_corpus import BUNDLED
from .storecheck import assert_store_is_whole


def run_cli(capfdbinary, *args) -> tuple[int, bytes, bytes]:
    """`jianghua ARGS` in this process (the CLI's own code, without an interpreter start)."""
    from jianghua.cli import main

    capfdbinary.readouterr()
    try:
        code = main([str(a) for a in args])
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capfdbinary.readouterr()
    assert b"Traceback" not in err
    return code, out, err


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A built store of a copy of the bundled corpus, and what the CLI says about it."""
    base = tmp_path_factory.mktemp("pristine")
    corpus, store = base / "corpus", base / "store"
    shutil.copytree(BUNDLED, corpus)
    r = jianghua("build", corpus=corpus, store=store)
    assert r.returncode == 0, r.stderr
    st = Store.open(corpus, store_path=store)
    ids = [s.id for s in st.speeches()]
    theme_args = [a for t in st.themes() for a in ("--theme", t.id)]
    expected = {
        "list": jianghua("list", "--json", corpus=corpus, store=store).stdout,
        "passages": jianghua("passages", "--json", "--any", *theme_args, corpus=corpus, store=store).stdout,
        "show": {sid: jianghua("show", sid, "--json", corpus=corpus, store=store).stdout for sid in ids},
    }
    assert len(ids) == 5 and orjson.loads(expected["passages"])
    return corpus, store, ids, theme_args, expected


@pytest.fixture
def fresh(pristine, tmp_path):
    corpus, store, ids, theme_args, expected = pristine
    c, s = tmp_path / "corpus", tmp_path / "store"
    shutil.copytree(corpus, c)
    shutil.copytree(store, s)
    return c, s, ids, theme_args, expected


def shard_files(store: Path, what: str) -> list[Path]:
    """The shard files of the passage index or the keyword candidates."""
    meta = next(iter(orjson.loads((store / "catalog.json").read_bytes())["meta"].values()))
    return [store / "shards" / e[0] for e in meta["shards"][what] if e]


def body_file(store: Path, sid: str) -> Path:
    rows = orjson.loads((store / "catalog.json").read_bytes())["speeches"].values()
    key = next(r["key"] for r in rows if r["id"] == sid)
    return store / "bodies" / key[:2] / f"{key}.json"


def damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    if how == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(300) + b"\x00\x1b[31m")
    elif how == "same-size":
        path.write_bytes(b"{" + b" " * (len(raw) - 1))
    elif how == "wrong-shape":
        path.write_bytes(b'{"passages": {"1": {"theme": "x", "items": [[1, 2]]}}, "terms": {"1": 5}, "meta": {"1": 7}}')
    elif how == "json-list":
        path.write_bytes(b"[1, 2, 3]")
    elif how == "directory":
        path.unlink()
        path.mkdir()
        (path / "x").write_text("x")
    else:  # pragma: no cover
        raise ValueError(how)


# ------------------------------------------------------------------ catalog.json


@pytest.mark.parametrize("how", ["truncated", "empty", "garbage", "wrong-shape", "json-list", "directory"])
def test_damaged_catalog_is_moved_aside_and_rebuilt(fresh, capfdbinary, how):
    corpus, store, ids, _, expected = fresh
    damage(store / "catalog.json", how)
    code, out, err = run_cli(capfdbinary, "build", "--corpus", corpus, "--store", store)
    assert code == 0 and b"5 speeches" in out
    assert b"damaged" in err and b"rebuilt" in err
    assert list(store.glob("catalog.json.corrupt-*"))
    code, out, _ = run_cli(capfdbinary, "list", "--json", "--corpus", corpus, "--store", store)
    assert code == 0 and orjson.loads(out) == orjson.loads(expected["list"])  # keywords too
    assert_store_is_whole(store)


def test_catalog_row_without_fields_is_damage_not_a_crash(fresh, capfdbinary):
    corpus, store, *_ = fresh
    data = orjson.loads((store / "catalog.json").read_bytes())
    first = next(iter(data["speeches"]))
    del data["speeches"][first]["key"]
    (store / "catalog.json").write_bytes(orjson.dumps(data))
    code, out, err = run_cli(capfdbinary, "list", "--corpus", corpus, "--store", store)
    assert code == 0 and len(out.splitlines()) == 5 and b"damaged" in err


# ------------------------------------------------------------------ passage index shards


@pytest.mark.parametrize("how", ["truncated", "empty", "garbage", "same-size", "wrong-shape", "directory"])
def test_damaged_passage_index_gives_the_same_passages(fresh, capfdbinary, how):
    corpus, store, _, theme_args, expected = fresh
    for f in shard_files(store, "passages"):
        damage(f, how)
    code, out, err = run_cli(capfdbinary, "passages", "--json", "--any", *theme_args, "--corpus", corpus, "--store", store)
    assert code == 0
    # the damage is reported, naming a shard file
    assert b"damaged" in err and b"passages-" in err, err
    assert orjson.loads(out) == orjson.loads(expected["passages"])
    # In the store's messages (the browser shows them), and written again by the next build.
    # A damage that stat shows (size, type) was found and repaired by the run above; a
    # same-size one is found when the shard is read, and repaired by this build.
    st = Store.open(corpus, store_path=store)
    st.update()
    st.passages([theme_args[1]])
    if how == "same-size":
        assert any("damaged" in m and "written again" in m for m in st.messages), st.messages
    else:
        assert st.messages == []
        assert_store_is_whole(store)
    code, out, err = run_cli(capfdbinary, "build", "--corpus", corpus, "--store", store)
    assert code == 0
    assert_store_is_whole(store)
    st = Store.open(corpus, store_path=store)
    assert st.is_current()
    assert read_passage_index(st.catalog) is not None and not st.messages
    code, out, _ = run_cli(capfdbinary, "passages", "--json", "--any", *theme_args, "--corpus", corpus, "--store", store)
    assert orjson.loads(out) == orjson.loads(expected["passages"])


def test_passage_index_damage_is_reported(fresh):
    corpus, store, _, theme_args, expected = fresh
    shards = shard_files(store, "passages")
    damage(shards[0], "same-size")  # the size check cannot see it: found when read
    st = Store.open(corpus, store_path=store)
    assert st.update().segmented == 0
    got = st.passages([theme_args[1]])
    assert got and any("passage index was damaged" in m for m in st.messages)
    r = st.update()  # the moved-aside file is written again
    assert r.segmented == 0 and any("missing" in m for m in r.messages)
    assert all(f.is_file() for f in shards)  # the same content, under the same name


def test_truncated_passage_index_is_reported_by_build(fresh, capfdbinary):
    corpus, store, *_ = fresh
    for f in shard_files(store, "passages"):
        damage(f, "truncated")
    code, out, err = run_cli(capfdbinary, "build", "--corpus", corpus, "--store", store)
    assert code == 0 and b"damaged" in err and b"0 read" in out and b"5 themes updated" in out


@pytest.mark.parametrize("how", ["removed", "not-a-list", "short"])
def test_catalogue_that_lost_its_shard_list(fresh, capfdbinary, how):
    """Rows intact, the list of shard files gone: passages and keywords come back
    from the bodies, never silently empty."""
    corpus, store, _, theme_args, expected = fresh
    data = orjson.loads((store / "catalog.json").read_bytes())
    meta = next(iter(data["meta"].values()))
    if how == "removed":
        del meta["shards"]
    elif how == "not-a-list":
        meta["shards"] = {"passages": 7, "terms": "x", "df": None}
    else:
        meta["shards"]["passages"] = meta["shards"]["passages"][:3]
        meta["shards"]["terms"] = meta["shards"]["terms"][:3]
    (store / "catalog.json").write_bytes(orjson.dumps(data))
    code, out, err = run_cli(capfdbinary, "passages", "--json", "--any", *theme_args, "--corpus", corpus, "--store", store)
    assert code == 0 and b"damaged" in err
    assert orjson.loads(out) == orjson.loads(expected["passages"])
    code, out, _ = run_cli(capfdbinary, "list", "--json", "--corpus", corpus, "--store", store)
    assert orjson.loads(out) == orjson.loads(expected["list"])  # keywords too
    assert_store_is_whole(store)
    assert Store.open(corpus, store_path=store).is_current()


# ------------------------------------------------------------------ keyword candidate shards


@pytest.mark.parametrize("how", ["truncated", "garbage", "same-size", "wrong-shape", "directory"])
def test_damaged_terms_keep_the_keywords(fresh, capfdbinary, how):
    corpus, store, _, _, expected = fresh
    for f in shard_files(store, "terms"):
        damage(f, how)
    (corpus / "000_b3064409eaf5df0b.txt").unlink()  # a change, so that the build reads the terms
    code, out, err = run_cli(capfdbinary, "build", "--corpus", corpus, "--store", store)
    assert code == 0 and b"4 speeches" in out
    if how != "same-size":
        assert b"damaged" in err
    code, out, _ = run_cli(capfdbinary, "list", "--json", "--corpus", corpus, "--store", store)
    now = {r["id"]: r for r in orjson.loads(out)}
    before = {r["id"]: r for r in orjson.loads(expected["list"])}
    assert len(now) == 4
    for sid, row in now.items():
        assert row["keywords"], sid  # never silently emptied
        assert row["title"] == before[sid]["title"]
    assert_store_is_whole(store)


# ------------------------------------------------------------------ body files


@pytest.mark.parametrize("how", ["truncated", "empty", "garbage", "json-list", "wrong-shape", "directory", "missing"])
def test_damaged_body_is_read_again_from_the_corpus(fresh, capfdbinary, how):
    corpus, store, ids, _, expected = fresh
    sid = ids[2]
    path = body_file(store, sid)
    if how == "missing":
        path.unlink()
    else:
        damage(path, how)
    code, out, err = run_cli(capfdbinary, "show", sid, "--json", "--corpus", corpus, "--store", store)
    assert code == 0
    assert orjson.loads(out) == orjson.loads(expected["show"][sid])
    assert b"read again from the file" in err  # said, not only repaired
    assert path.is_file() and parse_body(path.read_bytes())["paragraphs"]  # repaired
    st = Store.open(corpus, store_path=store)
    if how != "missing":
        path.write_bytes(b"{broken")
    else:
        path.unlink()
    st.speech(sid)
    assert any("read again from the file" in m for m in st.messages), st.messages


def test_damaged_body_of_a_file_that_changed_or_vanished(fresh, capfdbinary):
    corpus, store, ids, _, _ = fresh
    st = Store.open(corpus, store_path=store)
    a, b = st.speeches()[0], st.speeches()[1]
    damage(body_file(store, a.id), "garbage")
    damage(body_file(store, b.id), "garbage")
    (corpus / a.source).write_text("在全县大会上的讲话\n同志们：\n这是改过的讲话。\n", encoding="utf-8")
    (corpus / b.source).unlink()
    sp = st.speech(a.id)
    assert [p.text for p in sp.paragraphs] == ["这是改过的讲话。"]
    assert any("changed since the last build" in m for m in st.messages)
    sp = st.speech(b.id)
    assert sp.title == b.title and sp.paragraphs == ()
    assert any("cannot be read again" in m for m in st.messages)
    # The CLI, too, neither crashes nor prints garbage; the next build catches up.
    code, out, err = run_cli(capfdbinary, "build", "--corpus", corpus, "--store", store)
    assert code == 0 and b"4 speeches" in out and b"1 removed" in out


def test_damaged_body_found_by_a_retagging_build(fresh, tmp_path, capfdbinary):
    corpus, store, ids, _, _ = fresh
    damage(body_file(store, ids[0]), "truncated")
    themes = tmp_path / "themes.toml"
    themes.write_text('[[theme]]\nid = "red"\nname = "红色"\nkeywords = { "红色基因" = 3, "党史" = 2, "组织生活会" = 1 }\n', encoding="utf-8")
    code, out, err = run_cli(capfdbinary, "build", "--themes", themes, "--corpus", corpus, "--store", store)
    assert code == 0 and b"5 speeches" in out and b"1 read," in out
    assert b"was damaged; the file is read again" in err
    assert_store_is_whole(store)


def test_a_file_that_vanishes_while_its_body_is_missing(fresh, monkeypatch):
    """The reuse path (same content under a new name) with a body that is gone and a
    file that vanishes before it is read again: skipped, not a crash."""
    corpus, store, ids, _, _ = fresh
    st = Store.open(corpus, store_path=store)
    src = st.speeches()[0].source
    shutil.copy2(corpus / src, corpus / "copy.txt")
    real = DiskBackend.read_body

    def read_body(self, key):
        if (corpus / "copy.txt").exists():
            (corpus / "copy.txt").unlink()
            raise KeyError(key)
        return real(self, key)

    monkeypatch.setattr(DiskBackend, "read_body", read_body)
    r = st.update()
    assert r.speeches == 5 and [s.source for s in r.skipped] == ["copy.txt"]
    assert "cannot read" in r.skipped[0].reason


# ------------------------------------------------------------------ a store that cannot be written


def test_store_under_a_regular_file_works_in_memory(fresh, capfdbinary):
    corpus, store, *_ = fresh
    blocker = store.parent / "blocker"
    blocker.write_text("x")
    code, out, err = run_cli(capfdbinary, "build", "--corpus", corpus, "--store", blocker / "store")
    assert code == 0 and b"5 speeches" in out and b"memory (not saved)" in out
    assert b"cannot be written" in err


def test_missing_cache_dir_is_created_and_a_file_in_its_place_is_survived(fresh, tmp_path):
    corpus, *_ = fresh
    r = jianghua("build", corpus=corpus, JIANGHUA_CACHE_DIR=str(tmp_path / "no" / "such" / "cache"))
    assert r.returncode == 0 and b"5 speeches" in r.stdout
    assert list((tmp_path / "no" / "such" / "cache" / "stores").iterdir())
    (tmp_path / "cachefile").write_text("x")
    r = jianghua("build", corpus=corpus, JIANGHUA_CACHE_DIR=str(tmp_path / "cachefile"))
    assert r.returncode == 0 and b"5 speeches" in r.stdout and b"cannot be written" in r.stderr


@pytest.mark.parametrize("where", ["body", "terms", "catalog"])
def test_disk_that_fails_during_the_build_falls_back_to_memory(fresh, monkeypatch, where):
    corpus, store, *_ = fresh
    (corpus / "new.txt").write_text("在全县大会上的讲话\n同志们：\n要抓好落实，确保见效。\n", encoding="utf-8")
    st = Store.open(corpus, store_path=store)
    from jianghua.store import storage

    real_write = storage.atomic_write
    part = {"body": "/bodies/", "terms": "/shards/terms-", "catalog": "catalog.json"}[where]

    def failing_write(path, data, sync=True):
        if part in str(path):
            raise OSError(errno.ENOSPC if where != "body" else errno.EROFS, "No space left on device", str(path))
        return real_write(path, data, sync)

    monkeypatch.setattr(storage, "atomic_write", failing_write)
    before = sorted(p.name for p in store.iterdir())
    r = st.update()
    assert r.speeches == 6 and len(st.speeches()) == 6
    assert any("cannot be written" in m for m in r.messages), r.messages
    assert st.store_dir is None
    assert [p.paragraphs[-1].text for p in [st.speech(st.resolve("new.txt"))]] == ["要抓好落实，确保见效。"]
    monkeypatch.setattr(storage, "atomic_write", real_write)
    assert_store_is_whole(store)  # the old store is intact …
    after = Store.open(corpus, store_path=store)
    assert len(after.speeches()) == 5 and not after.messages
    assert sorted(p.name for p in store.iterdir() if not p.name.startswith(("terms-", "passages-"))) == \
        sorted(n for n in before if not n.startswith(("terms-", "passages-")))


def test_store_folder_removed_after_opening(fresh):
    corpus, store, *_ = fresh
    st = Store.open(corpus, store_path=store)
    shutil.rmtree(store)
    r = st.update()
    assert r.speeches == 5 and st.store_dir == store
    assert_store_is_whole(store)


def test_lock_that_cannot_be_taken_falls_back_to_memory(fresh):
    corpus, store, *_ = fresh
    (store / "lock").unlink(missing_ok=True)
    (store / "lock").mkdir()
    st = Store.open(corpus, store_path=store)
    (corpus / "new.txt").write_text("在全县大会上的讲话\n同志们：\n要抓好落实。\n", encoding="utf-8")
    r = st.update()
    assert r.speeches == 6 and any("cannot be written" in m for m in r.messages)


def _unshare_ok() -> bool:
    if not shutil.which("unshare") or not shutil.which("mount"):
        return False
    r = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs none /mnt 2>/dev/null || mount --bind / /mnt"],
                       capture_output=True)
    return r.returncode == 0


@pytest.mark.skipif(not _unshare_ok(), reason="needs unshare and mount (a private mount namespace)")
def test_read_only_mount(fresh):
    """The store folder on a read-only mount (root ignores chmod, not a ro mount):
    the old store is read, a change is built in memory, with a message."""
    corpus, store, *_ = fresh
    (corpus / "new.txt").write_text("在全县大会上的讲话\n同志们：\n要抓好落实。\n", encoding="utf-8")
    script = (
        f"mount --bind {store} {store} && mount -o remount,ro,bind {store} && "
        f"{sys.executable} -m jianghua build --corpus {corpus} --store {store} && "
        f"{sys.executable} -m jianghua list --json --corpus {corpus} --store {store}"
    )
    r = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    assert b"6 speeches" in r.stdout and b"memory (not saved)" in r.stdout
    assert b"cannot be written" in r.stderr and b"Traceback" not in r.stderr
    assert json.loads(r.stdout[r.stdout.index(b"\n[") + 1:].decode())
    # Nothing was written there; the store is as it was.
    assert len(Store.open(corpus, store_path=store).speeches()) == 5


# ------------------------------------------------------------------ a corpus that changes during a build


def test_a_file_that_vanishes_or_changes_between_scan_and_read(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    shutil.copytree(BUNDLED, corpus)
    names = sorted(p.name for p in corpus.glob("*.txt"))
    gone, changed, fifo, grown = names[0], names[1], names[2], names[3]
    real = plan_mod.read_file

    def read_file(entry):
        path = Path(entry.path)
        if entry.source == gone:
            path.unlink()
        elif entry.source == changed:
            path.write_text("在全县大会上的讲话\n同志们：\n这是读时的新内容。\n", encoding="utf-8")
        elif entry.source == fifo:
            path.unlink()
            os.mkfifo(path)
        elif entry.source == grown:
            with open(entry.path, "ab") as fh:
                fh.truncate(9 * 1024 * 1024)
        return real(entry)

    monkeypatch.setattr(plan_mod, "read_file", read_file)  # hashing for the plan …
    monkeypatch.setattr(jobs_mod, "read_file", read_file)  # … and reading to ingest
    st = Store.open(corpus, store_path=tmp_path / "s")
    result: list = []
    t = threading.Thread(target=lambda: result.append(st.update()), daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "the build hangs on a FIFO"
    r = result[0]
    reasons = {s.source: s.reason for s in r.skipped}
    assert "cannot read" in reasons[gone]
    assert "not a regular file" in reasons[fifo]
    assert "too large" in reasons[grown]
    assert r.speeches == 2  # the changed one (as it is now) and the untouched one
    assert [p.text for p in st.speech(st.resolve(changed)).paragraphs] == ["这是读时的新内容。"]
    monkeypatch.setattr(plan_mod, "read_file", real)
    monkeypatch.setattr(jobs_mod, "read_file", real)
    os.unlink(corpus / fifo)
    again = st.update()
    assert again.segmented == 0 and gone not in {s.source for s in again.skipped}
    assert st.is_current()


def test_worker_processes_that_cannot_start_fall_back_to_this_process(tmp_path):
    """A builder run from stdin (`python -`): the fork server cannot re-import its
    __main__ and every worker dies at birth. The build still finishes."""
    from .hostile_corpus import make_speech_corpus

    corpus = tmp_path / "corpus"
    make_speech_corpus(corpus, 30)
    script = (
        "import json; from jianghua.store import Store\n"
        f"s = Store.open({str(corpus)!r}, store_path={str(tmp_path / 's')!r}); r = s.update()\n"
        "print(json.dumps([r.speeches, r.segmented, r.messages]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("JIANGHUA_WORKERS", None)
    r = subprocess.run([sys.executable, "-"], input=script.encode(), capture_output=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    speeches, segmented, messages = json.loads(r.stdout)
    assert speeches == segmented == 30
    assert any("Reading in parallel failed" in m for m in messages), messages


def test_damaged_body_of_a_file_with_an_escaped_name(tmp_path):
    """Shown names are escaped ("a\\nb" shows as "a b", and the second of two equal
    shown names gets #2): the body is read again from the right file."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {b"a\nb.txt": "在甲会议上的讲话\n同志们：\n这是换行名字的讲话。\n", b"a b.txt": "在乙会议上的讲话\n同志们：\n这是空格名字的讲话。\n"}
    for name, text in texts.items():
        with open(os.path.join(os.fsencode(corpus), name), "wb") as fh:
            fh.write(text.encode("utf-8"))
    st = Store.open(corpus, store_path=tmp_path / "s")
    st.update()
    by_source = {s.source: s for s in st.speeches()}
    assert sorted(by_source) == ["a b.txt", "a b.txt#2"]
    expected = {src: [p.text for p in st.speech(s.id).paragraphs] for src, s in by_source.items()}
    for s in by_source.values():
        damage(body_file(tmp_path / "s", s.id), "garbage")
    st = Store.open(corpus, store_path=tmp_path / "s")
    for src, s in by_source.items():
        assert [p.text for p in st.speech(s.id).paragraphs] == expected[src]
    assert sum("read again from the file" in m for m in st.messages) == 2
