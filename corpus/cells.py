"""How wide text is on a terminal, in cells (CJK characters take two): one
definition for the command line and the browser.

It is Rich's (`rich.cells`), which is what Textual draws with, so a column the CLI
pads and a column the browser draws agree. Importing it costs ~7 ms and no Textual
(`python -X importtime -c "import jianghua.corpus.cells"`).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.cells import get_character_cell_size as char_width

__all__ = ["cell_len", "char_width", "pad", "truncate"]


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `width` cells, ending with … if cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    limit = width - cell_len(ellipsis)
    for ch in text:
        w = char_width(ch)
        if used + w > limit:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis


def pad(text: str, width: int) -> str:
    """`text` cut to `width` cells and padded with spaces to exactly `width` (a table column)."""
    text = truncate(text, width)
    return text + " " * max(0, width - cell_len(text))
