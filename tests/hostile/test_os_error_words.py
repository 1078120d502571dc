"""An operating system's error is said in the user's language: the reason a file
was skipped ("无法读取：No such file or directory" before), a store or settings file
that cannot be written. Stored reasons are shown again in the reader's language."""

from __future__ import annotations

import os

from jianghua import i18n

from .conftest import jianghua
from .hostile_corpus import small_speech


def test_skip_reasons_from_the_system_are_translated(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(small_speech(1), encoding="utf-8")
    os.symlink("nowhere", corpus / "dangling.txt")
    os.symlink("loop.txt", corpus / "loop.txt")
    zh = jianghua("build", "--lang", "zh", corpus=corpus, store=tmp_path / "store")
    assert zh.returncode == 0, zh.stderr.decode()
    out = zh.stdout.decode()
    assert "dangling.txt: 无法读取：文件或文件夹不存在" in out
    assert "loop.txt: 无法读取：链接指回了自己（循环链接）" in out
    assert "No such file" not in out and "symbolic links" not in out
    en = jianghua("build", "--lang", "en", corpus=corpus, store=tmp_path / "store")  # the same stored reasons
    assert "dangling.txt: cannot read: no such file or folder" in en.stdout.decode()


def test_os_error_words():
    i18n.set_language("zh")
    try:
        assert i18n.os_error(OSError(28, "No space left on device")) == "磁盘已满"
        assert i18n.os_error(PermissionError(13, "Permission denied")) == "没有权限"
        assert i18n.os_error(OSError(7, "Argument list too long")) == "Argument list too long"  # (others: the system's words)
    finally:
        i18n.set_language("en")
