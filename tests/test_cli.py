import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def jianghua(*args, cwd=None, store=None, env=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", **(env or {})}
    cmd = [sys.executable, "-m", "jianghua", *args]
    if store is not None:
        cmd += ["--store", str(store)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    r = jianghua("build", store=path)
    assert r.returncode == 0, r.stderr
    assert "5 speeches" in r.stdout
    return path


def test_list_json_shape(store_dir, tmp_path):
    r = jianghua("list", "--json", cwd=tmp_path, store=store_dir)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 5
    for row in rows:
        assert {"id", "title", "source", "year", "occasion", "chars", "themes"} <= set(row)
        assert all({"id", "name", "score"} <= set(t) for t in row["themes"])
        assert "仅供学习" not in row["title"] and not row["title"].endswith(".txt")
    assert {r["year"] for r in rows} == {None, 2022, 2023}
    assert {(r["year"], r["date"]) for r in rows} == {(None, None), (2022, "2022"), (2023, "2023")}
    assert all("speaker" in r for r in rows)


def test_date_and_speaker_in_list_and_show_json(tmp_path):
    """A real file (tests/data/real): its stated date and speaker reach --json."""
    import shutil

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "real" / "2026_浙江省_政府工作报告.txt", corpus / "浙江.txt")
    r = jianghua("--corpus", str(corpus), "list", "--json", store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    row = json.loads(r.stdout)[0]
    assert (row["title"], row["year"], row["date"], row["speaker"]) == ("2026年浙江省政府工作报告", 2026, "2026-01-14", "刘捷")
    sp = json.loads(jianghua("--corpus", str(corpus), "show", row["id"], "--json", store=tmp_path / "s").stdout)
    assert (sp["year"], sp["date"], sp["speaker"]) == (2026, "2026-01-14", "刘捷")
    assert "浙江日报" not in json.dumps(sp, ensure_ascii=False)  # the header block is not text


def test_list_by_theme(store_dir):
    all_rows = json.loads(jianghua("list", "--json", store=store_dir).stdout)
    ids = [t["id"] for t in all_rows[0]["themes"]]
    one = json.loads(jianghua("list", "--json", "--theme", ids[0], store=store_dir).stdout)
    assert one and all(any(t["id"] == ids[0] for t in r["themes"]) for r in one)
    scores = [next(t["score"] for t in r["themes"] if t["id"] == ids[0]) for r in one]
    assert scores == sorted(scores, reverse=True)  # strongest first
    bad = jianghua("list", "--theme", "nonsense", store=store_dir)
    assert bad.returncode == 2 and "unknown theme" in bad.stderr


def test_show_json_shape(store_dir):
    rows = json.loads(jianghua("list", "--json", store=store_dir).stdout)
    r = jianghua("show", rows[1]["id"], "--json", store=store_dir)
    assert r.returncode == 0, r.stderr
    sp = json.loads(r.stdout)
    assert {"id", "title", "source", "year", "occasion", "sections"} <= set(sp)
    sec = sp["sections"][1]
    assert {"heading", "level", "paragraphs"} <= set(sec)
    para = sec["paragraphs"][0]
    assert {"index", "text", "themes", "sentences"} <= set(para)
    assert all({"text", "themes"} <= set(s) for s in para["sentences"])
    # every paragraph is exactly its sentences (spaces between sentences aside), none empty
    squeeze = lambda t: "".join(t.split())  # noqa: E731
    paragraphs = [p for sec in sp["sections"] for p in sec["paragraphs"]]
    assert len(paragraphs) >= 5
    for p in paragraphs:
        assert p["sentences"] and all(s["text"].strip() for s in p["sentences"])
        assert squeeze("".join(s["text"] for s in p["sentences"])) == squeeze(p["text"])


def test_show_by_file_name_and_plain_output(store_dir):
    r = jianghua("show", "001", store=store_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("在县委办党支部2022年度组织生活会上的讲话")
    assert "一、围绕固本抓理论学习" in r.stdout
    missing = jianghua("show", "does-not-exist", store=store_dir)
    assert missing.returncode == 2 and "no speech" in missing.stderr


def test_themes_json(store_dir):
    rows = json.loads(jianghua("themes", "--json", store=store_dir).stdout)
    assert rows and all({"id", "name", "speeches", "passages"} <= set(t) for t in rows)
    assert any(t["passages"] > 0 for t in rows)


def test_missing_and_empty_corpus_are_errors(tmp_path):
    r = jianghua("list", "--corpus", str(tmp_path / "nope"), store=tmp_path / "s1")
    assert r.returncode != 0 and "not found" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = jianghua("list", "--corpus", str(empty), store=tmp_path / "s2")
    assert r.returncode != 0 and "no speeches" in r.stderr
    r = jianghua("--corpus", str(empty), store=tmp_path / "s3")  # the browser refuses too
    assert r.returncode != 0 and "no speeches" in r.stderr


def test_bad_themes_file_names_the_line(tmp_path):
    bad = tmp_path / "themes.toml"
    bad.write_text('[[theme]]\nid = "ok"\nname = "好"\nkeywords = { "词" = 1 }\n\n[[theme]]\nid = "Bad Id"\nname = "x"\nkeywords = ["a"]\n', encoding="utf-8")
    r = jianghua("list", "--themes", str(bad), store=tmp_path / "s")
    assert r.returncode == 2
    assert "line 7" in r.stderr and 'id = "Bad Id"' in r.stderr
    bad.write_text('[[theme]]\nid = "ok"\nname = "好\n', encoding="utf-8")
    r = jianghua("themes", "--themes", str(bad), store=tmp_path / "s")
    assert r.returncode == 2 and "line 3" in r.stderr


def test_build_reports_skipped_files(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("在全县工作会议上的讲话\n同志们：\n要抓好落实。要守纪律讲规矩。", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    r = jianghua("build", "--corpus", str(corpus), store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    assert "1 speech," in r.stdout
    assert "empty.txt: empty file" in r.stdout and "image.txt: binary file (a PNG image)" in r.stdout


def _corpus(tmp_path, files: dict[str, str]):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


BODY = "\n同志们：\n要抓好学习，守纪律讲规矩。要把学习成果转化为工作成效。\n"


def test_list_into_a_file_cuts_nothing(tmp_path):
    """Issue 12 §2.10: piped or redirected, `list` keeps whole titles (a terminal cuts to its width)."""
    title = "在全县推进作风建设暨优化营商环境三年行动计划动员部署大会上的讲话"
    corpus = _corpus(tmp_path, {"long.txt": title + BODY, "short.txt": "在全县工作会议上的讲话" + BODY})
    r = jianghua("list", "--corpus", str(corpus), store=tmp_path / "s", env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    assert title in r.stdout and "…" not in r.stdout


def test_ambiguous_show_lists_the_candidates(tmp_path):
    """Issue 12 §2.7: a reference several speeches match lists them, with exit status 3."""
    files = {f"{n}.txt": f"在第{n}党支部组织生活会上的讲话{BODY}" for n in ("一", "二", "三")}
    files["other.txt"] = "在全县工作会议上的讲话" + BODY
    files.update({f"x{n}.txt": f"在第{n}次专题会议上的发言{BODY}" for n in range(12)})  # enough ids for two to share a start
    corpus = _corpus(tmp_path, files)
    store = tmp_path / "s"
    r = jianghua("show", "组织生活会", "--corpus", str(corpus), store=store)
    assert r.returncode == 3, (r.returncode, r.stderr)
    assert "3 speeches" in r.stderr
    for n in ("一", "二", "三"):
        assert f"在第{n}党支部组织生活会上的讲话" in r.stderr
    assert "全县工作会议" not in r.stderr
    rows = json.loads(jianghua("list", "--json", "--corpus", str(corpus), store=store).stdout)
    ids = [row["id"] for row in rows]
    titles = [row["title"] for row in rows]
    prefix = next(  # two ids start with it, and no title holds it (a title part would pick that speech)
        p for k in range(1, 8) for p in sorted({i[:k] for i in ids}) if sum(i.startswith(p) for i in ids) == 2 and not any(p in t for t in titles)
    )
    r = jianghua("show", prefix, "--corpus", str(corpus), store=store)
    assert r.returncode == 3 and sum(i in r.stderr for i in ids) == 2
    r = jianghua("show", "全县工作会议", "--corpus", str(corpus), store=store)
    assert r.returncode == 0 and r.stdout.startswith("在全县工作会议上的讲话")
    assert jianghua("show", "没有这篇", "--corpus", str(corpus), store=store).returncode == 2


def test_names_that_differ_only_in_unicode_form_are_both_candidates(tmp_path):
    """Two files named "é" as one character and as e + combining accent (macOS writes the second) look the same in
    the list; `show` by that name lists both (exit 3) instead of silently reaching the one whose bytes were typed."""
    import unicodedata

    nfc, nfd = (unicodedata.normalize(f, "讲话-é") for f in ("NFC", "NFD"))
    assert nfc != nfd
    corpus = _corpus(tmp_path, {f"{nfc}.txt": "在第一次会议上的讲话" + BODY, f"{nfd}.txt": "在第二次会议上的讲话" + BODY})
    store = tmp_path / "s"
    for typed in (nfc, nfd, nfc + ".txt"):
        r = jianghua("show", typed, "--corpus", str(corpus), store=store)
        assert r.returncode == 3, (typed, r.returncode, r.stdout[:80], r.stderr)
        assert "在第一次会议上的讲话" in r.stderr and "在第二次会议上的讲话" in r.stderr


def test_passages_help_describes_every_option():
    """Issue 12 §2.11."""
    r = jianghua("passages", "--help")
    assert r.returncode == 0
    text = " ".join(r.stdout.split())
    assert "--theme ID a theme (id or name; repeatable)" in text
    assert "--any with several --theme: any of them instead of all" in text
    assert "--json JSON output" in text
    assert "第N段" in text  # what the paragraph number counts


def test_chinese_interface_from_lang_and_option(tmp_path):
    """Issue 12 §1: LANG=zh_CN.UTF-8 (as SSH forwards it) or --lang zh: Chinese help and messages."""
    r = jianghua("--help", env={"LC_ALL": "", "LANG": "zh_CN.UTF-8"})
    assert "用法：" in r.stdout and "显示本帮助并退出" in r.stdout and "界面语言" in r.stdout
    r = jianghua("list", "--corpus", str(tmp_path / "nope"), "--lang", "zh", store=tmp_path / "s")
    assert r.returncode == 2 and "找不到文件夹" in r.stderr
    r = jianghua("list", "--corpus", str(tmp_path / "nope"), "--lang", "en", store=tmp_path / "s", env={"LC_ALL": "zh_CN.UTF-8"})
    assert "folder not found" in r.stderr
    r = jianghua("show", "x", "--lang", "fr")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_english_counts_are_plural_aware(store_dir):
    r = jianghua("themes", store=store_dir)
    assert r.returncode == 0
    assert not re.search(r"\b1 speeches|\b1 passages", r.stdout)
    assert re.search(r"\d+ (speech|speeches) +\d+ (passage|passages)", r.stdout)


def test_passages_count_paragraphs_as_citations_do(store_dir):
    """Issue 12 §2.3: 第N段 means one thing — within the section, as the reader and its copies say."""
    from jianghua.store import Store
    from jianghua.tui.citation import citation

    store = Store.open(store_path=store_dir)
    theme = max(store.themes(), key=lambda t: t.passages).id
    rows = json.loads(jianghua("passages", "--theme", theme, "--json", store=store_dir).stdout)
    text = jianghua("passages", "--theme", theme, store=store_dir).stdout
    heads = [line for line in text.splitlines() if line.startswith("《")]
    assert len(heads) == len(rows)
    differ = 0
    for row, head in zip(rows, heads):
        sp = store.speech(row["speech"])
        k = row["paragraph"] - 1
        n = sp.paragraphs[k].number_in_section
        differ += n != row["paragraph"]
        assert row["paragraph_in_section"] == n
        assert f"第{n}段" in head and f"第{n}段" in citation(sp, k).text()
    assert differ  # the bundled speeches have sections: the two counts do differ


@pytest.mark.parametrize("argv", [[], ["browse"]])
def test_jianghua_without_a_command_opens_the_browser(store_dir, monkeypatch, argv):
    """`jianghua` (and `jianghua browse`) make the browser on the store and run it."""
    import jianghua.tui.app as app_module
    from jianghua.cli import main

    ran = []
    monkeypatch.setattr(app_module.JianghuaApp, "run", lambda self, *a, **k: ran.append(self))
    assert main([*argv, "--store", str(store_dir)]) == 0
    assert len(ran) == 1 and isinstance(ran[0], app_module.JianghuaApp)
    assert len(ran[0].browser.store.speeches()) == 5


def test_show_json_carries_theme_evidence(store_dir):
    rows = json.loads(jianghua("list", "--json", store=store_dir).stdout)
    sp = json.loads(jianghua("show", rows[0]["id"], "--json", store=store_dir).stdout)
    paras = [p for sec in sp["sections"] for p in sec["paragraphs"]]
    tagged = [p for p in paras if p["themes"]]
    assert tagged
    for p in paras:
        why = p["why"]
        assert [t["id"] for t in why["themes"]] == p["themes"]
        assert {"threshold", "share", "heading", "evidence", "raw"} <= set(why)
    p = tagged[0]
    ev = [e for e in p["why"]["evidence"] if e["theme"] == p["themes"][0]]
    assert ev and all(e["phrase"] in p["text"] or e["where"] in ("heading", "heading_share") for e in ev)
    assert {"phrase", "weight", "factor", "points", "where"} <= set(ev[0])


def test_formulations_json_fields(store_dir, tmp_path):
    r = jianghua("formulations", "--json", "--kind", "numbered", cwd=tmp_path, store=store_dir)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows and all(set(x) == {"text", "kind", "hits", "speeches", "first", "last", "by_year"} for x in rows)
    assert {x["kind"] for x in rows} == {"numbered"}
    top = {x["text"]: x for x in rows}["两个维护"]
    assert top["hits"] == 10 and top["speeches"] == 5 and top["first"] == "2022" and top["last"] == "2023"


def test_formulations_filters(store_dir, tmp_path):
    r = jianghua("formulations", "--json", "--min-speeches", "5", cwd=tmp_path, store=store_dir)
    assert r.returncode == 0 and all(x["speeches"] >= 5 for x in json.loads(r.stdout))
    r = jianghua("formulations", "--json", "--since", "2023", cwd=tmp_path, store=store_dir)
    assert r.returncode == 0 and all(x["first"] >= "2023" for x in json.loads(r.stdout))
    r = jianghua("formulations", "--kind", "nonsense", cwd=tmp_path, store=store_dir)
    assert r.returncode == 2 and "numbered" in r.stderr
    r = jianghua("formulations", cwd=tmp_path, store=store_dir)
    assert r.returncode == 0 and "两个维护" in r.stdout


def test_cli_citations_take_the_browsers_format(store_dir, tmp_path):
    """Issue 12 §3: `passages`, `search` and `show` cite as copies do — 《》 title, date and
    place — in the format chosen in the browser (remembered), or `--cite`."""
    from jianghua import cli
    from jianghua.store import Store
    from jianghua.store.citation import STYLES, of_paragraphs

    assert cli.CITE_STYLES == STYLES
    store = Store.open(store_path=store_dir)
    sp = next(store.speech(s.id) for s in store.speeches() if s.year == 2022)
    k = sp.sections[1].paragraphs[0]
    word = sp.paragraphs[k].text[10:14]
    full = of_paragraphs(sp, k).text("full")
    assert full.startswith(f"《{sp.title}》（2022年） {sp.sections[1].heading}")
    state = tmp_path / "state"
    env = {"JIANGHUA_STATE_DIR": str(state)}
    out = jianghua("search", word, store=store_dir, env=env).stdout
    assert f"{full}: " in out
    rows = json.loads(jianghua("search", word, "--json", store=store_dir, env=env).stdout)
    assert full in [r["citation"] for r in rows]
    # the browser's choice, remembered in the state file, is the default
    state.mkdir()
    (state / "state.json").write_text(json.dumps({"settings": {"citation": True, "citation_style": "short"}}), encoding="utf-8")
    out = jianghua("search", word, store=store_dir, env=env).stdout
    assert f"{of_paragraphs(sp, k).text('short')}: " in out and "（2022年）" not in out
    shown = jianghua("show", sp.id, store=store_dir, env=env).stdout
    assert shown.rstrip().endswith(f"\n《{sp.title}》")
    assert jianghua("show", sp.id, "--cite", "full", store=store_dir, env=env).stdout.rstrip().endswith(f"《{sp.title}》（2022年）")
    plain = jianghua("passages", "--theme", "integrity", "--cite", "none", store=store_dir, env=env).stdout
    assert "《" not in plain and plain.strip()
    assert "--cite" in jianghua("passages", "--help").stdout
