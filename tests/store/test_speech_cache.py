"""Speeches made for the reader are kept (a speech read ahead, or opened again, costs
nothing), and never outlive the catalogue they were made from."""

from __future__ import annotations

import shutil

from jianghua.corpus.resources import BUNDLED_CORPUS
from jianghua.store import Store


def test_a_kept_speech_is_made_again_after_the_file_changed(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    st = Store.open(corpus, store_path=tmp_path / "store")
    st.update()
    sid = st.resolve(sorted(p.name for p in corpus.glob("*.txt"))[0])
    st.read_ahead(sid)
    first = st.speech(sid)
    assert st.speech(sid) is first  # kept
    path = corpus / st.summary(sid).source
    path.write_text(path.read_text(encoding="utf-8") + "\n同志们，最后再讲一句新加的话。\n", encoding="utf-8")
    st.update()
    sid2 = st.resolve(path.name)
    again = st.speech(sid2)
    assert again is not first and again.paragraphs[-1].text == "同志们，最后再讲一句新加的话。"


def test_reading_ahead_an_unknown_speech_is_silent(tmp_path):
    st = Store.open(BUNDLED_CORPUS, store_path=tmp_path / "store")
    st.read_ahead("no-such-id")  # nothing raised; `speech` says it when asked
