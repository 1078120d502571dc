"""The keyword matcher is made once even when two threads ask for it at once (the browser's start-up
worker runs `Themes.prepare` while the reader tags the speech it opens), and the evidence shows each
theme's keyword as that theme writes it."""

from __future__ import annotations

import threading

from jianghua.corpus import query
from jianghua.corpus.themes import explain_paragraph, load_themes

TEXT = "全面从严治党，坚持以人民为中心，推动高质量发展，坚决查处贪污案件。"


def test_two_threads_making_the_matcher_at_once_count_each_keyword_once(monkeypatch):
    plain = load_themes()
    expected = plain.hits(TEXT, outside=True)
    themes = load_themes()
    real = query.fold_term
    meet = threading.Barrier(2)
    first: set[int] = set()

    def fold_term(term: str) -> str:
        me = threading.get_ident()
        if me not in first:  # each thread's first keyword: wait for the other one to be making it too
            first.add(me)
            try:
                meet.wait(timeout=1.0)  # (a made-once matcher: the other thread waits for the lock, not here)
            except threading.BrokenBarrierError:
                pass
        return real(term)

    monkeypatch.setattr(query, "fold_term", fold_term)
    worker = threading.Thread(target=themes.prepare)
    worker.start()
    got = themes.hits(TEXT, outside=True)  # the reader tagging a speech meanwhile
    worker.join()
    monkeypatch.setattr(query, "fold_term", real)
    assert not [k for k, ws in themes._weights.items() if len(ws) != len(set(ws))]  # no keyword counted twice
    assert got == expected
    assert themes.hits(TEXT, outside=True) == expected
    assert sum(expected) > 0


def test_each_theme_shows_its_own_spelling_of_a_shared_keyword(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text('[[theme]]\nid = "a"\nname = "甲"\nkeywords = { "貪污" = 3 }\n\n'
                 '[[theme]]\nid = "b"\nname = "乙"\nkeywords = { "贪污" = 3 }\n', "utf-8")
    mine = load_themes(f)
    ex = explain_paragraph(mine, "坚决查处贪污案件。", [(0, 9)], None)
    assert sorted((e.theme, e.phrase) for e in ex.evidence) == [(0, "貪污"), (1, "贪污")]


def test_themes_still_go_to_the_build_workers():
    """The build's worker processes get the themes pickled (`store.jobs`): the lock stays behind."""
    import pickle

    fresh, made = load_themes(), load_themes()
    made.prepare()
    for t in (fresh, made):
        copy = pickle.loads(pickle.dumps(t))
        assert copy.hits(TEXT, outside=True) == made.hits(TEXT, outside=True)
