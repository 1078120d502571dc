"""The search index is made again when folding changes, and only then: its
fingerprint holds FOLD_VERSION, the folding tables and OpenCC's version (corpus.script), not the
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


def _change(monkeypatch, change: str) -> None:
    if change == "version":
        monkeypatch.setattr(script, "FOLD_VERSION", script.FOLD_VERSION + 1)
    elif change == "width":
        monkeypatch.setattr(script, "WIDTH", {**script.WIDTH, 0x3000: 0x20})  # (say the ideographic space were folded)
    elif change == "variants":
        monkeypatch.setattr(script, "VARIANTS", {**script.VARIANTS, ord("麪"): ord("面")})
    else:
        monkeypatch.setattr(script, "opencc_versions", lambda: (("opencc", "99.0"),))  # an OpenCC upgrade


@pytest.mark.parametrize("change", ["version", "width", "variants", "opencc"])
def test_a_change_to_folding_changes_it(fingerprint, monkeypatch, change):
    before = fingerprint()
    _change(monkeypatch, change)
    assert fingerprint() != before


@pytest.mark.parametrize("change", ["version", "width", "variants", "opencc"])
def test_a_change_to_folding_redoes_the_stored_theme_tags(monkeypatch, change):
    """The themes fingerprint (stored tags) carries the same folding fingerprint as the search index:
    after an OpenCC upgrade both are redone, not the search alone."""
    from jianghua.corpus.themes import load_themes

    before = load_themes().fingerprint
    _change(monkeypatch, change)
    assert load_themes().fingerprint != before


def test_opencc_version_read_without_importlib_metadata_is_its_version():
    script.opencc_versions.cache_clear()
    got = dict(script.opencc_versions())
    want = {}
    for dist in ("opencc", "opencc-python-reimplemented"):
        try:
            want[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    assert got == want and got
