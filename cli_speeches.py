"""The commands about the speeches and their themes: `build`, `list`, `show`,
`themes` (and their JSON shapes)."""

from __future__ import annotations

import shutil
import sys

from jianghua.cli_common import (
    EXIT_AMBIGUOUS,
    EXIT_ERROR,
    EXIT_OK,
    _built_store,
    _cite_style,
    _emit_json,
    _ensure_built,
    _err,
    _mode,
    _open_store,
    _speeches,
    _theme_ids,
)
from jianghua.corpus.cells import cell_len
from jianghua.corpus.cells import pad as _pad
from jianghua.i18n import _, ngettext


def _summary_json(s) -> dict:
    return {
        "id": s.id,
        "title": s.title,
        "source": s.source,
        "year": s.year,
        "date": s.date,
        "speaker": s.speaker,
        "occasion": s.occasion,
        "level": s.level,
        "chars": s.chars,
        "paragraphs": s.paragraphs,
        "themes": [{"id": t.id, "name": t.name, "score": t.score} for t in s.themes],
        "keywords": list(s.keywords),
    }


def cmd_build(args) -> int:
    store = _open_store(args)
    report = _ensure_built(store, quiet=args.quiet)
    paragraphs = ngettext("{n} paragraph", "{n} paragraphs", report.paragraphs).format(n=report.paragraphs)
    changes = _("{read} read, {retagged} themes updated, {unchanged} unchanged, {removed} removed").format(
        read=report.segmented, retagged=report.retagged, unchanged=report.unchanged, removed=report.removed
    )
    print(_("{speeches}, {paragraphs} · {changes} · {seconds:.2f} s").format(speeches=_speeches(report.speeches), paragraphs=paragraphs, changes=changes, seconds=report.seconds))
    where = str(store.store_dir) if store.store_dir else _("in memory (not saved)")
    print(_("index: {where}").format(where=where))
    if report.skipped:
        n = len(report.skipped)
        print(ngettext("skipped {n} file:", "skipped {n} files:", n).format(n=n))
        for s in report.skipped:
            print(f"  {s.source}: {s.reason}")
    return EXIT_OK


def cmd_list(args) -> int:
    store = _built_store(args)
    ids = _theme_ids(store, args.theme)
    rows = store.filter(ids, _mode(args)) if ids else store.speeches()
    if args.json:
        _emit_json([_summary_json(s) for s in rows])
        return 0
    # On a terminal, titles and occasions are cut to fit its width; into a file or a
    # pipe nothing is cut (columns are padded, never clipped).
    fit = sys.stdout.isatty()
    pad = _pad if fit else _pad_only
    cols = max(60, shutil.get_terminal_size((100, 20)).columns)
    tw = max(20, cols - 10 - 6 - 12 - 7 - 20 - 5)
    for s in rows:
        themes = "·".join(t.name for t in s.themes[:2])
        print(f"{pad(s.id, 10)} {pad(str(s.year or ''), 5)} {pad(s.occasion or '', 12)} {s.chars:>6} {pad(s.title, tw)} {themes}".rstrip())
    return EXIT_OK


def _pad_only(s: str, width: int) -> str:
    return s + " " * max(0, width - cell_len(s))


def _speech_json(sp, evidence: list | None = None) -> dict:
    sections = []
    for sec in sp.sections:
        if sec.heading is None and not sec.paragraphs:
            continue
        sections.append(
            {
                "heading": sec.heading,
                "level": sec.level,
                "themes": [t.id for t in sec.themes],
                "paragraphs": [
                    {
                        "index": sp.paragraphs[i].index,
                        "text": sp.paragraphs[i].text,
                        "themes": list(sp.paragraphs[i].themes),
                        "scores": list(sp.paragraphs[i].scores),
                        "sentences": [{"text": s.text, "themes": list(s.themes)} for s in sp.paragraphs[i].sentences],
                        **({"why": evidence[i]} if evidence else {}),
                    }
                    for i in sec.paragraphs
                ],
            }
        )
    return {
        "id": sp.id,
        "title": sp.title,
        "source": sp.source,
        "year": sp.year,
        "date": sp.date,
        "speaker": sp.speaker,
        "occasion": sp.occasion,
        "level": sp.level,
        "salutation": sp.salutation,
        "chars": sp.chars,
        "themes": [{"id": t.id, "name": t.name, "score": t.score} for t in sp.themes],
        "keywords": list(sp.keywords),
        "sections": sections,
    }


def cmd_show(args) -> int:
    from jianghua.corpus.structure import inline_heading

    store = _built_store(args)
    from jianghua.store import AmbiguousReference

    try:
        sid = store.resolve(args.id)
    except AmbiguousReference as e:
        n = len(e.candidates)
        _err(ngettext("{ref!r} matches {n} speech; give more of its id or title:", "{ref!r} matches {n} speeches; give more of the id or title:", n).format(ref=args.id, n=n))
        for s in e.candidates:
            print(f"  {s.id}  {s.source}  {s.title}", file=sys.stderr)
        return EXIT_AMBIGUOUS
    except KeyError:
        _err(_("no speech {ref!r} (use `jianghua list` for ids)").format(ref=args.id))
        return EXIT_ERROR
    from jianghua.store.citation import of_speech

    sp = store.speech(sid)
    style = _cite_style(args)
    copies = store.speech_copies(sp.id)  # (the same text in other files: formulation_copies)
    if args.json:
        _emit_json({**_speech_json(sp, store.theme_evidence(sp.id)), "citation": of_speech(sp).text(style),
                    "copies": [{"id": c.id, "source": c.source, "title": c.title} for c in copies]})
        return 0
    meta = " · ".join(x for x in (str(sp.year) if sp.year else "", sp.occasion or "", sp.source) if x)
    print(sp.title)
    print(meta)
    if copies:
        print(_("Same text also in: ") + "、".join(c.source for c in copies))
    if sp.themes:
        print(_("Themes: ") + "、".join(t.name for t in sp.themes[:4]))
    if sp.keywords:
        print(_("Keywords: ") + "、".join(sp.keywords[:8]))
    print()
    if sp.salutation:
        print(sp.salutation)
    for sec in sp.sections:
        if sec.heading and not inline_heading(sec.heading, sp.paragraphs[sec.paragraphs[0]].text if sec.paragraphs else None):
            print(("  " * max(0, sec.level - 1)) + sec.heading)
        for i in sec.paragraphs:
            print("　　" + sp.paragraphs[i].text)
    if style != "none":  # the source line, as a copy of the whole speech ends
        print()
        print(of_speech(sp).text(style))
    return 0


def cmd_themes(args) -> int:
    store = _built_store(args)
    rows = store.themes()
    if args.json:
        _emit_json([{"id": t.id, "name": t.name, "speeches": t.speeches, "passages": t.passages} for t in rows])
        return 0
    for t in rows:
        speeches = ngettext("{n:>6} speech", "{n:>6} speeches", t.speeches).format(n=t.speeches)
        passages = ngettext("{n:>7} passage", "{n:>7} passages", t.passages).format(n=t.passages)
        print(f"{_pad(t.id, 12)} {_pad(t.name, 14)} {speeches} {passages}")
    return EXIT_OK
