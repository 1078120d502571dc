"""jianghua's corpus layer: files → clean text, title, sections, sentences, themes.

Importing this package is cheap: jieba is only loaded by `corpus.segment.cut`.
"""

from .resources import BUNDLED_CORPUS, DEFAULT_THEMES

__all__ = ["BUNDLED_CORPUS", "DEFAULT_THEMES"]
