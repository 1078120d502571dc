"""Markdown files → the plain text layout the parser reads, plus their headings.

A speech saved as Markdown (a portal export, a note-taking app) says with marks
what a .txt says with layout: `# 标题` is the title, `##`/`###` headings are the
outline, `**加粗**`, `*强调*`, links and list markers are presentation. The text is
read with markdown-it-py (CommonMark, tables on) and written back one block per
line, so `structure.parse` gives a .md the same title, sections, paragraphs and
sentences as the .txt of the same speech.

- The first heading, when it opens the document and is the only one of its
  level (the usual `# 标题`), is the title line. Every other heading is a
  section: its level is its rank among the heading levels used (## → 1, ### → 2,
  #### and deeper → 3), given to the parser in `Converted.headings`.
- A YAML front-matter block (--- … ---) is kept as lines: `corpus.head` reads it.
- Inline marks go, their text stays: emphasis, strong, code, links (the link
  text, not the address), images (their description); raw HTML tags go.
- Lines broken inside a paragraph are joined (with a space only between two
  Latin letters or digits: `wrap.join_pair`, the rule hard-wrapped .txt files
  are rejoined with), unless the file breaks lines between paragraphs,
  as a plain-text speech saved as .md does: when most line breaks inside
  paragraphs follow the end of a sentence, each line stays a line. A file that
  is hard-wrapped (`corpus.wrap`: most lines of one width, ending anywhere) also
  keeps its lines, and the parser rejoins them by the same rule as a .txt file's
  (a wrapped .md may separate paragraphs by nothing but a short last line). A
  hard break starts a new line.
- List items and block quotes are paragraphs; an ordered item keeps its number
  (1. …), a bullet loses its marker. Table rows become one line, cells joined
  by a space; code blocks keep their lines.

Entities such as `&#27;` decode to characters here, so the text goes through
`clean.clean_text` afterwards (as `ingest` does), never before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .sentences import SENTENCE_FINAL

SUFFIXES = (".md", ".markdown")

_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?:.*\n)*?(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_TAG = re.compile(r"<[^>\n]*>")
_SENTENCE_END = SENTENCE_FINAL + "：:" + "”’」』）)"  # a line ending so ends a paragraph (a colon too; not 》)
MAX_LEVEL = 3


@dataclass
class Converted:
    text: str
    headings: dict[str, int] = field(default_factory=dict)  # heading line -> outline level (1..3)


def is_markdown(source: str | None) -> bool:
    return bool(source) and source.lower().endswith(SUFFIXES)


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _join(parts: list[str]) -> str:
    """Soft-broken lines of one paragraph, joined as the reader expects."""
    from .wrap import join_pair  # one rule for joining the lines of a paragraph

    out = ""
    for p in parts:
        p = p.strip()
        if p:
            out = join_pair(out, p, at_words=True)
    return out


def _lines_are_paragraphs(tokens) -> bool:
    """Whether the file breaks lines between paragraphs rather than inside them:
    most soft breaks follow the end of a sentence."""
    after_end = total = 0
    for t in tokens:
        last = ""
        for child in t.children or () if t.type == "inline" else ():
            if child.type in ("text", "code_inline") and child.content:
                last = child.content.rstrip()[-1:] or last
            elif child.type == "softbreak":
                total += 1
                after_end += bool(last) and last in _SENTENCE_END
    return total > 0 and after_end * 2 >= total


def _inline(token, soft_is_line: bool = False, indent: bool = False) -> list[str]:
    """The text lines of one inline token (marks dropped, hard breaks kept);
    `indent`: a line keeps its 　　 indent (a hard-wrapped file's paragraph mark)."""
    lines: list[list[str]] = [[]]
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            lines[-1].append(child.content)
        elif kind == "softbreak" and soft_is_line:
            lines.append([])
        elif kind == "softbreak":
            lines[-1].append("\n")
        elif kind == "hardbreak":
            lines.append([])
        elif kind == "image":
            lines[-1].append("".join(c.content for c in child.children or ()))
        elif kind == "html_inline":
            continue
    texts = ["".join(parts) for parts in lines]
    joined = (_indent_of(t) + _join(t.split("\n")) if indent else _join(t.split("\n")) for t in texts)
    return [t for t in joined if t.strip()]


def _indent_of(text: str) -> str:
    return text[: len(text) - len(text.lstrip(" \t\u3000"))]


def _block_lines(tokens, hard_wrapped: bool = False) -> list[tuple[str, int | None]]:
    """(line, heading tag level or None) for every block of the document."""
    soft_is_line = hard_wrapped or _lines_are_paragraphs(tokens)
    out: list[tuple[str, int | None]] = []
    heading: int | None = None
    ordered: list[int | None] = []  # per open list: next number, None for bullets
    prefix = ""
    row: list[str] | None = None
    for t in tokens:
        kind = t.type
        if kind == "heading_open":
            heading = int(t.tag[1:])
        elif kind == "heading_close":
            heading = None
        elif kind == "ordered_list_open":
            ordered.append(int(t.attrGet("start") or 1))
        elif kind == "bullet_list_open":
            ordered.append(None)
        elif kind in ("ordered_list_close", "bullet_list_close"):
            ordered.pop()
        elif kind == "list_item_open" and ordered:
            n = ordered[-1]
            prefix = "" if n is None else f"{n}. "
            if n is not None:
                ordered[-1] = n + 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row:
                out.append((" ".join(c for c in row if c), None))
            row = None
        elif kind == "inline":
            lines = _inline(t, soft_is_line, hard_wrapped)
            if row is not None:
                row.append(" ".join(lines))
                continue
            for k, line in enumerate(lines):
                out.append(((prefix if k == 0 else "") + line, heading))
            prefix = ""
        elif kind in ("fence", "code_block"):
            out.extend((line, None) for line in t.content.splitlines() if line.strip())
        elif kind == "html_block":
            out.extend((s, None) for s in (_TAG.sub("", line).strip() for line in t.content.splitlines()) if s)
    return out


def to_text(md: str) -> Converted:
    """A Markdown document as plain speech text (see the module's doc)."""
    m = _FRONT.match(md)
    front, rest = (m.group(0).rstrip("\n"), md[m.end():]) if m else ("", md)
    from .wrap import wrap_width

    blocks = _block_lines(_parser().parse(rest), wrap_width([s.rstrip() for s in rest.split("\n")]) is not None)
    levels = [lv for _, lv in blocks if lv]
    title_at = None
    if blocks and blocks[0][1] is not None and levels.count(blocks[0][1]) == 1 and blocks[0][1] == min(levels):
        title_at = 0
    ranks = sorted({lv for k, (_, lv) in enumerate(blocks) if lv and k != title_at})
    headings: dict[str, int] = {}
    for k, (line, lv) in enumerate(blocks):
        if lv and k != title_at:
            headings.setdefault(line, min(ranks.index(lv) + 1, MAX_LEVEL))
    lines = [line for line, _ in blocks]
    return Converted("\n".join(([front] if front else []) + lines) + "\n", headings)
