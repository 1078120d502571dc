"""The reader's formulations pane counts a listed longer unit (新时代中国特色社会主义)
in a speech from that speech's own candidates — where only its piece
(时代中国特色社会主义, always after 新) was counted — as the corpus count does."""

from jianghua.store import Store


def _folder(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    for i in range(6):
        (d / f"{2020 + i}-讲话{i}.txt").write_text("\n\n".join([
            f"在第{i}次工作会议上的讲话",
            f"第{i}项工作，我们要坚持以新时代中国特色社会主义思想为指导，推动科技创新。",
            f"奋力开创新时代中国特色社会主义事业新局面，{'城乡' if i % 2 else '区域'}科技创新取得成效。",
        ]) + "\n", encoding="utf-8")
    return d


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
