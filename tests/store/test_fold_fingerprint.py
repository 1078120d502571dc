"""The search index is made again when folding changes, and only then: its
fingerprint holds FOLD_VERSION, the folding tables and OpenCC's version, not the
text of corpus/query.py (an edit to the query language must not rebuild every index)."""

from __future__ import annotations

from importlib import metadata

import pytest

import jianghua.corpus.query as query
import jianghua.corpus.script as script
from jianghua.store import search_index


@pytest.fixture
def fingerprint():
    def now() -> str:
        search_index.fold_rules.cache_clear()
        return search_index.fold_rules()

    yield now
    search_index.fold_rules.cache_clear()


def test_an_edit_elsewhere_in_query_py_keeps_the_fingerprint(fingerprint, tmp_path, monkeypatch):
    before = fingerprint()
    edited = tmp_path / "query.py"  # corpus/query.py with an unrelated edit (a new constant, a comment)
    edited.write_text(open(query.__file__, encoding="utf-8").read() + "\n# an unrelated edit\nMAX_TERMS = 9\n", encoding="utf-8")
    monkeypatch.setattr(query, "__file__", str(edited))
    monkeypatch.setattr(query, "REGEX_SLICE", 0.07)
    monkeypatch.setattr(query, "MAX_QUERY", 300)
    assert fingerprint() == before


@pytest.mark.parametrize("change", ["version", "width", "variants", "opencc"])
def test_a_change_to_folding_changes_it(fingerprint, monkeypatch, change):
    before = fingerprint()
    if change == "version":
        monkeypatch.setattr(query, "FOLD_VERSION", query.FOLD_VERSION + 1)
    elif change == "width":
        monkeypatch.setattr(query, "_WIDTH", {**query._WIDTH, 0x3000: 0x20})  # (say the ideographic space were folded)
    elif change == "variants":
        monkeypatch.setattr(script, "VARIANTS", {**script.VARIANTS, ord("麪"): ord("面")})
    else:
        real = metadata.version
        monkeypatch.setattr(metadata, "version", lambda dist: "99.0" if dist.lower() == "opencc" else real(dist))
    assert fingerprint() != before
