"""jianghua (讲话): a keyboard-driven terminal browser for collections of Chinese speeches.

One package, three layers that import one way only:
`jianghua.corpus` (files → text, structure; jieba) → `jianghua.store` (TinyDB
catalogue, indexes, queries) → `jianghua.tui` (Textual screens). `jianghua.cli` is
the command line; it imports Textual only to open the browser.
"""

__version__ = "0.2.0"  # the one version string (pyproject.toml reads it from here)
