"""What the `jianghua` commands share, and the commands that print: build, list,
show, themes, passages, search, formulations (the browser is opened by `cli`).

Nothing here imports Textual. Every message goes through the catalogs
(`jianghua.i18n`).
"""

from __future__ import annotations

import shutil
import sys

import orjson

from jianghua import i18n
from jianghua.corpus.cells import cell_len
from jianghua.corpus.cells import pad as _pad
from jianghua.i18n import _, ngettext

# Exit statuses (README: "Exit status").
EXIT_OK, EXIT_EMPTY, EXIT_ERROR, EXIT_AMBIGUOUS = 0, 1, 2, 3


def _err(msg: str) -> None:
    print(f"jianghua: {msg}", file=sys.stderr)


_speeches = i18n.speeches


def _emit_json(data) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


class Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, source: str) -> None:
        if not self.enabled:
            if total == 0 and source:
                print(source, file=sys.stderr)
            return
        import time

        now = time.monotonic()
        if done < total and now - self.last < 0.05:
            return
        self.last = now
        cols = shutil.get_terminal_size((80, 20)).columns
        if total:
            bar_w = 24
            filled = int(bar_w * done / total)
            line = f"[{'#' * filled}{'.' * (bar_w - filled)}] {done}/{total} {source}"
        else:
            line = source
        sys.stderr.write("\r" + _pad(line, cols - 1))
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1) + "\r")
            sys.stderr.flush()


_OPENED: list = []  # [store, messages already printed]: later ones are printed when the command ends


def _open_store(args):
    from jianghua.store import CorpusError, Store, ThemesError

    try:
        store = Store.open(getattr(args, "corpus", None), getattr(args, "themes", None), getattr(args, "store", None))
        _OPENED[:] = [store, 0]
        return store
    except CorpusError as e:
        _err(str(e))
        raise SystemExit(EXIT_ERROR) from None
    except ThemesError as e:
        _err(_("bad themes file: {error}").format(error=e))
        raise SystemExit(EXIT_ERROR) from None


def _ensure_built(store, quiet: bool = False):
    from jianghua.store import CorpusError

    progress = Progress(not quiet)
    try:
        report = store.update(progress=progress)
    except CorpusError as e:
        progress.close()
        _err(str(e))
        raise SystemExit(EXIT_ERROR) from None
    finally:
        progress.close()
    for m in report.messages:
        _err(m)
    if _OPENED and _OPENED[0] is store:
        _OPENED[1] = len(store.messages)
    if report.speeches == 0:
        if report.skipped:
            _err(_("no speech could be read in {folder}; skipped:").format(folder=store.corpus_dir))
            for s in report.skipped:
                print(f"  {s.source}: {s.reason}", file=sys.stderr)
        else:
            _err(_no_speeches(store.corpus_dir))
        raise SystemExit(EXIT_EMPTY)
    return report


def _cite_style(args) -> str:
    from jianghua.store.citation import remembered_style

    return remembered_style(getattr(args, "cite", None))


def _citer(store):
    from jianghua.store.citation import Citer

    return Citer(store)


def _no_speeches(folder) -> str:
    return _("no speeches in {folder} (no .txt or .md files)").format(folder=folder)


def _theme_ids(store, ids: list[str]) -> list[str]:
    known = {t.id for t in store.themes_taxonomy.themes}
    names = {t.name: t.id for t in store.themes_taxonomy.themes}
    out = []
    for t in ids:
        tid = t if t in known else names.get(t)
        if tid is None:
            known_list = ", ".join(f"{x.id} ({x.name})" for x in store.themes_taxonomy.themes)
            _err(_("unknown theme {theme!r}; themes are: {themes}").format(theme=t, themes=known_list))
            raise SystemExit(EXIT_ERROR)
        out.append(tid)
    return out


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
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    rows = store.filter(ids, "any" if args.any else "all") if ids else store.speeches()
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

    store = _open_store(args)
    _ensure_built(store, quiet=True)
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
    if args.json:
        _emit_json({**_speech_json(sp, store.theme_evidence(sp.id)), "citation": of_speech(sp).text(style)})
        return 0
    meta = " · ".join(x for x in (str(sp.year) if sp.year else "", sp.occasion or "", sp.source) if x)
    print(sp.title)
    print(meta)
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
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    rows = store.themes()
    if args.json:
        _emit_json([{"id": t.id, "name": t.name, "speeches": t.speeches, "passages": t.passages} for t in rows])
        return 0
    for t in rows:
        speeches = ngettext("{n:>6} speech", "{n:>6} speeches", t.speeches).format(n=t.speeches)
        passages = ngettext("{n:>7} passage", "{n:>7} passages", t.passages).format(n=t.passages)
        print(f"{_pad(t.id, 12)} {_pad(t.name, 14)} {speeches} {passages}")
    return EXIT_OK


def cmd_formulations(args) -> int:
    from jianghua.corpus.formulations import KINDS
    from jianghua.store.formulations import sort

    bad = [k for k in args.kind if k not in KINDS]
    if bad:
        _err(_("unknown kind {kind}; kinds are: {kinds}").format(kind=repr(bad[0]), kinds=", ".join(KINDS)))
        return 2
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    rows = store.formulations(ids, "any" if args.any else "all")
    rows = [f for f in sort(rows, args.sort)
            if (not args.kind or f.kind in args.kind) and f.speeches >= args.min_speeches
            and (args.since is None or (f.first is not None and int(f.first[:4]) >= args.since))]
    if args.json:
        _emit_json([f.as_json() for f in rows])
        return 0
    for f in rows:
        years = f"{f.first or '?'}–{f.last or '?'}" if f.first != f.last else (f.first or "")
        uses = ngettext("{n} use", "{n} uses", f.hits).format(n=f"{f.hits:>6}")
        speeches = ngettext("{n} speech", "{n} speeches", f.speeches).format(n=f"{f.speeches:>5}")
        print(f"{_pad(f.text, 22)} {_pad(f.kind, 10)} {uses} {speeches}  {years}")
    return 0


def cmd_passages(args) -> int:
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    rows = store.passages(ids, "any" if args.any else "all")
    style, cite = _cite_style(args), _citer(store)
    if args.json:
        _emit_json(
            [
                {
                    "speech": p.speech_id,
                    "title": p.title,
                    "section": p.section,
                    "paragraph": p.paragraph + 1,  # 1-based in the whole speech
                    "paragraph_in_section": store.paragraph_number(p.speech_id, p.paragraph),  # 第N段
                    "score": p.score,
                    "citation": cite(p.speech_id, p.paragraph).text(style),
                    "text": store.passage_text(p),
                }
                for p in rows
            ]
        )
        return 0
    for p in rows:
        if style != "none":
            print(f"{cite(p.speech_id, p.paragraph).text(style)} ({p.score})")
        print("　　" + store.passage_text(p))
        print()
    return 0


def cmd_search(args) -> int:
    from jianghua.corpus.query import REGEX_TIMEOUT, QueryError, parse
    from jianghua.store.citation import book_title
    from jianghua.store.search import CorpusSearch, Outcome, context

    try:
        query = parse(args.query)
    except QueryError as e:
        _err(str(e))
        return 2
    if query.note:
        _err(query.note)
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    scope = [s.id for s in store.filter(ids, "any" if args.any else "all")] if ids else None
    width = max(0, min(args.context, 500))
    out = Outcome()
    rows = []
    n = 0
    style, cite = _cite_style(args), _citer(store)
    for sh in CorpusSearch(store).run(query, scope, outcome=out, heads=args.titles):
        summary = store.summary(sh.speech_id)
        title = _clean_line(summary.title)
        for h in sh.hits:
            n += 1
            text = sh.text_of(h)  # (--titles: the title or a heading for hits there)
            left, hit, right = (_clean_line(x) for x in context(text, h.start, h.end, width))
            label = {"title": _("title"), "heading": _("section heading")}.get(h.kind, "")
            if args.json:  # (a hit in the title or a heading: "in" says so, "paragraph" and "sentence" are null)
                para = h.paragraph + 1 if not h.kind else None
                row = {"speech": h.speech_id, "title": summary.title, "year": summary.year, "paragraph": para,
                       "sentence": h.sentence + 1 if para else None, "start": h.start, "end": h.end, "left": left, "hit": hit,
                       "right": right, "citation": cite(h.speech_id, h.paragraph).text(style) if not h.kind else book_title(title)}
                if args.titles:
                    row["in"] = h.kind or "paragraph"
                rows.append(row)
            else:
                lcut = "…" if h.start > width else ""
                rcut = "…" if h.end + width < len(text) else ""
                # where the hit is: its citation (with --cite none, the title alone); the title or a heading: said so
                if label:
                    where = f"{book_title(title)} {label}"
                else:
                    where = cite(h.speech_id, h.paragraph).text(style) if style != "none" else book_title(title)
                print(f"{where}: {lcut}{left}【{hit}】{right}{rcut}")
    if args.json:
        _emit_json(rows)
    if out.timed_out:
        _err(_("the search stopped after {s} s: the regular expression takes too long; {n} hit(s) found until then").format(s=f"{REGEX_TIMEOUT:g}", n=n))
        return 2
    return 0 if n else 1


def _clean_line(s: str) -> str:
    from jianghua.corpus.clean import sanitize_line

    return sanitize_line(s)


