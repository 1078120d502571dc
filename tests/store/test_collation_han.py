"""Title order reads every Han character (corpus/han.py) by its pinyin: 〇 too (líng),
not as a symbol sorted after every letter."""

from __future__ import annotations

from jianghua.store.collation import title_key


def test_ideographic_zero_sorts_by_its_reading():
    titles = ["二十年工作回顾", "二〇二四年政府工作报告", "二百周年纪念"]
    # 二 then bǎi < líng (〇) < shí
    assert sorted(titles, key=title_key) == ["二百周年纪念", "二〇二四年政府工作报告", "二十年工作回顾"]
