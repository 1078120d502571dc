"""The list-only catalogue (store/listfile.py): a current store opens from list.json
with the very summaries the whole catalogue gives, reads the whole catalogue only
when asked for more, and never trusts a list.json that is not its catalogue's."""

from __future__ import annotations

import os

import pytest

from jianghua.store import Store
from jianghua.store import listfile


def _whole(corpus, store) -> Store:
    (store / listfile.NAME).unlink(missing_ok=True)
    return Store.open(corpus, store_path=store)


def test_a_current_store_opens_from_the_list_with_the_same_summaries(built):
    corpus, store = built
    assert (store / listfile.NAME).exists()
    fast = Store.open(corpus, store_path=store)
    assert fast.catalog.listed is not None and not fast.catalog._whole
    listed = fast.speeches()
    assert not fast.catalog._whole  # the list painted without reading catalog.json
    slow = _whole(corpus, store)
    assert slow.catalog.listed is None
    whole = slow.speeches()
    assert listed == whole and len(listed) == 5
    assert [s.themes for s in listed] == [s.themes for s in whole] and any(s.themes for s in listed)
    assert [s.keywords for s in listed] == [s.keywords for s in whole]
    assert [(s.date, s.speaker, s.year) for s in listed] == [(s.date, s.speaker, s.year) for s in whole]


def test_the_rest_of_the_catalogue_is_read_when_asked_for(built):
    corpus, store = built
    slow = _whole(corpus, store)
    Store.open(corpus, store_path=store).update()  # nothing changed: list.json comes back
    fast = Store.open(corpus, store_path=store)
    theme = max(slow.themes(), key=lambda t: t.speeches).id
    assert not fast.catalog._whole
    assert fast.filter([theme]) == slow.filter([theme]) and fast.filter([theme])
    assert fast.catalog._whole
    assert fast.themes() == slow.themes() and fast.is_current()
    sid = fast.speeches()[0].id
    assert fast.speech(sid) == slow.speech(sid)


def test_a_list_of_another_catalogue_is_not_used(built):
    corpus, store = built
    st = os.stat(store / "catalog.json")
    os.utime(store / "catalog.json", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    again = Store.open(corpus, store_path=store)
    assert again.catalog.listed is None and len(again.speeches()) == 5


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"v": 1}', b"[1, 2]"])
def test_a_damaged_list_is_not_used(built, damage):
    corpus, store = built
    (store / listfile.NAME).write_bytes(damage)
    again = Store.open(corpus, store_path=store)
    assert again.catalog.listed is None and len(again.speeches()) == 5


def test_a_list_with_wrong_types_is_not_used(built):
    import orjson

    corpus, store = built
    d = orjson.loads((store / listfile.NAME).read_bytes())
    d["chars"][0] = "many"
    (store / listfile.NAME).write_bytes(orjson.dumps(d))
    again = Store.open(corpus, store_path=store)
    assert again.catalog.listed is None and len(again.speeches()) == 5


def test_theme_entries_come_back_exactly():
    entries = [["politics", 22.15, 8], ["style", 2, 0], ["x_1", 1e-05, 3]]
    back = listfile.ThemeEntries(listfile._entries_text(entries)).entries()
    assert back == entries and [type(e[1]) for e in back] == [float, int, float]
    odd = [["politics", 1.5, 2], ["bad id", 1.0, 1], "junk"]  # not of the usual shape: kept as JSON
    assert listfile.ThemeEntries(listfile._entries_text(odd)).entries() == odd
    assert listfile.ThemeEntries("").entries() == []


def test_a_damaged_list_is_written_again_by_the_next_update(built):
    corpus, store = built
    (store / listfile.NAME).write_bytes(b'{"v": 1, "keywords": "old"}')
    Store.open(corpus, store_path=store).update()  # nothing changed
    again = Store.open(corpus, store_path=store)
    assert again.catalog.listed is not None and len(again.speeches()) == 5
