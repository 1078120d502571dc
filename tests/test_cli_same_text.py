"""`jianghua show` names the other files holding the same text (copies: counted once
by the formulations) — `copies` in --json, "Same text also in:" in the text."""

import json

from tests.distinct_texts import COUNTY_FILE, TRADITIONAL, with_copies
from tests.test_cli import jianghua


def test_show_names_the_other_copies(tmp_path):
    corpus = with_copies(tmp_path / "c")
    store = tmp_path / "s"
    r = jianghua("--corpus", str(corpus), "show", "--json", "traditional copy", store=store)
    assert r.returncode == 0, r.stderr
    assert [c["source"] for c in json.loads(r.stdout)["copies"]] == [COUNTY_FILE]
    r = jianghua("--corpus", str(corpus), "show", "县委办党支部", store=store)
    assert r.returncode == 0, r.stderr
    assert f"Same text also in: {TRADITIONAL}" in r.stdout.splitlines()[:3]
    r = jianghua("--corpus", str(corpus), "show", "--json", "003", store=store)
    assert [c["source"] for c in json.loads(r.stdout)["copies"]] == ["portal copy.txt"]
    r = jianghua("--corpus", str(corpus), "show", "--json", "000", store=store)
    assert json.loads(r.stdout)["copies"] == []
