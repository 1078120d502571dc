"""The rules of the set formulations (提法) are read once per process: the fingerprint a
start compares with the store's and the rules a build counts with come from the same
reading, even when the file is edited in between (else every build would find the
rules changed and count every speech again)."""

from __future__ import annotations

from jianghua.corpus.formulation_rules import FORMULATIONS, load_rules, rules_fingerprint


def test_the_fingerprint_and_the_loaded_rules_agree_after_an_edit(tmp_path):
    rules = tmp_path / "formulations.toml"
    rules.write_bytes(FORMULATIONS.read_bytes())
    seen = rules_fingerprint(rules)
    rules.write_bytes(FORMULATIONS.read_bytes() + "\n# 编辑过\n".encode())  # edited while the browser runs
    assert load_rules(rules).fingerprint == seen == rules_fingerprint(rules)
