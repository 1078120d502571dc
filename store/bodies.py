"""Speech bodies as the reader gets them: cached, recovered, tagged.

`Bodies` reads a body file once (a small cache of the last ones read); a body
file that is missing or damaged is read again from the corpus file, with a
message. `speech_of` turns a body and its summary into the `Speech` the reader
shows, with theme tags on sections, paragraphs and sentences.
"""

from __future__ import annotations

from collections import OrderedDict
from itertools import repeat
from typing import TYPE_CHECKING

from jianghua.corpus.clean import one_line
from jianghua.corpus.themes import ParagraphTags, Themes

from .catalog import Catalog
from .models import Paragraph, Section, Speech, SpeechSummary, ThemeScore
from .storage import BodyDamaged
from .tagging import BodyTags, tag_body
from jianghua.i18n import _

if TYPE_CHECKING:
    from jianghua.corpus.ingest import FileEntry

CACHED = 32  # bodies kept in memory


class Bodies:
    def __init__(self, cat: Catalog):
        self.cat = cat
        self._cache: OrderedDict[str, dict] = OrderedDict()
        self._scan: dict[str, FileEntry] | None = None

    def forget(self) -> None:
        """Another catalogue is in place (called under its lock)."""
        self._cache.clear()
        self._scan = None

    def get(self, speech_id: str) -> dict:
        """The stored body of a speech (KeyError for an unknown id). A body file
        that is missing or damaged is read again from the corpus file, with a
        message; if that fails too, an empty body stands in for it."""
        lock = self.cat.lock
        with lock:
            b = self._cache.get(speech_id)
            if b is not None:
                self._cache.move_to_end(speech_id)
                return b
        row = self.cat.row(speech_id)
        try:
            b = self.cat.backend.read_body(row["key"])
        except KeyError as e:
            b = self._recover(row, damaged=isinstance(e, BodyDamaged))
        with lock:
            self._cache[speech_id] = b
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        return b

    def _corpus_entry(self, source: str) -> FileEntry:
        """The corpus file a source name stands for. Names are shown escaped (and
        numbered #2, #3 … when escaping made two equal), so ask the scan."""
        from jianghua.corpus.ingest import FileEntry, scan

        corpus_dir = self.cat.corpus_dir
        with self.cat.lock:
            entries = self._scan
        if entries is None:
            try:
                entries = {e.source: e for e in scan(corpus_dir)}
            except OSError:
                entries = {}
            with self.cat.lock:
                self._scan = entries
        return entries.get(source) or FileEntry(source, corpus_dir / source, 0, 0, _("no longer in the folder"))

    def _recover(self, row: dict, damaged: bool) -> dict:
        from jianghua.corpus.ingest import Skip, content_key, ingest_bytes, read_file

        messages = self.cat.messages
        what = _("is damaged") if damaged else _("is missing")
        try:
            data = read_file(self._corpus_entry(row["source"]))
            body = ingest_bytes(data, segment=False, source=row["source"])["body"]
        except Exception as e:  # a file that cannot be read, or anything else: never let one speech stop the reader
            why = one_line(e) if isinstance(e, Skip) else one_line(f"{type(e).__name__}: {e}")
            messages.append(_("The saved copy of {file} {what} and the file cannot be read again ({why}).").format(file=row["source"], what=what, why=why))
            return {"title": row["title"], "sections": [[None, 0, None]], "paragraphs": []}
        key = content_key(data, row["source"])
        if key == row["key"]:
            try:
                self.cat.backend.write_body(key, body)
            except OSError:
                pass
            messages.append(_("The saved copy of {file} {what}: read again from the file.").format(file=row["source"], what=what))
        else:
            messages.append(_("The saved copy of {file} {what}: the file changed since the last build; showing it as it is now.").format(file=row["source"], what=what))
        return body


_NO_TAGS = ParagraphTags((), (), (), ())


def _untagged(body: dict) -> BodyTags:
    """No theme anywhere: the tags of a speech shown before it is tagged (its
    paragraphs' sentences have none: `Paragraph` is given no sentence tags)."""
    return BodyTags(repeat(_NO_TAGS, len(body["paragraphs"])), [[] for _ in body["sections"]], [])


def speech_of(summary: SpeechSummary, body: dict, themes: Themes, tagged: bool = True) -> Speech:
    """The whole speech with theme tags on sections, paragraphs and sentences
    (none with tagged=False; the speech's themes are then the list's)."""
    tags = tag_body(themes, body) if tagged else _untagged(body)
    th = themes.themes
    paragraphs = []
    sec_paras: dict[int, list[int]] = {}
    sent_index = 0
    for k, ((text, sec, spans), t) in enumerate(zip(body["paragraphs"], tags.paragraphs)):
        in_section = sec_paras.setdefault(sec, [])
        in_section.append(k)
        paragraphs.append(
            Paragraph(
                k + 1,
                text,
                None,
                tuple(th[i].id for i in t.themes),
                t.scores,
                sec,
                len(in_section),
                first=sent_index,
                spans=spans,
                tags=[tuple(th[i].id for i in st) for st in t.sentences] if tagged else None,
            )
        )
        sent_index += len(spans)
    sections = tuple(
        Section(
            index=k,
            heading=h,
            level=lv,
            parent=parent,
            paragraphs=tuple(sec_paras.get(k, ())),
            themes=tuple(ThemeScore(th[i].id, th[i].name, sc) for i, sc in tags.sections[k]),
        )
        for k, (h, lv, parent) in enumerate(body["sections"])
    )
    return Speech(
        id=summary.id,
        title=summary.title,
        source=summary.source,
        year=summary.year,
        occasion=summary.occasion,
        level=summary.level,
        salutation=body.get("salutation"),
        sections=sections,
        paragraphs=tuple(paragraphs),
        themes=tuple(ThemeScore(th[i].id, th[i].name, sc) for i, sc, n in tags.speech if n) if tagged else summary.themes,
        keywords=summary.keywords,
        date=summary.date,
        speaker=summary.speaker,
    )
