"""The count made after a build (`formulation_later.count_in_process`) reads the
catalogue it counts once: catalog.json, which holds every row the count needs —
not list.json first (the browser's start-up copy), which it would read for nothing.
The count it keeps is still a fresh build's."""

from __future__ import annotations

from jianghua.store import catalog, formulation_later, listfile

from tests.store.test_formulation_later import _corpus, _fresh, _pointer, _small_change


def test_the_later_count_reads_no_list_file(tmp_path, monkeypatch):
    corpus, sdir = _corpus(tmp_path), tmp_path / "s"
    store = _small_change(corpus, sdir, monkeypatch)
    read = []
    real = listfile.read
    monkeypatch.setattr(catalog.listfile, "read", lambda *a, **k: read.append(1) or real(*a, **k))
    formulation_later.count_in_process(str(corpus), None, str(sdir), list(store.catalog.backend.stamp()))
    assert read == []
    fresh, kept = _fresh(corpus, tmp_path), _pointer(sdir)
    assert kept["fcount"] == fresh["fcount"] and kept["fuses"] == fresh["fuses"]
