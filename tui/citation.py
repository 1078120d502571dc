"""What a copy puts on the clipboard: the text, and the citation line that follows it.

The citation's format is `jianghua.store.citation` (one definition for the browser
and the command line); the style (full / short / none) is a setting, applied when
the clip is copied:

`《在县委办党支部2022年度组织生活会上的讲话》（2022年）三、围绕职能抓服务提升，进一步引领作风之变 第1段`
"""

from __future__ import annotations

from dataclasses import dataclass

from jianghua.corpus.structure import inline_heading
from jianghua.store.citation import Citation, of_paragraphs, of_speech
from jianghua.store.models import Speech

from jianghua.i18n import N_, _

from .textutil import clean, count_chars, has_placeholder, opening

# The citation of paragraphs first..last / of a whole speech (a Citation: `.text(style)`).
citation = of_paragraphs
speech_citation = of_speech

# What a clip is, for the copy toast and the exported history (msgids).
CLIP_LABELS = {
    "sentence": N_("Sentence"),
    "selection": N_("Selection"),
    "paragraph": N_("Paragraph"),
    "speech": N_("Whole speech"),
    "passage": N_("Passage"),
    "hits": N_("Search hits"),  # the concordance's marked lines
    "table": N_("Formulations table"),
}
CLIP_LABEL_OTHER = N_("Text")  # (a constant: Babel does not extract an N_() nested in a _() call)


def clip_label(label: str) -> str:
    """What a clip of `label` is, in the interface language (toast, history, export)."""
    return _(CLIP_LABELS.get(label, CLIP_LABEL_OTHER))


@dataclass(frozen=True)
class Clip:
    """A piece of a speech to copy."""

    text: str  # the passage itself
    citation: Citation | str  # its source; a plain string is used as it is (unless the style is "none")
    label: str  # "sentence" | "paragraph" | "selection" | "speech"
    speech_id: str
    title: str
    counted: int | None = None  # 字数 to report when not that of `text` (a whole speech: its body)

    @property
    def chars(self) -> int:
        return self.counted if self.counted is not None else count_chars(self.text)

    @property
    def placeholders(self) -> bool:
        return has_placeholder(self.text)

    def cite(self, style: str) -> str:
        """The citation line in `style` ("full", "short" or "none")."""
        if style == "none" or not self.citation:
            return ""
        return self.citation if isinstance(self.citation, str) else self.citation.text(style)

    def payload(self, style: str) -> str:
        line = self.cite(style)
        return f"{self.text}\n{line}" if line else self.text

    def notice(self, style: str) -> str:
        """What the "Copied" notification says."""
        from jianghua import i18n

        what = clip_label(self.label)
        count = i18n.characters(self.chars)
        if self.counted is not None:
            count = _("{count} of text (title, salutation and headings not counted)").format(count=count)
        lines = [f"{what} · {count}", f"「{opening(self.text)}」"]
        if self.cite(style):
            lines.append(_("with its citation line"))
        if self.placeholders:
            lines.append(_("Contains a redacted name (**, ×××, X …): fill it in before use."))
        return "\n".join(lines)


def _title(speech: Speech) -> str:
    return clean(speech.title, single_line=True)


def speech_text(speech: Speech) -> str:
    """The whole speech as plain text: title, salutation, headings and paragraphs."""
    out = [_title(speech)]
    if speech.salutation:
        out.append(clean(speech.salutation, single_line=True))
    by_section: dict[int, list[int]] = {}
    for k, p in enumerate(speech.paragraphs):
        by_section.setdefault(p.section, []).append(k)
    for sec in speech.sections:
        paras = by_section.get(sec.index, [])
        if sec.heading and not inline_heading(sec.heading, speech.paragraphs[paras[0]].text if paras else None):
            out.append(clean(sec.heading, single_line=True))
        for k in paras:
            out.append(clean(speech.paragraphs[k].text, single_line=True))
    return "\n".join(out)


def _headings_between(speech: Speech, k_prev: int, k: int) -> list[str]:
    """The headings a copy passes over going from paragraph k_prev to paragraph k:
    those of every section after k_prev's up to k's own (headings that open their
    paragraph, 一要…, are in its text already)."""
    out = []
    first = speech.paragraphs[k_prev].section + 1
    for sec in speech.sections[first : speech.paragraphs[k].section + 1]:
        opening_para = speech.paragraphs[sec.paragraphs[0]].text if sec.paragraphs else None
        if sec.heading and not inline_heading(sec.heading, opening_para):
            out.append(clean(sec.heading, single_line=True))
    return out


def clip_sentences(speech: Speech, sentences: list[tuple[int, str]], label: str) -> Clip:
    """A clip of consecutive sentences: [(paragraph index, sentence text)] in order.
    Sentences of one paragraph are joined directly; paragraphs by a newline, with
    the headings of the sections the selection runs into on lines of their own."""
    parts: list[str] = []
    prev = None
    for k, text in sentences:
        if prev is not None and k != prev:
            parts.append("\n")
            for heading in _headings_between(speech, prev, k):
                parts.append(heading + "\n")
        parts.append(text)
        prev = k
    first, last = sentences[0][0], sentences[-1][0]
    return Clip("".join(parts), citation(speech, first, last), label, speech.id, _title(speech))


def clip_paragraph(speech: Speech, k: int) -> Clip:
    return Clip(clean(speech.paragraphs[k].text, single_line=True), citation(speech, k), "paragraph", speech.id, _title(speech))


def clip_speech(speech: Speech) -> Clip:
    # 字数 as the list and the reader's header count it: the body, without title and headings
    return Clip(speech_text(speech), speech_citation(speech), "speech", speech.id, _title(speech), counted=speech.chars)
