"""On real work reports (tests/data/real/formulations: sentences of six 2026
provincial reports), the recurring phrase a reader recognises is listed —
新时代中国特色社会主义, which jieba cuts 习近平|新|时代|… — not its pieces, and
收入增长 before a figure is a frame, not a formulation (issue 13)."""

from pathlib import Path

from jianghua.corpus import formulations as F
from jianghua.corpus import segment
from jianghua.corpus.ingest import ingest_bytes
from jianghua.corpus.script import fold
from jianghua.store.formulations import SpeechRef, count

HERE = Path(__file__).resolve().parents[1] / "data" / "real" / "formulations"


def test_real_reports_list_the_unit_not_its_pieces_nor_figure_frames():
    items = []
    for i, path in enumerate(sorted(HERE.glob("*.txt"))):
        paras = [fold(p[0]) for p in ingest_bytes(path.read_bytes(), segment=False)["body"]["paragraphs"]]
        items.append((SpeechRef(f"s{i}", 2026, None, sum(map(len, paras))), F.in_speech(paras, [segment.cut(p) for p in paras], folded=True)))
    assert len(items) == 6
    listed = {f.text: f for f in count(items) if f.kind == "phrase"}
    unit = listed["新时代中国特色社会主义"]
    assert unit.speeches == 6 and unit.hits >= 12
    assert not [t for t in listed if t != unit.text and t in unit.text and len(t) >= 8]  # no piece of it
    assert not [t for t in listed if "收入增长" in t]
