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
