"""Files → speeches: walking a corpus folder and ingesting one file.

`scan` lists every .txt/.md file under a folder (recursively, in a stable order,
following symlinked folders once and never looping). `ingest_bytes` turns one
file's bytes into a plain-dict record (decoded, cleaned, parsed, segmented) that
the store keeps, or raises `Skip` with a one-line reason.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .clean import clean_text, load_rules, sanitize_line
from .decode import Undecodable, decode_bytes
from .structure import parse

# Bump when ingestion output changes: every speech is then ingested again.
PARSER_VERSION = 3
SUFFIXES = (".txt", ".md")
MAX_BYTES = int(os.environ.get("JIANGHUA_MAX_FILE_MB", "8")) * 1024 * 1024
MAX_FILES = 200_000


class Skip(Exception):
    """A file that is not indexed; str(e) is the one-line reason."""


@dataclass(frozen=True)
class FileEntry:
    source: str  # path relative to the corpus folder, POSIX separators
    path: Path
    size: int
    mtime_ns: int
    problem: str | None = None  # a reason to skip found while scanning


def display_source(rel: str) -> str:
    """A file name that is safe to print (control characters and newlines escaped)."""
    return sanitize_line(rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def scan(folder: Path) -> list[FileEntry]:
    """Every candidate file under folder, sorted by relative path."""
    out: list[FileEntry] = []
    seen_dirs: set[tuple[int, int]] = set()
    root = Path(folder)

    def walk(d: Path, rel: str) -> None:
        try:
            st = d.stat()
        except OSError:
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            return
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as e:
            if rel:
                out.append(FileEntry(rel + "/", d, 0, 0, f"cannot read folder: {e.strerror or e}"))
            return
        for e in entries:
            name = e.name
            if name.startswith("."):
                continue
            r = f"{rel}/{display_source(name)}" if rel else display_source(name)
            try:
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                walk(Path(e.path), r)
                continue
            if not name.lower().endswith(SUFFIXES):
                continue
            try:
                st = e.stat(follow_symlinks=True)
            except OSError as err:
                out.append(FileEntry(r, Path(e.path), 0, 0, f"cannot read: {err.strerror or err}"))
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            out.append(FileEntry(r, Path(e.path), st.st_size, st.st_mtime_ns))
            if len(out) >= MAX_FILES:
                return

    walk(root, "")
    out.sort(key=lambda f: f.source)
    # Names that only differ in characters we had to escape stay distinct.
    seen: dict[str, int] = {}
    for k, f in enumerate(out):
        n = seen.get(f.source, 0)
        seen[f.source] = n + 1
        if n:
            out[k] = FileEntry(f"{f.source}#{n + 1}", f.path, f.size, f.mtime_ns, f.problem)
    return out


def read_file(entry: FileEntry) -> bytes:
    if entry.problem:
        raise Skip(entry.problem)
    if entry.size > MAX_BYTES:
        raise Skip(f"too large ({entry.size / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB, set JIANGHUA_MAX_FILE_MB)")
    try:
        with open(entry.path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise Skip(f"cannot read: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise Skip(f"too large (over {MAX_BYTES // 1048576} MB)")
    return data


def content_key(data: bytes) -> str:
    """The key a speech body is stored under: content hash + parser and rules version."""
    h = hashlib.sha256(data)
    h.update(f"|p{PARSER_VERSION}|r{load_rules().fingerprint}".encode())
    return h.hexdigest()[:40]


def ingest_bytes(data: bytes, *, segment: bool = True) -> dict:
    """Decode, clean, parse and (optionally) segment one file's content.

    Returns {"body": {...}, "candidates": [[term, weight], ...], "encoding": str}.
    Raises Skip with a one-line reason.
    """
    if not data.strip():
        raise Skip("empty file")
    try:
        decoded = decode_bytes(data)
    except Undecodable as e:
        raise Skip(str(e)) from None
    text = clean_text(decoded.text)
    if not text.strip():
        raise Skip("no text left after removing control characters and boilerplate")
    parsed = parse(text)
    if not parsed.paragraphs:
        raise Skip("no paragraphs (only a title or boilerplate)")
    body = {
        "v": PARSER_VERSION,
        "title": parsed.title,
        "title_derived": parsed.title_derived,
        "year": parsed.year,
        "occasion": parsed.occasion,
        "level": parsed.level,
        "salutation": parsed.salutation,
        "speaker": parsed.speaker,
        "date": parsed.date,
        "encoding": decoded.encoding,
        "replaced": decoded.replaced,
        "sections": [[s.heading, s.level, s.parent] for s in parsed.sections],
        "paragraphs": [[p.text, p.section, [list(s) for s in p.sentences]] for p in parsed.paragraphs],
    }
    cands: list[list] = []
    if segment:
        from . import keywords, segment as seg

        tokens: list[str] = []
        for p in parsed.paragraphs:
            tokens.extend(seg.cut(p.text))
        heading_tokens = [t for s in parsed.sections if s.heading for t in seg.cut(s.heading)]
        cands = [[t, w] for t, w in keywords.candidates(tokens + heading_tokens + seg.cut(parsed.title))]
    return {"body": body, "candidates": cands}


def ingest_file(entry: FileEntry) -> dict:
    """Read and ingest one file; a dict with either "record" fields or "skip"."""
    try:
        data = read_file(entry)
        key = content_key(data)
        rec = ingest_bytes(data)
    except Skip as e:
        return {"source": entry.source, "skip": str(e), "size": entry.size, "mtime_ns": entry.mtime_ns}
    except Exception as e:  # never let one file stop a build
        return {"source": entry.source, "skip": f"could not be read as a speech ({type(e).__name__}: {e})"[:200], "size": entry.size, "mtime_ns": entry.mtime_ns}
    rec.update(source=entry.source, key=key, size=len(data), mtime_ns=entry.mtime_ns)
    return rec
