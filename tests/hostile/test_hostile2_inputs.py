"""Hostile inputs the first hostile corpus did not have (session 25), run through the CLI:

- Japanese and Korean files in their own legacy encodings (EUC-JP, Shift-JIS, EUC-KR):
  GB18030 decodes most of them without an error, and they were listed as "speeches" of
  meaningless Chinese characters (日本国憲法 → 泣塑柜符恕). Now skipped, saying which language
  and encoding they are in.
- A file pasted together from UTF-8 and GBK whose UTF-8 lines are dense with “quoted phrases”:
  the quotation marks made a UTF-8 line look like GBK, and the whole file was refused.
- A file of punctuation, numbers and symbols only was skipped as "a notice or licence in
  another language"; now it says it has no words.
- A stray C1 control that opens a terminal string (0x90 DCS, 0x9D OSC) and is never ended:
  the cleaning removed everything after it, up to 4 096 characters over any number of lines
  (a title and paragraphs lost); now only the control goes.
- A settings file nested too deep for the JSON reader ("[[[[…") stopped every command with a
  traceback (the interface language is read from it first); a damaged theme column in the
  store's list file (valid JSON: "x", "a,b", "[[[[…") stopped `list` and the browser's list.
"""

from __future__ import annotations

import json

from .conftest import jianghua
from .hostile_corpus import small_speech

JAPANESE = (
    "日本国憲法\n\n日本国民は、正当に選挙された国会における代表者を通じて行動し、われらとわれらの子孫のために、"
    "諸国民との協和による成果と、わが国全土にわたつて自由のもたらす恵沢を確保し、政府の行為によつて再び戦争の惨禍が"
    "起ることのないやうにすることを決意し、ここに主権が国民に存することを宣言し、この憲法を確定する。\n"
)
KOREAN = (
    "대한민국 헌법\n\n유구한 역사와 전통에 빛나는 우리 대한국민은 3·1운동으로 건립된 대한민국임시정부의 법통과 불의에 "
    "항거한 4·19민주이념을 계승하고, 조국의 민주개혁과 평화적 통일의 사명에 입각하여 정의·인도와 동포애로써 민족의 "
    "단결을 공고히 하고.\n"
)
QUOTED_UTF8 = (
    "在全县经济工作会议上的讲话\n\n同志们：\n今天召开全县经济工作会议，主要任务是总结工作、部署任务。\n"
    "一、提高政治站位\n要增强“四个意识”、坚定“四个自信”。\n"
)
GBK_TAIL = "二、狠抓工作落实\n要以钉钉子精神抓好落实。\n"


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(small_speech(1), encoding="utf-8")
    (corpus / "jp-euc.txt").write_bytes((JAPANESE * 3).encode("euc_jp"))
    (corpus / "jp-sjis.txt").write_bytes((JAPANESE * 3).encode("shift_jis"))
    (corpus / "kr-euc.txt").write_bytes((KOREAN * 3).encode("euc_kr"))
    (corpus / "quoted-mixed.txt").write_bytes(QUOTED_UTF8.encode("utf-8") + GBK_TAIL.encode("gbk"))
    stray = small_speech(2).replace("党支部", "党支部\x90", 1).replace("今天", "今天\x9d", 1)
    (corpus / "stray-c1.txt").write_text(stray, encoding="utf-8")
    (corpus / "punctuation.txt").write_text("。。。，，，！！！……——“”《》\n、、、；；；\n①②③ 123\n", encoding="utf-8")
    return corpus


def test_japanese_and_korean_files_are_skipped_saying_so(tmp_path):
    corpus, store = _corpus(tmp_path), tmp_path / "store"
    zh = jianghua("build", "--lang", "zh", corpus=corpus, store=store)
    assert zh.returncode == 0, zh.stderr.decode()
    out = zh.stdout.decode()
    assert "jp-euc.txt: 日文文本（EUC-JP 编码），不是中文，未读入" in out
    assert "jp-sjis.txt: 日文文本（Shift-JIS 编码），不是中文，未读入" in out
    assert "kr-euc.txt: 韩文文本（EUC-KR 编码），不是中文，未读入" in out
    # (not "a notice or licence in another language": there are no words at all)
    assert "punctuation.txt: 不是讲话稿：只有标点、数字或符号，没有文字" in out
    en = jianghua("build", "--lang", "en", corpus=corpus, store=store)
    assert "kr-euc.txt: Korean text (EUC-KR), not Chinese: not read" in en.stdout.decode()
    listed = jianghua("list", "--lang", "en", corpus=corpus, store=store).stdout.decode()
    assert "泣塑柜" not in listed and "措茄" not in listed  # (what GB18030 made of their titles)
    assert listed.count("\n") == 3, listed  # good, quoted-mixed, stray-c1


def test_quoted_utf8_lines_and_a_gbk_tail_are_read_whole(tmp_path):
    corpus, store = _corpus(tmp_path), tmp_path / "store"
    jianghua("build", corpus=corpus, store=store)
    shown = jianghua("show", "--lang", "en", "quoted-mixed.txt", corpus=corpus, store=store)
    assert shown.returncode == 0, shown.stderr.decode()
    text = shown.stdout.decode()
    assert text.startswith("在全县经济工作会议上的讲话\n")
    assert "要增强“四个意识”、坚定“四个自信”。" in text and "要以钉钉子精神抓好落实。" in text


def test_a_stray_control_opening_a_terminal_string_loses_no_text(tmp_path):
    corpus, store = _corpus(tmp_path), tmp_path / "store"
    jianghua("build", corpus=corpus, store=store)
    shown = jianghua("show", "--lang", "en", "stray-c1.txt", corpus=corpus, store=store)
    assert shown.returncode == 0, shown.stderr.decode()
    text = shown.stdout.decode()
    assert text.startswith("在第2次党支部理论学习会上的讲话\n"), text[:200]
    assert "今天召开第2次会议，主要是围绕理论学习做个交流。" in text
    assert "\x90" not in text and "\x9d" not in text


def test_a_settings_file_nested_too_deep_is_no_crash(tmp_path):
    corpus, state = _corpus(tmp_path), tmp_path / "state"
    state.mkdir()
    (state / "state.json").write_bytes(b"[" * 100_000)
    r = jianghua("list", corpus=corpus, store=tmp_path / "store", JIANGHUA_STATE_DIR=str(state))
    assert r.returncode == 0, r.stderr.decode()[-500:]
    assert "Traceback" not in r.stderr.decode() and "在第1次党支部理论学习会上的讲话" in r.stdout.decode()


def test_a_damaged_theme_column_in_the_list_file_is_no_crash(tmp_path):
    corpus, store = _corpus(tmp_path), tmp_path / "store"
    assert jianghua("build", corpus=corpus, store=store).returncode == 0
    listed = jianghua("list", "--lang", "en", corpus=corpus, store=store).stdout.decode()
    assert (store / "list.json").is_file()
    for damage in ("x", "a,b", "a,1,z", "[" * 5000):
        d = json.loads((store / "list.json").read_bytes())
        d["themes"] = [damage] * len(d["themes"])
        (store / "list.json").write_text(json.dumps(d), encoding="utf-8")
        r = jianghua("list", "--lang", "en", corpus=corpus, store=store)
        assert r.returncode == 0, (damage[:10], r.stderr.decode()[-500:])
        out = r.stdout.decode()  # every speech still listed (its themes column empty)
        assert len(out.splitlines()) == len(listed.splitlines()) == 3, out
        assert all(t in out for t in ("在第1次党支部", "在全县经济工作会议上的讲话", "在第2次党支部")), out
