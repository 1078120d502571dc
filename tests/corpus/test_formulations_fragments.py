"""Recurring phrases are units a reader recognises, not pieces of longer ones
(时代中国特色社会主义, cut from 新时代中国特色社会主义) nor frames for a figure
(分别增长 8%): issue 13, "the top recurring phrases are formulations"."""

from __future__ import annotations

from pathlib import Path

from jianghua.corpus import formulations as F
from jianghua.corpus import segment
from jianghua.corpus.ingest import ingest_bytes
from jianghua.corpus.script import fold
from jianghua.store.formulations import SpeechRef, count

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def _listed(speeches: list[list[str]]) -> dict:
    items = [(SpeechRef(f"s{i}", 2024, None, sum(map(len, paras))), F.in_speech(paras, [segment.cut(fold(p)) for p in paras]))
             for i, paras in enumerate(speeches)]
    return {f.text: f for f in count(items) if f.kind == "phrase"}


def _made_up(i: int) -> list[str]:
    # 新 is cut off as a word of its own (新|时代|中国|特色|社会主义, 以新|时代|…), so the
    # word sequences that start after it always have 新 just before them.
    return [
        f"第{i}项工作，我们要坚持以新时代中国特色社会主义思想为指导，推动科技创新。",
        f"奋力开创新时代中国特色社会主义事业新局面，{'城乡' if i % 2 else '区域'}科技创新取得成效。",
        f"全年地区生产总值和一般公共预算收入分别增长{i + 3}.{i}%和{i + 5}%，科技创新能力提升。",
        f"工业增加值和固定资产投资分别增长{i + 2}%、{i + 6}.5%，加强科技创新，",
    ]


def test_a_piece_of_a_longer_unit_and_a_frame_for_a_figure_are_not_listed():
    listed = _listed([_made_up(i) for i in range(6)])
    assert "科技创新" in listed  # used with different words either side: a unit
    assert listed["科技创新"].speeches == 6
    assert not [s for s in listed if s.startswith("时代")]  # always after 新
    assert "分别增长" not in listed  # always before a figure


def test_the_phrases_of_real_work_reports_are_no_figure_frames():
    """The 2026 provincial government work reports (tests/data/real, heads of the texts)."""
    speeches = []
    for path in sorted(REAL.glob("2026_*_政府工作报告.txt")):
        body = ingest_bytes(path.read_bytes(), segment=False)["body"]
        speeches.append([p[0] for p in body["paragraphs"]])
    listed = _listed(speeches)
    assert "科技创新" in listed
    for frame in ("分别增长", "年均增长"):
        assert frame not in listed, frame


def test_which_neighbours_make_a_fragment():
    assert F.is_fragment(10, {"新": 10}, {})  # always after 新
    assert F.is_fragment(10, {}, {"发": 9})  # (高质量服务 → 高质量服务发展)
    assert not F.is_fragment(10, {"新": 8}, {})  # after other words too
    assert not F.is_fragment(10, {"的": 10}, {})  # a grammar character
    assert not F.is_fragment(10, {}, {"上": 10})  # 政治道路上: grammar after a unit
    assert F.is_fragment(10, {}, {"0": 5}) and not F.is_fragment(10, {}, {"0": 4})  # before a figure


def test_the_longer_unit_of_a_piece_is_listed_instead():
    """时代中国特色社会主义 always follows 新 (jieba cut it off), and is as long as a
    speech's phrases get: the longer unit 新时代中国特色社会主义 is listed in its
    place, with the piece's uses; 人类命运 always comes before 共同体: 人类命运共同体."""
    speeches = [_made_up(i) + [f"推动构建人类命运共同体，第{i}次，人类命运共同体理念深入人心。"] for i in range(6)]
    listed = _listed(speeches)
    assert listed["新时代中国特色社会主义"].hits == 12 and listed["新时代中国特色社会主义"].speeches == 6
    assert not [s for s in listed if s.startswith("时代")]
    assert "人类命运" not in listed and listed["人类命运共同体"].hits == 12


def test_a_one_character_word_before_a_short_piece_makes_no_unit():
    """办|群众关心 (a verb before its object): 群众关心 is a piece, 办群众关心 no phrase."""
    speeches = [[f"第{i}项，要多办群众关心的实事，多办群众关心的好事，{'城乡' if i % 2 else '区域'}科技创新。", "科技创新取得成效。"]
                for i in range(6)]
    listed = _listed(speeches)
    assert "科技创新" in listed and "群众关心" not in listed and "办群众关心" not in listed


def test_a_phrase_mostly_before_figures_is_a_frame_even_when_some_uses_are_not():
    """收入增长 7%, 收入增长 6.5%, and once 收入增长与经济增长同步: most uses frame a figure."""
    speeches = [[f"城乡居民收入增长{i + 5}%，农村居民收入增长{i + 6}.5%，科技创新加快。", "推动居民收入增长与经济增长同步，科技创新取得成效。"]
                for i in range(6)]
    listed = _listed(speeches)
    assert "科技创新" in listed and "居民收入增长" not in listed and "收入增长" not in listed
