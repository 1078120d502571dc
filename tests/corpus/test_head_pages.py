"""Saved pages of kinds from Hong Kong, Taiwan and news agencies (tests/data/real/portal,
session 20): what their heads hold is read, and the rules that read it leave text alone."""

from __future__ import annotations

from jianghua.corpus.clean import clean_text
from jianghua.corpus.ingest import ingest_bytes

OPENING = "今天我很荣幸出席这次酒会，与各位一同庆祝这个大日子。"


def _body(*lines: str) -> dict:
    return ingest_bytes("\n".join(lines).encode("utf-8"), segment=False, source="x.txt")["body"]


def _paras(body: dict) -> list[str]:
    return [p[0] for p in body["paragraphs"]]


def test_an_editors_intro_names_the_speaker_and_is_not_text():
    body = _body("简体版 英文版 寄给朋友 政府新闻网", "行政长官在特派员公署成立十周年酒会致辞(附图/短片)", "******",
                 "以下为行政长官曾荫权今日(六月三十日)出席特派员公署成立十周年酒会的致辞全文:",
                 "尊敬的各位嘉宾、各位朋友:", OPENING)
    assert body["title"] == "行政长官在特派员公署成立十周年酒会致辞"
    assert body["speaker"] == "曾荫权"
    assert body["salutation"] == "尊敬的各位嘉宾、各位朋友:"
    assert _paras(body) == [OPENING]


def test_a_paragraph_that_opens_like_an_intro_stays():
    para = "以下是我今天要讲的三点意见，请大家结合实际认真抓好落实。"
    body = _body("在全县工作会议上的讲话", "同志们：", para, OPENING)
    assert _paras(body)[0] == para


def test_a_speaker_label_is_read_and_a_salutation_is_still_one():
    body = _body("关于辞职的谈话内容", "署理行政长官:", "各位早晨,大家好。", "国务院刚刚宣布了决定。", "多谢大家。", "返回")
    assert body["salutation"].startswith("各位早晨")
    assert _paras(body) == ["国务院刚刚宣布了决定。", "多谢大家。"]
    body = _body("在全市人代会上的报告", "各位代表：", "现在，我代表市人民政府作报告。")
    assert body["salutation"] == "各位代表："
    body = _body("致全县人民的一封信", "全县人民：", "请大家做好防护。", "中共某某县委员会", "2023年1月")
    assert body["speaker"] == "中共某某县委员会"  # an address to the readers is no speaker label


def test_a_subtitle_belongs_to_the_line_above_it():
    body = _body("网盟彩票|网盟彩票", "网盟彩票2022-05-03", "网盟彩票", "从四十七个开始******",
                 "——在中新社成立会上的讲话", "廖承志", "今天中国新闻社基本上是组成了。")
    assert body["title"].startswith("从四十七个开始") and "彩票" not in body["title"]
    assert body["speaker"] == "廖承志"
    # a title that names its kind of text is never taken for a page's label
    body = _body("在全县工作会议上的讲话", "坚定信心 真抓实干", "——在全县工作会议上的讲话", "同志们：", "要抓好落实。")
    assert body["title"].startswith("在全县工作会议上的讲话")


def test_counters_above_the_title_are_not_the_title():
    body = _body("0", "0", "施政报告:结语", "", "施政报告:结语", "【Now新闻台】273. 主席、各位议员,今年是回归20周年。")
    assert body["title"] == "施政报告:结语"
    assert _paras(body) == ["273. 主席、各位议员,今年是回归20周年。"]


def test_photo_captions_go_but_text_about_reporters_stays():
    caption = "2022年10月23日,习近平向在场的中外记者挥手致意。 新华社记者 庞兴雷/摄"
    text = "我们的记者要深入基层，多拍摄反映群众生活的照片，这是新闻工作者的本分。"
    kept = clean_text("\n".join([caption, text, "【通知】明天上午开会。", "返回"]))
    assert kept.split("\n") == [text, "【通知】明天上午开会。"]


def test_a_title_or_text_in_latin_letters_is_not_a_counter():
    # (with Chinese in it: a file with none is skipped, tests/corpus/test_blind_pages.py)
    text = ("# Hard-wrapped copies of public texts\n\nTwo originals, one paragraph per line, each a short excerpt.\n\n"
            "两份原文的摘录，每段一行，各取一小段。\n")
    body = ingest_bytes(text.encode("utf-8"), segment=False, source="notes.md")["body"]
    assert body["title"] == "Hard-wrapped copies of public texts"
    assert _paras(body)[0] == "Two originals, one paragraph per line, each a short excerpt."


def test_words_above_the_title_are_text_not_a_counter():
    """Only a counter or a station's tag (0, AM594 FM107.8, T+) above the headline is the
    page's: an English title or greeting over a Chinese speech is the speech's."""
    body = _body("Opening Remarks", "各位代表：", "现在我代表市政府作报告。请予审议。")
    assert body["title"] == "Opening Remarks" and body["salutation"] == "各位代表："
    body = _body("Good morning!", "女士们、先生们：", "今天我们在这里隆重集会。我们要坚定信心。")
    assert "Good morning!" in _paras(body)
    body = _body("0", "AM594 FM107.8", "T+", "在全市工作会议上的讲话", "同志们：", "今天召开会议。")
    assert body["title"] == "在全市工作会议上的讲话" and _paras(body) == ["今天召开会议。"]


def test_a_header_line_with_keys_separated_by_semicolons_is_the_pages():
    """；/; separate a header line's keys: it is no sentence, the salutation under it is read."""
    body = _body("在全市工作会议上的讲话", "来源：人民网; 作者：张三; 发布时间：2023-05-10", "同志们：", "今天召开会议。主要任务是部署工作。")
    assert body["salutation"] == "同志们：" and body["date"] == "2023-05-10" and body["origin"] == "人民网"
    assert _paras(body) == ["今天召开会议。主要任务是部署工作。"]
    body = _body("在全市工作会议上的讲话", "时间：2023年5月10日。来源：新华网。", "同志们：", "今天召开会议。")
    assert body["salutation"] == "同志们：" and body["date"] == "2023-05-10" and _paras(body) == ["今天召开会议。"]
    # a paragraph opening with a key's word is text (a sentence ends in it, its value no date)
    body = _body("在全市安全工作会议上的讲话", "时间：就是生命。安全生产事关人民群众生命财产安全，我们必须高度重视。", "同志们要抓落实。")
    assert _paras(body)[0].startswith("时间：就是生命。")


def test_a_credit_after_a_sentence_goes_alone():
    """One photo-credit rule: a caption (a bare credit ending the line, or nothing but a label
    before it) goes whole; a bracketed credit after a sentence goes alone, the sentence stays."""
    sentence = "会议在市委礼堂举行，这次会议很重要，大家要认真贯彻落实。"
    lines = [sentence + "（新华社记者 李学仁 摄）", "会议（记者李学仁、王五摄）在北京召开。", "我们要做好新闻宣传工作，欢迎各位记者朋友们拍摄",
             "图为会议现场（记者 王五 摄）", "新华社记者 李学仁 摄", "十届全国人大五次会议闭幕。 中新社发 毛建军 摄"]
    assert clean_text("\n".join(lines)).split("\n") == [sentence, "会议在北京召开。", "我们要做好新闻宣传工作，欢迎各位记者朋友们拍摄"]
    body = _body("在全市工作会议上的讲话", "同志们：", lines[0], "第二段正文。要抓落实。")
    assert _paras(body) == [sentence, "第二段正文。要抓落实。"]
