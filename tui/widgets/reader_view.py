"""The text of one speech on the Line API, with a sentence cursor.

One widget for the whole speech: `Document` wraps it once per width, and
`render_line` styles only the lines on screen. Text is `rich.text.Text` built
from plain strings — corpus text is never parsed as markup.

Over SSH every repainted line travels the link, so a change of state (cursor,
selection, theme marks, the focus going to a side pane) repaints only the lines whose look changed: `_line_key(n)`
is everything besides the text that decides how line n looks; a rendered line is
cached under (n, key), and `_repaint()` refreshes the visible lines whose key is
not the one last painted. A new kind of highlight (e.g. search hits) adds its
part to `_line_key` and styles it in `_render`; it then repaints only where it
changes, for free.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .. import pins
from ..document import MIN_WIDTH, Document

MAX_MEASURE = 88  # the text column is at most this many cells wide
MARGIN = 1


class ReaderView(ScrollView, can_focus=True, inherit_bindings=False):
    COMPONENT_CLASSES = {
        "reader--heading",
        "reader--heading-2",
        "reader--heading-3",
        "reader--inline-heading",
        "reader--salutation",
        "reader--cursor",
        "reader--cursor-away",
        "reader--selection",
        "reader--theme",
        "reader--placeholder",
        "reader--match",
        "reader--match-current",
    }

    DEFAULT_CSS = """
    ReaderView {
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;  /* always there: a scrollbar appearing lays the screen out again */
        scrollbar-gutter: stable;
    }
    ReaderView > .reader--heading { text-style: bold; color: $text-accent; }
    ReaderView > .reader--heading-2 { text-style: bold; color: $text-primary; }
    ReaderView > .reader--heading-3 { text-style: bold; color: $text-secondary; }
    ReaderView > .reader--inline-heading { text-style: bold; color: $text-primary; }
    ReaderView > .reader--salutation { text-style: italic; color: $text-muted; }
    /* marked sentences: a marker-pen tint under the text's own colour (readable in light
       and dark schemes), unlike the coloured bold headings */
    ReaderView > .reader--theme { text-style: underline; background: $success 22%; }
    ReaderView > .reader--selection { background: $primary 45%; }
    ReaderView > .reader--cursor { background: $accent 35%; text-style: bold; }
    /* the cursor while the focus is in a side pane; the view is not restyled as the focus comes and
       goes (`_focus_changed`): no rule of the view may use its focus (the pseudo-classes focus, blur) */
    ReaderView > .reader--cursor-away { background: $accent 20%; text-style: bold; }
    ReaderView > .reader--placeholder { text-style: reverse bold; color: $text-error; }
    ReaderView > .reader--match { background: $warning 40%; }
    ReaderView > .reader--match-current { background: $warning; color: $background; text-style: bold; }
    """

    class CursorMoved(Message):
        def __init__(self, view: ReaderView, sentence: int) -> None:
            super().__init__()
            self.view = view
            self.sentence = sentence

        @property
        def control(self) -> ReaderView:
            return self.view

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.doc: Document | None = None
        self.cursor = 0
        self.anchor: int | None = None
        self.themes: frozenset[str] = frozenset()
        self._pos: dict[int, int] = {}  # sentence index -> reading-order position
        self._cache: dict[tuple, Strip] = {}  # (line, _line_key(line)) -> strip
        self._painted: dict[int, tuple] = {}  # line -> the key it was last painted with
        self._sel: tuple[int, int] | None = None  # the selection as reading-order positions
        self._pending_center = True
        self._text_width = 0
        self._generation = -1
        self._hits: tuple[tuple, list[int], list[int]] | None = None  # (doc, themes), the marked sentences, their positions  # the document's line positions the cache was made with
        # Find (`/`): block -> [(start, end)] of the matches, and the current one (block, start, end)
        self.highlights: dict[int, list[tuple[int, int]]] = {}
        self.current_match: tuple[int, int, int] | None = None

    # ------------------------------------------------------------ loading

    def load(self, doc: Document, cursor: int | None = None) -> None:
        self.doc = doc
        self._pos = {s: i for i, s in enumerate(doc.sentence_ids)}
        self.cursor = cursor if cursor in self._pos else (doc.sentence_ids[0] if doc.sentence_ids else 0)
        self.anchor = None
        self._sel = None
        self.highlights, self.current_match = {}, None
        self._hits = None
        self._pending_center = True
        self._painted.clear()
        self._relayout()

    def set_highlights(self, spans: dict[int, list[tuple[int, int]]], current: tuple[int, int, int] | None = None) -> None:
        """The matches of a find to draw (the render consults them; nothing else changes)."""
        self.highlights = spans
        self.current_match = current
        self._repaint()  # only the lines whose matches changed

    def set_themes(self, ids: frozenset[str] | set[str] | tuple[str, ...]) -> None:
        themes = frozenset(ids)
        if themes != self.themes:
            self.themes = themes
            self._repaint()

    def retagged(self) -> None:
        """The document's theme tags came in (`Document.tag_all`): the lines now marked are
        repainted (their `_line_key` changed), no other."""
        self._repaint()

    def reading_position(self, sentence: int) -> int:
        """The sentence's place in reading order (0-based)."""
        return self._pos.get(sentence, 0)

    # ------------------------------------------------------------ geometry

    def _relayout(self) -> None:
        if self.doc is None:
            return
        text_width = self.text_width()
        if not text_width:
            return
        self._text_width = text_width
        self.doc.layout(text_width)
        self._cache.clear()
        self._painted.clear()
        self._sync_height()
        if self._pending_center:
            self._pending_center = False
            # a reused widget can scroll now; a new one only once its size is settled
            if not self._center_cursor():
                self.call_after_refresh(self._center_cursor)
        else:
            self.scroll_to_cursor()
        self.refresh()

    def _sync_height(self) -> None:
        """The scrollable height is the document's lines (a long speech's lines are
        estimated until they are wrapped: the count changes as they are)."""
        assert self.doc is not None
        height = len(self.doc.lines) + 1
        if height != self.virtual_size.height or self.virtual_size.width != self.scrollable_content_region.width:
            self.virtual_size = Size(self.scrollable_content_region.width, height)
        if self.doc.generation != self._generation:  # lines moved: what was rendered is not what they show now
            self._generation = self.doc.generation
            self._cache.clear()
            self._painted.clear()

    def _lines_of(self, sentence: int) -> tuple[int, int]:
        """First and last line of a sentence, what a view shows around it wrapped first
        (`Document.prepare`: a jump lands where the lines are exact)."""
        assert self.doc is not None
        self.doc.prepare(self.doc.sentence_at[sentence][1], max(1, self.size.height))
        self._sync_height()
        return self.doc.sentence_lines(sentence)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """The lines about to be shown wrapped first (`Document.settle`); a block above the
        top that came out longer or shorter than estimated moves the top with it."""
        if self.doc is not None and self.doc.lines and self.size.height:
            top = self.doc.settle(int(new_value), self.size.height)
            self._sync_height()
            if top != int(new_value):
                self.set_reactive(ScrollView.scroll_y, float(top))
                self.set_reactive(ScrollView.scroll_target_y, float(top))
                new_value = float(top)
                self.refresh()
        super().watch_scroll_y(old_value, new_value)

    def text_width(self) -> int:
        """The cells a line of text takes at the view's size (0 before it has one)."""
        width = self.scrollable_content_region.width
        return max(MIN_WIDTH, min(MAX_MEASURE, width - 2 * MARGIN)) if width > 0 else 0

    def _on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        pins.paint_scrollbars_with_layout(self)  # (the bar in the layout's frame, not one of its own after it)
        return changed

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()  # (Textual's handler repaints the whole view)
        self._focus_changed(True, events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self._focus_changed(False, events.DescendantBlur(self))

    def _focus_changed(self, focused: bool, tell_parent: events.Event) -> None:
        """The focus came or went (`o`/`u` into a side pane and back): only the
        cursor's lines look different (`_line_key`), so only they are repainted —
        not the whole text, as Textual's own handler does — and the view is not
        restyled (its rules and its dozen component classes, and its scroll bar
        repainted: ~4 ms of the key's frame)."""
        self.set_reactive(ScrollView.has_focus, focused)  # (not restyled: no rule of the view depends on its focus)
        self._repaint()
        if self.parent is not None:
            self.parent.post_message(tell_parent)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _center_cursor(self) -> bool:
        """Bring the cursor to the upper third; False if the view could not scroll there yet."""
        if self.doc is None or not self.doc.sentence_ids or not self.doc.lines:
            return True
        first, _ = self._lines_of(self.cursor)
        top = max(0, first - self.size.height // 3) if first > 2 else 0
        self.scroll_to(y=top, animate=False, immediate=True)
        height = self.size.height
        return height > 0 and int(self.scroll_y) <= first < int(self.scroll_y) + height

    def scroll_to_cursor(self) -> None:
        if self.doc is None or not self.doc.sentence_ids or not self.doc.lines:
            return
        first, last = self._lines_of(self.cursor)
        height = max(1, self.size.height)
        top = int(self.scroll_y)
        margin = 1 if height > 6 else 0
        if first - margin < top:
            self.scroll_to(y=max(0, first - margin), animate=False, immediate=True)
        elif last + margin >= top + height:
            want = last + margin - height + 1
            self.scroll_to(y=min(want, max(0, first - margin)), animate=False, immediate=True)

    # ------------------------------------------------------------ cursor

    def _repaint(self) -> None:
        """Refresh the visible lines whose look changed (see `_line_key`)."""
        if self.doc is None or not self.is_mounted:
            return
        self._sel = self._selection_range()
        top = int(self.scroll_y)
        end = min(len(self.doc.lines), top + self.size.height)
        run = None  # a run of consecutive changed lines: one region
        for n in range(top, end):
            if self._painted.get(n) != self._line_key(n):
                if run is None:
                    run = n
                continue
            if run is not None:
                self.refresh_lines(run, n - run)
                run = None
        if run is not None:
            self.refresh_lines(run, end - run)

    def _set(self, sentence: int) -> None:
        if self.doc is None or sentence not in self._pos:
            return
        changed = sentence != self.cursor
        self.cursor = sentence
        self.scroll_to_cursor()  # (a scroll repaints the whole view: before the diff)
        self._repaint()
        if changed:
            self.post_message(self.CursorMoved(self, sentence))

    def move(self, delta: int) -> None:
        if self.doc is None or not self.doc.sentence_ids:
            return
        i = max(0, min(len(self.doc.sentence_ids) - 1, self._pos[self.cursor] + delta))
        self._set(self.doc.sentence_ids[i])

    def move_paragraph(self, delta: int) -> None:
        if self.doc is None or not self.doc.sentence_ids:
            return
        paras = self.doc.speech.paragraphs
        k = self.doc.paragraph_of_sentence(self.cursor)
        first_here = self.doc.first_sentence_of_paragraph(k)
        if delta < 0 and first_here is not None and first_here != self.cursor:
            self._set(first_here)  # first to the start of this paragraph
            return
        k += delta
        while 0 <= k < len(paras):
            s = self.doc.first_sentence_of_paragraph(k)
            if s is not None:
                self._set(s)
                return
            k += delta
        self._set(self.doc.sentence_ids[0 if delta < 0 else -1])

    def top(self) -> None:
        if self.doc and self.doc.sentence_ids:
            self._set(self.doc.sentence_ids[0])
            self.scroll_to(y=0, animate=False, immediate=True)

    def bottom(self) -> None:
        if self.doc and self.doc.sentence_ids:
            self._set(self.doc.sentence_ids[-1])

    def page(self, direction: int) -> None:
        if self.doc is None or not self.doc.sentence_ids:
            return
        height = max(1, self.size.height - 2)
        top = int(self.scroll_y)
        new_top = max(0, min(int(self.max_scroll_y), top + direction * height))
        if new_top == top:
            self._set(self.doc.sentence_ids[0 if direction < 0 else -1])
            return
        self.scroll_to(y=new_top, animate=False, immediate=True)
        s = self._sentence_on_screen()
        if s is not None:
            self.cursor = s if s in self._pos else self.cursor
            self._repaint()
            self.post_message(self.CursorMoved(self, self.cursor))

    def _sentence_on_screen(self) -> int | None:
        """The sentence a page key puts the cursor on: the first that starts on screen;
        when none does (a sentence longer than the screen fills it), the one that covers
        the top line — never one below the screen."""
        assert self.doc is not None
        top = int(self.scroll_y)  # (the top a long speech's wrapping settled on)
        s = self.doc.sentence_at_line(top)
        if s is None or s not in self._pos:
            return s
        first, _last = self._lines_of(s)
        i = self._pos[s]
        if first >= top + max(1, self.size.height) and i > 0:
            return self.doc.sentence_ids[i - 1]  # (it starts above the top and runs past the bottom)
        return s

    def go_to(self, sentence: int) -> None:
        self._jump(sentence)

    def go_to_section(self, section: int) -> None:
        if self.doc is None:
            return
        s = self.doc.first_sentence_of_section(section)
        if s is None:
            return
        b = self.doc.section_block.get(section)
        if b is not None:
            self.doc.prepare(b, max(1, self.size.height))
        self._set(s)
        line = self.doc.heading_line_of_section(section)
        self.scroll_to(y=max(0, line - 1), animate=False, immediate=True)

    async def _on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the sentence under the mouse."""
        offset = event.get_content_offset(self)
        if offset is None or self.doc is None or not self.doc.lines:
            return
        n = int(self.scroll_y) + offset.y
        if not 0 <= n < len(self.doc.lines):
            return
        line = self.doc.lines[n]
        blk = self.doc.blocks[line.block]
        if line.blank or blk.kind != "para" or not blk.sentences:
            return
        x = offset.x - MARGIN - line.indent
        pos, used = line.start, 0
        while pos < line.end and used + cell_len(blk.text[pos]) <= x:
            used += cell_len(blk.text[pos])
            pos += 1
        for idx, a, e in blk.sentences:
            if a <= pos < e or (pos >= e and idx == blk.sentences[-1][0]):
                self._set(idx)
                return

    # ------------------------------------------------------------ selection

    def start_selection(self) -> None:
        self.anchor = self.cursor
        self._repaint()

    def cancel_selection(self) -> bool:
        if self.anchor is None:
            return False
        self.anchor = None
        self._repaint()
        return True

    def selection(self) -> list[int]:
        """The selected sentences in reading order ([] when nothing is selected)."""
        r = self._selection_range()
        if self.doc is None or r is None:
            return []
        return self.doc.sentence_ids[r[0] : r[1] + 1]

    def _selection_range(self) -> tuple[int, int] | None:
        """The selection as first and last reading-order positions (None: no selection)."""
        if self.doc is None or self.anchor is None or self.anchor not in self._pos:
            return None
        a, b = sorted((self._pos[self.anchor], self._pos[self.cursor]))
        return a, b

    # ------------------------------------------------------------ theme hits

    def is_hit(self, sentence: int) -> bool:
        return bool(self.themes) and self.doc is not None and bool(self.themes.intersection(self.doc.themes_of(sentence)))

    def hits(self) -> list[int]:
        """The marked sentences in reading order (kept while the themes and the tags stay:
        n/N on a collected works go through a hundred thousand sentences once, not per key)."""
        if self.doc is None or not self.themes:
            return []
        key = (self.doc, self.themes)
        if self._hits is not None and self._hits[0] == key:
            return self._hits[1]
        hits = self.doc.sentences_with(self.themes)
        if self.doc.all_tagged:
            self._hits = (key, hits, [self._pos[s] for s in hits])
        return hits

    def theme_jump(self, direction: int) -> tuple[bool, bool]:
        """Move to the next/previous marked sentence: (found, wrapped)."""
        hits = self.hits()
        if not hits or self.doc is None:
            return False, False
        here = self._pos[self.cursor]
        at = self._hits[2] if self._hits is not None and self._hits[1] is hits else [self._pos[s] for s in hits]
        if direction > 0:
            i = bisect_right(at, here)
            target, wrapped = (hits[i], False) if i < len(hits) else (hits[0], True)
        else:
            i = bisect_left(at, here) - 1
            target, wrapped = (hits[i], False) if i >= 0 else (hits[-1], True)
        self._jump(target)
        return True, wrapped

    def _jump(self, sentence: int) -> None:
        """Move far: a target that was off screen comes to the upper third."""
        if self.doc is None or sentence not in self._pos:
            return
        first, last = self._lines_of(sentence)
        top = int(self.scroll_y)
        visible = first >= top and last < top + max(1, self.size.height)
        self._set(sentence)
        if not visible:
            self._center_cursor()

    # ------------------------------------------------------------ rendering

    def _line_key(self, n: int) -> tuple:
        """Everything besides the text (and width and styles, which clear the cache)
        that decides how line n looks: per sentence on the line, whether it is the
        cursor, selected, marked by a theme; and the find's matches on the line."""
        doc = self.doc
        if doc is None or n >= len(doc.lines):
            return ()
        line = doc.lines[n]
        if line.blank:
            return ()
        blk = doc.blocks[line.block]
        if blk.kind != "para":
            return ()
        a0, e0 = line.start, line.end
        sel, pos, cursor, focused = self._sel, self._pos, self.cursor, self.has_focus
        key = []
        for idx, a, e in blk.sentences:
            if e <= a0 or a >= e0:
                continue
            selected = sel is not None and sel[0] <= pos.get(idx, -1) <= sel[1]
            key.append((0 if idx != cursor else 1 if focused else 2, selected, self.is_hit(idx)))
        found = self.highlights.get(line.block)
        if found:
            cur = self.current_match
            matches = tuple((a, e, cur == (line.block, a, e)) for a, e in found if not (e <= a0 or a >= e0))
            if matches:
                key.append(matches)
        return tuple(key)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.doc is None or not self.doc.lines:
            return Strip.blank(width, base)
        n = int(self.scroll_y) + y
        if self.doc.generation != self._generation:
            self._sync_height()
            self.refresh()  # (lines moved under this frame: all of them drawn again)
        self._sel = self._selection_range()
        key = self._line_key(n)
        self._painted[n] = key
        strip = self._cache.get((n, key))
        if strip is None:
            strip = self._render(n, key, width, base)
            if len(self._cache) > 600:
                self._cache.clear()
            self._cache[(n, key)] = strip
        return strip

    def _render(self, n: int, key: tuple, width: int, base: Style) -> Strip:
        doc = self.doc
        assert doc is not None
        if n >= len(doc.lines):
            return Strip.blank(width, base)
        line = doc.lines[n]
        if line.blank:
            return Strip.blank(width, base)
        blk = doc.blocks[line.block]
        style = self.get_component_rich_style
        text = Text(blk.text[line.start : line.end], style=base, end="", no_wrap=True)
        if blk.kind == "heading":
            name = {1: "reader--heading", 2: "reader--heading-2"}.get(blk.level, "reader--heading-3")
            text.stylize(style(name))
        elif blk.kind == "salutation":
            text.stylize(style("reader--salutation"))
        else:
            a0, e0 = line.start, line.end
            if blk.heading_len and a0 < blk.heading_len:
                text.stylize(style("reader--inline-heading"), 0, min(blk.heading_len, e0) - a0)
            on_line = [(a, e) for _, a, e in blk.sentences if not (e <= a0 or a >= e0)]
            for (a, e), (is_cursor, selected, hit) in zip(on_line, key[: len(on_line)]):
                s, t = max(a, a0) - a0, min(e, e0) - a0
                if hit:
                    text.stylize(style("reader--theme"), s, t)
                if selected:
                    text.stylize(style("reader--selection"), s, t)
                if is_cursor:
                    text.stylize(style("reader--cursor" if is_cursor == 1 else "reader--cursor-away"), s, t)
            for a, e in blk.placeholders:
                if e <= a0 or a >= e0:
                    continue
                text.stylize(style("reader--placeholder"), max(a, a0) - a0, min(e, e0) - a0)
            for a, e in self.highlights.get(line.block, ()):
                if e <= a0 or a >= e0:
                    continue
                cur = self.current_match == (line.block, a, e)
                text.stylize(style("reader--match-current" if cur else "reader--match"), max(a, a0) - a0, min(e, e0) - a0)
        lead = MARGIN + line.indent
        # (rich drops the Text's own style when it has no spans: apply it beneath)
        segments = [s for s in text.render(self.app.console) if s.text != "\n"]
        strip = Strip.blank(lead, base) + Strip(segments).apply_style(base)
        # one segment per run of one style: each segment costs its colours again on the wire
        return strip.adjust_cell_length(width, base).simplify()
