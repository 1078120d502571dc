"""The hostile corpus through `jianghua build / list / show / themes / passages`:
no crash, every file indexed correctly or skipped with a one-line reason, and no
byte a terminal could act on in any output or in the store."""

from __future__ import annotations

import os
import re
import shutil
import zlib

import orjson

from jianghua.store import Store

from .conftest import jianghua
from .hostile_corpus import SPEECH, SPEECH_TITLE, printable_problems, small_speech


def skip_lines(stdout: bytes) -> list[str]:
    text = stdout.decode("utf-8")
    if "skipped" not in text:
        return []
    tail = re.split(r"skipped \d+ files?:\n", text, maxsplit=1)[1]
    return [line[2:] for line in tail.splitlines() if line.startswith("  ")]


def test_build_succeeds_and_names_every_skipped_file(hostile):
    corpus, store, build = hostile
    assert build.returncode == 0, build.stderr.decode()
    assert b"Traceback" not in build.stderr
    lines = skip_lines(build.stdout)
    m = re.match(rb"(\d+) speeches", build.stdout)
    assert m, build.stdout
    speeches = int(m.group(1))
    assert f"skipped {len(lines)} files:".encode() in build.stdout
    for case in corpus.by_expect("skip"):
        hits = [line for line in lines if line.startswith(case.source + ": ")]
        assert len(hits) == 1, (case.path, case.source, lines)
        reason = hits[0][len(case.source) + 2:]
        assert reason and case.reason.lower() in reason.lower(), (case.path, reason)
    listed = {line.split(": ", 1)[0] for line in lines}
    for case in corpus.by_expect("index") + corpus.by_expect("absent"):
        assert case.source not in listed, (case.path, case.source)
    # Everything in the folder is accounted for: indexed or skipped.
    expected_files = len(corpus.by_expect("index")) + len(corpus.by_expect("skip")) + len(corpus.by_expect("either"))
    assert speeches + len(lines) == expected_files


def test_every_good_file_is_indexed_with_the_right_text(hostile):
    corpus, store_dir, build = hostile
    assert build.returncode == 0
    st = Store.open(corpus.folder, store_path=store_dir)
    by_source = {s.source: s for s in st.speeches()}
    skipped = {s.source: s.reason for s in st.skipped()}
    for case in corpus.by_expect("index") + corpus.by_expect("either"):
        if case.expect == "either":
            # Not root: the file (or its folder) cannot be read, and says so.
            why = skipped.get(case.source) or next((r for s, r in skipped.items() if s.endswith("/") and case.source.startswith(s)), None)
            if why is not None:
                assert "cannot read" in why
                continue
        assert case.source in by_source, (case.path, case.source, sorted(by_source))
        summary = by_source[case.source]
        if case.title is not None:
            assert summary.title == case.title, case.path
        speech = st.speech(summary.id)
        texts = [p.text for p in speech.paragraphs]
        if case.paragraphs is not None:
            assert texts == case.paragraphs, case.path
        joined = "\n".join(texts + [s.heading or "" for s in speech.sections])
        for piece in case.contains:
            assert piece in joined, (case.path, piece)
    for case in corpus.by_expect("absent"):
        assert case.source not in by_source and case.source not in skipped


def test_escape_sequences_are_removed_not_just_escaped(hostile):
    corpus, store_dir, _ = hostile
    st = Store.open(corpus.folder, store_path=store_dir)
    for name in ("ansi.txt", "ansi-gbk.txt"):
        sp = st.speech(st.resolve(name))
        blob = sp.title + "".join(p.text for p in sp.paragraphs) + "".join(s.heading or "" for s in sp.sections)
        for residue in ("pwned", "cm0gLXJmIH4", "[31m", "[0m", "[1m", "1049h", "+q544e", "0;x", "[2J"):
            assert residue not in blob, (name, residue)
    # Markup is text: kept as it is (the browser escapes it), never interpreted here.
    sp = st.speech(st.resolve("markup.txt"))
    assert sp.title == "在[b]全县[/b]工作会议上的讲话[/]"


def _assert_clean_bytes(result, what):
    assert b"Traceback" not in result.stderr, (what, result.stderr.decode(errors="replace")[-2000:])
    bad = printable_problems(result.stdout) + printable_problems(result.stderr)
    assert not bad, (what, bad[:10])


def test_no_control_character_reaches_the_terminal(hostile, capfdbinary):
    corpus, store_dir, build = hostile
    _assert_clean_bytes(build, "build")
    themes = orjson.loads(jianghua("themes", "--json", corpus=corpus.folder, store=store_dir).stdout)
    for args in (["build"], ["list"], ["list", "--json"], ["themes"],
                 ["passages", "--any", *[a for t in themes for a in ("--theme", t["id"])]],
                 ["passages", "--json", "--any", *[a for t in themes for a in ("--theme", t["id"])]]):
        r = jianghua(*args, corpus=corpus.folder, store=store_dir)
        assert r.returncode == 0, (args, r.stderr.decode())
        _assert_clean_bytes(r, args)
    # `show` for every speech, in this process (the same code, without 2×45 interpreter starts).
    from jianghua.cli import main

    st = Store.open(corpus.folder, store_path=store_dir)
    ids = [s.id for s in st.speeches()]
    assert len(ids) > 30
    capfdbinary.readouterr()
    for sid in ids:
        for extra in ([], ["--json"]):
            code = main(["show", sid, *extra, "--corpus", str(corpus.folder), "--store", str(store_dir)])
            out, err = capfdbinary.readouterr()
            assert code == 0, (sid, err)
            bad = printable_problems(out) + printable_problems(err)
            assert not bad, (sid, extra, bad[:10])
            assert out.strip()


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def test_the_store_holds_only_sanitised_text(hostile):
    corpus, store_dir, _ = hostile
    files = [p for p in store_dir.rglob("*.json")]
    assert len(files) > 20  # bodies are shared by files with the same content
    for p in files:
        raw = p.read_bytes()
        data = orjson.loads(raw if raw[:1] == b"{" else zlib.decompress(raw))  # (bodies and shards: zlib-compressed JSON)
        for s in _strings(data):
            assert not printable_problems(s), (p.name, s[:80])
    st = Store.open(corpus.folder, store_path=store_dir)
    for summary in st.speeches():
        sp = st.speech(summary.id)
        fields = [sp.title, sp.source, sp.salutation or "", *sp.keywords]
        fields += [s.heading or "" for s in sp.sections]
        fields += [p.text for p in sp.paragraphs] + [s.text for p in sp.paragraphs for s in p.sentences]
        for f in fields:
            assert not printable_problems(f), (summary.source, f[:80])
        assert "\n" not in sp.title and "\n" not in sp.source
    for s in st.skipped():
        assert not printable_problems(s.source + s.reason) and "\n" not in s.source + s.reason


def test_a_second_build_changes_nothing(hostile):
    corpus, store_dir, build = hostile
    again = jianghua("build", corpus=corpus.folder, store=store_dir)
    assert again.returncode == 0, again.stderr.decode()
    assert b" 0 read, 0 themes updated" in again.stdout
    assert skip_lines(again.stdout) == skip_lines(build.stdout)


def test_a_good_file_next_to_each_bad_one_is_indexed(hostile, tmp_path, monkeypatch):
    corpus, _, _ = hostile
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    bad_files = [c for c in corpus.by_expect("skip")
                 if os.path.isfile(os.path.join(os.fsencode(corpus.folder), c.path)) and not os.path.islink(os.path.join(os.fsencode(corpus.folder), c.path))]
    assert len(bad_files) >= 10
    for k, case in enumerate(bad_files):
        folder = tmp_path / f"c{k}"
        folder.mkdir()
        (folder / "good.txt").write_text(SPEECH, encoding="utf-8")
        src = os.path.join(os.fsencode(corpus.folder), case.path)
        dst = os.path.join(os.fsencode(folder), case.path)
        if os.path.getsize(src) > 8 * 1024 * 1024:
            with open(dst, "wb") as fh:
                fh.truncate(os.path.getsize(src))
        else:
            shutil.copyfile(src, dst)
        st = Store.open(folder, store_path=tmp_path / f"s{k}")
        report = st.update()
        assert [s.title for s in st.speeches()] == [SPEECH_TITLE], case.path
        assert [s.source for s in report.skipped] == [case.source]


def test_names_with_leading_dashes_are_not_options(hostile):
    corpus, store_dir, _ = hostile
    st = Store.open(corpus.folder, store_path=store_dir)
    sid = st.resolve("--help.txt")
    r = jianghua("show", sid, corpus=corpus.folder, store=store_dir)
    assert r.returncode == 0 and r.stdout.decode().startswith("在第7次党支部理论学习会上的讲话")
    assert small_speech(7).split("\n")[3] in r.stdout.decode()
