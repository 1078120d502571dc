"""The README's key tables are the keymap's own (`python -m jianghua.tui.keymap en|zh`):
a binding added, moved or re-described without regenerating them fails here."""

from pathlib import Path

import pytest

from jianghua.tui.keymap import keys_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_readme_key_tables_are_the_keymaps(language):
    tables = keys_markdown(language).strip()
    assert tables in README.read_text(encoding="utf-8"), (
        f"README key tables ({language}) differ from the keymap: regenerate them with "
        f"`python -m jianghua.tui.keymap {language}`"
    )
