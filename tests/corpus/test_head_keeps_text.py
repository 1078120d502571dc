"""The head reader drops only a page's furniture, never text (hostile inputs).

A line between a title and its repeat, a long 导语 or a transcriber's note, a paragraph
that merely opens with a header key's word (时间：, 题：) or with 版权声明 stays in what
the reader shows; a document site's notices, a site's 导语 about itself, a 「导读」 teaser
that repeats the opening and a wire's 题： line still go."""

from __future__ import annotations

from jianghua.corpus.ingest import ingest_bytes

TITLE = "在全市安全生产工作会议上的讲话"
OPENING = "今天召开全市安全生产工作会议，主要任务是总结去年工作，部署今年任务。"


def _body(*lines: str, source: str = "x.txt") -> dict:
    return ingest_bytes("\n".join(lines).encode("utf-8"), segment=False, source=source)["body"]


def _paras(body: dict) -> list[str]:
    return [p[0] for p in body["paragraphs"]]


def test_text_between_a_title_and_its_repeat_stays():
    line = "这次会议是经市委同意召开的，市委主要领导对开好这次会议作了重要批示。"
    body = _body(TITLE, line, TITLE, "同志们：", OPENING)
    assert body["title"] == TITLE
    assert any(line in p for p in _paras(body))
    assert any(OPENING in p for p in _paras(body))


def test_a_document_sites_notices_between_a_title_and_its_repeat_go():
    body = _body(
        TITLE,
        "- 1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑、内容补充等附加服务。",
        "- 2、如文档侵犯您的权益,请联系客服反馈,我们会尽快为您处理。",
        "VIP专免",
        "21.78KB",
        TITLE,
        "同志们：",
        OPENING,
    )
    assert body["salutation"] == "同志们："
    assert _paras(body)[0] == OPENING
    assert not any("文档" in p or "KB" in p for p in _paras(body))


def test_a_long_lead_paragraph_stays_and_the_salutation_is_still_read():
    lead = ("导语：在全市上下奋力推进高质量发展的关键时刻，市委召开这次会议，对今年安全生产工作作出全面部署。"
            "会议强调，要坚持人民至上、生命至上，统筹发展和安全，坚决遏制重特大事故发生。")
    body = _body(TITLE, "（2023年2月10日）", lead, "同志们：", OPENING)
    assert body["date"] == "2023-02-10"
    assert _paras(body)[0] == lead
    assert body["salutation"] == "同志们："
    assert _paras(body)[1] == OPENING


def test_a_sites_lead_about_itself_and_a_teaser_go():
    site = "导语：在全市安全生产工作会议上的讲话一文来源于网友上传,不代表本站观点,若需要原创文章可咨询客服老师,欢迎参考。"
    teaser = "「导读」 " + OPENING + "会议开得很及时、很有必要。"
    body = _body(TITLE, site, teaser, OPENING)
    assert _paras(body)[0] == OPENING
    assert not any("本站" in p or "导读" in p for p in _paras(body))


def test_a_paragraph_opening_with_a_keys_word_stays():
    first = "时间：就是生命，就是效率。我们必须把每一天都用在抓落实上，一刻也不能耽误。"
    body = _body(TITLE, first, OPENING)
    assert _paras(body)[0] == first


def test_a_wires_title_line_is_not_text():
    body = _body("中新社北京三月十六日电 题：大地开化时 总理话心声", "中新社记者 张素平", OPENING + "总理说，这是一次团结的大会。")
    assert not any("题：" in p for p in _paras(body))


def test_a_paragraph_opening_with_a_notice_word_stays():
    long_para = ("版权声明制度是著作权保护的基础。我们要完善版权登记和声明制度，"
                 "让创作者的每一份付出都得到尊重和保护，为文化强市建设提供有力支撑。")
    short_note = "版权声明：本网所刊文章未经授权不得转载。"
    body = _body(TITLE, "同志们：", OPENING, long_para, short_note)
    assert long_para in _paras(body)
    assert short_note not in _paras(body)


def test_a_notices_time_line_stays_and_a_pages_timestamp_goes():
    long = OPENING * 3  # (a paragraph longer than a header line: the header block above it ends there)
    body = _body(TITLE, "同志们：", long, "会议安排如下。", "时间：2023年5月12日上午9时", "地点：市政府三楼会议室",
                 "时间：2023-05-10 08:30")
    assert "时间：2023年5月12日上午9时" in _paras(body) and "地点：市政府三楼会议室" in _paras(body)
    assert "时间：2023-05-10 08:30" not in _paras(body)
