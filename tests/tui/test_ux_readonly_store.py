"""A store that cannot be written (a read-only disk, a shared store) but is current is
read as it is: the warning says it can be read and is not updated, not that it is
"rebuilt at the next start" (user trial: a user with a shared read-only store was
worried for nothing). When the folder changed, it says the changes are read in memory."""

from __future__ import annotations

import errno
import shutil

from tui_helpers import SIZE, notifications, settle

from jianghua.store import Store
from jianghua.store.backends import DiskBackend


def _read_only(monkeypatch):
    def ensure(self):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(DiskBackend, "ensure", ensure)


async def test_a_current_read_only_store_is_read_not_rebuilt(make_app, tui_built, tmp_path, monkeypatch, lang):
    lang("zh")
    path = tmp_path / "shared"
    shutil.copytree(tui_built, path)
    _read_only(monkeypatch)
    store = Store.open(store_path=path)
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        said = "\n".join(notifications(app))
        assert "按原样读取，不会更新" in said, said
        assert "重新生成" not in said, said
        assert len(store.speeches()) == 5


def test_the_warning_stays_right_when_the_folder_changed(corpus_copy, tui_built, tmp_path, monkeypatch):
    path = tmp_path / "shared"
    built = Store.open(corpus_copy, store_path=path)
    built.update()
    (corpus_copy / "new.txt").write_text("在全县大会上的讲话\n同志们：\n要抓好落实，确保见效。\n", encoding="utf-8")
    _read_only(monkeypatch)
    store = Store.open(corpus_copy, store_path=path)
    said = "\n".join(store.messages)
    assert "read as it is and not updated" in said and "changed in the folder" in said and "read in memory" in said
    r = store.update()
    assert r.speeches == 6 and len(store.speeches()) == 6


def test_a_store_that_cannot_be_made_does_not_say_it_is_read(corpus_copy, tmp_path):
    """No index to read (its path runs through a file): the warning says every speech is read in
    memory at every start, not that an index is read as it is (review of the read-only wording)."""
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    store = Store.open(corpus_copy, store_path=blocker / "store")
    said = "\n".join(store.messages)
    assert "there is none yet" in said and "every speech is read in memory" in said, said
    assert "read as it is" not in said, said
    assert store.update().speeches == len(store.speeches()) > 0
