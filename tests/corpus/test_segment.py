import json
import os
import subprocess
import sys

import pytest

from jianghua.corpus.clean import clean_text
from jianghua.corpus.structure import parse
from tests.conftest import ROOT, SOURCES, raw

FORMULATIONS = ["四个意识", "两个维护", "四个自信", "两个确立", "国之大者", "三会一课", "组织生活会"]
SENTENCE = "全体党员要增强四个意识、坚定四个自信、做到两个维护，深刻领悟两个确立，心怀国之大者，落实三会一课，开好组织生活会。"


def cut_in(backend: str, texts: list[str]) -> list[list[str]]:
    code = (
        "import json, sys; from jianghua.corpus import segment\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([segment.cut(t) for t in texts], ensure_ascii=False)); print(segment.active_backend())"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), JIANGHUA_SEGMENTER=backend)
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr == "", "jieba must not print"  # it would land on the Textual screen
    tokens, used = out.stdout.strip().rsplit("\n", 1)
    assert used == backend
    return json.loads(tokens)


def bundled_paragraphs() -> list[str]:
    return [p.text for name in SOURCES for p in parse(clean_text(raw(name).decode("utf-8"))).paragraphs]


def test_set_formulations_are_single_tokens_with_jieba():
    (tokens,) = cut_in("jieba", [SENTENCE])
    for word in FORMULATIONS:
        assert word in tokens, (word, tokens)


def test_rjieba_gives_the_same_tokens_as_jieba_on_the_bundled_corpus():
    pytest.importorskip("rjieba")
    texts = bundled_paragraphs() + [SENTENCE]
    assert cut_in("rjieba", texts) == cut_in("jieba", texts)
