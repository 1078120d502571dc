"""Floors on the theme evaluation (`python -m tests.themes_eval`): the figures cannot fall.

Measured 2026-11-29 (themes2, 402 paragraphs: the first 329 plus 73 from four new documents,
two of them real traditional-script texts): bundled 88.3/98.3/95.0 (= before: it must not get
worse), dev 90.6/92.9/92.1 none 91.8, held-out 81.5/89.1/88.2 none 88.0 (1930s–40s collected
works, the 1923 archival report and the 1954 work report are the weak spots; congress and work
reports alone: 93–97 % strongest = main). Floors on dev / held-out sit one paragraph below.

Re-measured 2026-11-29 after 242 paragraphs of real speeches and reports of speeches were added (38
documents, 22 dev / 16 held-out, 97 "none", 48 in traditional script; see tests/data/README.md), the
tagger unchanged: dev 82.9/89.0/86.4 none 75.4 (228 + 114 none), held-out 78.5/85.3/84.7 none 83.5
(163 + 139 none). The per-set floors were recomputed from these figures (one paragraph below); they
were lowered because the sets grew harder, not for a tagger change.

Re-measured 2026-11-29 after the tagger change of the themes session (mention in passing needs twice
the threshold, [[outside]] topics, short headings carry their theme, vocabulary of real speeches):
dev 88.2/93.0/90.4 none 92.1, held-out 79.1/85.3/83.4 none 92.1, bundled unchanged. Held-out
strongest=main rose 1 paragraph, "none" untagged 12, but main-in-top-3 fell 2 paragraphs (84.7 →
83.4: the mention-in-passing rule leaves them untagged), so that floor is lower than before; the
others rose. Floors one paragraph below.

Re-measured 2026-11-29 (trules: an inline heading counts once, as its paragraph's opening sentence;
themes fold like the search): bundled 88.3/98.3/95.0, dev 88.2/93.0/90.4 none 92.1 (unchanged),
held-out 79.8/85.3/83.4 none 92.1 (strongest = main +1 paragraph). Floors raised to these figures.
Then epidemic words (疫情 0.5, 抗疫/防疫/传染病/公共卫生 1: the event, not the theme): dev 88.6/93.4/90.4
none 93.9, held-out none 92.8 (+1 paragraph), the rest unchanged; floors raised again.
Then equal scores go to the theme of the opening sentence (not the file's first): bundled 90.0/98.3/95.0,
dev 89.0/93.4/90.4 none 93.9, held-out unchanged; floors raised.
Then 110 phrases mined from unlabelled speeches and reports (tests/themes_mine.py, README): bundled
unchanged, dev 89.5/93.9/90.8 none 93.9 (+1 paragraph each on the first three), held-out unchanged; dev floor raised.
Then (s21 ttagger) a weight-3 marker carries a paragraph with one mention, 港澳台 takes over 高质量发展 and
为民服务, and vocabulary read in public texts outside the sets (党课, 监察, 精简文件/会议 …): bundled and dev
unchanged, held-out 80.4/85.9/84.7 none 92.8; the fresh set (now used for development) 64.6/75.2/71.7/75.8 →
75.2/87.6/85.0/80.3, and it gets a floor too. Then one phrase alone carries when in the opening or repeated
with weight × mentions ≥ 2 (a weight-1 word twice; was 3 times): dev 89.9/94.3/91.2 none 93.9, held-out
81.6/87.1/85.9 none 92.8, fresh none 80.3 → 78.8 (one paragraph: 历史 twice in a 1939 text). Mined batch 4
(6 phrases): dev strongest among labels 94.3 → 94.7.
Then (s21 tnone, SCORING_VERSION 6) an outside topic with a marker that scores at least as much as every theme
is the subject (only themes with a marker of their own are given), a `silences` topic (meeting procedure) mutes
its sentences, and equal scores go by evidence (opening, heading, strongest phrase, first named) instead of the
file's order: dev 89.5/94.3/90.8 none 94.7 (−1 main: a 意识形态 paragraph under a culture heading; +1 none),
held-out 82.8/86.5/85.9 none 92.8 (+2 main, −1 among), fresh 77.0/86.7/85.0 none 81.8 (+2 main, +2 none, −1 among).
Then outside-topic vocabulary (court/procuratorate, ecology, culture work) and two more `silences` topics (致辞问候,
表彰和荣誉): held-out none 93.5, fresh none 84.8, the rest unchanged. Then 人大代表 / 政协委员 as markers of 民主法治: fresh none 86.4.
Then (s22 themes, SCORING_VERSION 7) the speech's title carries into its paragraphs (×0.4, and it backs the themes it
names): dev 89.9/94.3/90.8 none 94.7 (+1 main), held-out 82.8/87.1/86.5 none 94.2 (+1 among, +1 top 3, +1 none), fresh
78.8/87.6/86.7 none 86.4 (+2 main, +1 among, +2 top 3), bundled unchanged; fresh2 (development data from this session)
83.1/87.1/87.1 none 71.7, unchanged, and it gets a floor too. Floors raised to these figures.
Then (s23 themes) vocabulary of the themes file from public sources (党内法规 titles, 党章 and glossary wording, outside
topics: 外交, 国防, 港澳台, press conferences; 全面从严治党 a marker), all seven sets development data: dev 89.9/94.3/91.2
none 93.9 (−1 none: a news line naming the 《求是》 article 《健全全面从严治党体系》, labelled "none", now discipline),
held-out 83.4/87.7/87.1 none 94.2, fresh unchanged, fresh2 84.7/89.5/89.5 none 71.7, fresh3 78.7/84.6/86.0 none 73.2,
fresh4 82.8/86.2/89.7 none 79.4; fresh3 and fresh4 get floors too. Then 政协 / 民族工作 words in the 民主法治 outside
topic and the wording of 抓落实 (钉钉子, 挂图作战, 军令状 …): fresh2 85.5/90.3/89.5, fresh3 79.4/85.3/86.0 none 74.6, fresh4
top 3 91.4 none 80.9. Then 总统 a marker of 外交, 特首 / 施政 in 港澳台, 议员: fresh2 none 73.3, fresh3 none 76.1. Floors set to these figures (dev none lowered by
that one paragraph).
s23: fresh5 (181 paragraphs of local speeches and 讲稿, labelled blind) was run once at b1ea3db: 79.7/85.0/86.5 none
72.9, and once after the vocabulary above: 80.5/85.7/87.2 none 72.9 — its floor; from now on it is development data. Review of that vocabulary: 对台 → 对台工作 (应对台风, 整改台账), no 基本法
(基本法律), no 特区 / 经济特区 (深圳特区; 经济特区 took 经济 from 高质量发展), 过度留痕, 档案工作: fresh3 none 76.1 → 74.6
(one paragraph), the rest unchanged.
s24: fresh6 (154 paragraphs of work reports, party-congress reports, news-agency reports of meetings, 纪检 news and
collected works, a quarter traditional; labelled blind) was run once at 9236027: 52.4/69.9/64.1 none 84.3 — its floor.
A learned check on the rule's verdict (branch s24-themes: 24 weights, leave-one-set-out +0.4 on each figure) gave on it
52.4/69.9/64.1 none 82.4 for ×1.12 tagging CPU, and was not kept (tests/data/README.md, "A sixth blind set").
s25 (vocab): fresh6 as development data — vocabulary for the news-agency, work-report and 1950s register from public
wording (党章, 毛选) and an outside topic's `takes` only with a quarter of the theme's score: fresh6 56.3/73.8/67.0 none
88.2, fresh4 main 84.5, the rest unchanged (tests/data/README.md, "fresh6 as development data").
s25: fresh7 (153 paragraphs from 58 documents mixed as a user's folder is: work reports, congress reports, collected works
1942-1995, speeches, news, theory articles; a fifth traditional; labelled blind) was run once at 48fde84 (before the vocab
change above): 64.3/69.6/66.1 none 87.8, and once after it: 64.3/69.6/67.0 none 87.8 — its floor.
s26 (recall): fresh6 and fresh7 as development data, all ten sets measured by tests/themes_sweep.py — the work reports'
wording of education under 为民服务, 述责述廉 / 警示教育 counting for 纪律 too: fresh3 80.1/85.3/87.5, fresh5 main 81.2,
fresh6 59.2/75.7/68.9 none 88.2, fresh7 66.1/71.4/67.9 none 87.8, the rest unchanged (tests/data/README.md, "fresh6 and
fresh7 as development data (s26 recall)"). Floors raised to these figures.
s26: fresh8 (155 paragraphs from 60 documents: work and congress reports, 毛选 1929-1957, speeches, 党课讲稿, news of
plenums in the Hong Kong, Taiwan and overseas press, theory articles and commentaries; labelled blind) was run once at
199efd4: 50.0/56.7/51.9 none 84.3 — its floor; the recall change above (measured on the other sets only) left it
exactly so, as did a model trained on the ten other sets (tests/data/README.md, "fresh8, scored blind").
"""

from __future__ import annotations

import pytest

from jianghua.corpus.themes import load_themes
from tests.themes_eval import evaluate, sets

FLOORS = {
    # set: (strongest=main, strongest among labels, main in top 3, none untagged)
    "bundled": (90.0, 98.3, 95.0, None),
    "mine-dev": (89.9, 94.3, 91.2, 93.9),
    "mine-heldout": (83.4, 87.7, 87.1, 94.2),
    "fresh": (78.8, 87.6, 86.7, 86.4),
    "fresh2": (85.5, 90.3, 89.5, 73.3),
    "fresh3": (80.1, 85.3, 87.5, 74.6),
    "fresh4": (84.5, 86.2, 91.4, 80.9),
    "fresh5": (81.2, 85.7, 87.2, 72.9),
    "fresh6": (59.2, 75.7, 68.9, 88.2),
    "fresh7": (66.1, 71.4, 67.9, 87.8),
    "fresh8": (50.0, 56.7, 51.9, 84.3),
}


@pytest.mark.parametrize("name", list(FLOORS))
def test_theme_figures_do_not_fall(name):
    f, _ = evaluate(load_themes(), sets()[name])
    r = f.row()
    main, among, top3, untagged = FLOORS[name]
    assert r["strongest=main"] >= main, r
    assert r["strongest∈labels"] >= among, r
    assert r["main in top3"] >= top3, r
    if untagged is not None:
        assert r["none untagged"] >= untagged, r


def test_the_eval_set_is_what_the_issue_asks():
    items = sets()
    mine = items["mine-dev"] + items["mine-heldout"]
    assert len(mine) >= 150
    assert sum(it.labels[0] == "none" for it in mine) >= len(mine) / 5
    assert any("traditional" in it.source for it in items["mine-heldout"])
    ids = {t.id for t in load_themes().themes} | {"none"}
    assert all(set(it.labels) <= ids and len(it.labels) <= 3 for it in mine)
