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

import orjson

from .models import SpeechSummary
from .storage import atomic_write, gc_paused

VERSION = 1
NAME = "list.json"
_STR = ("id", "title", "source")
_INT = ("chars", "paragraphs")
_OPTIONAL = ("year", "date", "speaker", "occasion", "level")


def write(backend, stamp: tuple[int, int], schema: int, rows: Sequence[dict],
          theme_text: Mapping[str, tuple[object, str]] | None = None) -> dict[str, tuple[object, str]]:
    """Write list.json for the catalogue whose file has this stamp, from its rows
    (best effort: without it the catalogue is read whole). The columns are what
    `catalog.summary_of` makes of each row. theme_text: a row id's theme entries and
    their text as last written (reused while the row holds the very same entries).
    Returns that map for the rows written."""
    texts: dict[str, tuple[object, str]] = {}
    if not getattr(backend, "persistent", False):
        return texts
    path = backend.root / NAME
    old = theme_text or {}
    try:
        cols: dict = {"v": VERSION, "schema": schema, "stamp": list(stamp), "n": len(rows)}
        for name in _STR + _INT:
            cols[name] = [r[name] for r in rows]
        for name in _OPTIONAL:
            cols[name] = [r.get(name) for r in rows]
        for name in ("date", "speaker"):
            if not set(map(type, cols[name])) <= {str, type(None)}:
                cols[name] = [v if type(v) is str else None for v in cols[name]]
        kws = [r.get("keywords") or () for r in rows]
        words = [w for k in kws for w in k]
        if not set(map(type, words)) <= {str}:  # (checked for all rows at once: the rare row with others is mended)
            kws = [k if all(type(w) is str for w in k) else [w for w in k if type(w) is str] for k in kws]
            words = [w for k in kws for w in k]
        cols["keywords"] = [len(k) for k in kws]  # how many of `words` each speech has
        cols["words"] = words
        texts = {r["id"]: _theme_text(r["themes"], old.get(r["id"])) for r in rows}
        cols["themes"] = [t[1] for t in texts.values()] if len(texts) == len(rows) else [texts[r["id"]][1] for r in rows]
        atomic_write(path, orjson.dumps(cols), sync=False)
    except (OSError, TypeError, ValueError, KeyError, AttributeError):
        texts = {}
        try:
            path.unlink()  # an older one must not outlive its catalogue
        except OSError:
            pass
    return texts


def read(backend, stamp: tuple[int, int], schema: int, names: Mapping[str, str]) -> list[SpeechSummary] | None:
    """The summaries of the catalogue with this stamp, or None (no usable list.json)."""
    try:
        raw = (backend.root / NAME).read_bytes()
        d = orjson.loads(raw)
        if not (isinstance(d, dict) and d.get("v") == VERSION and d.get("schema") == schema and d.get("stamp") == list(stamp)):
            return None
        n = d["n"]
        cols = {k: d[k] for k in _STR + _INT + _OPTIONAL + ("keywords", "themes")}
        if not all(type(c) is list and len(c) == n for c in cols.values()):
            return None
        for k in _STR + ("themes",):
            if not set(map(type, cols[k])) <= {str}:
                return None
        words = d["words"]
        if type(words) is not list or not set(map(type, words)) <= {str} or not set(map(type, cols["keywords"])) <= {int} \
                or sum(cols["keywords"]) != len(words) or min(cols["keywords"], default=0) < 0:
            return None
        cols["words"] = words
        for k in _INT:
            if not set(map(type, cols[k])) <= {int}:
                return None
        for k in _OPTIONAL:
            if not set(map(type, cols[k])) <= ({int, type(None)} if k == "year" else {str, type(None)}):
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
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


def _theme_text(entries, was: tuple[object, str] | None) -> tuple[object, str]:
    """(entries, their text): `was` while it is of these very entries."""
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
        if self.startswith("["):
            try:
                v = json.loads(self)
            except ValueError:
                return []
            return v if isinstance(v, list) else []
        out = []
        for e in self.split(";") if self else ():
            tid, score, n = e.split(",")
            out.append([tid, float(score) if any(c in score for c in ".eEni") else int(score), int(n)])
        return out
