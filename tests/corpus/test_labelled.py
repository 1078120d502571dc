"""Theme tagging against the 60 hand-labelled passages (tests/data/labelled_passages.toml).

Small and self-contained: each passage is tagged on its own (no heading), and two
figures must stay above a floor:
- main: the strongest theme is the passage's `main` label;
- labelled: the strongest theme is among its labels (`main` or `also`).
On this commit: main 53/60, labelled 59/60. The floors leave a little room for
tuning the taxonomy, not for a regression. The larger evaluation (per theme,
precision/recall, more passages) is `python -m tests.themes_eval`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jianghua.corpus._toml import toml
from jianghua.corpus.script import fold
from jianghua.corpus.structure import split_sentences
from jianghua.corpus.themes import load_themes, tag_paragraph
from tests.conftest import BUNDLED

DATA = Path(__file__).resolve().parent.parent / "data" / "labelled_passages.toml"
MAIN_FLOOR = 50  # of 60
LABELLED_FLOOR = 57  # of 60


@pytest.fixture(scope="module")
def passages() -> list[dict]:
    return toml.loads(DATA.read_text(encoding="utf-8"))["passage"]


@pytest.fixture(scope="module")
def strongest(passages) -> list[str | None]:
    themes = load_themes()
    out = []
    for p in passages:
        text = fold(p["text"])
        tags = tag_paragraph(themes, text, split_sentences(text), None)
        out.append(themes.themes[tags.themes[0]].id if tags.themes else None)
    return out


def test_the_labelled_set_is_well_formed(passages):
    ids = {t.id for t in load_themes().themes}
    assert len(passages) == 60
    for p in passages:
        assert p["main"] in ids and set(p.get("also", [])) <= ids, p["main"]
        assert p["text"] in (BUNDLED / p["source"]).read_text(encoding="utf-8"), p["text"][:20]
    assert len({p["main"] for p in passages}) >= 8  # most themes are someone's main subject


def test_strongest_theme_is_the_main_label(passages, strongest):
    hits = sum(top == p["main"] for p, top in zip(passages, strongest))
    misses = [(p["main"], top, p["text"][:16]) for p, top in zip(passages, strongest) if top != p["main"]]
    assert hits >= MAIN_FLOOR, (hits, misses)


def test_strongest_theme_is_among_the_labels(passages, strongest):
    hits = sum(top in (p["main"], *p.get("also", [])) for p, top in zip(passages, strongest))
    misses = [(p["main"], p.get("also"), top, p["text"][:16]) for p, top in zip(passages, strongest) if top not in (p["main"], *p.get("also", []))]
    assert hits >= LABELLED_FLOOR, (hits, misses)
    assert sum(top is None for top in strongest) <= 1  # (almost) every passage gets a theme
