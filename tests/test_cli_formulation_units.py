"""`jianghua formulations --json` lists the unit a reader recognises, not the
piece jieba's words cut out of it, and no frame for a figure (issue 13)."""

import json

from tests.test_cli import jianghua


def test_formulations_json_lists_the_longer_unit_not_its_piece(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"{2020 + i}-讲话{i}.txt").write_text("\n\n".join([
            f"在第{i}次工作会议上的讲话",
            f"第{i}项工作，我们要坚持以新时代中国特色社会主义思想为指导，推动科技创新。",
            f"奋力开创新时代中国特色社会主义事业新局面，{'城乡' if i % 2 else '区域'}科技创新取得成效。",
            f"全年地区生产总值和一般公共预算收入分别增长{i + 3}.{i}%和{i + 5}%，居民收入增长{i + 2}%。",
            f"工业增加值和固定资产投资分别增长{i + 2}%、{i + 6}.5%，居民收入增长{i + 1}.5%，加强科技创新。",
        ]) + "\n", encoding="utf-8")
    r = jianghua("--corpus", str(corpus), "formulations", "--json", "--kind", "phrase", store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    rows = {row["text"]: row for row in json.loads(r.stdout)}
    unit = rows["新时代中国特色社会主义"]
    assert (unit["kind"], unit["hits"], unit["speeches"], unit["first"], unit["last"]) == ("phrase", 12, 6, "2020", "2025")
    assert unit["by_year"] == {str(y): 2 for y in range(2020, 2026)}
    assert not [t for t in rows if t.startswith("时代")]
    assert "分别增长" not in rows and "收入增长" not in rows and "居民收入增长" not in rows
    assert rows["科技创新"]["speeches"] == 6
