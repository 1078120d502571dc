"""One definition per head rule (reviewer's list): the organisation endings a signature and a
derived title's slot read, the subtitle dash, the Chinese numerals of a dateline, the title
repeat. Each is checked through what it decides."""

from __future__ import annotations

from jianghua.corpus import dates, derived_title, headline, metadata, signature
from jianghua.corpus._toml import toml
from jianghua.corpus.ingest import ingest_bytes
from jianghua.corpus.resources import METADATA


def test_every_organisation_ending_signs_and_holds_a_meeting():
    endings = toml.loads(METADATA.read_text(encoding="utf-8"))["organisation_endings"]
    who = derived_title._who_rx(metadata.vocab().organisation)
    for e in endings:
        assert signature._body("某某市" + e), e
        assert who.fullmatch("某某市" + e), e
    # a body that signs is one that can hold the meeting an opening names
    assert derived_title.derive_title("今天市总工会召开全市劳动模范表彰大会，表彰先进。") == "在市总工会全市劳动模范表彰大会上的讲话"
    assert derived_title.derive_title("今天全县召开经济工作会议，部署工作。") == "在全县经济工作会议上的讲话"


def test_one_dash_for_subtitles_and_dating_lines():
    assert headline.DASH is metadata.DASH
    for dash in ("——", "—", "--", "―", "–"):
        assert metadata.dating_line(dash + " 2026年2月3日在全省经济工作会议上")[0] == "2026-02-03", dash


def test_a_dateline_in_chinese_numerals():
    assert metadata.dateline_date("新华社北京十二月三十一日电", "2021-01-01") == "2020-12-31"
    assert dates.find_date("二〇二〇年十二月二十六日")[0] == "2020-12-26"


def test_the_title_repeated_with_spaces_or_markup_is_not_text():
    text = "在全县 工作会议上的讲话\n《在全县工作会议上的讲话》\n同志们：\n要抓好落实。要守纪律讲规矩。\n"
    body = ingest_bytes(text.encode("utf-8"), segment=False, source="x.txt")["body"]
    assert [p[0] for p in body["paragraphs"]] == ["要抓好落实。要守纪律讲规矩。"]
    assert headline.repeats_title("《在全县工作会议上的讲话》", "在全县 工作会议上的讲话")
