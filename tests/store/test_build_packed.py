"""What a build makes for the shards (passage entries, keyword and formulation
candidates) waits for them packed as JSON (`store.shards.Packed`: 10 000 speeches
held as Python objects took ~500 MB): the shard files it writes are those of the
values themselves, and the formulations count made from packed candidates is the
count made from the candidates."""

from __future__ import annotations

from jianghua.store import Store
from jianghua.store.backends import DiskBackend
from jianghua.store.formulation_copies import copies_of
from jianghua.store.formulation_count import ref_of
from jianghua.store.formulations import count_kept
from jianghua.store.maps import formulation_map, passage_counts
from jianghua.store.shards import ShardedMap, pack


def none(i: int, why: str) -> dict:
    raise AssertionError(f"shard {i} {why}")


def test_a_shard_of_packed_values_is_the_file_of_the_values(tmp_path):
    backend = DiskBackend(tmp_path)
    values = {f"speech{i}": {"p": [["politics", i, 1.5, 0], ["office", i + 1, 2.25, 1]], "h": [None, "一、总体要求"]} for i in range(200)}
    plain = ShardedMap(backend, "passages", None, passage_counts)
    plain.write_all(values)
    packed = ShardedMap(backend, "passages", None, passage_counts)
    packed.write_all({k: pack(v) for k, v in values.items()})
    assert packed.entries == plain.entries  # the same files (named by their content), sizes and theme counts
    assert ShardedMap(backend, "passages", packed.entries, passage_counts).read_all(none) == values


def test_the_count_of_packed_candidates_is_the_count_of_the_candidates(built):
    corpus, store_dir = built
    cat = Store.open(corpus, store_path=store_dir).catalog
    data = formulation_map(cat).read_all(none)
    ordered = sorted(cat.rows.values(), key=lambda r: r["source"])
    assert len(ordered) == 5 and all(r["key"] in data for r in ordered)

    def count(d: dict):
        rows, kept = count_kept([(ref_of(r), d[r["key"]]) for r in ordered], len(ordered), keep=True, copies=copies_of(ordered, d))
        return [(f.text, f.kind, f.hits, f.speeches, f.first, f.last, f.by_year, f.score, f.uses) for f in rows], kept

    from_plain = count(data)
    assert from_plain[0]  # the bundled speeches list formulations
    assert count({k: pack(v) for k, v in data.items()}) == from_plain
