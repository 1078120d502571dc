"""A damaged store is reported in the interface's language: the Chinese notice read
"讲话库已损坏（catalog.json: str is not valid UTF-8: surrogates not allowed: line 1 column 1
(char 0)；已移至 …）" — the JSON decoder's English."""

from __future__ import annotations

import re

from tui_helpers import notifications, settle

from jianghua.store import Store


async def test_a_cut_catalogue_is_reported_in_chinese(make_app, store, lang):
    lang("zh")
    catalog = store.catalog.backend.root / "catalog.json"
    catalog.write_bytes(catalog.read_bytes()[:3001])  # cut inside a character, as a full disk leaves it
    damaged = Store.open(store.corpus_dir, store_path=store.catalog.backend.root)
    app = make_app(damaged)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        shown = "\n".join(notifications(app))
    assert "讲话库已损坏" in shown, shown
    words = set(re.findall(r"[A-Za-z]{3,}", shown)) - {"catalog", "json", "corrupt"}
    assert not words, (words, shown)
