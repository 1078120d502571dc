"""`jianghua formulations --json` lists the unit a reader recognises, not the
piece jieba's words cut out of it, and no frame for a figure (issue 13)."""

import json

from tests.conftest import unit_folder
from tests.test_cli import jianghua


def test_formulations_json_lists_the_longer_unit_not_its_piece(tmp_path):
    corpus = unit_folder(tmp_path / "c", figures=True)
    r = jianghua("--corpus", str(corpus), "formulations", "--json", "--kind", "phrase", store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    rows = {row["text"]: row for row in json.loads(r.stdout)}
    unit = rows["新时代中国特色社会主义"]
    assert (unit["kind"], unit["hits"], unit["speeches"], unit["first"], unit["last"]) == ("phrase", 12, 6, "2020", "2025")
    assert unit["by_year"] == {str(y): 2 for y in range(2020, 2026)}
    assert not [t for t in rows if t.startswith("时代")]
    assert "分别增长" not in rows and "收入增长" not in rows and "居民收入增长" not in rows
    assert rows["科技创新"]["speeches"] == 6


def test_formulations_listing_reads_a_span_of_dates_apart(tmp_path):
    """The 提法 view wrote 2020-02-03 至 2020-11-24 while `jianghua formulations` kept its own copy of the rule and
    printed 2020-02-03–2020-11-24 (an en dash between dashed dates); both now say it one way (i18n.date_span)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i, day in enumerate(("2020年2月3日", "2020年6月1日", "2020年11月24日")):
        lines = [f"在第{i}次工作会议上的讲话", f"（{day}）", "同志们：",
                 f"第{i}项工作，我们要坚持以新时代中国特色社会主义思想为指导，推动科技创新。",
                 "奋力开创新时代中国特色社会主义事业新局面，科技创新取得成效。"]
        (corpus / f"讲话{i}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    r = jianghua("--corpus", str(corpus), "--lang", "zh", "formulations", "--kind", "phrase", store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("新时代中国特色社会主义"))
    assert line.endswith("2020-02-03 至 2020-11-24"), line
