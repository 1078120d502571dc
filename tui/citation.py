"""What a copy puts on the clipboard: the text, and the citation line that follows it.

`「在县委办党支部2022年度组织生活会上的讲话」三、围绕职能抓服务提升，进一步引领作风之变 第1段`
"""

from __future__ import annotations

from dataclasses import dataclass

from jianghua.corpus.structure import inline_heading
from jianghua.store.models import Speech

from jianghua.i18n import N_, _

from .textutil import clean, count_chars, has_placeholder, opening


# What a clip is, for the copy toast and the exported history (msgids).
CLIP_LABELS = {
    "sentence": N_("Sentence"),
    "selection": N_("Selection"),
    "paragraph": N_("Paragraph"),
    "speech": N_("Whole speech"),
    "passage": N_("Passage"),
}


@dataclass(frozen=True)
class Clip:
    """A piece of a speech to copy."""

    text: str  # the passage itself
    citation: str  # the citation line (used when citations are on)
    label: str  # "sentence" | "paragraph" | "selection" | "speech"
    speech_id: str
    title: str

    @property
    def chars(self) -> int:
        return count_chars(self.text)

    @property
    def placeholders(self) -> bool:
        return has_placeholder(self.text)

    def payload(self, with_citation: bool) -> str:
        return f"{self.text}\n{self.citation}" if with_citation and self.citation else self.text

    def notice(self, with_citation: bool) -> str:
        """What the "Copied" notification says."""
        from jianghua import i18n

        what = _(CLIP_LABELS.get(self.label, N_("Text")))
        lines = [f"{what} · {i18n.characters(self.chars)}", f"「{opening(self.text)}」"]
        if with_citation and self.citation:
            lines.append(_("with its citation line"))
        if self.placeholders:
            lines.append(_("Contains a redacted name (**, ×××, X …): fill it in before use."))
        return "\n".join(lines)


def _title(speech: Speech) -> str:
    return clean(speech.title, single_line=True)


def _where(speech: Speech, k: int) -> tuple[str, int]:
    p = speech.paragraphs[k]
    sec = speech.sections[p.section] if 0 <= p.section < len(speech.sections) else None
    heading = clean(sec.heading, single_line=True) if sec and sec.heading else ""
    return heading, p.number_in_section


def citation(speech: Speech, first: int, last: int | None = None) -> str:
    """The citation of paragraphs first..last (0-based indexes into speech.paragraphs)."""
    last = first if last is None else last
    h1, n1 = _where(speech, first)
    head = f"「{_title(speech)}」"
    if last == first:
        return f"{head}{h1} 第{n1}段" if h1 else f"{head}第{n1}段"
    h2, n2 = _where(speech, last)
    if speech.paragraphs[first].section == speech.paragraphs[last].section:
        where = f"第{n1}–{n2}段"
        return f"{head}{h1} {where}" if h1 else f"{head}{where}"
    a = f"{h1} 第{n1}段" if h1 else f"第{n1}段"
    b = f"{h2} 第{n2}段" if h2 else f"第{n2}段"
    return f"{head}{a} 至 {b}"


def speech_citation(speech: Speech) -> str:
    bits = [str(speech.year) + "年" if speech.year else "", clean(speech.occasion or "", single_line=True)]
    extra = "，".join(b for b in bits if b)
    return f"「{_title(speech)}」" + (f"（{extra}）" if extra else "")


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


def clip_sentences(speech: Speech, sentences: list[tuple[int, str]], label: str) -> Clip:
    """A clip of consecutive sentences: [(paragraph index, sentence text)] in order.
    Sentences of one paragraph are joined directly; paragraphs by a newline."""
    parts: list[str] = []
    prev = None
    for k, text in sentences:
        if prev is not None and k != prev:
            parts.append("\n")
        parts.append(text)
        prev = k
    first, last = sentences[0][0], sentences[-1][0]
    return Clip("".join(parts), citation(speech, first, last), label, speech.id, _title(speech))


def clip_paragraph(speech: Speech, k: int) -> Clip:
    return Clip(clean(speech.paragraphs[k].text, single_line=True), citation(speech, k), "paragraph", speech.id, _title(speech))


def clip_speech(speech: Speech) -> Clip:
    return Clip(speech_text(speech), speech_citation(speech), "speech", speech.id, _title(speech))
