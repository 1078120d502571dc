import re

from jianghua.corpus.structure import parse
from jianghua.corpus.clean import clean_text, sanitize
from tests.conftest import SOURCES, raw

ADVERT = ["仅供学习", "禁止外传", "酷乐文行", "会员", "QQ群", "订阅", "倒卖", "自建平台"]


def test_advert_header_is_removed_and_title_kept():
    text = clean_text(raw("003_f98ef615eacbb84f.txt").decode("utf-8"))
    for word in ADVERT:
        assert word not in text, word
    assert text.lstrip().startswith("在市党政工作部门正职座谈会上的讲话")


def test_no_bundled_speech_loses_content_lines():
    for name in SOURCES:
        original = [l.strip() for l in raw(name).decode("utf-8").splitlines() if len(l.strip()) > 60]
        cleaned = clean_text(raw(name).decode("utf-8"))
        for line in original:
            assert line in cleaned


def test_portal_furniture_and_photo_credits_are_dropped():
    text = "\n".join([
        "在全市工作会议上的讲话",
        "【字号：加大 还原 减小】",
        "下载",
        "打印",
        "点击观看视频",
        "来源：市委办公室  发布时间：2023-01-05",
        "同志们：",
        "今天召开会议。（记者 张三 摄）大家要抓好落实。",
        "记者 李四 摄",
    ])
    out = clean_text(text)
    assert "字号" not in out and "下载" not in out and "打印" not in out and "点击观看视频" not in out
    assert "记者" not in out
    assert "今天召开会议。大家要抓好落实。" in out
    # The header line is metadata: the parser reads it, the reader never shows it.
    p = parse(out)
    assert (p.date, p.origin) == ("2023-01-05", "市委办公室")
    assert all("来源" not in q.text and "发布时间" not in q.text for q in p.paragraphs)
    # Further down, the same kind of line is portal furniture and is dropped.
    assert "来源" not in clean_text(text.replace("下载", "这是一段正文，" * 12))


def test_a_real_paragraph_mentioning_download_is_kept():
    para = "要加强网上信息管理，对下载打印的涉密文件严格登记，做到专人保管、定期清点、及时销毁，确保不发生失泄密问题。"
    assert para in clean_text("标题\n" + para)


def test_advert_words_in_the_body_do_not_cut_the_title():
    text = "在全市宣传工作会议上的讲话\n同志们：\n要办好政务公众号，关注群众呼声。\n"
    assert clean_text(text).startswith("在全市宣传工作会议上的讲话")


def test_sanitize_removes_escape_sequences_and_invisible_controls():
    evil = "a\x1b[31mred\x1b[0m\x1b]0;owned\x07b\x1b]52;c;aGk=\x07c\u202edef\u200bg\x9b31mh\x00i\x7f\r\nj\rk"
    out = sanitize(evil)
    assert out == "aredbcdefgh" + "i\nj\nk"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", out)


def test_full_width_punctuation_is_kept():
    s = "“两个维护”，（一）！？；：　　"
    assert sanitize(s) == s
