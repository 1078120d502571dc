"""Reading a themes file (`corpus/data/themes.toml` or the user's `--themes FILE`): [[theme]] and
[[outside]] tables, validated, with errors that name the file and the line. `themes.load_themes`
is the entry point (it adds the scoring version to the fingerprint)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from jianghua.i18n import _, os_error

from ._toml import toml
from .resources import DEFAULT_THEMES
from .taxonomy import Theme, Themes, ThemesError

_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def json_key(kw: str) -> str:
    """A keyword as the file quotes it ("政治", not the 政治 inside "讲政治"): what an error's line is found by."""
    return '"' + kw.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _line_of(text: str, needle: str, start_line: int = 1) -> int:
    """The first line from `start_line` holding `needle` (a keyword: quoted first, "政治" before the
    政治 inside "讲政治"); `start_line` if none does."""
    lines = text.splitlines()[start_line - 1:]
    for probe in (json_key(needle), needle) if not needle.startswith('"') else (needle,):
        for n, line in enumerate(lines, start=start_line):
            if probe in line:
                return n
    return start_line


def load(path: Path | None = None, salt: bytes = b"") -> Themes:
    """Load and validate a themes file. Raises ThemesError naming the bad line. `salt` goes into
    the fingerprint with the file's bytes."""
    path = Path(path) if path else DEFAULT_THEMES
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ThemesError(_("{path}: cannot read themes file: {why}").format(path=path, why=os_error(e))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ThemesError(_("{path}: themes file is not UTF-8").format(path=path)) from None
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as e:
        line = getattr(e, "lineno", None)
        m = re.search(r"line (\d+)", str(e))
        line = line or (int(m.group(1)) if m else None)
        src = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        where = _("line {n}: ").format(n=line) if line else ""
        raise ThemesError(f"{path}: {where}{getattr(e, 'msg', e)}" + (f"\n  {line} | {src}" if src else "")) from None
    entries = data.get("theme")
    if not isinstance(entries, list) or not entries:
        raise ThemesError(_("{path}: no [[theme]] tables found (line 1)").format(path=path))
    outside = data.get("outside", [])
    if not isinstance(outside, list):
        raise ThemesError(_("{path}: [[outside]] must be tables (line {line})").format(path=path, line=_line_of(text, "outside")))
    seen: set[str] = set()
    lines = text.splitlines()
    heads = {t: [n for n, line in enumerate(lines, start=1) if line.strip().startswith(f"[[{t}]]")] for t in ("theme", "outside")}
    themes = [_entry(path, text, lines, heads["theme"], k, e, seen) for k, e in enumerate(entries)]
    others = [_entry(path, text, lines, heads["outside"], k, e, seen, {t.id for t in themes}) for k, e in enumerate(outside)]
    stamp = hashlib.sha1(raw + salt).hexdigest()[:16]
    return Themes(themes, stamp, path, others)


def _entry(path: Path, text: str, lines: list[str], header_lines: list[int], k: int, entry: object, seen: set[str],
           theme_ids: set[str] | None = None) -> Theme:
    """One [[theme]] (or [[outside]] when `theme_ids`, the ids an outside topic's `takes` may name)
    table, validated; errors name its line (`header_lines`: where each table of its kind starts)."""
    at = header_lines[k] if k < len(header_lines) else 1

    def bad(msg: str, needle: str | None = None) -> ThemesError:
        n = _line_of(text, needle, at) if needle else at
        where = _("line {n}: ").format(n=n)
        return ThemesError(f"{path}: {where}{msg}\n  {n} | {lines[n - 1] if n <= len(lines) else ''}")

    if not isinstance(entry, dict):
        raise bad(_("a [[theme]] must be a table"))
    tid = entry.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise bad(_("theme id {id!r} must be lower-case letters, digits or _ (e.g. \"integrity\")").format(id=tid), "id")
    if tid in seen:
        raise bad(_("theme id {id!r} is used twice").format(id=tid), "id")
    seen.add(tid)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad(_("theme {id!r} needs a name").format(id=tid), "name")
    kws = entry.get("keywords")
    pairs: list[tuple[str, float]] = []
    if isinstance(kws, dict):
        items = list(kws.items())
    elif isinstance(kws, list):
        items = [(k, 1.0) for k in kws]
    else:
        raise bad(_("theme {id!r}: keywords must be a table {{ \"词\" = weight }} or a list").format(id=tid), "keywords")
    for kw, w in items:
        if not isinstance(kw, str) or not kw.strip():
            raise bad(_("theme {id!r}: empty keyword").format(id=tid), "keywords")
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w <= 10:
            raise bad(_("theme {id!r}: weight of {keyword!r} must be a number in (0, 10]").format(id=tid, keyword=kw), kw)
        pairs.append((kw.strip(), float(w)))
    if not pairs:
        raise bad(_("theme {id!r} has no keywords").format(id=tid), "keywords")
    against = entry.get("against", {})
    if not isinstance(against, dict):
        raise bad(_("theme {id!r}: against must be a table {{ \"词\" = weight }}").format(id=tid), "against")
    minus: list[tuple[str, float]] = []
    for kw, w in against.items():
        if not kw.strip() or isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w <= 10:
            raise bad(_("theme {id!r}: against {keyword!r} needs a weight in (0, 10]").format(id=tid, keyword=kw), kw or "against")
        minus.append((kw.strip(), float(w)))
    takes = entry.get("takes", [])
    if theme_ids is None and "takes" in entry:
        raise bad(_("theme {id!r}: only an [[outside]] topic takes over themes").format(id=tid), "takes")
    if not isinstance(takes, list) or any(not isinstance(t, str) or t not in (theme_ids or ()) for t in takes):
        raise bad(_("{id!r}: takes must list theme ids of this file, e.g. [\"development\"]").format(id=tid), "takes")
    silences = entry.get("silences", False)
    if theme_ids is None and "silences" in entry:
        raise bad(_("theme {id!r}: only an [[outside]] topic silences sentences").format(id=tid), "silences")
    if not isinstance(silences, bool):
        raise bad(_("{id!r}: silences must be true or false").format(id=tid), "silences")
    return Theme(tid, name.strip(), str(entry.get("description", "")), tuple(pairs), tuple(minus), tuple(takes), silences)
