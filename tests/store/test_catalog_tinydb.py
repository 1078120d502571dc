"""catalog.json is a plain TinyDB file: a user's script can open and query it."""

from tinydb import Query, TinyDB

from jianghua.store import Store


def test_a_plain_tinydb_opens_and_queries_the_catalogue(bundled_store):
    path = bundled_store.store_dir / "catalog.json"
    before = path.read_bytes()
    db = TinyDB(path)  # the default JSONStorage: no jianghua code involved
    try:
        hits = db.table("speeches").search(Query().year == 2023)
        meta = db.table("meta").all()
    finally:
        db.close()
    expected = sorted(s.source for s in bundled_store.speeches() if s.year == 2023)
    assert expected and sorted(h["source"] for h in hits) == expected
    assert {h["title"] for h in hits} == {s.title for s in bundled_store.speeches() if s.year == 2023}
    assert len(meta) == 1 and meta[0]["gen"] == bundled_store.generation
    # Reading it changed nothing: the store is still current and opens as before.
    assert path.read_bytes() == before
    again = Store.open(store_path=bundled_store.store_dir)
    assert again.is_current() and again.speeches() == bundled_store.speeches()
