"""A folder's own documents (README, LICENSE, a table of contents) are not speeches:
a collected works cloned from a repository lists its texts only, and `jianghua build`
says why the others were left out (the user can rename a file to read it)."""

from __future__ import annotations

import pytest

from jianghua.corpus.ingest import Skip, folder_file, read_file, scan
from tests.test_cli import jianghua

SPEECH = "在全县工作会议上的讲话\n同志们：\n要抓好落实。要守纪律讲规矩。\n"
NOTES = "# 毛泽东选集\n\n本仓库收录毛泽东选集全文，欢迎提交修订。\n\n## 使用说明\n\n每篇一个文件。\n"


@pytest.mark.parametrize("name", ["README.md", "readme.txt", "README.zh-CN.md", "LICENSE.txt", "LICENSE-MIT.md",
                                  "CHANGELOG.md", "CONTRIBUTING.md", "SUMMARY.md", "index.md", "_sidebar.md", "目录.md"])
def test_a_folders_own_documents(name):
    assert folder_file(name)


@pytest.mark.parametrize("name", ["为人民服务.md", "2020-01-08_01.txt", "readme讲话.txt", "licensed.txt",
                                  "index2.md", "前言.md", "注释.md", "000_5d1c0a7e.txt"])
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
