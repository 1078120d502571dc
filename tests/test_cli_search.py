"""`jianghua search`: KWIC lines, --json fields, exit codes, theme scope, bad queries."""

import json
import time

import pytest

from jianghua.corpus.script import to_traditional
from tests.test_cli import jianghua

FIELDS = {"speech", "title", "year", "paragraph", "sentence", "start", "end", "left", "hit", "right", "citation", "in", "section"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-search") / "store"
    r = jianghua("build", store=path)
    assert r.returncode == 0, r.stderr
    return path


def _bodies(store_dir) -> dict:
    rows = json.loads(jianghua("list", "--json", store=store_dir).stdout)
    return {r["id"]: json.loads(jianghua("show", r["id"], "--json", store=store_dir).stdout) for r in rows}


def test_kwic_lines_and_json(store_dir):
    r = jianghua("search", "两个维护", store=store_dir)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines and all("【两个维护】" in ln and ln.startswith("《") and "段: " in ln for ln in lines)  # the citation leads
    j = jianghua("search", "两个维护", "--json", "--context", "6", store=store_dir)
    rows = json.loads(j.stdout)
    assert len(rows) == len(lines)
    bodies = _bodies(store_dir)
    for row in rows:
        assert set(row) == FIELDS
        assert row["hit"] == "两个维护" and len(row["left"]) <= 6 and len(row["right"]) <= 6
        sp = bodies[row["speech"]]
        para = next(p for s in sp["sections"] for p in s["paragraphs"] if p["index"] == row["paragraph"])
        assert para["text"][row["start"] : row["end"]] == "两个维护"
        assert "两个维护" in para["sentences"][row["sentence"] - 1]["text"]
    total = sum(p["text"].count("两个维护") for sp in bodies.values() for s in sp["sections"] for p in s["paragraphs"])
    assert len(rows) == total


def test_no_match_exits_1_like_grep(store_dir):
    r = jianghua("search", "不可能出现的词语组合", store=store_dir)
    assert r.returncode == 1 and r.stdout == ""


def test_query_language(store_dir):
    def hits(q):  # (in paragraphs: the terms of several are looked for paragraph by paragraph)
        return json.loads(jianghua("search", q, "--json", "--paragraphs", store=store_dir).stdout)

    both = hits("政治 纪律")
    assert both and all(h["hit"] == "政治" for h in both)
    bodies = _bodies(store_dir)

    def para(h):
        sp = bodies[h["speech"]]
        return next(p for s in sp["sections"] for p in s["paragraphs"] if p["index"] == h["paragraph"])["text"]

    assert all("纪律" in para(h) for h in both)
    minus = hits("政治 -纪律")
    assert minus and all("纪律" not in para(h) for h in minus)
    assert len(hits("政治")) == len(both) + len(minus)
    # traditional script and full-width letters/digits fold
    assert len(hits(to_traditional("廉洁"))) == len(hits("廉洁")) > 0
    assert len(hits("２０２２")) == len(hits("2022")) > 0
    rx = hits("re:两个.护")
    assert rx and {h["hit"] for h in rx} == {"两个维护"}


def test_theme_scope(store_dir):
    every = json.loads(jianghua("search", "同志", "--json", store=store_dir).stdout)
    some = json.loads(jianghua("search", "同志", "--json", "--theme", "history", store=store_dir).stdout)
    ids = {r["id"] for r in json.loads(jianghua("list", "--json", "--theme", "history", store=store_dir).stdout)}
    assert some and {h["speech"] for h in some} <= ids and len(some) < len(every)


@pytest.mark.parametrize(
    "query,message",
    [("", "Type something"), (" ", "Type something"), ("re:(", "Not a valid regular expression"), ("re:x*", "matches the empty text"), ("-纪律", "at least one term")],
)
def test_bad_queries_exit_2_with_a_message(store_dir, query, message):
    r = jianghua("search", "--store", str(store_dir), "--", query)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_hostile_queries(store_dir):
    for q in ["[/]", "[@click=app.quit]", "\x1b]52;c;AAAA\x07发展", "发" * 10_000]:
        r = jianghua("search", q, store=store_dir)
        assert r.returncode in (0, 1) and "Traceback" not in r.stderr
        assert "\x1b" not in r.stdout
    assert "cut to its first" in jianghua("search", "发" * 10_000, store=store_dir).stderr


def test_catastrophic_regex_answers_in_bounded_time(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "long.txt").write_text("长段落的讲话\n\n同志们：\n\n" + "a" * 50_000 + "。\n", encoding="utf-8")
    for q in ["re:(a+)+$", "re:(.*)*x"]:
        t0 = time.monotonic()
        r = jianghua("search", q, "--corpus", str(corpus), store=tmp_path / "st")
        assert r.returncode in (1, 2) and "Traceback" not in r.stderr
        if r.returncode == 2:
            assert "takes too long" in r.stderr
        assert time.monotonic() - t0 < 60  # bounded (the budget is 2 s of matching; the rest is start-up and build)


def test_titles_and_headings_found_by_default(store_dir):
    """A phrase of a section heading is found in the heading as well as in paragraphs;
    the line says 'section heading' and the JSON row says "in": "heading"; --paragraphs
    leaves the headings out (and --titles, once needed, is still accepted)."""
    plain = json.loads(jianghua("search", "理论学习", "--paragraphs", "--json", store=store_dir).stdout)
    assert plain and all(set(r) == FIELDS and r["in"] == "paragraph" and r["section"] is None for r in plain)
    r = jianghua("search", "理论学习", store=store_dir)
    assert any(" section heading: " in ln for ln in r.stdout.splitlines())
    rows = json.loads(jianghua("search", "理论学习", "--json", store=store_dir).stdout)
    heads = [x for x in rows if x["in"] == "heading"]
    assert heads and all(x["paragraph"] is None and x["hit"] == "理论学习" for x in heads)
    assert len(rows) == len(plain) + len(heads)
    assert json.loads(jianghua("search", "理论学习", "--titles", "--json", store=store_dir).stdout) == rows


def test_a_phrase_only_in_a_heading_is_found_there(store_dir):
    """The defect: 一、以更坚定的政治之为，… is a heading of its own (not the opening of a
    paragraph); searching its words found nothing (exit 1). Found now, once, located as
    that heading (not 第N段 of a paragraph), its section the one `show --json` lists."""
    q = "更坚定的政治之为"
    r = jianghua("search", q, store=store_dir)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 1 and " section heading: 一、以【更坚定的政治之为】，" in lines[0] and "段" not in lines[0].split(": ")[0]
    rows = json.loads(jianghua("search", q, "--json", store=store_dir).stdout)
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == FIELDS and row["in"] == "heading" and row["paragraph"] is None and row["sentence"] is None
    sp = json.loads(jianghua("show", row["speech"], "--json", store=store_dir).stdout)
    heading = sp["sections"][row["section"] - 1]["heading"]
    assert heading.startswith("一、") and heading[row["start"] : row["end"]] == q
    assert jianghua("search", q, "--paragraphs", store=store_dir).returncode == 1


