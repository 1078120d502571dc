"""The interface catalogs: complete, current, compiled; the language is chosen as documented.

A string added to the code without `sh locale/update.sh` fails `test_catalog_is_current`;
one without a Chinese translation fails `test_every_message_has_a_chinese_translation`;
a .po edited without compiling fails `test_compiled_catalogs_match_the_po_files`.
"""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from jianghua import i18n
from tests.conftest import ROOT

LOCALE = ROOT / "locale"
PO = {lang: LOCALE / folder / "LC_MESSAGES" / "messages.po" for lang, folder in i18n.CATALOGS.items()}
_FIELDS = re.compile(r"\{[A-Za-z_][^{}]*\}|%\([a-z_]+\)[a-z]|%[sdr]")


def _catalog(path: Path):
    with open(path, "rb") as fh:
        return read_po(fh)


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_catalog_is_current(tmp_path):
    """What the code holds today is what the template holds (the update step was run)."""
    pybabel = Path(sys.executable).with_name("pybabel")
    out = tmp_path / "now.pot"
    # The same extraction as locale/update.sh: its keywords (-k) read from it.
    keywords = [a for k in re.findall(r"-k (\S+)", (LOCALE / "update.sh").read_text()) for a in ("-k", k)]
    assert "later" in [keywords[i + 1] for i in range(0, len(keywords), 2)]
    subprocess.run(
        [str(pybabel), "--quiet", "extract", "-F", "babel.cfg", *keywords, "--no-location", "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    now = _ids(_catalog(out))
    template = _ids(_catalog(LOCALE / "messages.pot"))
    assert now - template == set(), "strings in the code but not in locale/messages.pot: run sh locale/update.sh"
    assert template - now == set(), "strings in locale/messages.pot no longer in the code: run sh locale/update.sh"
    for lang, path in PO.items():
        assert template - _ids(_catalog(path)) == set(), f"{path} is behind the template: run sh locale/update.sh"


def test_every_message_has_a_chinese_translation():
    zh = _catalog(PO["zh"])
    untranslated, fuzzy, fields = [], [], []
    for m in zh:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings):
            untranslated.append(m.id)
        if m.fuzzy:
            fuzzy.append(m.id)
        source = m.id if isinstance(m.id, str) else m.id[0]
        for s in strings:
            if s and sorted(_FIELDS.findall(s)) != sorted(_FIELDS.findall(source)):
                fields.append((source, s))
    assert untranslated == [], "no Chinese translation"
    assert fuzzy == [], "a fuzzy (guessed) translation: check it and remove the flag"
    assert fields == [], "the translation's {fields} differ from the message's"


def test_compiled_catalogs_match_the_po_files():
    for lang, path in PO.items():
        with open(path.with_suffix(".mo"), "rb") as fh:
            mo = gettext.GNUTranslations(fh)
        for m in _catalog(path):
            if not m.id or m.fuzzy:
                continue
            if isinstance(m.id, tuple):
                if m.string[0]:
                    assert mo.ngettext(m.id[0], m.id[1], 1) == m.string[0], f"{lang}: {m.id[0]!r} — run sh locale/update.sh"
            elif m.string:
                assert mo.gettext(m.id) == m.string, f"{lang}: {m.id!r} — run sh locale/update.sh"


def test_the_catalogs_ship_in_the_wheel():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for pattern in ('"locale/*/LC_MESSAGES/messages.mo"', '"locale/messages.pot"'):
        assert pattern in text


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "C"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": ""}, "zh"),
        ({}, "en"),
    ],
)
def test_language_from_the_environment(env, lang):
    assert i18n.from_environment(env) == lang


def test_english_plural_forms_and_chinese_words(lang):
    lang("en")
    assert i18n.ngettext("{n} speech", "{n} speeches", 1).format(n=1) == "1 speech"
    assert i18n.ngettext("{n} speech", "{n} speeches", 2).format(n=2) == "2 speeches"
    lang("zh")
    assert i18n.ngettext("{n} speech", "{n} speeches", 1).format(n=1) == "1 篇讲话"
    assert i18n._("Quit") == "退出"


def test_i18n_imports_no_textual():
    code = "import sys, jianghua.i18n as i; i._('Quit'); assert 'textual' not in sys.modules, 'textual'"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT.parent if (ROOT.parent / "jianghua").exists() else None, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert r.returncode == 0, r.stderr


def test_every_level_the_parser_gives_has_a_display_name():
    """The reader header names a speech's level (市级, city level); a level the parser gives without a name here would
    show bare again."""
    from jianghua import i18n
    from jianghua.corpus.structure import _LEVELS

    assert {name for name, _rx in _LEVELS} == set(i18n._LEVEL_NAMES)
