"""A terminal whose encoding cannot hold every character of a speech (a GBK or
Big5 locale on an old server, `LANG=C` without UTF-8): the CLI prints what it can
and marks the rest, never a traceback.

(PYTHONIOENCODING stands in for the locale: it is what Python takes from a
zh_CN.GBK / zh_TW.Big5 locale, which this machine need not have installed.)
And an environment setting with a typo (JIANGHUA_MAX_FILE_MB=abc) is no traceback either.
"""

from __future__ import annotations

import pytest

from .conftest import jianghua

# Extension B characters and an emoji: outside GBK and Big5.
TITLE = "在𠀀𠮷生僻字会议上的讲话😀"
SPEECH = f"{TITLE}\n\n同志们：\n今天召开会议，主要是部署今年的工作。我们要坚持问题导向。\n一、提高政治站位\n要增强“四个意识”，做到“两个维护”。\n"


@pytest.fixture(scope="module")
def rare(tmp_path_factory):
    base = tmp_path_factory.mktemp("rare")
    (base / "corpus").mkdir()
    (base / "corpus" / "rare.txt").write_text(SPEECH, encoding="utf-8")
    r = jianghua("build", corpus=base / "corpus", store=base / "store")
    assert r.returncode == 0, r.stderr.decode()
    return base / "corpus", base / "store"


@pytest.mark.parametrize("encoding", ["gbk", "big5", "latin-1", "ascii"])
@pytest.mark.parametrize("args", [["list"], ["show", "rare.txt"], ["search", "会议"], ["build"]])
def test_output_the_terminal_cannot_encode_is_marked_not_a_crash(rare, encoding, args):
    corpus, store = rare
    r = jianghua(*args, "--lang", "en", corpus=corpus, store=store, PYTHONIOENCODING=encoding)
    assert b"Traceback" not in r.stderr, r.stderr.decode(encoding, "replace")[-800:]
    assert r.returncode == 0
    out = r.stdout.decode(encoding)
    if args[0] != "build":
        assert "?" in out  # the characters the terminal cannot show are marked
    if encoding == "gbk" and args[0] in ("list", "show"):
        assert "生僻字会议上的讲话" in out  # everything else is printed as it is


@pytest.mark.parametrize("value", ["abc", "8MB", "0", "-3", ""])
def test_a_bad_file_size_limit_in_the_environment_keeps_the_default(rare, value):
    corpus, store = rare
    r = jianghua("list", "--lang", "en", corpus=corpus, store=store, JIANGHUA_MAX_FILE_MB=value)
    assert b"Traceback" not in r.stderr and r.returncode == 0, r.stderr.decode()[-500:]
    assert "生僻字会议上的讲话".encode() in r.stdout  # read with the default limit, not skipped as too large
