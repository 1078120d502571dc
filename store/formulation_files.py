"""The formulation count's files (fcount, fuses), as far as a start needs them: their
version and the stat-only check that they are there (`needs_build`). Imports nothing:
a start that finds the store current asks only this, not the count's machinery
(`formulation_count`, `formulation_uses` and the corpus modules they bring, ~25 ms)."""

from __future__ import annotations

VERSION = 10  # 4: each row names its most used speeches; the uses file keeps what any theme filter needs; 6: each theme's rows (`formulation_themes`); 7: phrases that are pieces of a longer unit or frames for a figure are not listed; 8: the longer unit of such a piece is listed (新时代中国特色社会主义); 9: copies of one text count once ("g"); 10: the rules of formulations.toml version 4 (a phrase names something, numbered heads not cut mid-sentence, no ordinals)
FILES = ("fcount", "fuses")  # the count's two files, as the meta's shards name them
POINTER = "fcount.json"  # at the store's root: the entries, for a start that reads only list.json


def valid_entry(entry: object) -> bool:
    """[name, size, version] of this version."""
    return isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and entry[2] == VERSION


def needs_build(cat) -> bool:
    """The catalogue has speeches but no count file of this version, or its file is
    missing or changed size, or the pointer is missing (stat only): the next build
    writes them again."""
    if not cat.speech_count():
        return False
    shards = cat.meta.get("shards")
    if isinstance(shards, dict) and all(w in shards and shards[w] is None for w in FILES):
        return False  # not kept on purpose (`worth_counting`): counted at first use
    for what in FILES:
        entry = shards.get(what) if isinstance(shards, dict) else None
        if not valid_entry(entry) or cat.backend.shard_size(entry[0]) != entry[1]:
            return True
    return getattr(cat.backend, "persistent", False) and not (cat.backend.root / POINTER).exists()
