import re

from jianghua.corpus.structure import parse
from jianghua.corpus.clean import PLACEHOLDER, clean_text, load_rules, one_line, sanitize, sanitize_line
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


def test_a_marker_word_in_a_speech_s_closing_lines_loses_nothing():
    """Short closing lines with one marker word (订阅) above three others: body text, kept."""
    closing = ["二要抓好党报党刊订阅发行工作。", "三要加强宣传阵地建设。", "四要做好舆情应对。", "谢谢大家！"]
    out = clean_text("\n".join(["在全市宣传工作会议上的讲话", "同志们：", PARAGRAPH, *closing]))
    for line in closing:
        assert line in out
    # an advert block below them still goes, marker lines with up to two others between
    advert = ["更多资料请关注公众号：某某文库", "每日更新", "欢迎转发", "会员群：123456"]
    out = clean_text("\n".join(["在全市宣传工作会议上的讲话", "同志们：", PARAGRAPH, *closing, *advert]))
    assert out.rstrip().endswith("谢谢大家！") and "会员群" not in out and "每日更新" not in out


# --- boundaries (each test kills mutants that survived a mutmut run) ----------


def _advert_block(n_before: int) -> str:
    """n_before short neutral lines, then one advert line, then a real paragraph."""
    lines = [f"资料第{i}页" for i in range(n_before)] + ["更多资料请关注公众号"]
    return "\n".join(lines + [PARAGRAPH])


def test_the_advert_window_is_thirty_non_empty_lines():
    assert load_rules().advert_window == 30
    inside = clean_text(_advert_block(29))  # the marker is the 30th non-empty line: a block
    assert "公众号" not in inside and "资料第0页" not in inside and PARAGRAPH in inside
    outside = clean_text(_advert_block(30))  # the 31st: past the window, nothing is cut
    assert "公众号" in outside and "资料第0页" in outside
    blank = clean_text("\n\n".join(_advert_block(29).split("\n")))  # blank lines do not count
    assert "公众号" not in blank and PARAGRAPH in blank


def test_an_advert_line_of_max_line_characters_is_still_short():
    sixty = "本文仅供学习交流" + "啊" * 52
    assert len(sixty) == load_rules().max_line == 60
    assert "仅供学习" not in clean_text(sixty + "\n" + PARAGRAPH)
    sixty_one = sixty + "啊"  # a long line ends the scan: it is text
    assert sixty_one in clean_text(sixty_one + "\n" + PARAGRAPH)


def test_drop_rules_apply_to_short_lines_only_and_up_to_max_line():
    long_para = "要完善政务公开，群众在网站上点击查看原文即可获取政策解读，对办事指南要逐项梳理、及时更新、定期核对，确保信息准确无误、便于查询。"
    assert len(long_para) > 60
    assert long_para in clean_text("标题\n" + long_para)
    # a portal line of exactly max_line characters is dropped; one more and it is text
    portal = "如需了解详情请点击查看原文" + "市" * 47
    assert len(portal) == 60 and portal not in clean_text("标题\n" + portal + "\n" + PARAGRAPH)
    assert portal + "市" in clean_text("标题\n" + portal + "市\n" + PARAGRAPH)


def test_a_line_that_was_only_inline_furniture_goes_and_the_rest_stays():
    text = "在全市工作会议上的讲话\n【字号 加大 还原 减小】\n同志们：\n" + PARAGRAPH
    out = clean_text(text)
    assert "字号" not in out and out.endswith(PARAGRAPH) and "同志们：" in out


def test_default_rules_when_the_file_sets_only_markers(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text('advert_markers = ["公众号"]\n', encoding="utf-8")
    rules = load_rules(path)
    assert (rules.max_line, rules.advert_window) == (60, 30)
    assert not rules.drop.search("下载") and not rules.inline.search("点击观看视频")
    path = tmp_path / "rules2.toml"  # (load_rules caches by path)
    path.write_text('max_line = 20\nadvert_window = 3\nadvert_markers = ["公众号"]\n', encoding="utf-8")
    rules = load_rules(path)
    assert (rules.max_line, rules.advert_window) == (20, 3)
    # a user's file: a shorter window leaves a marker on the fourth line alone
    assert "公众号" in clean_text("甲\n乙\n丙\n关注公众号\n" + PARAGRAPH, rules)
    assert "公众号" not in clean_text("乙\n丙\n关注公众号\n" + PARAGRAPH, rules)


def test_sanitize_line_and_one_line():
    assert sanitize_line("甲\n乙\t丙\x1b[31m丁") == "甲 乙 丙丁"
    assert one_line(ValueError("坏\n文件")) == "坏 文件"
    assert one_line("字" * 200) == "字" * 200
    cut = one_line("字" * 201)
    assert cut == "字" * 199 + "…" and len(cut) == 200
    assert one_line("  字  ", limit=1) == "字"


def test_placeholders():
    for s in ("**", "＊＊＊", "×××", "XX市", "X同志", "xx县", "某某"):
        assert PLACEHOLDER.search(s), s
    for s in ("*", "×", "XML", "Xi", "xxxx", "taxi", "某"):
        assert not PLACEHOLDER.search(s), s


def test_an_edited_rules_file_is_read_again(tmp_path):
    """A long-running browser rebuilding after the user edited the rules sees the edit."""
    import os

    path = tmp_path / "rules.toml"
    path.write_text('advert_markers = ["公众号"]\n', encoding="utf-8")
    first = load_rules(path)
    assert load_rules(path) is first  # unchanged: cached
    path.write_text('advert_markers = ["公众号", "视频号"]\nmax_line = 40\n', encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    import jianghua.corpus.clean as clean

    clean._checked.clear()  # (the files are looked at once a second)
    again = load_rules(path)
    assert again.max_line == 40 and again.advert.search("关注视频号") and again.fingerprint != first.fingerprint
