"""A search index folded before the supplementary extensions were folded (FOLD_VERSION 1:
`_traditional`'s class stopped at U+FAFF) is made again, not silently mismatched: a rare
traditional character in a speech is found after the upgrade."""

from __future__ import annotations

import jianghua.corpus.query as query
import jianghua.corpus.script as script
from jianghua.corpus.query import parse
from jianghua.store import Store
from jianghua.store import search_index
from jianghua.store.search import CorpusSearch

RARE = "𠁞"  # extension B, folded by OpenCC t2s (to 𠀾)
OLD_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))  # the class of FOLD_VERSION 1


def _folding_changed() -> None:
    query._traditional.cache_clear()
    search_index.fold_rules.cache_clear()


def test_an_index_folded_without_the_extensions_is_made_again(corpus_copy, tmp_path, monkeypatch):
    (corpus_copy / "rare.txt").write_text(
        f"在全县乡村振兴工作会议上的讲话\n\n2024年3月1日\n\n同志们：\n\n他说{RARE}字要写对，名字不能错。\n",
        encoding="utf-8")
    monkeypatch.setattr(query, "_CLASS_BLOCKS", OLD_BLOCKS)
    monkeypatch.setattr(script, "FOLD_VERSION", 1)
    _folding_changed()
    try:
        old = Store.open(corpus_copy, store_path=tmp_path / "s")
        old.update()
    finally:
        monkeypatch.undo()
        _folding_changed()
    store = Store.open(corpus_copy, store_path=tmp_path / "s")
    store.update()
    n, _ = CorpusSearch(store).count(parse(RARE))
    assert n == 1
