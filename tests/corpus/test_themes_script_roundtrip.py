"""Traditional script is not where the tagger loses (issue 14, s25): every simplified paragraph of every labelled
set, written in traditional characters as a Taiwan or Hong Kong reprint writes them (OpenCC s2tw, s2hk: 黨, 於, 裏,
爲, 著 …), gets exactly the themes of the original — `script.fold` reads it as the original. (Taiwan *phrasing*,
s2twp's 高品質 for 高质量, is vocabulary, not script: not asserted.)"""

from __future__ import annotations

from dataclasses import replace

import pytest

from jianghua.corpus.script import _converter
from jianghua.corpus.themes import load_themes
from tests.themes_eval import predict, sets


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
def test_every_labelled_paragraph_in_traditional_script_tags_as_the_original(config):
    themes = load_themes()
    conv = _converter(config)
    checked, differ = 0, []
    for name, items in sets().items():
        for k, it in enumerate(items):
            if it.script == "traditional" or conv.convert(it.text) == it.text:
                continue  # (already traditional as published)
            trad = replace(it, text=conv.convert(it.text), heading=conv.convert(it.heading), doc_title=conv.convert(it.title))
            checked += 1
            if predict(themes, trad) != predict(themes, replace(it, doc_title=it.title)):
                differ.append(f"{name}:{k}")
    assert checked > 1000
    assert differ == []
