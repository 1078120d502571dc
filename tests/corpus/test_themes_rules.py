"""The theme rules a reader sees on real speeches (issue 14): a word mentioned in passing does not
tag a paragraph, topics outside the themes (外交, 国防 …) count against weak themes, a short
heading carries its theme, self-examination is 组织生活, party history is not 讲政治, and the
explanation (`w`, `show --json`) shows each of these rules at work.

The example paragraphs are written for these tests in the style of public speeches."""

from __future__ import annotations

import pytest

from jianghua.corpus.structure import split_sentences
from jianghua.corpus.themes import ThemesError, explain_paragraph, heading_size, load_themes, tag_paragraph
from jianghua.store.tagging import explain

THEMES = load_themes()

RULES = """
[[theme]]
id = "integrity"
name = "廉洁自律"
keywords = { "廉洁奉公" = 3, "廉洁" = 2, "反腐败" = 3, "干净" = 1 }

[[theme]]
id = "safety"
name = "安全与风险"
keywords = { "安全" = 1, "风险" = 1 }

[[outside]]
id = "foreign"
name = "外交"
keywords = { "外交" = 3, "两国关系" = 3, "友好合作" = 2 }
"""

# three sentences, 100-odd characters: the threshold is 3, a weight-3 phrase in the body gives 3
FILLER = "要深入贯彻依法治国基本方略，把政府工作全面纳入法治轨道。加强政府法制工作，改革行政执法体制，健全决策、执行、监督机制。"


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    f = tmp_path_factory.mktemp("themes") / "rules.toml"
    f.write_text(RULES, "utf-8")
    return load_themes(f)


def tags(themes, text: str, heading: str | None = None) -> list[str]:
    hh = themes.hits(heading, outside=True) if heading else None
    t = tag_paragraph(themes, text, split_sentences(text), hh, heading_size(heading) if heading else None)
    return [themes.themes[i].id for i in t.themes]


def test_one_marker_carries_a_paragraph_a_word_in_passing_does_not(rules):
    # a weight-3 phrase (an unmistakable marker of the theme) shows the subject with one mention, anywhere
    marker = FILLER + "所有公务员都要廉洁奉公，真正当好人民公仆。"
    assert rules.hits(marker)[0] == 3
    assert tags(rules, marker) == ["integrity"]
    # a weight-2 word once in the body does not reach the threshold; in the opening sentence it does
    assert tags(rules, FILLER + "所有公务员都要廉洁，真正当好人民公仆。") == []
    assert tags(rules, "所有公务员都要廉洁，真正当好人民公仆。" + FILLER) == ["integrity"]


WEAK = RULES + """
[[theme]]
id = "history"
name = "党史"
keywords = { "革命" = 0.5, "党史" = 3 }
"""


def test_a_weak_word_needs_weight_times_mentions(rules, tmp_path):
    # a weight-1 word in the opening sentence and again: 1 × 2 mentions reach 2, it counts
    assert tags(rules, "安全问题要抓好。" + FILLER + "确保安全。") == ["safety"]
    f = tmp_path / "weak.toml"
    f.write_text(WEAK, "utf-8")
    weak = load_themes(f)
    # a 0.5 word three times in the opening sentence scores 3 (the threshold) but 0.5 × 3 stays under 2:
    # a word in passing (革命 in a 1930s text), not the subject
    three = "革命的道路要靠革命的办法，革命者不怕牺牲。" + FILLER
    assert weak.hits(three)[2] == 1.5
    assert tags(weak, three) == []
    assert tags(weak, "革命的道路要靠革命的办法，革命者为了革命不怕牺牲。" + FILLER) == ["history"]


def test_the_heading_backs_a_single_phrase(rules, tmp_path):
    f = tmp_path / "weak.toml"
    f.write_text(WEAK, "utf-8")
    weak = load_themes(f)
    passing = "革命的道路要靠革命的办法，革命者不怕牺牲。" + FILLER
    assert tags(weak, passing, "（三）加强政府自身建设") == []
    assert tags(weak, passing, "（三）继承革命传统") == ["history"]


def test_topics_outside_the_themes_count_against_weak_themes(rules):
    foreign = "双方同意推动两国关系不断向前发展，深化友好合作，开创两国关系新局面，共同维护地区安全和风险防范。"
    assert rules.hits(foreign) == [0.0, 2.0]
    assert rules.hits(foreign, outside=True)[2] == 8.0
    assert tags(rules, foreign) == []
    # without the [[outside]] table the same paragraph is tagged 安全与风险
    bare = load_themes_text(RULES.split("[[outside]]")[0])
    assert tags(bare, foreign + "确保安全。") == ["safety"]
    assert tags(rules, foreign + "确保安全。") == []


def load_themes_text(text: str):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "t.toml"
        f.write_text(text, "utf-8")
        return load_themes(f)


STYLE_HEAVY = ("各级领导干部要带头改进作风，持之以恒纠治“四风”，坚决反对形式主义、官僚主义，力戒享乐主义、奢靡之风。"
               "要管好自己、管好亲属和身边工作人员，不搞特权，干干净净做事。")


def test_a_short_heading_carries_its_theme_into_its_paragraphs():
    assert tags(THEMES, STYLE_HEAVY)[0] == "style"
    assert tags(THEMES, STYLE_HEAVY, "（四）守住廉洁底线")[:2] == ["integrity", "style"]
    # a long heading (a report's sentence-like heading) only adds its phrases at half weight
    long = "四、坚持不懈改进作风，驰而不息正风肃纪，守住廉洁底线，营造风清气正的良好政治生态"
    assert heading_size(long) > 16
    assert tags(THEMES, STYLE_HEAVY, long)[0] == "style"
    # a paragraph that does not mention the heading's theme is not given it
    assert "integrity" not in tags(THEMES, "要坚决反对形式主义、官僚主义，切实为基层减负，精文简会，改进调查研究。", "（四）守住廉洁底线")


def test_heading_size_leaves_out_numbering_and_punctuation():
    assert heading_size("（四）守住廉洁底线") == 6
    assert heading_size("一、过去五年的工作") == 7
    assert heading_size("第一，聚焦主题") == 4


def test_self_examination_is_party_organisational_life():
    # 主题教育 "找差距": the political formulas are what is checked, the paragraph is the checking
    text = ("对照党章党规找差距，重点查摆在增强“四个意识”、坚定“四个自信”、做到“两个维护”方面存在的差距不足。"
            "要把自己摆进去，认真检视剖析，深挖思想根源，能改的立行立改。")
    assert tags(THEMES, text)[0] == "org_life"


def test_a_party_history_paragraph_is_history_not_politics():
    text = ("回顾党的百年奋斗历程，从遵义会议到万里长征，老一辈革命家坚持党的领导，对党绝对忠诚，"
            "始终站稳政治立场，带领红军战胜了难以想象的艰难险阻。")
    assert tags(THEMES, text)[0] == "history"


def test_government_reform_has_a_theme():
    text = "加快转变政府职能，深化放管服改革，推行权力清单、责任清单制度，加强事中事后监管，推进政务服务一网通办。"
    assert tags(THEMES, text)[:1] == ["development"]


def test_explanation_shows_the_rules(rules, tmp_path):
    f = tmp_path / "weak.toml"
    f.write_text(WEAK, "utf-8")
    weak = load_themes(f)
    passing = "革命的道路要靠革命的办法，革命者不怕牺牲。" + FILLER + "双方同意深化友好合作。"
    ex = explain_paragraph(weak, passing, split_sentences(passing), None)
    assert ex.tags.themes == ()
    assert ex.needs[2] == 2 * ex.threshold  # one weak phrase in passing: twice the threshold
    assert ex.outside == (2.0,)
    body = {"paragraphs": [[passing, 0, split_sentences(passing)]], "sections": [["（三）加强政府自身建设", None, None]]}
    why = explain(weak, body, 0)
    assert why["needs"]["history"] == 6.0
    assert why["outside"] == {"foreign": {"name": "外交", "raw": 2.0}}
    assert [e["phrase"] for e in why["evidence"] if e["outside"]] == ["友好合作"]
    # every theme's points still add up to its score
    for tid, raw in why["raw"].items():
        assert abs(sum(e["points"] for e in why["evidence"] if e["theme"] == tid) - raw) < 1e-6


def test_heading_share_is_in_the_evidence():
    body = {"paragraphs": [[STYLE_HEAVY, 0, split_sentences(STYLE_HEAVY)]], "sections": [["（四）守住廉洁底线", None, None]]}
    why = explain(THEMES, body, 0)
    assert why["themes"][0]["id"] == "integrity"
    share = [e for e in why["evidence"] if e["where"] == "heading_share"]
    assert share and share[0]["theme"] == "integrity" and share[0]["points"] == why["raw"]["style"]
    assert abs(sum(e["points"] for e in why["evidence"] if e["theme"] == "integrity") - why["raw"]["integrity"]) < 1e-6


def test_an_outside_topic_may_not_reuse_a_theme_id(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text(RULES + '\n[[outside]]\nid = "safety"\nname = "X"\nkeywords = { "词" = 1 }\n', "utf-8")
    with pytest.raises(ThemesError, match="used twice"):
        load_themes(f)


def test_the_scoring_rule_is_part_of_the_fingerprint(tmp_path, monkeypatch):
    import jianghua.corpus.themes as T

    f = tmp_path / "t.toml"
    f.write_text(RULES, "utf-8")
    before = load_themes(f).fingerprint
    monkeypatch.setattr(T, "SCORING_VERSION", T.SCORING_VERSION + 1)
    assert load_themes(f).fingerprint != before  # stores tagged by the old rule are tagged again


def test_the_dialog_says_what_an_untagged_paragraph_needed(rules):
    from jianghua.tui.dialogs.theme_evidence import evidence_text

    # no marker of 外交 (友好合作 is weight 2): 外交 is not the subject, it only raises what a theme needs
    foreign = "双方同意深化友好合作，推进友好合作不断向前发展。要共同维护地区安全，防范安全风险。"
    body = {"paragraphs": [[foreign, 0, split_sentences(foreign)]], "sections": []}
    why = explain(rules, body, 0)
    assert why["themes"] == [] and why["raw"]["safety"] == 3.0 and why["subject"] is None
    text = evidence_text(why, {t.id: t.name for t in rules.themes}).plain
    assert "安全与风险 3 is below what it needs here, 4" in text  # half of 外交 8, not the plain threshold 3
    assert "外交  8  (outside the themes)" in text


def test_an_inline_heading_counts_once_as_its_paragraphs_opening(rules):
    # 第一，…。 opens its own paragraph: the heading *is* the opening sentence (×2), not a heading on top
    # (before: ×2 + ×0.5, and a short one added the paragraph's strongest score again: 2× its own weight)
    from jianghua.store.tagging import tag_body

    point = "第一，建设廉洁政府。" + FILLER + "各地要结合实际抓好落实。"
    after = FILLER + "所有公务员都要廉洁奉公，真正当好人民公仆。"
    heading = "第一，建设廉洁政府"
    body = {"paragraphs": [[point, 1, split_sentences(point)], [after, 1, split_sentences(after)]],
            "sections": [[None, None, None], [heading, None, None]]}
    own, nxt = tag_body(rules, body).paragraphs
    assert own.raw[0] == 2 * 2.0  # 廉洁 (2) in the opening sentence, once
    why = explain(rules, body, 0)
    assert why["heading_inline"] and not [e for e in why["evidence"] if e["where"].startswith("heading")]
    # the paragraphs after it still stand under it: heading ×0.5, and a short heading's share (+ 3)
    assert nxt.raw[0] == 3.0 + 0.5 * 2.0 + 3.0 and [rules.themes[i].id for i in nxt.themes] == ["integrity"]
    assert not explain(rules, body, 1)["heading_inline"]
    # a one-sentence point counts its heading as an opening too
    one = "第一，建设廉洁政府，做到廉洁奉公。"
    assert tag_paragraph(rules, one, split_sentences(one), rules.hits(one, outside=True), 4, inline=True).raw[0] == 2 * 5.0


def test_the_epidemic_is_an_occasion_not_a_theme():
    # the same event words: what is done about it decides (防控 work → 安全; 各国 cooperation → none)
    world = ("疫情是全人类的共同敌人。国际社会要加强合作，各国携手抗疫，共同维护全球公共卫生安全，"
             "支持世界卫生组织发挥作用，防止疫情跨境传播。")
    home = ("各地要把疫情防控作为当前最重要的工作，落实联防联控措施，做好医疗救治和社区防控，"
            "坚决遏制疫情扩散蔓延，保障人民群众生命安全和身体健康。")
    assert tags(THEMES, world) == []
    assert tags(THEMES, home)[:1] == ["safety"]


def test_equal_scores_go_to_the_theme_the_opening_sentence_states(rules):
    # 4 points each: 安全 + 风险 in the opening sentence (×2), 廉洁 twice in the body. The file lists
    # 廉洁自律 first; the paragraph states 安全 first — the opening sentence decides, not the file order.
    text = "要守住安全底线，防范风险。干部要廉洁。各级都要做到廉洁。"
    t = tag_paragraph(rules, text, split_sentences(text), None)
    assert t.raw == (4.0, 4.0)
    assert [rules.themes[i].id for i in t.themes] == ["safety", "integrity"]
    body = "干部要廉洁，各级都要做到廉洁。要守住安全底线，防范风险。"
    assert tags(rules, body)[:1] == ["integrity"]  # (no tie here: the score decides)


# Hong Kong / Taiwan government affairs are none of the twelve (tests/data/README.md): the shipped
# themes file's 港澳台 topic `takes` 高质量发展 and 为民服务 where it is named
HK = "特区政府公布施政报告，提出集中力量发展经济、改善民生，增加土地和房屋供应，推动经济发展，做好民生工作。"
COUNTY = HK.replace("特区政府公布施政报告", "县政府公布工作报告")


def test_an_outside_topic_takes_over_the_themes_it_names():
    assert tags(THEMES, COUNTY) == ["people", "development"]  # the same words at home are the themes …
    assert tags(THEMES, HK) == []  # … in Hong Kong's government affairs they are not
    river = "推动长江两岸产业转型升级，加快建设现代化产业体系，推动高质量发展。"
    assert tags(THEMES, river) == ["development"]  # 长江两岸 is a river's banks, not cross-strait (两岸)
    bay = "深入推进粤港澳大湾区建设，加强与香港、澳门在科技创新、产业链方面的合作，推动高质量发展。"
    assert tags(THEMES, bay) == ["development"]  # the Greater Bay Area is the mainland's development strategy
    body = {"paragraphs": [[HK, 0, split_sentences(HK)]], "sections": []}
    why = explain(THEMES, body, 0)
    assert why["taken"] == {"people": "hk_taiwan", "development": "hk_taiwan"}
    assert "people" not in why["needs"]  # (no number to reach: the theme is not counted here)
    from jianghua.tui.dialogs.theme_evidence import evidence_text

    text = evidence_text(why, {t.id: t.name for t in THEMES.themes}).plain
    assert "is not counted: the paragraph is about 港澳台和祖国统一" in text  # the w box says why, and which topic
    assert "为民服务" in text and "(not counted: the paragraph is about 港澳台和祖国统一, which takes this theme over)" in text


def test_one_mention_of_taiwan_in_a_report_on_livelihood_takes_nothing():
    # a provincial work report's 民生 summary names 台湾 once (a 港澳台 marker, 3 = TAKE_MIN): the paragraph is still
    # about 民生 — the topic takes a theme only where it has at least TAKE_SHARE of that theme's score
    home = ("民生福祉持续改善。城镇新增就业十二万人，基本养老保险参保率稳定在百分之九十五以上，新建改扩建养老服务设施三十处，"
            "困难群众基本生活得到保障。深化对台交流合作，台湾青年来访人数增长两成。")
    assert tags(THEMES, home)[:1] == ["people"]
    body = {"paragraphs": [[home, 0, split_sentences(home)]], "sections": []}
    assert "people" not in explain(THEMES, body, 0)["taken"]
    assert tags(THEMES, HK) == []  # (where 港澳台 is the subject, it still takes 为民服务 and 高质量发展)


def rules_plain(tmp_path):
    f = tmp_path / "plain.toml"
    f.write_text(RULES, "utf-8")
    return load_themes(f)


def test_takes_names_themes_of_the_file(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text(RULES.replace('name = "外交"', 'name = "外交"\ntakes = ["safety"]'), "utf-8")
    text = "两国关系要讲安全，安全风险都要防范，安全风险都要防范安全。"  # 安全与风险 6 outscores 外交 3
    assert tags(rules_plain(tmp_path), text) == ["safety"]  # without `takes`: the weak theme passes
    assert tags(load_themes(f), text) == []
    f.write_text(RULES.replace('name = "外交"', 'name = "外交"\ntakes = ["economy"]'), "utf-8")
    with pytest.raises(ThemesError, match="takes"):
        load_themes(f)
    f.write_text(RULES.replace('name = "安全与风险"', 'name = "安全与风险"\ntakes = ["integrity"]'), "utf-8")
    with pytest.raises(ThemesError, match="outside"):
        load_themes(f)


def test_an_outside_topic_that_is_the_subject_leaves_weak_themes_out(rules):
    # 两国关系 is a marker of 外交 and 外交 outscores every theme: the paragraph is about foreign affairs, and
    # 安全 / 风险 (no marker of their own) do not tag it, however many times they come
    from jianghua.tui.dialogs.theme_evidence import evidence_text

    foreign = "双方同意推动两国关系向前发展。要共同维护地区安全，防范安全风险，加强安全合作，应对安全风险。"
    assert tags(rules, foreign) == []
    why = explain(rules, {"paragraphs": [[foreign, 0, split_sentences(foreign)]], "sections": []}, 0)
    assert why["subject"] == "foreign" and why["subject_drops"] == ["safety"] and "safety" not in why["needs"]
    text = evidence_text(why, {t.id: t.name for t in rules.themes}).plain
    assert "the paragraph is about 外交" in text and "(not counted: the paragraph is about 外交 and this theme has no marker here)" in text
    # a marker of the theme itself still carries it (廉洁奉公 is weight 3)
    assert tags(rules, foreign + "驻外人员要廉洁奉公，做到廉洁奉公。") == ["integrity"]
    # without a marker of 外交 (友好合作 is weight 2) the same words only raise what a theme needs
    weak = foreign.replace("两国关系", "友好合作")
    assert tags(rules, weak) == ["safety"]


def test_a_meeting_procedure_sentence_gives_the_themes_nothing(rules, tmp_path):
    # an attendance list names posts (纪委书记), not the subject: the sentence naming the procedure topic counts nothing
    f = tmp_path / "t.toml"
    f.write_text(RULES + '''
[[outside]]
id = "procedure"
name = "会议程序"
silences = true
keywords = { "出席" = 2, "参加会议" = 2 }

[[outside]]
id = "greetings"
name = "致辞问候"
silences = true
keywords = { "致以崇高的敬意" = 3 }
''', "utf-8")
    themes = load_themes(f)
    listing = "区委常委、反腐败协调小组组长张某出席会议并讲话。参加会议的有反腐败协调小组成员、各镇反腐败工作负责人、反腐败办公室全体人员。"
    assert tags(rules, listing) == ["integrity"]  # without the topic: 反腐败 ×4
    assert tags(themes, listing) == []
    why = explain(themes, {"paragraphs": [[listing, 0, split_sentences(listing)]], "sections": []}, 0)
    assert why["silenced"] == [0, 1] and why["silencers"] == ["procedure"]
    assert all(e["points"] == 0 for e in why["evidence"] if e["theme"] == "integrity")
    from jianghua.tui.dialogs.theme_evidence import evidence_text
    text = evidence_text(why, {t.id: t.name for t in themes.themes}).plain
    assert "not counted: its sentence is 会议程序" in text
    assert "No theme — its theme phrases stand in sentences of 会议程序, which count nothing" in text
    assert "greetings" not in text and "致辞问候" not in text  # (a silencing topic this paragraph does not name)
    # the sentences after the list count as usual
    assert tags(themes, listing + "会议强调，要坚定不移推进反腐败斗争，一体推进不敢腐、不能腐、不想腐，以反腐败的新成效取信于民。") == ["integrity"]
    # only an [[outside]] topic silences; true or false
    f.write_text(RULES.replace('name = "安全与风险"', 'name = "安全与风险"\nsilences = true'), "utf-8")
    with pytest.raises(ThemesError, match="only an \\[\\[outside\\]\\] topic silences"):
        load_themes(f)


def test_equal_scores_go_to_the_stronger_phrase_then_the_one_named_first(tmp_path):
    # not to the theme written first in the file
    f = tmp_path / "t.toml"
    f.write_text(RULES, "utf-8")
    themes = load_themes(f)
    # one sentence (no opening bonus): 安全 ×3 = 3 and 廉洁奉公 = 3: the marker wins although safety… no: integrity is first in the file
    both = "安全安全安全，廉洁奉公。"
    assert tags(themes, both)[0] == "integrity"
    flipped = RULES.replace('"廉洁奉公" = 3, ', '').replace('"风险" = 1', '"风险" = 1, "平安" = 3')
    f.write_text(flipped, "utf-8")
    themes = load_themes(f)
    # now safety has the marker (平安 3) against integrity's 廉洁 2 + 干净 1: safety first although written second
    assert tags(themes, "廉洁干净，平安。")[0] == "safety"
    # equal strongest phrases: the one named first
    assert tags(themes, "平安，反腐败。")[0] == "safety"
    assert tags(themes, "反腐败，平安。")[0] == "integrity"


def test_a_silenced_sentence_names_the_topics_phrase_as_the_topic_writes_it(tmp_path):
    # the themes file spells 貪污 (traditional), the silencing topic 贪污: the topic's evidence shows its own spelling
    f = tmp_path / "t.toml"
    f.write_text(RULES.replace('"干净" = 1', '"干净" = 1, "貪污" = 2') + '''
[[outside]]
id = "procedure"
name = "会议程序"
silences = true
keywords = { "贪污" = 3 }
''', "utf-8")
    themes = load_themes(f)
    text = "会议通报了贪污案件。"
    why = explain(themes, {"paragraphs": [[text, 0, split_sentences(text)]], "sections": []}, 0)
    assert why["silenced"] == [0]
    mine = [e["phrase"] for e in why["evidence"] if e["theme"] == "procedure"]
    assert mine == ["贪污"], why["evidence"]
    assert [e["phrase"] for e in why["evidence"] if e["theme"] == "integrity"] == ["貪污"]
