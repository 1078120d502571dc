"""A folder's own documents (README, LICENSE, a table of contents) are not speeches:
a collected works cloned from a repository lists its texts only, and `jianghua build`
says why the others were left out (the user can rename a file to read it)."""

from __future__ import annotations

import pytest

from jianghua.corpus.ingest import Skip, folder_file, ingest_bytes, read_file, scan
from tests.test_cli import jianghua

SPEECH = "在全县工作会议上的讲话\n同志们：\n要抓好落实。要守纪律讲规矩。\n"
NOTES = "# 毛泽东选集\n\n本仓库收录毛泽东选集全文，欢迎提交修订。\n\n## 使用说明\n\n每篇一个文件。\n"


@pytest.mark.parametrize("name", ["README.md", "readme.txt", "README.zh-CN.md", "LICENSE.txt", "LICENSE-MIT.md",
                                  "CHANGELOG.md", "CONTRIBUTING.md", "AUTHORS.md"])
def test_a_folders_own_documents(name):
    assert folder_file(name)


@pytest.mark.parametrize("name", ["为人民服务.md", "2020-01-08_01.txt", "readme讲话.txt", "licensed.txt",
                                  "index2.md", "前言.md", "注释.md", "000_5d1c0a7e.txt", "index.md", "SUMMARY.md", "目录.txt"])
def test_speeches_are_not_taken_for_them(name):
    assert not folder_file(name)


def test_scan_lists_them_as_skipped_with_the_reason(tmp_path):
    (tmp_path / "README.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("MIT License\n\nCopyright (c) 2020\n", encoding="utf-8")
    (tmp_path / "第一卷").mkdir()
    (tmp_path / "第一卷" / "001 讲话.md").write_text(SPEECH, encoding="utf-8")
    entries = {e.source: e for e in scan(tmp_path)}
    assert set(entries) == {"LICENSE.txt", "README.md", "第一卷/001 讲话.md"}
    assert entries["第一卷/001 讲话.md"].problem is None
    with pytest.raises(Skip) as e:
        read_file(entries["README.md"])
    assert "not a speech" in str(e.value.reason) and "rename" in str(e.value.reason)


def test_build_lists_only_the_speeches_and_says_why(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(SPEECH, encoding="utf-8")
    (corpus / "README.md").write_text(NOTES, encoding="utf-8")
    r = jianghua("build", "--corpus", str(corpus), store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    assert "1 speech," in r.stdout
    assert "README.md: not a speech" in r.stdout
    listed = jianghua("list", "--corpus", str(corpus), store=tmp_path / "s")
    assert "毛泽东选集" not in listed.stdout and "全县工作会议" in listed.stdout


TOC_MD = "# Summary\n\n* [为人民服务](为人民服务.md)\n* [纪念白求恩](纪念白求恩.md)\n  * [附录](附录.md)\n"
TOC_TXT = "目  录\n\n为人民服务 ………… 1\n纪念白求恩 ………… 5\n愚公移山 ………… 9\n"


@pytest.mark.parametrize("name,text", [("SUMMARY.md", TOC_MD), ("_sidebar.md", TOC_MD), ("目录.txt", TOC_TXT),
                                       ("第一卷/index.md", TOC_MD)])
def test_a_table_of_contents_is_skipped_when_read(name, text):
    with pytest.raises(Skip) as e:
        ingest_bytes(text.encode(), segment=False, source=name)
    assert "table of contents" in str(e.value.reason) and "rename" in str(e.value.reason)


@pytest.mark.parametrize("name", ["2019-jiang/index.md", "Summary.txt", "目录.txt", "index.md"])
def test_a_speech_under_such_a_name_is_read(name):
    body = ingest_bytes(SPEECH.encode(), segment=False, source=name)["body"]
    assert body["title"] == "在全县工作会议上的讲话" and body["salutation"] == "同志们："


def test_a_page_bundle_export_lists_its_speeches(tmp_path):
    """A Hugo/Jekyll export keeps one speech per folder as slug/index.md."""
    corpus = tmp_path / "c"
    for slug, title in (("2019-jiang", "在全市工作会议上的讲话"), ("2020-zhang", "在全省大会上的讲话")):
        (corpus / "posts" / slug).mkdir(parents=True)
        (corpus / "posts" / slug / "index.md").write_text(f"---\ntitle: {title}\ntags:\n  - 讲话\n---\n{title}\n同志们：\n今天召开会议。要抓好落实。\n", encoding="utf-8")
    (corpus / "SUMMARY.md").write_text(TOC_MD, encoding="utf-8")
    r = jianghua("build", "--corpus", str(corpus), store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    assert "2 speeches" in r.stdout and "SUMMARY.md: not a speech" in r.stdout
    listed = jianghua("list", "--corpus", str(corpus), store=tmp_path / "s")
    assert "全市工作会议" in listed.stdout and "全省大会" in listed.stdout
