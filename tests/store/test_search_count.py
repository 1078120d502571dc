"""Counting hits from the search index's folded text: the same numbers a plain
scan of the speeches gives (traditional script, full-width digits, paragraphs
wrapped over several lines), one changed file rewrites one part of the index, a
damaged part is noticed and repaired, and titles and headings are searched."""

from __future__ import annotations

from pathlib import Path

import orjson

from jianghua.corpus.query import fold_text, parse
from jianghua.corpus.script import to_traditional
from jianghua.store import Store
from jianghua.store.search import CorpusSearch, signatures, sync_index, warm_index


def manifest(store: Store) -> dict:
    return orjson.loads((store.store_dir / "search" / "manifest.json").read_bytes())


def brute(store: Store, term: str) -> dict[str, int]:
    """Hits per speech by str.count over the stored paragraphs, folded one by one."""
    out = {}
    for s in store.speeches():
        n = sum(fold_text(p[0]).count(term) for p in store.body(s.id)["paragraphs"])
        if n:
            out[s.id] = n
    return out


SPEECH = """关于推进高质量发展的讲话

同志们：

今天我们召开会议，研究部署２０２３年的工作。推进高质量发展，
要坚持稳中求进工作总基调，把发展质量放在首位。

一、高质量发展是首要任务

发展是第一要务。我们要坚持廉洁自律，推进ＡＩ应用，完成2023年目标。

二、以案促改抓整改

要以案促改、以案促治，确保整改见效。发展，发展，再发展。
"""


def make_corpus(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SPEECH, encoding="utf-8")
    (corpus / "b.txt").write_text(to_traditional(SPEECH.replace("首要任务", "根本任务")), encoding="utf-8")
    (corpus / "c.txt").write_text("在廉洁工作会议上的讲话\n\n同志们：\n\n质量第一，效益优先。\n", encoding="utf-8")
    return corpus


def test_counts_are_those_of_a_plain_scan(tmp_path):
    store = Store.open(make_corpus(tmp_path), store_path=tmp_path / "s")
    store.update()
    cs = CorpusSearch(store)
    for q in ["发展", "高质量发展", "2023", "２０２３", "ai", "廉洁自律", to_traditional("廉洁自律"), "质量", "以案促治", "发", "量子"]:
        term = parse(q).first
        want = brute(store, term)
        n, out = cs.count(parse(q))
        assert (n, out.per_speech) == (sum(want.values()), want), q
        assert out.slow == 0 and out.read == 0  # answered by the index alone
        hits = [h for sh in cs.run(parse(q)) for h in sh.hits]
        assert len(hits) == n, q


def test_a_line_break_in_the_query_is_ignored(tmp_path):
    store = Store.open(make_corpus(tmp_path), store_path=tmp_path / "s")
    store.update()
    n, out = CorpusSearch(store).count(parse("高质量\n发展"))  # pasted from a wrapped line
    assert n == sum(brute(store, "高质量发展").values()) > 0


def test_a_misaligned_byte_match_is_not_a_hit(tmp_path):
    """In UTF-16 the bytes of 中国 appear, one byte off, inside ⴰ﵎乖: no hit."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "x.txt").write_text("测试的讲话\n\n同志们：\n\n这里有ⴰ﵎乖三个字，也有中国两个字。\n", encoding="utf-8")
    assert "ⴰ﵎乖".encode("utf-16-le").find("中国".encode("utf-16-le")) == 1
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    n, _ = CorpusSearch(store).count(parse("中国"))
    assert n == 1


def test_one_changed_file_rewrites_one_part_and_the_counts_follow(tmp_path):
    corpus = make_corpus(tmp_path)
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    before = [e[0] if e else None for e in manifest(store)["shards"]]
    n0, _ = CorpusSearch(store).count(parse("发展"))
    (corpus / "c.txt").write_text("在廉洁工作会议上的讲话\n\n同志们：\n\n发展质量第一，效益优先，发展。\n", encoding="utf-8")
    store.update()
    after = [e[0] if e else None for e in manifest(store)["shards"]]
    assert 1 <= sum(a != b for a, b in zip(before, after)) <= 2  # the old content's part and the new one's
    n1, out = CorpusSearch(store).count(parse("发展"))
    assert n1 == n0 + 2 and out.slow == 0
    assert (n1, out.per_speech) == (sum(brute(store, "发展").values()), brute(store, "发展"))


def test_a_damaged_part_of_the_index_is_noticed_counted_from_the_speeches_and_repaired(tmp_path):
    corpus = make_corpus(tmp_path)
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    want = brute(store, "发展")
    d = tmp_path / "s" / "search"
    for p in d.glob("idx-*.bin"):  # the same size, the text garbled: only its checksum tells
        raw = bytearray(p.read_bytes())
        raw[-40:] = "发展发展发展发展发展发展发展发展发展发展".encode("utf-16-le")
        p.write_bytes(bytes(raw))
    fresh = Store.open(corpus, store_path=tmp_path / "s")
    n, out = CorpusSearch(fresh).count(parse("发展"))
    assert (n, out.per_speech) == (sum(want.values()), want)
    assert out.slow > 0 and any("search index is damaged" in m for m in fresh.messages)
    assert list(d.glob("*.corrupt-*"))  # moved aside
    hits = [h for sh in CorpusSearch(fresh).run(parse("发展")) for h in sh.hits]
    assert len(hits) == n
    fresh.update()  # the next update writes it again
    again = Store.open(corpus, store_path=tmp_path / "s")
    n2, out2 = CorpusSearch(again).count(parse("发展"))
    assert n2 == n and out2.slow == 0


def test_warming_the_index_while_a_query_is_typed_notices_a_damaged_part_first(tmp_path):
    corpus = make_corpus(tmp_path)
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    want = brute(store, "发展")
    d = tmp_path / "s" / "search"
    for p in d.glob("idx-*.bin"):
        raw = bytearray(p.read_bytes())
        raw[-40:] = "发展发展发展发展发展发展发展发展发展发展".encode("utf-16-le")
        p.write_bytes(bytes(raw))
    fresh = Store.open(corpus, store_path=tmp_path / "s")
    warm_index(fresh)  # (what the search screen does while the query is typed)
    assert any("search index is damaged" in m for m in fresh.messages) and list(d.glob("*.corrupt-*"))
    n, out = CorpusSearch(fresh).count(parse("发展"))
    assert (n, out.per_speech) == (sum(want.values()), want) and out.slow > 0
    again = Store.open(Path(corpus), store_path=tmp_path / "s")
    again.update()
    warm_index(again)
    assert all(sh is None or sh.checked for sh in signatures(again).shards)


def test_titles_and_headings_are_searched_and_said_to_be(tmp_path):
    store = Store.open(make_corpus(tmp_path), store_path=tmp_path / "s")
    store.update()
    cs = CorpusSearch(store)
    sid = next(s.id for s in store.speeches() if s.source == "a.txt")
    n, out = cs.count(parse("首要任务"))  # only in a heading of a.txt
    assert n == 0 and out.head_hits == {sid: 1}
    n, out = cs.count(parse("首要任务"), heads=True)
    assert n == 1 and out.per_speech == {sid: 1}
    [sh] = list(cs.run(parse("首要任务"), heads=True))
    [h] = sh.hits
    assert h.kind == "heading" and sh.text_of(h)[h.start : h.end] == "首要任务"
    assert store.speech(sid).paragraphs[h.paragraph].section == h.section
    title_hits = [(sh.speech_id, h) for sh in cs.run(parse("廉洁工作会议"), heads=True) for h in sh.hits]
    assert [h.kind for _s, h in title_hits] == ["title"]
    sh = next(x for x in cs.run(parse("廉洁工作会议"), heads=True))
    assert sh.text_of(title_hits[0][1]) == store.summary(title_hits[0][0]).title
    assert list(cs.run(parse("廉洁工作会议"))) == []  # paragraphs only, unless asked


def test_the_first_search_reads_no_body_without_hits(bundled_store, monkeypatch):
    store = bundled_store
    signatures(store)
    reads = []
    real = store.catalog.backend.read_body
    monkeypatch.setattr(store.catalog.backend, "read_body", lambda key: reads.append(key) or real(key))
    n, out = CorpusSearch(store).count(parse("同志"))
    assert n > 0 and not reads
    list(CorpusSearch(store).run(parse("以案促改")))
    assert len(reads) == len({store.catalog.rows[s]["key"] for s in CorpusSearch(store).count(parse("以案促改"))[1].per_speech})


def test_an_updated_index_is_the_one_a_fresh_build_makes(tmp_path):
    """Carried over (texts and bit rows of unchanged speeches) or made anew: the
    same bytes, so the same content names. (300 small speeches: several per part.)"""
    corpus = tmp_path / "c"
    corpus.mkdir()
    words = ["发展", "质量", "改革", "廉洁", "創新", "安全", "民生", "ＡＩ", "２０２４", "作风"]
    for k in range(300):
        body = "，".join(words[(k * 7 + j) % 10] + str(k * 13 + j) for j in range(6))
        (corpus / f"{k:03d}.txt").write_text(f"第{k}号讲话\n\n同志们：\n\n{body}。\n", encoding="utf-8")
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    (corpus / "007.txt").write_text("第七号讲话\n\n同志们：\n\n要以案促改、以案促治。\n", encoding="utf-8")
    (corpus / "150.txt").unlink()
    (corpus / "new.txt").write_text("新的讲话\n\n同志们：\n\n以案促改，發展。\n", encoding="utf-8")
    store.update()
    fresh = Store.open(corpus, store_path=tmp_path / "f")
    fresh.update()
    assert manifest(store)["shards"] == manifest(fresh)["shards"]
    n, out = CorpusSearch(store).count(parse("以案促改"))
    assert n == 2 and out.slow == 0


def test_an_index_made_by_other_folding_rules_is_not_used_and_made_again(tmp_path):
    corpus = make_corpus(tmp_path)
    store = Store.open(corpus, store_path=tmp_path / "s")
    store.update()
    want = brute(store, "发展")
    path = tmp_path / "s" / "search" / "manifest.json"
    m = orjson.loads(path.read_bytes())
    m["fold"] = "rules of another version"
    path.write_bytes(orjson.dumps(m))
    fresh = Store.open(corpus, store_path=tmp_path / "s")
    n, out = CorpusSearch(fresh).count(parse("发展"))
    assert (n, out.per_speech) == (sum(want.values()), want) and out.slow == 3  # from the bodies
    assert sync_index(fresh) == sum(1 for e in m["shards"] if e)  # every part made again
    n, out = CorpusSearch(Store.open(corpus, store_path=tmp_path / "s")).count(parse("发展"))
    assert n == sum(want.values()) and out.slow == 0


def test_a_heading_that_opens_its_paragraph_is_one_hit_not_two(bundled_store):
    """（一）讲政治，…带头做到“两个维护” heads the paragraph it opens: one hit there,
    as a reader counts (the bundled speeches say 两个维护 ten times)."""
    store = bundled_store
    n, out = CorpusSearch(store).count(parse("两个维护"), heads=True)
    assert n == 10
    hits = [h for sh in CorpusSearch(store).run(parse("两个维护"), heads=True) for h in sh.hits]
    assert len(hits) == 10 and not [h for h in hits if h.kind == "heading"]


def test_sparse_bit_rows_are_stored_compressed_and_read_back_the_same():
    import io
    import random

    from jianghua.store.search_index import BUCKETS, bit_rows, read_head, rows_size
    from jianghua.store.search_pack import _pack, _transpose

    rnd = random.Random(7)
    for n, density in ((3, 0.02), (40, 0.4)):
        sets = [{b for b in range(BUCKETS) if rnd.random() < density} for _ in range(n)]
        keys = [f"k{j}" for j in range(n)]
        data = _pack(keys, sets, [], list(range(n + 1)), list(range(n)), [0] * n, b"\0\0" * n)
        fh = io.BytesIO(data)
        head = read_head(fh)
        stored = fh.read(rows_size(head, n))
        assert bit_rows(head, stored, n) == bytes(_transpose(sets, (n + 7) // 8))
        assert ("bz" in head) == (density < 0.1)  # sparse rows compressed, dense ones raw
