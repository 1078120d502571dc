"""The list-only catalogue (list.json): what the speech list shows, in columns.

catalog.json is a TinyDB file of 10 000 row objects with their theme entries
(7.5 MB at 10 000 speeches: ~100 ms to parse, before the first paint of the
list). list.json holds the same speeches' summaries column by column — ids,
titles, sources, dates, occasions, lengths, keywords, and each speech's theme
entries as one JSON string, parsed only for the rows painted — and parses in a
few milliseconds. It is written after catalog.json and names catalog.json's
(mtime, size): it stands in for a catalogue only while that is the file it was
made from. Anything wrong with it (missing, damaged, of another version or
catalogue) and the catalogue is read as before.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import chain
from operator import attrgetter


from . import sidecar
from .models import SpeechSummary
from .storage import gc_paused

VERSION = 1
NAME = "list.json"
_STR = ("id", "title", "source")
_INT = ("chars", "paragraphs")
_OPTIONAL = ("year", "date", "speaker", "occasion", "level")


def write(backend, stamp: tuple[int, int], schema: int, summaries: Sequence[SpeechSummary],
          theme_text: Mapping[str, tuple[object, str]] | None = None) -> dict[str, tuple[object, str]] | None:
    """Write list.json for the catalogue whose file has this stamp: its speeches'
    summaries (`catalog.summary_of`: the one set of rules for what the list shows of
    a row), column by column (best effort: without it the catalogue is read whole).
    theme_text: a speech id's theme entries and their text as last written (reused
    while the summary holds the very same entries). Returns that map for the
    speeches written whose entries were not read from list.json (those are
    written as they were read); None when none was written."""
    if not getattr(backend, "persistent", False):
        return None
    old = theme_text or {}
    try:
        cols: dict = {"n": len(summaries)}
        for name in _STR + _INT + _OPTIONAL:
            cols[name] = list(map(attrgetter(name), summaries))
        kws = list(map(attrgetter("keywords"), summaries))
        cols["keywords"] = list(map(len, kws))  # how many of `words` each speech has
        cols["words"] = list(chain.from_iterable(kws))
        entries = list(map(attrgetter("theme_entries"), summaries))
        te = ThemeEntries  # (entries read from list.json are written as they were)
        texts = {sid: _theme_text(e, old.get(sid)) for sid, e in zip(cols["id"], entries) if type(e) is not te}
        cols["themes"] = [e if type(e) is te else texts[sid][1] for sid, e in zip(cols["id"], entries)]
    except (TypeError, ValueError, AttributeError):
        sidecar.remove(backend, NAME)
        return None
    if not sidecar.write(backend, NAME, VERSION, stamp, schema, cols):
        return None
    return texts


def read(backend, stamp: tuple[int, int], schema: int, names: Mapping[str, str]) -> list[SpeechSummary] | None:
    """The summaries of the catalogue with this stamp, or None (no usable list.json)."""
    d = sidecar.read(backend, NAME, VERSION, stamp, schema)
    if d is None or type(d.get("n")) is not int:
        return None
    opt = {k: (type(None), int if k == "year" else str) for k in _OPTIONAL}
    cols = sidecar.columns(d, {**{k: (str,) for k in _STR}, "themes": (str,), **{k: (int,) for k in _INT},
                               **opt, "keywords": (int,)}, d.get("n"))
    words = d.get("words")
    if cols is None or type(words) is not list or not set(map(type, words)) <= {str} \
            or sum(cols["keywords"]) != len(words) or min(cols["keywords"], default=0) < 0:
        return None
    cols["words"] = words
    with gc_paused(freeze=True):
        return _summaries(cols, names)


def _summaries(cols: dict, names: Mapping[str, str]) -> list[SpeechSummary]:
    """SpeechSummary objects, each made with one assignment of its attributes (a
    frozen dataclass's __init__ sets its 13 fields one call at a time: 10 000 rows
    took ~50 ms, half the start-up budget). The same objects the constructor makes:
    tests/store/test_listfile.py compares them."""
    new, assign, cls = object.__new__, object.__setattr__, SpeechSummary
    words, at = cols["words"], 0
    out = []
    for sid, title, source, chars, paragraphs, year, date, speaker, occasion, level, kws, themes in zip(
        *(cols[k] for k in _STR + _INT + _OPTIONAL + ("keywords", "themes"))
    ):
        s = new(cls)
        keywords = tuple(words[at: at + kws]) if kws else ()
        at += kws
        assign(s, "__dict__", {
            "id": sid, "title": title, "source": source, "year": year, "occasion": occasion, "level": level,
            "chars": chars, "paragraphs": paragraphs, "keywords": keywords,
            "theme_entries": ThemeEntries(themes), "theme_names": names, "date": date, "speaker": speaker,
        })
        out.append(s)
    return out


def summary(fields: dict) -> SpeechSummary:
    """A SpeechSummary of these (all 13) fields, made as `_summaries` makes them."""
    s = _new(SpeechSummary)
    _assign(s, "__dict__", fields)
    return s


_new, _assign = object.__new__, object.__setattr__


def _theme_text(entries, was: tuple[object, str] | None) -> tuple[object, str]:
    """(entries, their text): `was` while it is of these very entries, else formatted."""
    return was if was is not None and was[0] is entries else (entries, _entries_text(entries))


def _entries_text(entries) -> str:
    """A row's theme entries as text: "id,score,n;id,score,n" (theme ids are [a-z0-9_],
    `repr` gives floats back exactly); JSON when one is not of that shape."""
    if all(type(e) is list and len(e) == 3 and type(e[0]) is str and e[0] and e[0].isascii() and e[0].replace("_", "").isalnum()
           and type(e[1]) in (int, float) and type(e[2]) is int for e in entries):
        return ";".join(f"{e[0]},{e[1]!r},{e[2]}" for e in entries)
    return json.dumps(entries)


class ThemeEntries(str):
    """A speech's theme entries as stored ([[theme id, score, tagged paragraphs]]),
    still as text (`_entries_text`): parsed when the list paints the row
    (`SpeechSummary.themes`)."""

    __slots__ = ()

    def entries(self) -> list:
        try:
            return self._parsed()
        except (ValueError, RecursionError):  # a damaged list.json ("x", "a,b", "[[[[…"): no themes, not no list
            return []

    def _parsed(self) -> list:
        if self.startswith("["):
            v = json.loads(self)
            return v if isinstance(v, list) else []
        out = []
        for e in self.split(";") if self else ():
            tid, score, n = e.split(",")
            out.append([tid, float(score) if any(c in score for c in ".eEni") else int(score), int(n)])
        return out
