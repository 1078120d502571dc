"""The reader's formulations pane counts a listed longer unit (新时代中国特色社会主义)
in a speech from that speech's own candidates — where only its piece
(时代中国特色社会主义, always after 新) was counted — as the corpus count does."""

from jianghua.store import Store
from tests.conftest import unit_folder


def _folder(tmp_path):
    return unit_folder(tmp_path / "c")


def test_the_pane_counts_the_longer_unit_of_a_piece(tmp_path):
    store = Store.open(corpus_dir=_folder(tmp_path), store_path=tmp_path / "s")
    store.update()
    unit = next(f for f in store.formulations() if f.text == "新时代中国特色社会主义")
    assert (unit.hits, unit.speeches) == (12, 6)
    fresh = Store.open(corpus_dir=tmp_path / "c", store_path=tmp_path / "s")  # the stored count, read from disk
    for s in fresh.speeches():
        mine = {f.text: n for f, n in fresh.speech_formulations(s.id)}
        assert mine.get("新时代中国特色社会主义") == 2, mine
        assert not [t for t in mine if t.startswith("时代")]
