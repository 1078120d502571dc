"""A speech laid out for the reader: blocks (headings, paragraphs) and wrapped lines.

Pure data, no Textual: `Document.from_speech(speech)` once per speech, then
`layout(width)` whenever the width changes (tui/layout.py). The reader widget renders
`lines` one at a time (Line API): an ordinary speech costs one wrap pass, a long one
only the lines shown.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence

from jianghua.corpus.clean import PLACEHOLDER
from jianghua.corpus.query import fold_texts
from jianghua.corpus.structure import inline_heading
from jianghua.store.models import Paragraph, Speech

from .layout import MIN_WIDTH, LaidOut, Line  # noqa: F401 - MIN_WIDTH, Line: the reader's, from here
from .textutil import clean

# A speech this long (characters) is tagged as it is shown (`Document.tag_lazily`), not whole
# before it opens: tagging takes ~15 µs a character (0.75 s here), the rest of opening ~1 µs.
TAG_LATER_CHARS = 50_000


class Block:
    """A heading or a paragraph as shown. A paragraph's sentence offsets and placeholders
    are found when first asked for (a collected works has twenty thousand paragraphs)."""

    __slots__ = ("kind", "text", "section", "level", "para", "heading_len", "_sentences", "_placeholders", "_source")

    def __init__(self, kind: str, text: str, section: int, level: int = 0, para: int | None = None,
                 sentences: list[tuple[int, int, int]] | None = None, heading_len: int = 0,
                 placeholders: list[tuple[int, int]] | None = None, source: Paragraph | None = None) -> None:
        self.kind = kind  # "salutation" | "heading" | "para"
        self.text = text
        self.section = section
        self.level = level  # heading level (1 一、, 2 （一）, 3 一要)
        self.para = para  # index into Speech.paragraphs
        self.heading_len = heading_len  # a paragraph that opens with its section heading: its length
        self._sentences = sentences
        self._placeholders = placeholders
        self._source = source  # the paragraph its text is, as it is (sentence offsets found in it)

    @property
    def sentences(self) -> list[tuple[int, int, int]]:
        """(sentence index, start, end) of each of its sentences."""
        if self._sentences is None:
            self._sentences = _sentence_spans(self._source) if self._source is not None else []
        return self._sentences

    @property
    def placeholders(self) -> list[tuple[int, int]]:
        if self._placeholders is None:
            self._placeholders = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(self.text)] if self.kind == "para" else []
        return self._placeholders





def _sentence_spans(p: Paragraph) -> list[tuple[int, int, int]]:
    if p.spans:  # (the body's own: its sentences need not be made)
        first = p.first
        return [(first + i, a, b) for i, (a, b) in enumerate(p.spans)]
    spans = []
    pos = 0
    text = p.text
    for s in p.sentences:
        at = text.find(s.text, pos) if s.text else -1
        if at < 0:  # should not happen; fall back to consecutive offsets
            at = min(pos, len(text))
        end = min(len(text), at + len(s.text))
        spans.append((s.index, at, end))
        pos = end
    return spans


class _SentenceMap(Mapping):
    """A mapping from sentence index to what `value(paragraph, place, block, start, end)`
    says of it, worked out when asked for (no per-sentence dict for a long speech)."""

    def __init__(self, doc: Document, value) -> None:  # noqa: ANN001 - Callable
        self._doc = doc
        self._value = value

    def __getitem__(self, sentence: int):  # noqa: ANN204
        doc = self._doc
        k, i = doc.locate(sentence)
        b = doc.para_block[k]
        _idx, a, e = doc.blocks[b].sentences[i]
        return self._value(k, i, b, a, e)

    def __contains__(self, sentence: object) -> bool:
        try:
            self._doc.locate(sentence)  # type: ignore[arg-type]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[int]:
        return iter(self._doc.sentence_ids)

    def __len__(self) -> int:
        return len(self._doc.sentence_ids)


class Document(LaidOut):
    def __init__(self, speech: Speech):
        self.speech = speech
        self.blocks: list[Block] = []
        self.lines: Sequence[Line] = ()
        self.width = 0
        self._height: list[int] = []
        self.generation = 0  # counts the changes of line positions (a block wrapped longer or shorter than estimated)
        # sentence index -> (paragraph index, block index, start, end)
        # sentence index -> (paragraph index, block index, start, end), its themes, whether it has a placeholder
        self.sentence_at: Mapping[int, tuple[int, int, int, int]] = {}
        self.sentence_ids: list[int] = []  # every sentence index in reading order
        self.sentence_themes: Mapping[int, tuple[str, ...]] = {}
        self.sentence_placeholder: Mapping[int, bool] = {}
        self._tagged: dict[int, tuple[str, ...]] = {}  # the themes of the sentences tagged here (`tag_lazily`)
        self._where: dict[int, tuple[int, int]] | None = None
        self._firsts: tuple[list[int], list[int]] = ([], [])  # the first sentence of each paragraph that has one, in reading order; that paragraph
        self.para_block: dict[int, int] = {}
        self.section_block: dict[int, int] = {}  # first block of each section
        self._folded: list[str] | None = None
        self._tagger = None  # tags paragraphs as they are shown (`tag_lazily`)
        self._untagged = bytearray()
        self._build()

    @classmethod
    def from_speech(cls, speech: Speech) -> Document:
        return cls(speech)

    # ------------------------------------------------------------ blocks

    def _build(self) -> None:
        sp = self.speech
        if sp.salutation:
            self.blocks.append(Block("salutation", clean(sp.salutation, single_line=True), 0))
        by_section: dict[int, list[int]] = {}
        for k, p in enumerate(sp.paragraphs):
            by_section.setdefault(p.section, []).append(k)
        # One pass over the whole text instead of one per paragraph (a collected works has
        # twenty thousand): cleaning changes no paragraph if it changes nothing in them all.
        # Then a paragraph's block is its text as it is, its sentences found when shown.
        whole = "\n".join(p.text for p in sp.paragraphs)
        all_clean = "\t" not in whole and whole.count("\n") == len(sp.paragraphs) - 1 and clean(whole) == whole
        blocks, para_block, section_block = self.blocks, self.para_block, self.section_block
        paragraphs = sp.paragraphs
        for sec in sp.sections:
            paras = by_section.get(sec.index, [])
            heading = clean(sec.heading, single_line=True) if sec.heading else None
            inline = bool(heading) and inline_heading(sec.heading, paragraphs[paras[0]].text if paras else None)
            if heading and not inline:
                section_block.setdefault(sec.index, len(blocks))
                blocks.append(Block("heading", heading, sec.index, level=sec.level))
            if paras:
                section_block.setdefault(sec.index, len(blocks))
            for k in paras:
                p = paragraphs[k]
                heading_len = len(sec.heading) if inline and k == paras[0] and sec.heading else 0
                para_block[k] = len(blocks)
                if all_clean:
                    blocks.append(Block("para", p.text, sec.index, sec.level, k, None, heading_len, None, p))
                    continue
                text = clean(p.text, single_line=True)
                spans = _sentence_spans(p) if text == p.text else self._spans_after_clean(p, text)
                blocks.append(Block("para", text, sec.index, sec.level, k, spans, heading_len))
        # sentences in reading order, and where each paragraph's first one is in it
        # (from each paragraph's first sentence and count: its sentences are made when shown)
        order = [k for k in para_block if paragraphs[k].count]  # (dicts keep their order: reading order)
        ids: list[int] = []
        self._para_firsts = firsts = [-1] * len(paragraphs)
        for k in order:
            p = paragraphs[k]
            firsts[k] = p.first
            ids.extend(p.sentence_indexes())
        self.sentence_ids = ids
        self._ordered = not ids or ids == list(range(ids[0], ids[0] + len(ids)))
        self._firsts = ([firsts[k] for k in order], order)
        self.sentence_at = _SentenceMap(self, lambda k, i, b, a, e: (k, b, a, e))
        self.sentence_themes = _SentenceMap(self, lambda k, i, b, a, e: self._tagged.get(paragraphs[k].sentences[i].index, paragraphs[k].sentences[i].themes))
        self.sentence_placeholder = _SentenceMap(self, lambda k, i, b, a, e: paragraphs[k].sentences[i].placeholders)

    def locate(self, sentence: int) -> tuple[int, int]:
        """(paragraph, place in it) of a sentence; KeyError if the speech has no such sentence."""
        if self._ordered:
            i = sentence - self.sentence_ids[0] if self.sentence_ids else -1
            if 0 <= i < len(self.sentence_ids):
                firsts, order = self._firsts
                k = order[bisect_right(firsts, sentence) - 1]
                return k, sentence - self._para_firsts[k]
            raise KeyError(sentence)
        if self._where is None:
            self._where = {s.index: (k, i) for k in self.para_block for i, s in enumerate(self.speech.paragraphs[k].sentences)}
        return self._where[sentence]

    # ------------------------------------------------------------ themes, tagged as shown

    def tag_lazily(self, tagger) -> None:  # noqa: ANN001 - store.tagging.ParagraphTagger
        """The speech came untagged (a long one): its paragraphs are tagged by `tagger` when
        their sentences are first asked about (`themes_of`), or all at once (`tag_all`)."""
        self._tagger = tagger
        self._untagged = bytearray(b"\1") * len(self.speech.paragraphs)

    @property
    def all_tagged(self) -> bool:
        return self._tagger is None or not any(self._untagged)

    def themes_of(self, sentence: int) -> tuple[str, ...]:
        """The themes of a sentence (its paragraph tagged now if it was not yet)."""
        if self._tagger is not None:
            try:
                k = self.locate(sentence)[0]
            except KeyError:
                return ()
            if self._untagged[k]:
                self._tag(k)
        return self.sentence_themes.get(sentence, ())

    def sentences_with(self, themes: frozenset[str]) -> list[int]:
        """The sentences, in reading order, that have one of `themes` (their paragraphs tagged now if they were not)."""
        out: list[int] = []
        paragraphs, tagged, untagged = self.speech.paragraphs, self._tagged, self._untagged if self._tagger is not None else None
        for k in self._firsts[1]:
            if untagged is not None and untagged[k]:
                self._tag(k)
            for s in paragraphs[k].sentences:
                if not themes.isdisjoint(tagged.get(s.index, s.themes)):
                    out.append(s.index)
        return out

    def tag_all(self, go_on=None) -> bool:  # noqa: ANN001 - Callable[[], bool]
        """Tag every paragraph not tagged yet; in a thread, `go_on()` after each one lets the
        interface have its turn, and stops the tagging (False returned) when it says so."""
        for k in range(len(self.speech.paragraphs)):
            if self._untagged[k]:
                self._tag(k)
                if go_on is not None and not go_on():
                    return False
        return True

    def _tag(self, k: int) -> None:
        tags = self._tagger.paragraph(k)
        th = self._tagger.themes.themes
        for index, st in zip(self.speech.paragraphs[k].sentence_indexes(), tags.sentences):  # (no Sentence made)
            self._tagged[index] = tuple(th[i].id for i in st)
        self._untagged[k] = 0

    @staticmethod
    def _spans_after_clean(p: Paragraph, text: str) -> list[tuple[int, int, int]]:
        # Control characters were removed from the paragraph: clean each sentence too.
        spans = []
        pos = 0
        for s in p.sentences:
            st = clean(s.text, single_line=True)
            at = text.find(st, pos) if st else -1
            if at < 0:
                at = min(pos, len(text))
            end = min(len(text), at + len(st))
            spans.append((s.index, at, end))
            pos = end
        return spans

    def folded(self) -> list[str]:
        """Each block's text as search sees it (`fold_text`: the same length), made at
        the first find and kept: later keystrokes only look for the query."""
        if self._folded is None:
            self._folded = fold_texts([b.text for b in self.blocks])
        return self._folded


    def section_of_sentence(self, sentence: int) -> int:
        k = self.sentence_at[sentence][0]
        return self.speech.paragraphs[k].section

    def paragraph_of_sentence(self, sentence: int) -> int:
        return self.sentence_at[sentence][0]

    def first_sentence_of_paragraph(self, k: int) -> int | None:
        p = self.speech.paragraphs[k]
        return p.first if p.count else None

    def first_sentence_of_section(self, section: int) -> int | None:
        for k, p in enumerate(self.speech.paragraphs):
            if p.section == section and p.count:
                return p.first
        return None

    def heading_line_of_section(self, section: int) -> int:
        b = self.section_block.get(section)
        return self.block_first_line(b) if b is not None else 0

    def sentence_text(self, sentence: int) -> str:
        _, b, a, e = self.sentence_at[sentence]
        return self.blocks[b].text[a:e]


# ------------------------------------------------------------ laid out ahead

_AHEAD: list[tuple[Speech, Document]] = []  # the speech under the list's cursor, laid out for the reader


def read_ahead(store, speech_id: str, width: int) -> None:
    """The list's read-ahead (in a thread, while the cursor rests on a speech): the
    speech read and tagged (the store keeps it) and laid out at the reader's text
    width (0: not known yet), so that Enter finds it wrapped (`laid_out_ahead`)."""
    if is_long(store, speech_id):
        return  # (tagged as shown, when opened: tagging it whole here would hold the interpreter for seconds)
    store.read_ahead(speech_id)
    try:
        speech = store.speech(speech_id)
    except Exception:  # noqa: BLE001 - only an optimisation; opening it reports the problem
        return
    if _AHEAD and _AHEAD[0][0] is speech and (not width or _AHEAD[0][1].width == max(MIN_WIDTH, width)):
        return
    doc = Document(speech)
    if width:
        doc.layout(width)
    _AHEAD[:] = [(speech, doc)]  # (published whole: the UI thread never sees one half made)


def speech_to_show(store, speech_id: str) -> tuple[Speech, bool]:  # noqa: ANN001 - a Store
    """The speech to show or quote from, and whether it comes untagged: the speech tagged if
    it is made already or short, else (a collected works: tagging it takes seconds a
    megabyte) without its theme tags. A copy or a citation needs no tags."""
    made = store.speech_made(speech_id)
    if made is not None:
        return made, False
    if is_long(store, speech_id):
        return store.speech_untagged(speech_id), True
    return store.speech(speech_id), False


def is_long(store, speech_id: str) -> bool:  # noqa: ANN001 - a Store
    """Is the speech long enough to be tagged as shown (and not made whole for the reader yet)?"""
    try:
        return store.speech_made(speech_id) is None and store.summary(speech_id).chars >= TAG_LATER_CHARS
    except KeyError:
        return False


def laid_out_ahead(speech: Speech) -> Document | None:
    """The Document `read_ahead` made of this very speech (the store's object), if any."""
    ahead = _AHEAD[:1]
    return ahead[0][1] if ahead and ahead[0][0] is speech else None
