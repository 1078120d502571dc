"""Which copy dates a text (store/formulation_copies.py): a collection holding two
speeches (dated 2022 by its first title) is no copy of the 2023 one (copies dated in
different years are other texts), so the 2023 speech's formulations keep its year; among copies of one year the text is named and
dated by the copy closest to the others, not the earliest (a copy that lost a part)."""

from __future__ import annotations

import shutil

from jianghua.corpus.copies import fingerprint
from jianghua.store.formulation_copies import copies_of
from tests.distinct_texts import BUNDLED, COUNTY_FILE
from tests.store.test_formulation_distinct import cli_formulations

LATER_FILE = "002_e440431a7a03a01b.txt"  # a 2023 speech: 七个强市, 十大战略


def test_a_collection_of_two_speeches_moves_no_dates(tmp_path):
    alone = {r["text"]: r for r in cli_formulations(BUNDLED, tmp_path / "s1")}
    folder = tmp_path / "folder"
    shutil.copytree(BUNDLED, folder)
    county, later = ((BUNDLED / f).read_text(encoding="utf-8") for f in (COUNTY_FILE, LATER_FILE))
    (folder / "collection.txt").write_text("讲话汇编（两篇）\n\n" + county + "\n\n" + later, encoding="utf-8")
    got = {r["text"]: r for r in cli_formulations(folder, tmp_path / "s2")}
    for text in ("七个强市", "十大战略"):  # (only in the 2023 speech — and in the collection, dated 2022 by its first title)
        assert alone[text]["by_year"] == {"2023": alone[text]["hits"]}, text
        assert got[text]["by_year"] == {"2022": alone[text]["hits"], "2023": alone[text]["hits"]}, text
        assert got[text]["last"] == alone[text]["last"] and got[text]["speeches"] == 2, text


def test_a_text_is_dated_by_its_most_central_copy():
    lines = [line for line in (BUNDLED / LATER_FILE).read_text(encoding="utf-8").splitlines() if line.strip()]
    full = lines
    lost = lines[: len(lines) * 3 // 4]  # a copy that lost its last quarter, dated earlier
    portal = ["来源：某某网　责任编辑：某某", *lines, "相关阅读：关于进一步加强机关党建工作的通知全文发布"]
    rows = [{"id": name, "key": name, "year": 2023, "date": date, "chars": 1000}
            for name, date in (("lost", "2023-01-05"), ("portal", "2023-03-01"), ("full", "2023-05-20"))]
    data = {r["key"]: {"c": fingerprint(t)} for r, t in zip(rows, (lost, portal, full))}
    got = copies_of(rows, data)
    assert {r.id for r in got.values()} == {"full"} and set(got) == {"lost", "portal", "full"}
    assert got["lost"].date == "2023-05-20"
