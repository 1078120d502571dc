import re

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
    assert "记者" not in out and "来源" not in out
    assert "今天召开会议。大家要抓好落实。" in out


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


# --- the advert scan: where it stops and where it looks -----------------------
# Each input below really contains an advert marker (扫码 / 公众号 / 仅供学习), so a
# scan that forgot to stop at a title, heading or salutation would cut the lines
# above it: the title would vanish behind the body sentence.
BODY_WITH_MARKER = "群众扫码就能办事。"
# A real paragraph (longer than `max_line`) ends each input, so the scan from the
# bottom stops there and only the scan from the top is under test.
PARAGRAPH = "要关注群众呼声，把为民服务的好事办好、实事办实，让群众少跑腿、数据多跑路，切实提升企业和群众的获得感、幸福感、安全感，以实际行动取信于民。"


def test_the_advert_scan_stops_at_the_title():
    text = f"在全市政务服务工作会议上的讲话\n{BODY_WITH_MARKER}\n{PARAGRAPH}\n"
    out = clean_text(text)
    assert out.startswith("在全市政务服务工作会议上的讲话\n")
    assert BODY_WITH_MARKER in out


def test_the_advert_scan_stops_at_a_heading():
    text = f"一、提升政务服务水平\n{BODY_WITH_MARKER}\n{PARAGRAPH}\n"
    out = clean_text(text)
    assert out.startswith("一、提升政务服务水平\n") and BODY_WITH_MARKER in out


def test_the_advert_scan_stops_at_a_salutation():
    for salutation in ("同志们：", "各位代表："):
        text = f"{salutation}\n{BODY_WITH_MARKER}\n{PARAGRAPH}\n"
        out = clean_text(text)
        assert out.startswith(salutation + "\n"), salutation
        assert BODY_WITH_MARKER in out


def test_an_advert_block_above_the_title_still_goes():
    # the counterpart: the scan does run, and stops at the title
    text = f"本资料仅供学习交流\n关注公众号：某某文库\n在全市政务服务工作会议上的讲话\n{BODY_WITH_MARKER}\n{PARAGRAPH}\n"
    out = clean_text(text)
    assert out.startswith("在全市政务服务工作会议上的讲话\n") and BODY_WITH_MARKER in out
    assert "公众号" not in out and "仅供学习" not in out


def test_a_trailing_advert_block_is_removed():
    body = [
        "在全市政务服务工作会议上的讲话",
        "同志们：",
        "今天召开会议，主要任务是总结工作、部署任务。",
        "我们要把为民服务的好事办好、实事办实。",
    ]
    advert = ["", "本文仅供学习交流，禁止外传", "更多资料请关注公众号：某某文库", "会员群：123456", ""]
    out = clean_text("\n".join(body + advert))
    for line in body:
        assert line in out
    for word in ("仅供学习", "禁止外传", "公众号", "会员群", "123456"):
        assert word not in out, word
    assert out.rstrip().endswith("我们要把为民服务的好事办好、实事办实。")


def test_the_trailing_scan_stops_at_body_text():
    # a marker in the last short line is an advert; the real last paragraph above
    # it (ending a speech with a salutation-like 谢谢大家) stays
    text = "在全市工作会议上的讲话\n同志们：\n要办好实事。\n谢谢大家！\n扫码关注公众号\n"
    out = clean_text(text)
    assert "扫码" not in out and out.rstrip().endswith("谢谢大家！")
