"""Where the bundled corpus and the shipped data files live."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_CORPUS = PACKAGE_DIR / "bundled"
DATA_DIR = PACKAGE_DIR / "data"
DEFAULT_THEMES = DATA_DIR / "themes.toml"
USER_DICT = DATA_DIR / "userdict.txt"
BOILERPLATE = DATA_DIR / "boilerplate.toml"
STOPWORDS = DATA_DIR / "stopwords.txt"
METADATA = DATA_DIR / "metadata.toml"
