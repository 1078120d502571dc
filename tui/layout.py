"""A Document's lines (the reader's Line API): wrapped whole for an ordinary speech, as
they are shown for a long one. Pure data, no Textual; mixed into `document.Document`,
which has the blocks and sentences.

Lines are made as they are asked for. A speech of up to WRAP_LATER_CHARS characters is
wrapped whole by `layout` (as it always was); a longer one (a collected works: ~20 000
paragraphs at 8 MB, half a second to wrap) has each block's line count estimated from
its width in cells, and a block is wrapped when one of its lines is asked for (`lines[n]`,
`line_of`): its count is then exact, and the lines after it move by the difference.
`settle(top, height)` wraps what a view shows before it is drawn, keeping in place what
was on screen; `prepare(block, lines)` wraps the neighbourhood of a jump's target first.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate, islice
from typing import NamedTuple

from .textutil import wrap

INDENT_CELLS = 4  # the first line of a paragraph is indented by two CJK spaces
MIN_WIDTH = 8  # cells: the narrowest the text is wrapped to, however small the window
# A speech this long (characters) is wrapped as it is shown (`Document.layout`), not whole when it
# opens: wrapping takes ~0.2 µs a character (10 ms here, 0.6 s for a collected works of 8 MB).
WRAP_LATER_CHARS = 50_000
KEEP_WRAPPED = 4096  # blocks whose lines are kept (the first wrapped is dropped first: wrapped again if asked for)


class Line(NamedTuple):  # (a tuple: a 20 MB speech has half a million lines)
    block: int
    start: int
    end: int
    indent: int  # cells of leading indent
    blank: bool = False


def _heading_indent(blk, width: int) -> int:  # noqa: ANN001 - a document.Block
    return 0 if blk.kind == "salutation" else min(2 * max(0, blk.level - 1), width // 4)


class _Lines(Sequence):
    """A Document's lines as a sequence: `lines[n]` wraps line n's block if it was not yet;
    iterating goes through every line (and wraps every block)."""

    def __init__(self, doc: LaidOut) -> None:
        self._doc = doc

    def __len__(self) -> int:
        return self._doc.line_count()

    def __getitem__(self, n):  # noqa: ANN001, ANN204 - int or slice
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if n < 0:
            n += len(self)
        if not 0 <= n < len(self):
            raise IndexError(n)
        return self._doc.line(n)

    def __iter__(self) -> Iterator[Line]:
        n = 0
        while n < len(self):  # (a block wrapped may change the count after it)
            yield self._doc.line(n)
            n += 1


class LaidOut:
    """The layout half of `Document` (it has `blocks`, `sentence_at`, `sentence_ids`)."""

    blocks: list  # document.Block

    def layout(self, width: int) -> None:
        """Lay the blocks out at `width` cells (no-op if already laid out at that width)."""
        width = max(MIN_WIDTH, width)
        if width == self.width and self.lines:
            return
        self.width = width
        blocks = self.blocks
        self._spans = {}
        # each block's lines and the blank line after it (estimated until it is wrapped)
        self._height = [self._estimate(blk, width) + 1 for blk in blocks]
        self._exact = bytearray(len(blocks))
        self._start = [0]
        self._stale = 1
        self.generation += 1
        self.lines = _Lines(self)
        if sum(len(b.text) for b in blocks) <= WRAP_LATER_CHARS:
            for b in range(len(blocks)):
                self._wrap(b)

    @staticmethod
    def _estimate(blk, width: int) -> int:  # noqa: ANN001 - a document.Block
        """The lines a block will take, from its width in cells (UTF-8 has 3 bytes for a
        CJK character, 1 for ASCII: ~0.6 % over on Chinese text); nothing is wrapped."""
        n = len(blk.text)
        cells = n + (len(blk.text.encode("utf-8", "surrogatepass")) - n) // 2
        if blk.kind == "para":
            first = width - INDENT_CELLS
            return 1 if cells <= first else 1 + -(-(cells - first) // width)
        return max(1, -(-cells // max(2, width - _heading_indent(blk, width))))

    def _wrap(self, b: int) -> list[tuple[int, int]]:
        """Block b's lines as (start, end) offsets, wrapped now if they are not at hand."""
        spans = self._spans.get(b)
        if spans is not None:
            return spans
        blk, width = self.blocks[b], self.width
        if blk.kind == "para":
            spans = wrap(blk.text, width, width - INDENT_CELLS)
        else:
            spans = wrap(blk.text, width - _heading_indent(blk, width))
        if len(self._spans) >= KEEP_WRAPPED:
            del self._spans[next(iter(self._spans))]  # (the block wrapped longest ago: wrapped again if asked for)
        self._spans[b] = spans
        if not self._exact[b]:
            self._exact[b] = 1
            if self._height[b] != len(spans) + 1:
                self._height[b] = len(spans) + 1
                self._stale = min(self._stale, b + 1)
                self.generation += 1
        return spans

    def _starts(self) -> list[int]:
        """Each block's first line, and after them the number of lines plus one."""
        start, k = self._start, self._stale
        n = len(self._height)
        if k <= n:
            prev = start[k - 1]  # (right: the blocks before k did not change)
            del start[k - 1 :]
            start.extend(accumulate(self._height[k - 1 : n], initial=prev))
            self._stale = n + 1
        return start

    def line_count(self) -> int:
        return self._starts()[-1] - 1 if self.blocks and self.width else 0

    def block_first_line(self, b: int) -> int:
        return self._starts()[b]

    def block_at(self, n: int) -> int:
        """The block line n shows (or the blank line after)."""
        return min(len(self.blocks) - 1, max(0, bisect_right(self._starts(), n) - 1))

    def line(self, n: int) -> Line:
        """Line n, its block wrapped now if it was not."""
        b = self.block_at(n)
        while not self._exact[b]:
            self._wrap(b)
            b = self.block_at(n)
        j = n - self._starts()[b]
        spans = self._wrap(b)
        if j >= len(spans):
            return Line(b + 1, 0, 0, 0, True)
        a, e = spans[j]
        blk = self.blocks[b]
        if blk.kind == "para":
            return Line(b, a, e, INDENT_CELLS if j == 0 else 0)
        return Line(b, a, e, _heading_indent(blk, self.width))

    def settle(self, top: int, height: int) -> int:
        """Wrap the blocks that lines top .. top + height show, and say which line to show at
        the top then: a block reaching above the top that came out longer or shorter than
        estimated moves the text after it, and the top moves with it (what was below stays)."""
        if not self.lines:
            return top
        b = self.block_at(top)
        if not self._exact[b]:
            first, before = self._starts()[b], self._height[b]
            self._wrap(b)
            if first < top:
                top = max(first, top + self._height[b] - before)
        b += 1
        while b < len(self.blocks) and self._starts()[b] < top + height:
            self._wrap(b)
            b += 1
        return max(0, min(top, self.line_count() - 1))

    def prepare(self, block: int, lines: int) -> None:
        """Wrap the blocks within `lines` lines before and after `block` (a jump's target):
        what a view shows around it is exact before it is placed."""
        if not self.lines or not 0 <= block < len(self.blocks):
            return
        self._wrap(block)
        b, seen = block - 1, 0
        while b >= 0 and seen < lines:
            seen += len(self._wrap(b)) + 1
            b -= 1
        b, seen = block + 1, 0
        while b < len(self.blocks) and seen < lines:
            seen += len(self._wrap(b)) + 1
            b += 1

    def line_of(self, block: int, offset: int) -> int:
        """The line showing character `offset` of `block`."""
        if not 0 <= block < len(self.blocks) or not self.lines:
            return 0
        spans = self._wrap(block)
        return self._starts()[block] + max(0, bisect_right(spans, (offset, 1 << 62)) - 1)

    def sentence_lines(self, sentence: int) -> tuple[int, int]:
        """First and last line of a sentence."""
        _, b, a, e = self.sentence_at[sentence]
        return self.line_of(b, a), self.line_of(b, max(a, e - 1))

    @property
    def sentence_first_line(self) -> list[int]:
        """The first line of every sentence, in reading order (non-decreasing; wraps them all)."""
        at = self.sentence_at
        return [self.line_of(at[s][1], at[s][2]) for s in self.sentence_ids]

    def sentence_at_line(self, y: int) -> int | None:
        """The first sentence that starts on or below line y (else the last one)."""
        if not self.sentence_ids:
            return None
        b = self.block_at(y)
        j = y - self._starts()[b]
        spans = self._wrap(b)
        if j < len(spans):  # on a line of block b: its first sentence starting at or after that line
            a = spans[j][0]
            for idx, sa, _e in self.blocks[b].sentences:
                if sa >= a:
                    return idx
        for blk in islice(self.blocks, b + 1, None):  # (else the next paragraph's first sentence)
            if blk.sentences:
                return blk.sentences[0][0]
        return self.sentence_ids[-1]
