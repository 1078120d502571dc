"""An updated search index is the one a fresh build makes, byte for byte, after
edits, deletions, additions and renames: the pair counts of a changed part are
updated from its earlier file (the speeches that came and went counted, not the
others), with the pairs kept chosen as a count of every speech chooses them
(few pairs kept per part here, so that which ones are kept changes often), and
its bit rows are the earlier ones with columns taken out and put in."""

from __future__ import annotations

import io
import random
import shutil
import struct

import orjson
import pytest

from jianghua.corpus.query import fold_text, parse
from jianghua.store import Store
from jianghua.store import search_index, search_pack, search_pairs, search_sync
from jianghua.store.search import CorpusSearch
from jianghua.store.search_index import read_head, sections, speech_lines

WORDS = ["发展", "质量", "改革", "廉洁", "創新", "安全", "民生", "作风", "稳定", "开放", "协调", "绿色", "共享", "法治"]


def speech(rnd: random.Random, k: int) -> str:
    paras = ["，".join(rnd.choice(WORDS) + rnd.choice(WORDS) for _ in range(rnd.randrange(2, 9))) + "。" for _ in range(rnd.randrange(1, 4))]
    return f"{rnd.choice(WORDS)}第{k}号讲话\n\n同志们：\n\n" + "\n\n".join(paras) + "\n"


def shards(store_dir) -> list:
    return orjson.loads((store_dir / "search" / "manifest.json").read_bytes())["shards"]


@pytest.fixture
def few_pairs(monkeypatch):
    monkeypatch.setattr(search_pairs, "PAIRS", 6)
    monkeypatch.setattr(search_pack, "FREQ_FROM", 0)  # (doc_freq stored however few speeches a shard holds)
    monkeypatch.setattr(search_sync, "PARALLEL_FROM", 10**9)  # (built here: a worker would keep 256 pairs)
    recounted = []  # a shard's pairs counted in all its speeches although it had an earlier file
    earlier = []
    real_pack, real_freq = search_sync.pack_bodies, search_pack.doc_freq

    def pack(backend, keys, old=None):
        earlier[:] = [old is not None]
        return real_pack(backend, keys, old)

    monkeypatch.setattr(search_sync, "pack_bodies", pack)
    monkeypatch.setattr(search_pack, "doc_freq", lambda counted: (earlier == [True] and recounted.append(len(counted))) or real_freq(counted))
    return recounted


@pytest.mark.parametrize("stored_from", [0, None])
def test_updated_pair_counts_are_those_a_fresh_build_makes(tmp_path, few_pairs, monkeypatch, stored_from):
    """stored_from None: as shipped, a shard of few speeches keeps no doc_freq and is counted again."""
    if stored_from is None:
        monkeypatch.undo()
        monkeypatch.setattr(search_pairs, "PAIRS", 6)
        monkeypatch.setattr(search_sync, "PARALLEL_FROM", 10**9)
    rnd = random.Random(3)
    corpus = tmp_path / "c"
    corpus.mkdir()
    for k in range(160):
        (corpus / f"{k:03d}.txt").write_text(speech(rnd, k), encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    for r in range(4):
        names = sorted(p.name for p in corpus.iterdir())
        for name in rnd.sample(names, 3):  # edited
            (corpus / name).write_text(speech(rnd, 1000 + r), encoding="utf-8")
        (corpus / rnd.choice(names)).unlink(missing_ok=True)  # deleted
        (corpus / f"new{r}.txt").write_text(speech(rnd, 2000 + r), encoding="utf-8")  # added
        kept = sorted(p.name for p in corpus.iterdir())
        (corpus / rnd.choice(kept)).rename(corpus / f"renamed{r}.txt")  # renamed
        few_pairs.clear()
        store.update()
        if stored_from is not None:
            assert few_pairs == []  # (every changed part updated from its earlier file)
        fresh_dir = tmp_path / f"f{r}"
        Store.open(corpus, store_path=fresh_dir).update()
        assert shards(tmp_path / "s") == shards(fresh_dir), r
    for term in ["发展", "质量", "改革", "创新", "展质"]:  # (counts still those of a scan)
        want = {}
        for s in store.speeches():
            n = sum(fold_text(p).count(term) for p in speech_lines(store.body(s.id))[1])
            if n:
                want[s.id] = n
        n, out = CorpusSearch(store).count(parse(term))
        assert (n, out.per_speech) == (sum(want.values()), want), term


def test_an_index_of_an_older_format_is_made_again_as_a_fresh_build_makes_it(tmp_path, monkeypatch):
    """An index written before pair counts were kept with their speech counts
    (format 5; 5 and 6 also held a title made from the opening words as a line of
    its own, a second hit of those words) is made again, from the bodies (its texts
    are not carried over: they are not the current format's), as a fresh build makes it."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    rnd = random.Random(5)
    for k in range(40):
        (corpus / f"{k:03d}.txt").write_text(speech(rnd, k), encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    want = shards(tmp_path / "s")
    d = tmp_path / "s" / "search"
    m = orjson.loads((d / "manifest.json").read_bytes())
    for e in m["shards"]:  # back to format 5: the same file without doc_freq
        if e:
            p = d / e[0]
            data = p.read_bytes()
            fh = io.BytesIO(data)
            head = read_head(fh)
            at = fh.tell()
            rz, pz, dz = sections(head, len(head["keys"]))
            a = at + rz + pz
            head.pop("dz", None), head.pop("dn", None), head.pop("dt", None)
            head["v"] = 5
            h = orjson.dumps(head)
            p.write_bytes(data[:6] + len(h).to_bytes(4, "little") + h + data[at:a] + data[a + dz :])
    m["v"] = 5
    (d / "manifest.json").write_bytes(orjson.dumps(m))

    again = Store.open(corpus, store_path=tmp_path / "s")
    monkeypatch.setattr(search_sync, "PARALLEL_FROM", 10**9)
    assert again.sync_search_index() == sum(1 for e in want if e)
    assert shards(tmp_path / "s") == want


def test_carried_bit_rows_are_those_made_from_scratch():
    """Columns taken out and put in, across a byte boundary of the rows either way,
    in empty and full rows: the rows a fresh transposition makes."""
    from jianghua.store.search_index import BUCKETS
    from jianghua.store.search_pack import _carry, _transpose

    rnd = random.Random(1)
    for trial in range(60):
        old_keys = sorted({f"k{rnd.randrange(10**6):07d}" for _ in range(rnd.randrange(0, 40))})
        full = trial % 7 == 0
        old_sets = [set(range(BUCKETS)) if full else {rnd.randrange(BUCKETS) for _ in range(rnd.randrange(300))} for _ in old_keys]
        old_bits = bytes(_transpose(old_sets, (len(old_keys) + 7) // 8))
        gone = set(rnd.sample(old_keys, min(len(old_keys), rnd.randrange(5))))
        kept = {k: s for k, s in zip(old_keys, old_sets) if k not in gone}
        for _ in range(rnd.randrange(5)):
            kept[f"k{rnd.randrange(10**6):07d}n"] = set(range(BUCKETS)) if rnd.random() < 0.2 else {rnd.randrange(BUCKETS) for _ in range(rnd.randrange(300))}
        keys = sorted(kept)
        added = {j: kept[k] for j, k in enumerate(keys) if k not in old_keys}
        want = bytes(_transpose([kept[k] for k in keys], (len(keys) + 7) // 8))
        assert _carry(old_keys, old_bits, keys, added) == want, trial


def test_a_speech_packed_without_its_body_is_read_again_by_the_next_update(tmp_path):
    """A body missing when its part of the index was packed (moved aside as damaged,
    a killed build): the speech is packed empty, so a search would never find it.
    The next update of that part reads it again — not carried over empty for good —
    and makes what a fresh build makes."""

    class Bodies:
        def __init__(self):
            self.b = {}

        def read_body(self, key):
            if key not in self.b:
                raise KeyError(key)
            return self.b[key]

    def body(k):
        return {"title": f"第{k}号讲话", "sections": [], "paragraphs": [[f"要推动{WORDS[k]}高质量发展第{k}号。", 0, []]]}

    be = Bodies()
    keys = [f"k{k:03d}" for k in range(6)]
    be.b = {key: body(k) for k, key in enumerate(keys) if k != 3}
    first = search_pack.pack_bodies(be, keys)
    assert search_pack.has_missing(first)
    old = tmp_path / "old.bin"
    old.write_bytes(first)
    be.b[keys[3]] = body(3)  # there now
    more = keys + ["k100"]
    be.b["k100"] = body(7)
    updated = search_pack.pack_bodies(be, more, str(old))
    assert updated == search_pack.pack_bodies(be, more)
    assert not search_pack.has_missing(updated)
    again = tmp_path / "again.bin"
    again.write_bytes(updated)
    text = search_pack._old_texts(str(again)).known[keys[3]][0].decode("utf-16-le")
    assert fold_text("第3号") in text and fold_text(WORDS[3]) in text


def test_a_search_finds_a_speech_whose_body_was_missing_when_the_index_was_made(tmp_path, monkeypatch):
    from jianghua.store import storage

    monkeypatch.setattr(search_sync, "PARALLEL_FROM", 10**9)
    corpus = tmp_path / "c"
    corpus.mkdir()
    rnd = random.Random(9)
    for k in range(12):
        (corpus / f"{k:03d}.txt").write_text(speech(rnd, k), encoding="utf-8")
    (corpus / "x.txt").write_text("在全市大会上的讲话\n\n同志们：\n\n要把独一无二的磐石工程抓紧抓实。\n", encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    sid = next(s.id for s in store.speeches() if s.source == "x.txt")
    key = store.catalog.rows[sid]["key"]
    path = storage.body_file(tmp_path / "s" / "bodies", key)
    saved = path.read_bytes()
    path.unlink()  # (gone while the index is made again)
    shutil.rmtree(tmp_path / "s" / "search")
    assert Store.open(corpus, store_path=tmp_path / "s").sync_search_index()
    path.write_bytes(saved)  # back
    again = Store.open(corpus, store_path=tmp_path / "s")
    again.sync_search_index()  # (nothing else changed)
    n, out = CorpusSearch(again).count(parse("磐石工程"))
    assert (n, out.per_speech) == (1, {sid: 1})



def test_a_shard_of_few_speeches_stores_no_doc_freq(tmp_path, monkeypatch):
    """Stored, the doc_freq of the bundled speeches' shards was a third of their index; counted
    again it costs milliseconds. A shard of FREQ_FROM speeches or more keeps it."""
    monkeypatch.setattr(search_pack, "FREQ_FROM", 3)
    monkeypatch.setattr(search_sync, "PARALLEL_FROM", 10**9)  # (packed here: workers would not see the patch)
    corpus = tmp_path / "c"
    corpus.mkdir()
    rnd = random.Random(5)
    for k in range(150):
        (corpus / f"{k:03d}.txt").write_text(speech(rnd, k), encoding="utf-8")
    Store.open(corpus, store_path=tmp_path / "s").update()
    seen = set()
    for f in (tmp_path / "s" / "search").glob("idx-*.bin"):
        data = f.read_bytes()
        head = read_head(io.BytesIO(data), len(data))
        assert ("dn" in head) == (len(head["keys"]) >= 3), (len(head["keys"]), head.get("dn"))
        seen.add("dn" in head)
    assert seen == {True, False}


def test_a_shard_whose_header_length_is_damaged_is_made_again_not_read(tmp_path):
    """A shard file claiming a 4 GB header is refused by its size (read() would reserve the
    4 GB first: MemoryError on a small host, and every build and search stopped); the
    update reads the speeches again and search finds what a fresh store finds."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    rnd = random.Random(7)
    for k in range(12):
        (corpus / f"s{k}.txt").write_text(speech(rnd, k), encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    d = tmp_path / "s" / "search"
    p = next(d / e[0] for e in orjson.loads((d / "manifest.json").read_bytes())["shards"] if e)
    data = bytearray(p.read_bytes())
    with open(p, "rb") as fh:
        read_head(fh)  # sound before the damage
    at = len(search_index._MAGIC)
    data[at: at + 4] = struct.pack("<I", 0xFFFFFFF0)
    p.write_bytes(bytes(data))
    with open(p, "rb") as fh, pytest.raises(ValueError, match="truncated"):
        read_head(fh)
    assert search_pack._old_texts(p) is None
