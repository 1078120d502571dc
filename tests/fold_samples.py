"""Texts that exercise folding (corpus.query / corpus.script): the tests that compare two
ways of folding use the same samples (tests/corpus/test_fold_before_class.py,
tests/tui/test_reader_find_fold.py)."""

from jianghua.corpus.script import to_traditional

FOLD_TEXTS = [
    "",
    "ASCII only, Mixed Case 2023",
    "推进高质量发展，坚持廉洁自律。",
    to_traditional("推进高质量发展，坚持廉洁自律。"),
    "堅決反對貪汚浪費，講究衞生",  # old variant forms (OpenCC alone leaves 汚)
    "２０２３年ＡＩ与Ｇｐｕ",  # full-width digits and letters
    "一行\n两行",  # a text holding a line break of its own
    "乾隆年间，头发与發展",  # one-to-many characters of t2s; 乾 kept in 乾隆
    "乾隆年间",  # … and a text whose only character of the class OpenCC leaves as it is here
    "饘粥",  # 饘 folds to a character outside the basic block (𫗴); one in the bundled corpus
    "著名的“著作”与穿著",
]
