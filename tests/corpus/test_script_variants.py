"""Old variant forms in real traditional printings fold like their standard
characters: 貪汚 is 贪污 to themes and search (OpenCC alone leaves 汚)."""

from jianghua.corpus.script import VARIANTS, fold, fold_query


def test_variants_fold_and_keep_offsets():
    text = "堅決反對貪汚浪費，講究衞生，擧行大會"
    out = fold(text)
    assert out == "坚决反对贪污浪费，讲究卫生，举行大会"
    assert len(out) == len(text)
    assert fold_query("貪汚") == "贪污"


def test_every_variant_maps_one_character_to_one_other():
    assert VARIANTS and all(len(chr(k)) == 1 and len(v) == 1 and chr(k) != v for k, v in VARIANTS.items())
    assert fold("污卫举") == "污卫举"  # the standard forms stay


def test_a_theme_phrase_matches_through_a_variant():
    from jianghua.corpus.themes import load_themes

    themes = load_themes()
    plain = [m.phrase for m in themes.matches("必须坚决反对贪污浪费，严肃查处腐败案件。")]
    variant = [m.phrase for m in themes.matches("必須堅決反對貪汚浪費，嚴肅查處腐敗案件。")]
    assert "贪污" in plain and variant == plain
