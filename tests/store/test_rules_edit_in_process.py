"""A long-running process (the browser) rebuilds less than a second after the cleaning rules
were edited: the bodies are cleaned with the new rules, as a fresh build's are — the content
key and the cleaning never see two different rules files within one process."""

from __future__ import annotations

import shutil

from jianghua.corpus import clean
from jianghua.corpus.ingest import content_key
from jianghua.store import Store

MARK = "会议期间临时标记行"
TEXT = "\n\n".join(
    ["在全市工作会议上的讲话", "同志们：", "今天召开会议，主要任务是总结工作、部署任务。", MARK,
     "一、关于今年的工作", "要坚持稳中求进，抓好各项工作落实。", "谢谢大家。"]
)


def _body_text(st: Store) -> str:
    (s,) = st.speeches()
    return repr(st.body(s.id))


def test_a_rules_edit_within_a_second_is_applied_as_a_fresh_build_would(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGHUA_WORKERS", "1")
    rules = tmp_path / "boilerplate.toml"
    shutil.copyfile(clean.BOILERPLATE, rules)
    for f in (clean.load_rules, clean.rules_fingerprint):  # (every caller uses the default file)
        monkeypatch.setattr(f, "__defaults__", (rules,))
    now = [1000.0]
    monkeypatch.setattr(clean, "_monotonic", lambda: now[0])
    monkeypatch.setattr(clean, "_checked", {})
    monkeypatch.setattr(clean, "_fp_seen", {})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "2023-03-05 讲话.txt").write_text(TEXT, encoding="utf-8")
    st = Store.open(corpus, store_path=tmp_path / "s")
    st.update()
    assert MARK in _body_text(st)

    now[0] += 5  # (the rules' once-a-second looks have expired)
    content_key(b"", None)  # anything keying a file: the (old) rules looked at
    rules.write_bytes(rules.read_bytes().replace(b"drop_lines = [\n", f'drop_lines = [\n  "^{MARK}$",\n'.encode(), 1))
    now[0] += 0.5  # a rebuild half a second later, in the same process (may not see the edit yet)…
    st.update()
    now[0] += 1.5  # …and the next one, when the edit has been seen
    st.update()
    kept = _body_text(Store.open(corpus, store_path=tmp_path / "s"))

    fresh = Store.open(corpus, store_path=tmp_path / "fresh")
    fresh.update()
    assert MARK not in _body_text(fresh)
    assert kept == _body_text(fresh)
